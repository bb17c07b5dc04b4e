import datetime as dt

from ocopdesk.domain.ocop import Certificate, certificate_gaps, find_group, find_subgroup, groups, validate_certificate


def cert(**kw: object) -> Certificate:
    base = {"stars": 4, "decision_number": "5445/QĐ-UBND", "signed_on": dt.date(2023, 3, 15)}
    return Certificate(**(base | kw))  # type: ignore[arg-type]


def test_certificate_is_valid_for_36_months_from_signing() -> None:
    c = cert()
    assert c.valid_until == dt.date(2026, 3, 15)
    assert c.effective_status(dt.date(2026, 3, 15)) == "valid"
    assert c.effective_status(dt.date(2026, 3, 16)) == "expired"


def test_stars_print_only_while_certificate_is_valid() -> None:
    today = dt.date(2025, 1, 1)
    assert cert().may_print_stars(today)
    assert not cert(status="revoked").may_print_stars(today)
    assert not cert(signed_on=dt.date(2020, 1, 1)).may_print_stars(today)


def test_validation_names_each_bad_field() -> None:
    errors = validate_certificate(cert(stars=2, decision_number=" ", score=120, expires_on=dt.date(2020, 1, 1)))
    assert {e.field for e in errors} == {"stars", "score", "expires_on"}


def test_stars_without_a_decision_are_a_claim_not_printed_until_completed() -> None:
    today = dt.date(2025, 1, 1)
    claim = cert(decision_number="", signed_on=None)
    assert validate_certificate(claim) == []  # not wrong: incomplete
    assert [g.field for g in certificate_gaps(claim)] == ["decision_number", "signed_on"]
    assert claim.effective_status(today) == "incomplete" and not claim.may_print_stars(today)
    assert claim.valid_until is None
    dated_only = cert(decision_number="")
    assert dated_only.effective_status(today) == "incomplete" and not dated_only.may_print_stars(today)
    assert certificate_gaps(cert()) == [] and cert().may_print_stars(today)


def test_current_groups_are_the_six_of_decision_919() -> None:
    names = [g.name for g in groups()]
    assert len(names) == 6 and names[0] == "Thực phẩm" and names[2].startswith("Dược liệu")
    assert [g.name for g in groups("2019")][2] == "Thảo dược"


def test_groups_are_found_by_code_or_unaccented_name() -> None:
    assert find_group("1").code == "1"
    assert find_group("thu cong my nghe").code == "4"
    assert find_group("ĐỒ UỐNG").code == "2"
    assert find_group("Gia vị") is None
    assert find_subgroup(find_group("1"), "gia vi") == "1.4"
