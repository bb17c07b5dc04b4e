"""`owned_folder.Targets`, the site build's writer paths (#28): it checks and makes each folder once, and still
refuses every write that a link in the folder, or a link planted under a file's own name, would carry out."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.render import owned_folder
from ocopdesk.render.files import write_atomic


def test_targets_make_each_folder_and_give_the_same_paths_as_target(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    target = owned_folder.Targets(site)
    for rel in ("index.html", "sp/a/index.html", "sp/a/linkset.json", "sp/b/l1/index.html", "v/0A.js"):
        path = target(rel)
        assert path == owned_folder.target(site, rel) and path.parent.is_dir()
        write_atomic(path, rel.encode(), folder_made=True)
        assert path.read_bytes() == rel.encode()


def test_targets_refuse_a_link_below_the_folder_even_once_the_folder_was_checked(tmp_path: Path) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    outside.mkdir()
    (site / "sp").mkdir(parents=True)
    target = owned_folder.Targets(site)
    target("sp/a.html")
    (site / "v").symlink_to(outside)  # a link planted as a folder the build has not written into yet
    with pytest.raises(OcopDeskError, match="link"):
        target("v/0A.js")
    (outside / "real.html").write_text("theirs")
    (site / "sp" / "b.html").symlink_to(outside / "real.html")  # under a file's own name, in a checked folder
    with pytest.raises(OcopDeskError, match="link"):
        target("sp/b.html")
    with pytest.raises(OcopDeskError):
        target("../outside/real.html")
    assert (outside / "real.html").read_text() == "theirs" and not (outside / "0A.js").exists()
