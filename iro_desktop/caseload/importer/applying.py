"""Applying the import: the plan written in one transaction, or nothing at all."""

from __future__ import annotations

from iro_desktop.caseload import repository
from iro_desktop.caseload.importer.planning import ImportPlan, audit_seq
from iro_desktop.errors import IroError
from iro_desktop.vault import Vault


class StalePlan(IroError):
    def __init__(self) -> None:
        super().__init__("The caseload changed after this import was previewed. Preview the import "
                         "again before applying it. Nothing was changed.")


def apply(vault: Vault, plan: ImportPlan) -> None:
    """Write ``plan`` in one transaction: all of it or, on any error, nothing.

    An encrypted backup is taken first, so even a correct import that the IRO regrets can be
    undone from the backups list. Every child is checked and tidied before the transaction
    (``repository.prepare``), so it holds the vault's write lock for the writes alone: autosaved
    drafts, written meanwhile on a connection of their own, wait at most that long."""
    if plan.has_changes:
        vault.backup_now("pre-import")
    new = repository.prepare([c.child for c in plan.new if c.child], plan.today)
    assert all(change.child is not None for change in plan.changed)
    changed = repository.prepare([c.child for c in plan.changed], plan.today)  # type: ignore[misc]
    with vault.transaction() as tx:
        if audit_seq(tx.db) != plan.audit_seq:
            raise StalePlan()
        if new:
            repository.insert_children_tx(tx, new, today=plan.today, prepared=True)
        for child in changed:
            repository.update_child_tx(tx, child, today=plan.today, prepared=True)
        for change in plan.not_allocated:
            repository.set_allocated_tx(tx, change.child_id, False, plan.today)
        tx.audit("import.apply", "import", plan.digest[:16])
