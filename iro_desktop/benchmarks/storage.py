"""The vault on disk: unlocking, opening, the caseload list, and what the encryption costs.

The encryption figures compare the same SQLCipher build with and without a key: the large
vault itself, and an unencrypted copy of it made by SQLCipher's own export, each opened with
the app's connection settings (``connection.configure``: journal, sync, page cache). Both run
the same calls the app makes, interleaved round by round so drift on the machine hits both.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

import filelock
import sqlcipher3

from iro_desktop import search
from iro_desktop.caseload import repository, visits
from iro_desktop.reviews import drafts, records
from iro_desktop.reviews.recommendations import recommendations_for_child
from iro_desktop.vault import Vault, audit, keyslots
from iro_desktop.vault.connection import CACHE_KIB, configure, connect
from iro_desktop.vault.vault import VaultPaths

from iro_desktop.benchmarks.common import BENCH_PASSPHRASE, median_ms
from iro_desktop.benchmarks.large_vault import BuiltVault, use_calibrated_kdf

QUERIES = ["swimming", "family time", "biscuit", "proud of", '"new puppy"', "school friends nan", "hamster",
           "football", "exams", "zebra", "fin"]


def bench_open(built: BuiltVault, runs: int) -> dict:
    paths = VaultPaths(built.home)

    def open_close() -> None:
        Vault._open(paths, built.key).close()

    open_close()  # the first open after building settles the WAL; the figure is a typical unlock
    open_ms = median_ms(open_close, runs)
    with Vault._open(paths, built.key) as vault:
        rows = repository.list_children(vault)
        list_ms = median_ms(lambda: repository.list_children(vault), runs * 2)
    return {"open_ms": open_ms, "caseload_list_ms": list_ms, "caseload_rows": len(rows),
            "large_vault_mib": built.mib, "large_vault_letters": built.letters,
            "large_vault_letter_words": built.letter_words, "large_vault_versions": built.versions,
            "large_vault_search_rows": built.search_rows, "large_vault_audit_rows": built.audit_rows}


def bench_unlock(built: BuiltVault, runs: int, *, calibrate: bool = True) -> dict:
    """Passphrase to an open vault, as the unlock screen calls it, with the Argon2 parameters
    calibrated for this machine. The KDF's share is timed inside the same unlocks (a separate
    timing of the KDF would meet a different load on the machine), so the overhead is the rest:
    reading the key slots, unwrapping, opening, the key check, the integrity check and the audit
    chain's check (whose own share is timed inside them too)."""
    params = use_calibrated_kdf(built.home, built.key, calibrate=calibrate)
    derive = keyslots.KdfParams.derive
    verify = audit.verify
    kdf_s: list[float] = []
    chain_s: list[float] = []
    rows: list[int] = []

    def timed_verify(conn, key):
        start = time.perf_counter()
        try:
            result = verify(conn, key)
            rows.append(result.rows)
            return result
        finally:
            chain_s.append(time.perf_counter() - start)

    def timed_derive(self, secret: bytes, salt: bytes) -> bytes:
        start = time.perf_counter()
        try:
            return derive(self, secret, salt)
        finally:
            kdf_s.append(time.perf_counter() - start)

    totals, kdfs, chains = [], [], []
    keyslots.KdfParams.derive = timed_derive  # type: ignore[method-assign]
    audit.verify = timed_verify  # type: ignore[assignment]
    try:
        for n in range(runs + 1):
            kdf_s.clear()
            chain_s.clear()
            start = time.perf_counter()
            Vault.unlock(built.home, BENCH_PASSPHRASE, None, allow_no_keychain=True).close()
            if n:  # the first settles the WAL left by building
                totals.append(time.perf_counter() - start)
                kdfs.append(sum(kdf_s))
                chains.append(sum(chain_s))
    finally:
        keyslots.KdfParams.derive = derive  # type: ignore[method-assign]
        audit.verify = verify  # type: ignore[assignment]
    ms = lambda values: round(statistics.median(values) * 1000, 2)  # noqa: E731
    return {"unlock_ms": ms(totals), "unlock_kdf_ms": ms(kdfs),
            "unlock_audit_check_ms": ms(chains), "unlock_audit_rows": rows[-1] if rows else None,
            "unlock_overhead_ms": ms([t - k for t, k in zip(totals, kdfs)]),
            "unlock_kdf_time_cost": params.time_cost, "unlock_kdf_memory_mib": params.memory_kib // 1024}


# ---- keyed against unkeyed -----------------------------------------------------------------

def _plain_copy(built: BuiltVault, folder: Path) -> Path:
    """The large vault without its encryption: SQLCipher's export into an unkeyed database."""
    folder.mkdir(parents=True)
    target = folder / "vault.db"
    conn = connect(built.home / "vault.db", built.key)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(target),))
        conn.execute("SELECT sqlcipher_export('plaintext')")
        conn.execute(f"PRAGMA plaintext.user_version = {int(version)}")
        conn.execute("DETACH DATABASE plaintext")
    finally:
        conn.close()
    return folder


