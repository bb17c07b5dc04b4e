"""The tier table (tests/tiers.py) names only modules and tests that exist: a renamed test would otherwise
leave the table silently and slow the quick tier down, or drop out of the run beside the CPU hog."""

from __future__ import annotations

import re

from tests.tiers import BACKGROUND_MODULES, LONGEST, SLOW_MODULES, SLOW_TESTS, TESTS


def test_every_module_in_the_table_exists() -> None:
    modules = SLOW_MODULES | BACKGROUND_MODULES | set(SLOW_TESTS) | {entry.split("::")[0] for entry in LONGEST}
    assert sorted(m for m in modules if not (TESTS / m).is_file()) == []


def test_every_named_test_is_defined_in_its_module() -> None:
    named = [(module, name) for module, names in SLOW_TESTS.items() for name in names]
    named += [tuple(entry.split("::")) for entry in LONGEST if "::" in entry]
    missing = [
        f"{module}::{name}"
        for module, name in named
        if not re.search(rf"^def {name}\(", (TESTS / module).read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert missing == []
