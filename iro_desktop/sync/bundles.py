"""Export bundles: the files an outbox row sends, made once and then fixed.

A review record's bundle: the professional record PDF, the child's letter PDF (in the child's
own colours and picture), the JSON document, and ``manifest.json`` last. A midway review's: its
JSON document, the note to the child as a PDF when the IRO wrote one, and the manifest (the app
has no professional layout of a midway review; the JSON holds all of it).

When bundles are made. Lazily, on the first sync, not inside the finalising transaction: the
finalised version is read-only, so what it says cannot change meanwhile; finalising stays
quick and can never fail because a PDF could not be made (a font or a picture problem must not
stop a statutory record being finalised); and the vault's connection is not held while
reportlab works. Once made, the bytes are stored in the vault (``outbox_file``, encrypted with
the rest of it) in one transaction, and every retry sends exactly those bytes: nothing is made
twice, and a change made later (the child's colours, the IRO's photo) never alters a bundle
already made.

The PDFs carry no personal metadata: their title names the document and its date, never the
child (the renderers' own titles name the child, for a letter saved by the IRO).
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from iro_desktop.errors import IroError
from iro_desktop.reviews import lifecycle
from iro_desktop.sync import export_document, manifest, outbox


class RecordGone(IroError):
    def __init__(self, bundle_id: str) -> None:
        super().__init__(f"The record of export {bundle_id} is no longer in this vault, so its bundle "
                         "cannot be made. Nothing was sent.")


@dataclass(frozen=True)
class BundleFile:
    name: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


class _Reader:
    """What the renderers ask of a vault (``read``, ``setting``), on whatever connection the
    caller gives: the drain runs on a lane of its own, never the vault thread's connection."""

    def __init__(self, source) -> None:
        self._source = source

    @contextmanager
    def read(self) -> Iterator:
        with self._source.read() as db:
            yield db

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._source.read() as db:
            row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default


def make_files(source, e: outbox.Entry) -> list[tuple[str, bytes]]:
    """Render the bundle of ``e`` from the vault: (name, bytes) in the order they are sent,
    the manifest last. Nothing is stored here."""
    src = _Reader(source)
    with src.read() as db:
        try:
            info = lifecycle.record_info(db.conn, e.record_id)
            lifecycle.version_info(db.conn, e.record_id, e.version)
        except IroError as exc:
            raise RecordGone(e.bundle_id) from exc
        if e.kind == outbox.REVIEW_RECORD:
            doc = export_document.review_document(db.conn, e.record_id, e.version, e.bundle_id)
        elif e.kind == outbox.MIDWAY_RECORD:
            doc = export_document.midway_document(db.conn, e.record_id, e.version, e.bundle_id)
        else:
            raise IroError(f"This version of the app cannot make an export of the kind '{e.kind}'. "
                           "Update IRO Desktop; the export stays in the outbox.")
    # The PDF makers (reportlab, fonts) load only when a bundle is first made, not with the app.
    from iro_desktop.sync import bundle_pdfs

    files = [(f"{e.folder}-record.json", export_document.document_bytes(doc))]
    if info.kind == "review":
        files.append((f"{e.folder}-professional.pdf", bundle_pdfs.professional_pdf(src, e.record_id, e.version)))
        files.append((f"{e.folder}-child.pdf", bundle_pdfs.letter_pdf(src, "review", e.record_id, e.version)))
    elif doc.get("note_to_child_written"):
        files.append((f"{e.folder}-child.pdf", bundle_pdfs.letter_pdf(src, "midway", e.record_id, e.version)))
    files.append((manifest.NAME, manifest.make(e.bundle_id, e.kind, e.folder, files, outbox.stamp(outbox.now_utc()))))
    return files


def stored_files(conn, bundle_id: str) -> list[BundleFile]:
    """The bundle's stored files in sending order (empty if not made yet). Raises if its bytes
    were dropped after the retention period."""
    rows = conn.execute("SELECT name, sha256, data FROM outbox_file WHERE bundle_id = ? ORDER BY position",
                        (bundle_id,)).fetchall()
    if any(data is None for _n, _s, data in rows):
        raise IroError(f"The bytes of export {bundle_id} were removed after its retention period; "
                       "only its receipt is kept.")
    return [BundleFile(name, bytes(data), sha) for name, sha, data in rows]


def ensure_built(source, bundle_id: str) -> list[BundleFile]:
    """The bundle's files: the stored ones, or made now and stored in one transaction. If two
    callers race, the first to commit wins and both send its bytes."""
    with source.read() as db:
        found = stored_files(db.conn, bundle_id)
        e = outbox.entry_conn(db.conn, bundle_id)
    if found:
        return found
    made = make_files(source, e)
    with source.transaction() as tx:
        conn = tx.db.conn
        if not conn.execute("SELECT 1 FROM outbox_file WHERE bundle_id = ?", (bundle_id,)).fetchone():
            for position, (name, data) in enumerate(made):
                conn.execute("INSERT INTO outbox_file (bundle_id, position, name, size, sha256, data) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             (bundle_id, position, name, len(data), manifest.sha256(data), data))
            conn.execute("UPDATE outbox SET built_at = ?, updated_at = ? WHERE bundle_id = ?",
                         (outbox.stamp(outbox.now_utc()), outbox.stamp(outbox.now_utc()), bundle_id))
            tx.audit("outbox.built", "outbox", bundle_id)
        return stored_files(conn, bundle_id)
