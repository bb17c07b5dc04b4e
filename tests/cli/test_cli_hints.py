"""A message says what is wrong in words for every front end; the command line adds its own way out (a
command or an option), which the window never shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.stamps import resolver_base
from tests.cli.test_cli import run


def test_stamps_without_an_address_say_how_on_the_command_line(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db = str(db_path)
    run(capsys, "demo", "--db", db)
    code, _out, err = run(capsys, "stamps", "issue", "--lot", "MO-NX-500-261117", "--count", "3", "--db", db)
    lines = err.strip().splitlines()
    assert code == 1 and lines[0].startswith("Set the traceability address first (Settings → Stamps)")
    assert lines[1] == "On the command line: ocopdesk settings set resolver_base_url https://…"


def test_the_message_itself_names_no_command(service: CatalogService) -> None:
    with pytest.raises(OcopDeskError) as refused:
        resolver_base(service)
    assert "ocopdesk" not in refused.value.message and "ocopdesk settings set" in refused.value.cli_hint
