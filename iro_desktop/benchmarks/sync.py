"""Sending the outbox to a local WebDAV server (wsgidav over TLS with basic auth), against plain
PUTs of the same bytes, and autosaves while it runs.

The server is a process of its own on 127.0.0.1, started here from wsgidav's own command line
with a throwaway CA and a loopback certificate (the client verifies it, as the app always does).
wsgidav and cheroot are test dependencies: where they are not installed the figures are null and
``sync_skipped`` says why. The vault is the demo caseload, with amended versions finalised until
the outbox holds exactly ``bundles`` exports, so every figure is about that many bundles.

Timed separately, so the send is not mixed with reportlab's work:

* making each bundle's bytes (``bundles.ensure_built``, as the first drain would), before the send;
* the drain itself (``drain.drain`` on the sync lane, every state change committed as in the app);
* the same files as plain ``PUT``s with the same client (its connections, as many requests at
  once as it has connections), to folders made beforehand with MKCOL, once before the drain and
  once after, so drift on the machine hits both (the ratio uses their mean).

Both are timed twice: straight to the server on 127.0.0.1, where every request costs the same
few milliseconds of Python whatever it carries, and through ``link.Link``, a modelled network
link (``LINK``: its rates and round trip are in the output too), where what takes time is what takes
time on a real connection: bytes up, bytes down and round trips. The ``sync_link_*`` figures
are the second; the others the first.

The autosave figures are draft saves of a 3,000-word record through the drafts lane on a thread
of its own (what the app's autosave does once the GUI thread has handed it the payload), first
with nothing else running, then while the drain runs on another thread.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import ipaddress
import json
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from iro_desktop.benchmarks.common import BENCH_PASSPHRASE, FAST_BUILD_KDF, p95_ms
from iro_desktop.benchmarks.letters import big_review_content
from iro_desktop.benchmarks.link import Link, LinkModel

USERNAME, PASSWORD = "iro-bench", "benchmark-password-not-secret"
TODAY = date(2026, 11, 23)
#: The modelled link: a modest mobile or hotel connection to a server some distance away.
LINK = LinkModel(up_mbit_s=10, down_mbit_s=30, round_trip_ms=40)
KEYS = ("sync_200_bundles_s", "sync_bundles", "sync_mb", "sync_requests_per_bundle", "sync_plain_puts_s",
        "sync_overhead_ratio", "sync_link_up_mbit_s", "sync_link_down_mbit_s",
        "sync_link_round_trip_ms", "sync_link_200_bundles_s", "sync_link_plain_puts_s",
        "sync_link_overhead_ratio", "sync_bundle_build_ms_p50", "sync_with_autosave_s",
        "autosave_during_sync_ms_p95", "autosave_without_sync_ms_p95")


@dataclass(frozen=True)
class _Pki:
    ca: Path
    cert: Path
    key: Path


def _make_pki(folder: Path) -> _Pki:
    """A throwaway CA and a certificate for 127.0.0.1 signed by it (EC keys: milliseconds)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IRO Desktop benchmark CA")])

    def build(subject, public_key, *, ca: bool):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name).public_key(public_key)
             .serial_number(x509.random_serial_number())
             .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True))
        if ca:
            b = b.add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False),
                                critical=True)
        else:
            b = b.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                critical=False)
        return b.sign(ca_key, hashes.SHA256())

    pki = _Pki(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    pki.ca.write_bytes(build(ca_name, ca_key.public_key(), ca=True).public_bytes(serialization.Encoding.PEM))
    leaf = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    pki.cert.write_bytes(build(leaf, key.public_key(), ca=False).public_bytes(serialization.Encoding.PEM))
    pki.key.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    pki.key.chmod(0o600)
    return pki


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _wsgidav(folder: Path) -> Iterator[tuple[str, _Pki]]:
    """A wsgidav process serving ``folder/share`` over TLS with basic auth; yields (url, pki)."""
    import httpx

    pki = _make_pki(folder / "pki")
    (folder / "share").mkdir(parents=True)
    port = _free_port()
    config = {"host": "127.0.0.1", "port": port, "provider_mapping": {"/": str(folder / "share")},
              "ssl_certificate": str(pki.cert), "ssl_private_key": str(pki.key),
              "http_authenticator": {"domain_controller": None, "accept_basic": True, "accept_digest": False,
                                     "default_to_digest": False},
              "simple_dc": {"user_mapping": {"*": {USERNAME: {"password": PASSWORD}}}},
              "verbose": 0, "logging": {"enable_loggers": []}, "dir_browser": {"enable": False}}
    (folder / "wsgidav.json").write_text(json.dumps(config), encoding="utf-8")
    log = open(folder / "wsgidav.log", "ab")
    process = subprocess.Popen([sys.executable, "-m", "wsgidav.server.server_cli", "--config",
                                str(folder / "wsgidav.json")], stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    url = f"https://127.0.0.1:{port}/"
    try:
        context = ssl.create_default_context(cafile=str(pki.ca))
        with httpx.Client(verify=context, auth=(USERNAME, PASSWORD), timeout=2.0) as probe:
            end = time.monotonic() + 30
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"wsgidav exited with code {process.returncode}")
                try:
                    if probe.request("PROPFIND", url, headers={"Depth": "0"}).status_code == 207:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > end:
                    raise RuntimeError("wsgidav did not start")
                time.sleep(0.05)
        yield url, pki
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# ---- the vault -------------------------------------------------------------------------------

def _vault_with_bundles(home: Path, bundles_wanted: int, children: int):
    """The demo caseload, then amended versions finalised until the outbox holds exactly
    ``bundles_wanted`` exports (an amendment is a new bundle, as in the app)."""
    from iro_desktop.caseload import demo
    from iro_desktop.caseload.demo_letters import DEMO_IRO
    from iro_desktop.reviews import records
    from iro_desktop.sync import outbox
    from iro_desktop.vault import Vault

    vault, _code = Vault.create(home, BENCH_PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_BUILD_KDF)
    demo.load_demo(vault, n=children, today=TODAY)
    rows = outbox.entries(vault)
    if len(rows) > bundles_wanted:
        vault.close()
        raise RuntimeError(f"the demo made {len(rows)} exports, more than the {bundles_wanted} wanted")
    # Amended as they stand, so only records the checks let be finalised again (the demo keeps
    # one contradiction in a finalised record, for the editor to point out).
    finalised = [rid for rid in sorted({e.record_id for e in rows if e.kind == outbox.REVIEW_RECORD})
                 if records.review_checks(vault, rid, records.get_review(vault, rid).content, TODAY).can_finalise]
    for n in range(bundles_wanted - len(rows)):
        record_id = finalised[n % len(finalised)]
        rec = records.get_review(vault, record_id)
        if rec.read_only:
            rec = records.amend_review(vault, record_id, "A correction")
        records.finalise_review(vault, record_id, finalised_by=DEMO_IRO, content=rec.content, today=TODAY)
    return vault


def _draft_target(vault) -> tuple[str, object]:
    """A draft review record and a 3,000-word content to autosave into it."""
    from iro_desktop.reviews import records

    with vault.read() as db:
        row = db.conn.execute("SELECT id FROM record WHERE kind = 'review' AND state = 'draft' "
                              "ORDER BY id LIMIT 1").fetchone()
        first = db.conn.execute("SELECT id FROM record WHERE kind = 'review' ORDER BY id LIMIT 1").fetchone()
    if row is None:  # a small demo may have every record finalised: amending one makes a draft
        records.amend_review(vault, first[0], "A correction")
        row = first
    return records.draft_key(row[0]), big_review_content(3000)


class _Autosaves(threading.Thread):
    """Draft saves on a thread of its own through the drafts lane, one every ``gap_s``, each
    with one more character, until stopped (or ``count`` saves)."""

    def __init__(self, vault, draft_key: str, content, gap_s: float, count: int | None = None) -> None:
        super().__init__(daemon=True)
        self.vault, self.draft_key, self.content, self.gap_s, self.count = vault, draft_key, content, gap_s, count
        self.stop = threading.Event()
        self.times: list[float] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        from iro_desktop.reviews import drafts

        section = self.content.letter.sections[0]
        try:
            while not self.stop.is_set() and (self.count is None or len(self.times) < self.count):
                section.body += "x"
                payload = drafts.prepare_draft(self.content)  # the GUI thread's part, not timed
                start = time.perf_counter()
                drafts.save_draft_on_lane(self.vault, self.draft_key, payload)
                self.times.append(time.perf_counter() - start)
                self.stop.wait(self.gap_s)
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            self.error = exc


# ---- the parts -------------------------------------------------------------------------------

def _plain_puts(client, url_for, files: list[tuple[str, bytes]], prefix: str) -> float:
    """Seconds to PUT every file once with ``client``, to ``url_for(prefix/path)``, as many at
    once as the client has connections; the folders are made first, untimed."""
    for folder in sorted({f"{prefix}/{path.rsplit('/', 1)[0]}" for path, _ in files}):
        for level in range(1, folder.count("/") + 2):
            client.request("MKCOL", url_for("/".join(folder.split("/")[:level]), folder=True))

    def put(file: tuple[str, bytes]) -> None:
        reply = client.put(url_for(f"{prefix}/{file[0]}"), content=file[1])
        if not reply.is_success:
            raise RuntimeError(f"a plain PUT answered {reply.status_code}")

    from iro_desktop.sync.webdav import CONNECTIONS

    start = time.perf_counter()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        list(pool.map(put, files))
    return time.perf_counter() - start


def _drain_and_plain(vault, url: str, ca: Path, folder: str, files: list[tuple[str, bytes]]) -> dict:
    """One drain of ``vault`` to ``url + folder``, between two runs of plain PUTs of its files
    (to folders beside it) with the drain's own client: seconds, and the requests it sent."""
    from iro_desktop.sync.webdav import WebDavTarget

    with WebDavTarget(url, username=USERNAME, password=PASSWORD, ca_bundle=ca) as root:
        root.ensure_folder(folder)
        with WebDavTarget(f"{url}{folder}/", username=USERNAME, password=PASSWORD, ca_bundle=ca) as target:
            before = _plain_puts(target.client, root.url_for, files, f"{folder}-plain-before")
            sent = [0]
            target.client.event_hooks["request"].append(lambda _request: sent.__setitem__(0, sent[0] + 1))
            send_s, _report = _drain_on_its_lane(vault, target)
            target.client.event_hooks["request"].clear()
            after = _plain_puts(target.client, root.url_for, files, f"{folder}-plain-after")
    return {"send_s": send_s, "plain_s": (before + after) / 2, "requests": sent[0]}


def _skipped(why: str) -> dict:
    return {**{k: None for k in KEYS}, "sync_skipped": why}


def _drain_on_its_lane(vault, target) -> tuple[float, object]:
    """One drain on the sync lane in a thread of its own, as the app runs it: (seconds, report)."""
    from iro_desktop.sync import drain

    lane = vault.lane(drain.LANE)
    report: list = []
    worker = threading.Thread(target=lambda: report.append(drain.drain(lane, target)), name="sync")
    start = time.perf_counter()
    worker.start()
    worker.join()
    seconds = time.perf_counter() - start
    if not report:
        raise RuntimeError("the drain failed")
    unsent = [r for r in report[0].results if r.outcome != drain.SENT]
    if unsent or not report[0].results:
        raise RuntimeError(f"{len(unsent)} bundles were not synced ({report[0].stopped_by})")
    return seconds, report[0]


def bench_sync(scratch: Path, bundles_wanted: int = 200, children: int = 70, gap_s: float = 0.05,
               quiet_saves: int = 100) -> dict:
    """See the module docstring. The autosave figures come from a copy of the vault (the same
    bundles, made once), drained to a folder of its own while its drafts are saved."""
    if importlib.util.find_spec("wsgidav") is None or importlib.util.find_spec("cheroot") is None:
        return _skipped("wsgidav is not installed (a test dependency: pip install -e .[test])")
    from iro_desktop.sync import bundles, outbox
    from iro_desktop.sync.webdav import WebDavTarget
    from iro_desktop.vault import Vault

    vault = _vault_with_bundles(scratch / "vault", bundles_wanted, children)
    try:
        due = outbox.due_ids(vault, outbox.now_utc())
        build_ms, files = [], []
        for bundle_id in due:
            start = time.perf_counter()
            made = bundles.ensure_built(vault, bundle_id)
            build_ms.append((time.perf_counter() - start) * 1000)
            folder = outbox.entry(vault, bundle_id).folder
            files += [(f"{folder}/{f.name}", f.data) for f in made]
        draft_key, content = _draft_target(vault)
    finally:
        vault.close()
    for name in ("copy", "linked"):
        shutil.copytree(scratch / "vault", scratch / name)
    with _wsgidav(scratch / "dav") as (url, pki), \
            Vault.unlock(scratch / "vault", BENCH_PASSPHRASE, None, allow_no_keychain=True) as vault, \
            Vault.unlock(scratch / "linked", BENCH_PASSPHRASE, None, allow_no_keychain=True) as linked, \
            Vault.unlock(scratch / "copy", BENCH_PASSPHRASE, None, allow_no_keychain=True) as copy:
        with WebDavTarget(url, username=USERNAME, password=PASSWORD, ca_bundle=pki.ca) as root:
            root.check()
        direct = _drain_and_plain(vault, url, pki.ca, "first", files)
        with Link(("127.0.0.1", urlsplit(url).port), LINK) as link:
            over_link = _drain_and_plain(linked, f"https://127.0.0.1:{link.port}/", pki.ca, "linked", files)
        quiet = _Autosaves(copy, draft_key, content, gap_s, count=quiet_saves)
        quiet.start()
        quiet.join()
        busy = _Autosaves(copy, draft_key, content, gap_s)
        with WebDavTarget(url, username=USERNAME, password=PASSWORD, ca_bundle=pki.ca) as root:
            root.ensure_folder("second")
        with WebDavTarget(url + "second/", username=USERNAME, password=PASSWORD, ca_bundle=pki.ca) as second:
            busy.start()
            try:
                busy_send_s, _report = _drain_on_its_lane(copy, second)
            finally:
                busy.stop.set()
                busy.join()
    for saver in (quiet, busy):
        if saver.error is not None:
            raise saver.error
    return {"sync_200_bundles_s": round(direct["send_s"], 2), "sync_bundles": len(due),
            "sync_mb": round(sum(len(d) for _p, d in files) / 1e6, 2),
            "sync_requests_per_bundle": round(direct["requests"] / len(due), 2),
            "sync_plain_puts_s": round(direct["plain_s"], 2),
            "sync_overhead_ratio": round(direct["send_s"] / direct["plain_s"], 3),
            "sync_link_up_mbit_s": LINK.up_mbit_s, "sync_link_down_mbit_s": LINK.down_mbit_s,
            "sync_link_round_trip_ms": LINK.round_trip_ms, "sync_link_200_bundles_s": round(over_link["send_s"], 2),
            "sync_link_plain_puts_s": round(over_link["plain_s"], 2),
            "sync_link_overhead_ratio": round(over_link["send_s"] / over_link["plain_s"], 3),
            "sync_bundle_build_ms_p50": round(statistics.median(build_ms), 1),
            "sync_with_autosave_s": round(busy_send_s, 2),
            "autosave_during_sync_ms_p95": p95_ms(busy.times), "autosave_without_sync_ms_p95": p95_ms(quiet.times)}
