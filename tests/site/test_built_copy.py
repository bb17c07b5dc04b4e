"""The site tests' built website is a copy of one build (tests/site/conftest.py, issue #21): the copy must be
what `build_site` makes in that folder, or those tests would test a different thing than before."""

from __future__ import annotations

import json
from pathlib import Path

from ocopdesk.services.site import MANIFEST, SITE_PREFIX, build_site
from ocopdesk.services.site_hosting import nginx_conf_path
from tests.site.conftest import DemoSite


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_state(files: dict[str, bytes]) -> dict[str, bytes]:
    """The tree with the manifest's build state left out: it names the folder, so two folders differ there."""
    manifest = json.loads(files[MANIFEST])
    manifest.pop("state")
    return {**files, MANIFEST: json.dumps(manifest, sort_keys=True).encode()}


def test_the_copy_is_what_a_fresh_build_of_the_same_catalogue_makes(
    built_demo: DemoSite, site_dir: Path, tmp_path: Path
) -> None:
    copied, rules = tree(site_dir), nginx_conf_path(site_dir.resolve()).read_text(encoding="utf-8")
    assert str(site_dir.resolve()) in rules and built_demo.service.settings.get_all(SITE_PREFIX) == {
        "folder": str(site_dir.resolve())
    }
    again = build_site(built_demo.service, site_dir)  # the build finds every file current
    assert again.written == [] and again.removed == [] and again.photos_made == 0, again.summary()
    assert tree(site_dir) == copied and nginx_conf_path(site_dir.resolve()).read_text(encoding="utf-8") == rules
    fresh = build_site(built_demo.service, tmp_path / "fresh")
    assert fresh.written and without_state(tree(tmp_path / "fresh")) == without_state(copied)  # byte for byte
