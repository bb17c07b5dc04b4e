"""Every user-facing string has its Vietnamese text, with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir

from ocopdesk import i18n

PACKAGE = Path(__file__).resolve().parent.parent / "ocopdesk"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[rsd]|%[sdr]")


def source_messages() -> set[str]:
    found = extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords={"_": None, "N_": None}, comment_tags=()
    )
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def test_every_string_in_the_code_has_a_vietnamese_translation() -> None:
    messages = source_messages()
    assert len(messages) > 100  # the extractor really read the package
    catalogue = i18n._load("vi")
    missing = sorted(m for m in messages if not catalogue.get(m))
    assert missing == [], f"add Vietnamese text for: {missing}"


def test_translations_keep_the_placeholders() -> None:
    for message, translation in i18n._load("vi").items():
        assert sorted(PLACEHOLDER.findall(message)) == sorted(PLACEHOLDER.findall(translation)), message


def test_language_switch_and_fallback() -> None:
    assert i18n.set_language("vi") == "vi"
    assert i18n._("Enter the product name.") == "Hãy nhập tên sản phẩm."
    assert i18n.set_language("en_US") == "en"
    assert i18n._("Enter the product name.") == "Enter the product name."
    assert i18n.set_language("fr") == "vi"  # unknown: Vietnamese, the default


def plural_messages() -> set[str]:
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords={"ngettext": (1, 2)})
    return {message[0] for _file, _line, message, _comments, _context in found if isinstance(message, tuple)}


def test_every_plural_message_has_its_vietnamese_forms() -> None:
    singulars = plural_messages()
    assert "{n} batch" in singulars  # the extractor really read ngettext
    forms, _rule = i18n._load_plurals("vi")
    assert sorted(s for s in singulars if s not in forms) == []


def test_one_batch_is_a_batch_in_english_and_one_lo_in_vietnamese() -> None:
    i18n.set_language("en")
    assert [i18n.ngettext("{n} batch", "{n} batches", n).format(n=n) for n in (0, 1, 2)] == [
        "0 batches",
        "1 batch",
        "2 batches",
    ]
    i18n.set_language("vi")
    assert [i18n.ngettext("{n} batch", "{n} batches", n).format(n=n) for n in (1, 2)] == ["1 lô", "2 lô"]
