"""`SiteWriter` (#28): the site build's files are written on a thread of their own, and the build still sees
every file whole once it goes on to its manifest, and every failed write as an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.render import owned_folder
from ocopdesk.services.site_writer import AHEAD, SiteWriter


def test_every_file_is_written_whole_when_the_block_ends(tmp_path: Path) -> None:
    data = {tmp_path / f"{n}.html": f"<p>trang {n}</p>".encode() * (n + 1) for n in range(AHEAD + 50)}
    with SiteWriter(Path) as writer:
        for path, body in data.items():
            writer.write(path, body)
    assert all(path.read_bytes() == body for path, body in data.items())
    assert not list(tmp_path.glob(".*.partial"))


def test_a_failed_write_is_raised_to_the_build(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError), SiteWriter(Path) as writer:
        writer.write(tmp_path / "made" / "index.html", b"x")
        writer.write(tmp_path / "not-made" / "index.html", b"y")  # its folder was never made
    assert (tmp_path / "made").exists() is False


def test_a_failing_build_waits_for_its_writes_and_keeps_its_own_error(tmp_path: Path) -> None:
    with pytest.raises(KeyboardInterrupt), SiteWriter(Path) as writer:
        writer.write(tmp_path / "a.html", b"a")
        writer.write(tmp_path / "missing" / "b.html", b"b")
        raise KeyboardInterrupt  # as a cancelled build raises
    assert (tmp_path / "a.html").read_bytes() == b"a"


def test_a_link_planted_in_the_folder_is_refused_on_the_writer_thread(tmp_path: Path) -> None:
    """Where a file goes is found on the writer thread (#28); a link there still stops the build, naming it."""
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    site.mkdir()
    elsewhere.mkdir()
    (site / "sp").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OcopDeskError, match="sp"), SiteWriter(owned_folder.Targets(site)) as writer:
        writer.write("index.html", b"ok")
        writer.write("sp/A/index.html", b"no")
    assert (site / "index.html").read_bytes() == b"ok"
    assert not list(elsewhere.rglob("*"))