def _vault_over(home: Path, conn, key: bytes) -> Vault:
    """A Vault object over a connection opened here (keyed or not), for the app's own calls."""
    lock = filelock.FileLock(str(VaultPaths(home).lock), timeout=0, thread_local=False)
    lock.acquire()
    return Vault(VaultPaths(home), conn, key, lock)


def _open_pair(built: BuiltVault, plain_home: Path) -> tuple[Vault, Vault]:
    keyed = _vault_over(built.home, connect(built.home / "vault.db", built.key), built.key)
    conn = sqlcipher3.connect(str(plain_home / "vault.db"), check_same_thread=False)
    configure(conn)
    return keyed, _vault_over(plain_home, conn, built.key)


def _drafts(vault: Vault) -> list[tuple[int, str]]:
    with vault.read() as db:
        return db.conn.execute("SELECT id, child_id FROM record WHERE kind = 'review' AND state = 'draft' "
                               "ORDER BY id").fetchall()


def _realistic_round(vault: Vault, i: int, children: list[str], draft_records: list[tuple[int, str]]) -> None:
    """What an IRO does in a minute or two: the caseload list, a child opened with their latest
    record as the editor loads it, that record saved with a change, a search as on the Find
    screen."""
    repository.list_children(vault)
    child_id = children[(i * 7) % len(children)]
    repository.get_child(vault, child_id)
    visits.visits_for(vault, child_id)
    infos = records.review_records(vault, child_id)
    if infos:
        rid = infos[-1].id
        records.get_review(vault, rid)
        for v in records.review_versions(vault, rid):
            records.verify_version(vault, rid, v.version)
        drafts.load_draft(vault, records.draft_key(rid))
        recommendations_for_child(vault, child_id)
    record_id, _owner = draft_records[i % len(draft_records)]
    content = records.get_review(vault, record_id).content
    content.letter.sections[0].body += f" {i}"
    records.save_review(vault, record_id, content)
    search.search(vault, QUERIES[i % len(QUERIES)], limit=search.RESULTS_SHOWN)


def _every_letter(vault: Vault) -> None:
    """Every record read as the editor opens it, one after another: far more pages than the page
    cache holds, so nearly every page comes from the file (and must be decrypted) each time."""
    with vault.read() as db:
        ids = [r[0] for r in db.conn.execute("SELECT id FROM record WHERE kind = 'review' ORDER BY id")]
    for rid in ids:
        records.get_review(vault, rid)


def _timed_pair(keyed: Vault, plain: Vault, fn, rounds: int) -> tuple[float, float]:
    times: dict[int, list[float]] = {0: [], 1: []}
    for i in range(rounds):
        for n, vault in enumerate((keyed, plain) if i % 2 == 0 else (plain, keyed)):
            index = 0 if vault is keyed else 1
            start = time.perf_counter()
            fn(vault, i)
            times[index].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def bench_encryption(built: BuiltVault, scratch: Path, rounds: int) -> dict:
    plain_home = _plain_copy(built, scratch / "plain")
    keyed, plain = _open_pair(built, plain_home)
    try:
        children = [c.child_id for c in repository.list_children(keyed)]
        draft_records = _drafts(keyed)
        _timed_pair(keyed, plain, lambda v, i: _realistic_round(v, i, children, draft_records), 3)  # warm up
        e, p = _timed_pair(keyed, plain, lambda v, i: _realistic_round(v, i, children, draft_records), rounds)
        _every_letter(keyed), _every_letter(plain)
        e_all, p_all = _timed_pair(keyed, plain, lambda v, _i: _every_letter(v), max(3, rounds // 10))
    finally:
        keyed.close()
        plain.close()
        shutil.rmtree(plain_home)
    return {"encrypted_vs_plain_ratio": round(e / p, 3), "realistic_round_encrypted_ms": round(e * 1000, 2),
            "realistic_round_plain_ms": round(p * 1000, 2),
            "encrypted_vs_plain_ratio_beyond_cache": round(e_all / p_all, 3),
            "beyond_cache_encrypted_ms": round(e_all * 1000, 1), "beyond_cache_plain_ms": round(p_all * 1000, 1),
            "page_cache_mib": round(CACHE_KIB / 1024, 1)}
