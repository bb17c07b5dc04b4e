"""A restore never loses the catalogue it replaces (issue #16): unique safety copies, no restore under another
process's feet, one recoverable swap of database and photos under SIGKILL, and bad archives refused early."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from ocopdesk.domain.errors import OcopDeskError
from ocopdesk.domain.product import ProductFilter
from ocopdesk.services.backup import CatalogueInUse, backup, restore
from ocopdesk.services.catalog import CatalogService
from ocopdesk.services.demo import load_demo
from ocopdesk.services.importer import import_file
from ocopdesk.storage import locks, swap
from ocopdesk.storage.database import CatalogueFileError

ROOT = Path(__file__).resolve().parents[2]


def _catalogue(path: Path, sku: str, padding: int = 0) -> Path:
    """The demo plus one product whose photo exists nowhere else, and `padding` extra media files."""
    folder = path.parent / f"{sku}-sheet"
    folder.mkdir(parents=True)
    rng = random.Random(sku)
    Image.frombytes("RGB", (64, 64), rng.randbytes(64 * 64 * 3)).save(folder / "anh.jpg")
    (folder / "sp.csv").write_text(f"Tên sản phẩm,Mã SP,Ảnh\nSản phẩm {sku},{sku},anh.jpg\n", encoding="utf-8")
    service = CatalogService.open(path)
    load_demo(service)
    import_file(service, folder / "sp.csv")
    for n in range(padding):
        (service.cdb.media_dir / f"{n:040x}.bin").write_bytes(rng.randbytes(200_000))
    service.close()
    return path


def _state(path: Path) -> tuple[set[str], list[str]]:
    """The SKUs of a catalogue and the photos its products name but that are missing."""
    service = CatalogService.open(path, create=False)
    try:
        details = [service.product(i) for i in service.search(ProductFilter())]
        skus = {d.product.sku for d in details}
        missing = [
            f"{d.product.sku}:{photo.sha256}"
            for d in details
            for photo in d.photos
            if not service.media_path(photo).is_file()
        ]
    finally:
        service.close()
    return skus, missing


def _cli(*args: str, env: dict[str, str] | None = None, prefix: tuple[str, ...] = ()) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*prefix, sys.executable, "-m", "ocopdesk", *args],
        cwd=ROOT,
        env={**os.environ, "OCOPDESK_LANG": "en", **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _hold_open(target: Path, then: str) -> subprocess.Popen[str]:
    """Another process that has the catalogue open (as a second window would), then runs `then`."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ocopdesk.services.catalog import CatalogService as C;"
            f"s = C.open({str(target)!r}); print('open', flush=True); {then}",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


@pytest.fixture
def old_and_backup(tmp_path: Path) -> tuple[Path, Path]:
    target = _catalogue(tmp_path / "data" / "catalogue.sqlite", "OLD-1")
    source = CatalogService.open(_catalogue(tmp_path / "other" / "catalogue.sqlite", "NEW-1"))
    archive = backup(source, tmp_path / "new.zip")
    source.close()
    return target, archive


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs Debian's faketime (install-linux-deps --test)")
def test_two_restores_in_the_same_second_keep_two_safety_copies(old_and_backup: tuple[Path, Path]) -> None:
    target, archive = old_and_backup
    frozen = ("faketime", "-f", "2026-11-30 09:00:00")  # the clock stands still: same second, same microsecond
    for _ in range(2):
        run = _cli("restore", str(archive), "--force", "--db", str(target), prefix=frozen)
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, out + err
    copies = sorted((target.parent / "backups").glob("catalogue-before-restore-20261130-090000*.sqlite"))
    assert len(copies) == 2, [c.name for c in copies]
    kept = [_state(c)[0] for c in copies]
    assert sum("OLD-1" in skus for skus in kept) == 1, "the original catalogue survives as one of the copies"
    assert "NEW-1" in _state(target)[0]


def test_a_restore_is_refused_while_another_process_has_the_catalogue_open(
    old_and_backup: tuple[Path, Path],
) -> None:
    target, archive = old_and_backup
    holder = _hold_open(target, "import sys; sys.stdin.readline(); s.close()")
    try:
        with pytest.raises(CatalogueInUse, match="is open in OCOPDesk"):
            restore(archive, target, force=True)
        assert _state(target)[0] >= {"OLD-1"} and not (target.parent / "backups").exists()
    finally:
        holder.communicate("\n", timeout=30)
    assert restore(archive, target, force=True) is not None  # closed: now it goes ahead
    assert "NEW-1" in _state(target)[0]


