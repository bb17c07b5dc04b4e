"""Which marketplaces there are, by id: the one lookup the listing services, the GUI and the CLI share
(a module of its own so that categories, readiness and listings all use it without importing each other)."""

from __future__ import annotations

from ocopdesk.domain.errors import NotFoundError
from ocopdesk.i18n import _
from ocopdesk.marketplaces import base
from ocopdesk.marketplaces.base import Marketplace


def marketplaces() -> dict[str, Marketplace]:
    """Every marketplace by id, in the order the screens and `--marketplace` list them."""
    return base.registry()


def marketplace(marketplace_id: str) -> Marketplace:
    """The marketplace with this id, or a NotFoundError naming the ones there are."""
    found = base.get(marketplace_id)
    if found is None:
        raise NotFoundError(
            _("Unknown marketplace {name}. Choose one of: {names}.").format(
                name=marketplace_id, names=", ".join(base.registry())
            )
        )
    return found
