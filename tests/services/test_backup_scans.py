"""Backups carry the scan store (#27): the per-network and per-day rows of the stamp checks live in
`catalogue.scans.duckdb` beside the catalogue, so a backup that held only the catalogue restored every
stamp with 0 networks and no per-day chart, and a restore over a catalogue left that catalogue's store
to be counted by the restored one. Real files throughout: a made access log, the ZIP, the restored
catalogue opened again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ocopdesk.services import scans
from ocopdesk.services.backup import backup, restore
from ocopdesk.services.catalog import CatalogService
from ocopdesk.storage import scan_store, swap
from tests.services.scan_logs_made import mixed_log

SERIALS = [f"7K3M9QXR{n:02d}" for n in range(8)]  # each stamp's days are one read of the store


def seen(service: CatalogService) -> dict[str, tuple[int, int, int]]:
    """Per stamp: checks, networks (from the store) and the days of its chart (from the store)."""
    return {s.serial: (s.checks, s.networks, len(scans.stamp_days(service, s.serial))) for s in scans.stamps(service)}


def loaded(path: Path, log: Path, seed: int) -> CatalogService:
    service = CatalogService.open(path)
    mixed_log(log, SERIALS, 800, seed=seed)
    assert scans.load(service, [log]).checks > 0
    return service


def test_a_restored_backup_has_its_networks_and_days(tmp_path: Path) -> None:
    service = loaded(tmp_path / "a" / "catalogue.sqlite", tmp_path / "access.log", seed=1)
    before = seen(service)
    assert all(networks > 0 and days > 0 for _, networks, days in before.values())
    archive = backup(service, tmp_path / "sao-luu.zip")
    service.close()

    target = tmp_path / "b" / "catalogue.sqlite"
    restore(archive, target)
    restored = CatalogService.open(target, create=False)
    try:
        assert seen(restored) == before  # the old backups restored (checks, 0, 0) for every stamp
    finally:
        restored.close()


def test_restoring_over_a_catalogue_swaps_its_store_and_keeps_it_with_the_safety_copy(tmp_path: Path) -> None:
    """The target's own checks (another log) go to the safety copy with their store; the restored
    catalogue counts only the backup's rows, though both used load number 1."""
    mine = loaded(tmp_path / "catalogue.sqlite", tmp_path / "mine.log", seed=2)
    mine_seen = seen(mine)
    mine.close()
    other = loaded(tmp_path / "other" / "catalogue.sqlite", tmp_path / "other.log", seed=3)
    other_seen = seen(other)
    archive = backup(other, tmp_path / "other.zip")
    other.close()
    assert mine_seen != other_seen

    safety = restore(archive, tmp_path / "catalogue.sqlite", force=True)
    assert safety is not None
    for path, expected in ((tmp_path / "catalogue.sqlite", other_seen), (safety, mine_seen)):
        service = CatalogService.open(path, create=False)
        try:
            assert seen(service) == expected
        finally:
            service.close()


def test_a_backup_without_checks_restored_over_a_catalogue_with_them_leaves_no_store(tmp_path: Path) -> None:
    empty = CatalogService.open(tmp_path / "empty" / "catalogue.sqlite")
    archive = backup(empty, tmp_path / "empty.zip")
    empty.close()
    mine = loaded(tmp_path / "catalogue.sqlite", tmp_path / "mine.log", seed=2)
    mine.close()
    store = scan_store.store_path(tmp_path / "catalogue.sqlite")
    assert store.exists()

    safety = restore(archive, tmp_path / "catalogue.sqlite", force=True)
    assert not store.exists() and safety is not None and scan_store.store_path(safety).exists()


def test_a_restore_killed_between_the_store_and_the_catalogue_is_finished_on_the_next_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = loaded(tmp_path / "other" / "catalogue.sqlite", tmp_path / "other.log", seed=3)
    other_seen = seen(other)
    archive = backup(other, tmp_path / "other.zip")
    other.close()
    target = tmp_path / "catalogue.sqlite"
    loaded(target, tmp_path / "mine.log", seed=2).close()

    real_replace = os.replace

    def dies_at_the_commit(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        if Path(dst) == target:
            raise KeyboardInterrupt  # the process dies: the store is in, the catalogue not yet
        real_replace(src, dst)

    monkeypatch.setattr(swap.os, "replace", dies_at_the_commit)
    with pytest.raises(KeyboardInterrupt):
        restore(archive, target, force=True)
    monkeypatch.setattr(swap.os, "replace", real_replace)

    service = CatalogService.open(target, create=False)  # the open finishes the swap from its journal
    try:
        assert seen(service) == other_seen
    finally:
        service.close()