def test_a_killed_holder_does_not_block_a_restore_and_an_open_waits_for_a_running_restore(
    old_and_backup: tuple[Path, Path],
) -> None:
    target, archive = old_and_backup
    holder = _hold_open(target, "import time; time.sleep(60)")
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with locks.exclusive(locks.restore_lock_path(target)) as taken:  # as a restore in progress holds it
        assert taken
        with pytest.raises(CatalogueFileError, match="being restored"):
            CatalogService.open(target)
    assert restore(archive, target, force=True) is not None


def test_sigkill_at_any_moment_of_a_restore_leaves_one_whole_catalogue(tmp_path: Path) -> None:
    """Ten restores killed at random moments: the next open shows the old catalogue or the new one, never one
    whose photos are missing, and no staging folder or journal is left."""
    source = CatalogService.open(_catalogue(tmp_path / "src" / "catalogue.sqlite", "NEW-1", padding=400))
    archive = backup(source, tmp_path / "new.zip")
    source.close()
    pristine = _catalogue(tmp_path / "pristine" / "catalogue.sqlite", "OLD-1")
    start = time.perf_counter()
    trial = tmp_path / "timing" / "catalogue.sqlite"
    shutil.copytree(pristine.parent, trial.parent)
    run = _cli("restore", str(archive), "--force", "--db", str(trial))
    assert run.wait(timeout=120) == 0
    duration = time.perf_counter() - start
    rng = random.Random(16)
    outcomes = []
    for n in range(10):
        target = tmp_path / f"t{n}" / "catalogue.sqlite"
        shutil.copytree(pristine.parent, target.parent)
        run = _cli("restore", str(archive), "--force", "--db", str(target))
        time.sleep(rng.uniform(0.5 * duration, 1.05 * duration))  # the swap comes last: aim near the end
        run.send_signal(signal.SIGKILL)
        finished = run.wait(timeout=60) == 0
        skus, missing = _state(target)
        assert missing == [], f"trial {n}: photos missing after the kill"
        assert ("OLD-1" in skus) != ("NEW-1" in skus), f"trial {n}: {sorted(skus)[:5]}…"
        leftovers = [p.name for p in target.parent.iterdir() if ".restore-" in p.name or p.name.endswith(".json")]
        assert leftovers == [], f"trial {n}: {leftovers}"
        outcomes.append("finished" if finished else ("new" if "NEW-1" in skus else "old"))
    print("restore kill trials:", outcomes)


