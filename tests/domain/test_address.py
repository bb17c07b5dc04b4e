from ocopdesk.domain import address


def test_ships_the_34_provinces_and_3321_communes_of_the_2025_reform() -> None:
    communes = address.communes()
    assert len(address.provinces()) == 34
    assert len(communes) == 3321
    kinds = [c.kind for c in communes.values()]
    assert (kinds.count("Xã"), kinds.count("Phường"), kinds.count("Đặc khu")) == (2621, 687, 13)
    assert all(len(code) == 5 for code in communes) and all(len(c.province_code) == 2 for c in communes.values())


def test_thanh_hoa_is_38_and_found_without_diacritics() -> None:
    assert address.provinces()["38"] == "Thanh Hóa"
    assert address.find_province("tinh thanh hoa") == "38"
    assert address.find_province("Thanh Hoá") == "38"


def test_communes_are_found_by_name_within_a_province() -> None:
    code = address.find_commune("nga son", "38")
    assert code == "16093"
    assert address.describe(code) == "Xã Nga Sơn, Thanh Hóa"
    assert address.find_commune("nga son", "01") is None
