"""OCOP vocabulary and certificate rules: groups by grouping version, stars, 36-month validity."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache

from ocopdesk.bundled import resource
from ocopdesk.domain.dates import add_months, format_date
from ocopdesk.domain.errors import FieldError
from ocopdesk.domain.text import clean_line, fold
from ocopdesk.i18n import N_, _

VALIDITY_MONTHS = 36  # Decision 148/QĐ-TTg: a certificate is valid 36 months from its decision
STARS = (3, 4, 5)
PROGRAMME_START = dt.date(2018, 5, 7)  # Decision 490/QĐ-TTg approved the OCOP programme
STATUSES = {"valid": N_("valid"), "expired": N_("expired"), "revoked": N_("revoked")}
# Not stored: what a certificate is while its decision number or signing date is still missing.
INCOMPLETE = "incomplete"
STATE_LABELS = {**STATUSES, INCOMPLETE: N_("incomplete: decision number or date missing")}


@dataclass(frozen=True, slots=True)
class OcopGroup:
    code: str
    name: str
    subgroups: tuple[tuple[str, str], ...]


@cache
def _groups_data() -> dict[str, object]:
    with resource("ocop", "groups.json").open(encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def current_grouping_version() -> str:
    return str(_groups_data()["current"])


def groups(version: str | None = None) -> list[OcopGroup]:
    """The product groups of a grouping version (the current one by default)."""
    return list(_groups(version or current_grouping_version()))


@cache
def _groups(version: str) -> tuple[OcopGroup, ...]:
    """Built once per version: every product checked (10,000 in an import) looks its group up."""
    versions = _groups_data()["versions"]
    assert isinstance(versions, dict)
    data = versions.get(version, {})
    return tuple(
        OcopGroup(g["code"], g["name"], tuple((s["code"], s["name"]) for s in g["subgroups"]))
        for g in data.get("groups", [])
    )


def find_group(text: str, version: str | None = None) -> OcopGroup | None:
    """Match a group by code ("1") or by name with or without diacritics ("thuc pham")."""
    return _group_index(version or current_grouping_version()).get(fold(text))


@cache
def _group_index(version: str) -> dict[str, OcopGroup]:
    """Code, folded name or "code. name" → group, the first group in order winning (an import looks one up
    per row)."""
    index: dict[str, OcopGroup] = {}
    for group in groups(version):
        for key in (group.code, fold(group.name), fold(f"{group.code}. {group.name}")):
            index.setdefault(key, group)
    return index


def find_subgroup(group: OcopGroup, text: str) -> str | None:
    """The code of a sub-group of `group` named or numbered by `text`."""
    key = fold(text)
    for code, name in group.subgroups:
        if key in (fold(code), fold(name)):
            return code
    return None


@dataclass(frozen=True, slots=True)
class Certificate:
    """An OCOP recognition decision for one product (there is no national number format)."""

    stars: int
    decision_number: str
    signed_on: dt.date | None  # None while incomplete (stars known from a list, decision not yet entered)
    authority: str = ""
    expires_on: dt.date | None = None
    status: str = "valid"
    score: int | None = None
    ocop_group: str = ""
    ocop_subgroup: str = ""
    grouping_version: str = ""
    id: int | None = None
    product_id: int | None = None
    uuid: str = ""  # stable across backups, exports and catalogues (#24); given by storage on insert

    @property
    def is_complete(self) -> bool:
        """Stars are claimed until the decision number and the signing date are entered."""
        return bool(clean_line(self.decision_number)) and self.signed_on is not None

    @property
    def valid_until(self) -> dt.date | None:
        if self.signed_on is None:
            return self.expires_on
        return self.expires_on or add_months(self.signed_on, VALIDITY_MONTHS)

    def effective_status(self, today: dt.date) -> str:
        """`revoked` wins; an incomplete certificate is `incomplete`; past its expiry date it is `expired`."""
        if self.status == "revoked":
            return "revoked"
        if not self.is_complete:
            return INCOMPLETE
        until = self.valid_until
        return "expired" if until is not None and today > until else "valid"

    def may_print_stars(self, today: dt.date) -> bool:
        """Stars may be printed only while a valid, complete ≥3★ certificate exists (1162/QĐ-VPĐP-OCOP)."""
        return self.stars in STARS and self.effective_status(today) == "valid"


def certificate_gaps(cert: Certificate) -> list[FieldError]:
    """What an incomplete certificate still needs before its stars may be printed."""
    gaps = []
    if not clean_line(cert.decision_number):
        gaps.append(FieldError("decision_number", _("Enter the decision number, e.g. 5445/QĐ-UBND.")))
    if cert.signed_on is None:
        gaps.append(FieldError("signed_on", _("Enter the date the decision was signed.")))
    return gaps


def validate_certificate(cert: Certificate, today: dt.date | None = None) -> list[FieldError]:
    """What makes a certificate wrong. A missing decision number or date is not wrong, only incomplete
    (see `certificate_gaps`): a list with stars and nothing else still records the claim."""
    errors: list[FieldError] = []
    if cert.stars not in STARS:
        errors.append(FieldError("stars", _("OCOP stars must be 3, 4 or 5.")))
    if cert.status not in STATUSES:
        errors.append(FieldError("status", _("Status must be valid, expired or revoked.")))
    if cert.signed_on and cert.signed_on > (today or dt.date.today()):
        errors.append(
            FieldError(
                "signed_on",
                _("The signing date {date} is in the future: check the decision.").format(
                    date=format_date(cert.signed_on)
                ),
            )
        )
    elif cert.signed_on and cert.signed_on < PROGRAMME_START:
        errors.append(
            FieldError(
                "signed_on",
                _("The signing date {date} is before the OCOP programme began (07/05/2018): check the year.").format(
                    date=format_date(cert.signed_on)
                ),
            )
        )
    if cert.expires_on and cert.signed_on and cert.expires_on <= cert.signed_on:
        errors.append(FieldError("expires_on", _("The expiry date must be after the signing date.")))
    if cert.score is not None and not 0 <= cert.score <= 100:
        errors.append(FieldError("score", _("The score must be between 0 and 100.")))
    return errors