@pytest.mark.parametrize("moment", ["staged", "half the photos moved", "database swapped"])
def test_the_next_open_finishes_or_undoes_a_restore_cut_at_each_step(
    old_and_backup: tuple[Path, Path], moment: str
) -> None:
    """The three places a crash can cut the swap, made exactly (SIGKILL rarely lands in a few milliseconds)."""
    target, archive = old_and_backup
    staging = swap.staging_dir(target, "cut")
    with zipfile.ZipFile(archive) as backup_zip:
        names = [n for n in backup_zip.namelist() if n != "manifest.json"]
        backup_zip.extractall(staging, names)
    (staging / "media").mkdir(exist_ok=True)
    swap.write_journal(target, staging, swap.STAGED if moment == "staged" else swap.SWAPPING)
    if moment == "half the photos moved":
        media = sorted((staging / "media").iterdir())
        for item in media[: len(media) // 2]:
            item.replace(target.with_name("catalogue.media") / item.name)
    if moment == "database swapped":
        swap.swap_in(target, staging)
    skus, missing = _state(target)
    assert missing == []
    assert ("NEW-1" in skus) == (moment != "staged") and ("OLD-1" in skus) == (moment == "staged")
    assert not staging.exists() and not swap.journal_path(target).exists()


def test_a_damaged_database_in_a_backup_is_refused_naming_the_users_file(
    service: CatalogService, tmp_path: Path
) -> None:
    archive = backup(service, tmp_path / "ban-sao-luu.zip")
    damaged = tmp_path / "hong.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        data = bytearray(src.read("catalogue.sqlite"))
        data[100:4096] = b"\xff" * (4096 - 100)  # breaks the schema page, keeps the header
        manifest["files"]["catalogue.sqlite"] = hashlib.sha256(bytes(data)).hexdigest()
        dst.writestr("catalogue.sqlite", bytes(data))
        dst.writestr("manifest.json", json.dumps(manifest))
    target = tmp_path / "data" / "catalogue.sqlite"
    with pytest.raises(OcopDeskError) as refused:
        restore(damaged, target)
    assert str(damaged) in refused.value.message and ".restore-" not in refused.value.message
    assert sorted(p.name for p in target.parent.iterdir()) == [".catalogue.sqlite.restore.lock"]


def test_a_zip_bomb_is_refused_before_a_byte_is_written(service: CatalogService, tmp_path: Path) -> None:
    bomb = tmp_path / "bom.zip"
    size = 300 << 20
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("catalogue.sqlite", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
        files = {"catalogue.sqlite": "0" * 64}
        archive.writestr("manifest.json", json.dumps({"format": "ocopdesk-backup/1", "files": files}))
    target = tmp_path / "data" / "catalogue.sqlite"
    with pytest.raises(OcopDeskError, match="not a plausible OCOPDesk backup") as refused:
        restore(bomb, target)
    assert str(bomb) in refused.value.message
    written = sum(p.stat().st_size for p in target.parent.rglob("*") if p.is_file())
    assert written == 0


def _first_trace(run: subprocess.Popen[str], partial: Path, data: Path) -> float | None:
    """Seconds until a running backup has made its first file: its scratch folder (holding the database
    snapshot) beside the catalogue, or its partial ZIP. None if it ended before we saw one (ceiling a minute).
    Scratch folders of earlier, killed backups are not this run's trace: only new ones count."""
    earlier = {p.name for p in data.iterdir() if ".backup-" in p.name}
    start = time.perf_counter()
    while run.poll() is None and time.perf_counter() - start < 60:
        if partial.exists() or any(".backup-" in p.name and p.name not in earlier for p in data.iterdir()):
            return time.perf_counter() - start
        time.sleep(0.005)
    return None


def test_killed_backups_leave_nothing_once_the_catalogue_is_opened_again(tmp_path: Path) -> None:
    """Backups killed at random moments while they write: the next open removes their partial ZIPs and database
    snapshots (which hold the stamp key); nothing is left in the system's temporary folder either.

    The kill is aimed from the moment the backup has written its first file, not from its start: on a busy
    machine Python's start-up alone varies by seconds, and kills timed from the start all landed before the
    backup began (issue #21)."""
    target = _catalogue(tmp_path / "data" / "catalogue.sqlite", "OLD-1", padding=300)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    out = tmp_path / "out"
    run = _cli("backup", str(out / "timing.zip"), "--db", str(target), env={"TMPDIR": str(tmp)})
    seen = _first_trace(run, out / ".timing.zip.partial", target.parent)
    writing = time.perf_counter()
    assert run.wait(timeout=120) == 0 and seen is not None
    duration = time.perf_counter() - writing  # how long a backup writes, once it has begun
    rng = random.Random(30)
    landed = 0
    for n in range(8):
        run = _cli("backup", str(out / f"sao-luu-{n}.zip"), "--db", str(target), env={"TMPDIR": str(tmp)})
        _first_trace(run, out / f".sao-luu-{n}.zip.partial", target.parent)
        time.sleep(rng.uniform(0, duration))
        run.send_signal(signal.SIGKILL)
        if run.wait(timeout=60) == 0:
            continue  # it finished first: checked below to be whole
        left = _backup_leftovers(out, target.parent, tmp)
        landed += bool(left)
        CatalogService.open(target).close()  # the next open removes what the killed backup left
        assert _backup_leftovers(out, target.parent, tmp) == [], f"trial {n} left {left}"
    assert landed, "no kill landed inside a backup: the trial proves nothing"
    for archive in out.glob("sao-luu-*.zip"):  # the ones that finished are whole
        with zipfile.ZipFile(archive) as done:
            assert done.testzip() is None


def _backup_leftovers(out: Path, data: Path, tmp: Path) -> list[str]:
    """Partial ZIPs, scratch folders with a database snapshot, and anything in the system's temporary folder."""
    return (
        [p.name for p in out.iterdir() if p.name.endswith(".partial")]
        + [p.name for p in data.iterdir() if ".backup-" in p.name]
        + [p.name for p in tmp.iterdir()]
    )
