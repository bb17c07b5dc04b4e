"""The cooperative's profile and catalogue-wide preferences (resolver URL for stamps, label template)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from urllib.parse import urlsplit

from ocopdesk.domain.errors import FieldError, ValidationError
from ocopdesk.domain.text import clean_line
from ocopdesk.i18n import _
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.changes import Changes

_PREFIX = "profile."


@dataclass(frozen=True, slots=True)
class CooperativeProfile:
    name: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    resolver_base_url: str = ""  # where stamp QR codes point, e.g. https://truyxuat.example.vn
    default_label_template: str = ""


def validate_profile(profile: CooperativeProfile) -> list[FieldError]:
    errors = []
    for name in ("website", "resolver_base_url"):
        value = getattr(profile, name)
        if value:
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
                errors.append(FieldError(name, _("Enter a web address starting with https://")))
    return errors


def load_profile(service: CatalogService) -> CooperativeProfile:
    stored = service.settings.get_all(_PREFIX)
    known = {f.name for f in fields(CooperativeProfile)}
    return CooperativeProfile(**{k: str(v) for k, v in stored.items() if k in known})


def save_profile(service: CatalogService, profile: CooperativeProfile) -> Changes:
    profile = CooperativeProfile(**{k: clean_line(v) for k, v in asdict(profile).items()})
    profile = CooperativeProfile(**(asdict(profile) | {"resolver_base_url": profile.resolver_base_url.rstrip("/")}))
    errors = validate_profile(profile)
    if errors:
        raise ValidationError(errors)
    service.settings.save(_PREFIX, asdict(profile))
    return Changes(settings=True)
