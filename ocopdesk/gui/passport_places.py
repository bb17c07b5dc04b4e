"""Where on screen each missing passport item is filled: the product's editor, its producer's, or the lot's
stages. The print dialog says it under its reminder, which names the items but opens no editor (#22)."""

from __future__ import annotations

from ocopdesk.domain.passport import ITEMS
from ocopdesk.i18n import _
from ocopdesk.services.passport import PRODUCER_ITEMS


def where_to_fill(keys: list[str]) -> list[str]:
    """One line per place, in the words of the screens and buttons the clerk sees."""

    def names(chosen: list[str]) -> str:
        return ", ".join(_(ITEMS[k]) for k in dict.fromkeys(chosen))

    own = [k for k in keys if k not in PRODUCER_ITEMS and k != "stages"]
    theirs = [k for k in keys if k in PRODUCER_ITEMS]
    lines = []
    if own:
        lines.append(
            _("{items}: in {screen}, select the product and press “{button}”.").format(
                items=names(own), screen=_("Products"), button=_("Edit")
            )
        )
    if theirs:
        lines.append(
            _("{items}: in {screen}, select the producer and press “{button}”.").format(
                items=names(theirs), screen=_("Producers"), button=_("Edit")
            )
        )
    if "stages" in keys:
        lines.append(
            _("{items}: in {screen}, select this lot and press “{button}” for each stage, with its commune.").format(
                items=names(["stages"]), screen=_("Batches & stamps"), button=_("Add event…")
            )
        )
    return lines
