"""Backup retention: the 7 newest daily backups; of each other kind the 3 newest, those older
than 30 days removed except the newest of its kind. The attack: 150 MB of copies piling up."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from iro_desktop.vault import backups

NOW = datetime(2026, 9, 13, 12, 0, tzinfo=timezone.utc)


def _make(home: Path, name: str, wal: bool = False) -> Path:
    folder = backups.backup_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name + backups.SUFFIX)
    path.write_bytes(b"x" * 1024)
    if wal:
        Path(str(path) + "-wal").write_bytes(b"w")
    return path


def _stamp(days_ago: float, n: int = 0) -> str:
    return (NOW - timedelta(days=days_ago, seconds=n)).strftime("%Y%m%dT%H%M%S%fZ")


def _names(home: Path) -> set[str]:
    return {p.name for p in backups.backup_dir(home).iterdir()}


def test_each_kind_keeps_its_three_newest(tmp_path):
    for kind in ("manual", "pre-import", "replaced"):
        for i in range(6):
            _make(tmp_path, f"{kind}-{_stamp(1, i)}", wal=kind == "replaced")
    for version in range(2, 8):  # pre-migration-vN: one kind whatever the version
        _make(tmp_path, f"pre-migration-v{version}-{_stamp(2, version)}")
    gone = backups.prune(tmp_path, now=NOW)
    assert len(gone) == 4 * 3
    left = _names(tmp_path)
    for kind in ("manual", "pre-import", "replaced"):
        assert {n for n in left if n.startswith(kind) and n.endswith(".db")} == {
            f"{kind}-{_stamp(1, i)}.db" for i in range(3)}
    # A set-aside database's WAL goes with it.
    assert not any(n.endswith("-wal") and n[:-4] not in left for n in left)
    assert len([n for n in left if n.startswith("pre-migration")]) == 3


def test_nothing_older_than_thirty_days_but_the_newest_of_its_kind(tmp_path):
    _make(tmp_path, f"manual-{_stamp(40)}")
    _make(tmp_path, f"manual-{_stamp(45)}")
    _make(tmp_path, f"pre-import-{_stamp(5)}")
    _make(tmp_path, f"pre-import-{_stamp(31)}")
    backups.prune(tmp_path, now=NOW)
    assert _names(tmp_path) == {f"manual-{_stamp(40)}.db", f"pre-import-{_stamp(5)}.db"}


def test_daily_backups_keep_seven(tmp_path):
    for d in range(12):
        _make(tmp_path, "daily-" + (NOW.date() - timedelta(days=d)).isoformat())
    backups.prune(tmp_path, now=NOW)
    assert len(_names(tmp_path)) == 7
    assert "daily-" + NOW.date().isoformat() + ".db" in _names(tmp_path)


def test_making_backups_prunes_as_it_goes(vault, vault_home):
    made = [vault.backup_now() for _ in range(5)]
    names = {p.name for p in backups.list_backups(vault_home)}
    assert names == {p.name for p in made[-3:]}


def test_the_policy_is_stated_in_one_line():
    assert "7 newest daily" in backups.RETENTION and "3" in backups.RETENTION
    assert "30 days" in backups.RETENTION and "\n" not in backups.RETENTION


def test_unknown_files_are_judged_by_their_own_name(tmp_path):
    odd = _make(tmp_path, "something-else")
    os.utime(odd, (0, 0))  # very old, but the only one of its kind: kept
    backups.prune(tmp_path, now=NOW)
    assert odd.exists()
