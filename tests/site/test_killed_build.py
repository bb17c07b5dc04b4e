"""A website build killed with SIGKILL at any point: the next build recognises the half-built folder
as its own, finishes it, and the site is the same as one built in one go."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.site import MANIFEST, build_site
from tests.site.conftest import DemoSite

ROOT = Path(__file__).resolve().parents[2]


def killed_build(db: Path, out: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.site.killed_build", str(db), str(out), str(kill_at)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file of the site but the manifest (which names its folder's own state)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def manifest(folder: Path) -> dict[str, object]:
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def same_site(folder: Path, reference: Path) -> None:
    assert site_files(folder) == site_files(reference)
    finished, expected = manifest(folder), manifest(reference)
    assert "building" not in finished and finished["files"] == expected["files"]
    assert finished["photo_files"] == expected["photo_files"]
    assert not [p for p in folder.rglob("*.partial")]


def test_a_first_build_killed_at_any_point_is_finished_by_the_next(
    demo: DemoSite, db_path: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    build_site(demo.service, reference)
    whole = killed_build(db_path, tmp_path / "counted", 0)
    assert whole.returncode == 0, whole.stderr[-2000:]
    total = int(whole.stdout.split()[-1])
    assert total > 100
    # the manifest's first write, the first photo, photos, pages, the nginx rules, the last manifest write
    for kill_at in sorted({1, 2, 6, total // 2, total - 1, total}):
        out = tmp_path / f"killed-at-{kill_at}"
        killed = killed_build(db_path, out, kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr[-2000:])
        assert any(out.iterdir()), kill_at  # something half-built is there
        build_site(demo.service, out)
        same_site(out, reference)


def test_a_killed_build_leaves_nothing_the_catalogue_no_longer_has(
    demo: DemoSite, db_path: Path, tmp_path: Path
) -> None:
    """Killed after writing every page; a product is deleted before the next build: its page goes."""
    whole = killed_build(db_path, tmp_path / "counted", 0)
    total = int(whole.stdout.split()[-1])
    first, rebuilt = tmp_path / "first", tmp_path / "rebuilt"
    assert killed_build(db_path, first, total - 1).returncode == -signal.SIGKILL
    build_site(demo.service, rebuilt)
    service = demo.service
    lone = next(s for s in service.summaries(service.search(ProductFilter())) if not service.batches(s.sku))
    assert (first / "sp" / lone.sku / "index.html").is_file()
    # a rebuild (over a finished build's manifest) killed half-way, after the same deletion
    service.delete_product(lone.id)
    assert killed_build(db_path, rebuilt, 3).returncode == -signal.SIGKILL  # 1, 2: the journal; 3: a page
    reference = tmp_path / "reference"
    build_site(service, reference)
    for folder in (first, rebuilt):
        report = build_site(service, folder)
        assert f"sp/{lone.sku}/index.html" in report.removed
        same_site(folder, reference)
