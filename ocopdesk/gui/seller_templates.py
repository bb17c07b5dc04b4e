"""The seller-centre template a clerk chose for a marketplace, remembered on this computer (a path is
this machine's, not the cooperative's): loading the category list from it is enough, the export then uses
it too, and the next session still knows it. Chosen twice was seam 16 of issue #22."""

from __future__ import annotations

from pathlib import Path

from ocopdesk.gui.context import AppContext
from ocopdesk.i18n import _


def remember_template(context: AppContext, market_id: str, path: Path | None) -> None:
    if path is None:
        context.settings.seller_templates.pop(market_id, None)
    else:
        context.settings.seller_templates[market_id] = str(path)
    context.save_settings()


def remembered_template(context: AppContext, market_id: str) -> Path | None:
    """The template last chosen for `market_id`, while the file is still there."""
    stored = context.settings.seller_templates.get(market_id, "")
    return Path(stored) if stored and Path(stored).is_file() else None


def template_label(path: Path | None) -> str:
    """The template button's words: which file the export will fill, or the offer to choose one."""
    return _("Template: {name}").format(name=path.name) if path else _("Use my seller-centre template…")
