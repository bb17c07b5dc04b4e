"""The cooperative's profile and catalogue-wide preferences (resolver URL for stamps, label template)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from urllib.parse import urlsplit

from ocopdesk.domain.errors import FieldError, ValidationError
from ocopdesk.domain.producer import Producer, validate_producer
from ocopdesk.domain.text import clean_line, fold
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


def cooperative_as_producer(service: CatalogService, place: dict[str, str] | None = None) -> Changes:
    """Make the cooperative named in the profile a producer, unless a producer of that name exists: every
    marketplace refuses a product without a producer, and a clerk who just typed the cooperative's name in
    the start-up guide expects to find it in the product editor, not to type it again elsewhere. Contacts
    that a producer would refuse (a phone written as two numbers) are left out rather than refusing all.

    `place` (province_code, commune_code, street, from the guide's pickers) makes the producer's address
    complete, so marketplaces take its products; given for a producer that exists, it replaces its address.
    The profile's free-text address is kept as the producer's legacy address. A place the producer would
    refuse (a commune not in the province) raises ValidationError, shown under the pickers."""
    profile = load_profile(service)
    place = {k: v for k, v in (place or {}).items() if k in ("province_code", "commune_code", "street")}
    if not profile.name:
        return Changes()
    existing = cooperative_producer(service)
    if existing is not None:
        if not any(place.values()) or all(getattr(existing, k) == v for k, v in place.items()):
            return Changes()
        _producer_id, changes = service.save_producer(replace(existing, **place))
        return changes
    producer = Producer(
        profile.name, "cooperative", phone=profile.phone, email=profile.email, legacy_address=profile.address, **place
    )
    if replace(producer, legacy_address="").address_text == profile.address:
        producer = replace(producer, legacy_address="")  # the profile's text was written from this place
    refused = {error.field for error in validate_producer(producer)}
    producer = replace(producer, **{name: "" for name in refused & {"phone", "email"}})
    _producer_id, changes = service.save_producer(producer)
    return changes


def cooperative_producer(service: CatalogService) -> Producer | None:
    """The producer that is the cooperative of the profile (same name, marks and case aside), if any."""
    name = fold(load_profile(service).name)
    return next((p for p in service.producers() if name and fold(p.name) == name), None)
