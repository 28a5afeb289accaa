"""The audit log as the IRO reads it (Help, Audit log): newest first, a page at a time, with
each action in words. Read-only: nothing here writes, and the rows hold no case content."""

from __future__ import annotations

from dataclasses import dataclass

PAGE = 500


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at_utc: str
    action: str
    record_type: str
    record_id: str

    @property
    def what(self) -> str:
        """"review_record.finalise" -> "Review record: finalise"."""
        area, _dot, verb = self.action.partition(".")
        words = area.replace("_", " ")
        return f"{words[:1].upper()}{words[1:]}: {verb.replace('_', ' ').replace('.', ', ')}" if verb else words


def audit_entries(vault, *, before_seq: int | None = None, limit: int = PAGE) -> list[AuditEntry]:
    """Up to ``limit`` rows, newest first, older than ``before_seq`` if given."""
    with vault.read() as db:
        rows = db.conn.execute(
            "SELECT seq, at_utc, action, record_type, record_id FROM audit_log "
            "WHERE (:before IS NULL OR seq < :before) ORDER BY seq DESC LIMIT :limit",
            {"before": before_seq, "limit": limit}).fetchall()
    return [AuditEntry(*row) for row in rows]
