"""The session's vault work beside the unlock and the lock: backups and restore, the passphrase
and the recovery code, and closing the vault on the thread that opened it."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

from iro_desktop.reviews import drafts
from ui.common.clipboard import ClipboardGuard
from ui.common.window_context import WindowContext
from ui.common.workers import log_unexpected

if TYPE_CHECKING:
    from iro_desktop.vault import Vault
    from ui.common.services import Services
    from ui.session.backups_dialog import BackupsDialog
    from ui.session.security_dialogs import ChangePassphraseDialog, NewRecoveryCodeDialog


class OpenRecords(Protocol):
    """The part of the records controller a restore needs: every record is replaced."""

    def save_and_close_all(self) -> Any: ...

    def offer_recovery(self) -> Any: ...


def _log_failure(future: Future) -> None:
    if future.exception() is not None:
        log_unexpected(future.exception())


class SessionController:
    def __init__(self, ctx: WindowContext, services: Services, clipboard: ClipboardGuard,
                 closed: Callable[[], bool]) -> None:
        self.ctx = ctx
        self.services = services
        self.clipboard = clipboard
        self._closed = closed  # the window has closed, and the vault thread with it
        self.backups_dialog: BackupsDialog | None = None
        # Set by the window once its home screens exist.
        self.records: OpenRecords | None = None

    # ---- backups ---------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        if self.backups_dialog is not None:
            self.backups_dialog.set_busy(busy)

    def back_up_now(self) -> None:
        ctx = self.ctx
        vault, session = ctx.require_vault(), ctx.session()

        def made(path: Path) -> None:
            if self.backups_dialog is not None:
                self.backups_dialog.refresh()
            ctx.status(f"Backup made: {path.name}", session)

        ctx.worker.run(lambda: vault.backup_now("manual"), text="Backing up…", done=made,
                       failed=lambda exc: ctx.show_error("The backup was not made", exc, session))

    def show_backups(self) -> None:
        if self.ctx.vault() is None:
            return
        from ui.session.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.ctx.window, self.services.home, self.back_up_now, self.restore_backup)
        dialog.destroyed.connect(lambda _obj=None: self.forget_backups_dialog())
        dialog.finished.connect(lambda _r: self.forget_backups_dialog())
        self.backups_dialog = dialog
        dialog.open()

    def forget_backups_dialog(self) -> None:
        self.backups_dialog = None

    def restore_backup(self, backup: Path) -> None:
        ctx = self.ctx
        vault, session = ctx.require_vault(), ctx.session()
        # Every record is replaced: open editors close first, their words saved, and the restore
        # carries those words into the restored vault to be offered back.
        if self.records is not None:
            self.records.save_and_close_all()

        def restored(work: drafts.RestoredWork) -> None:
            if not ctx.current(session):
                return
            if self.backups_dialog is not None:
                self.backups_dialog.refresh()
            text = f"Restored {backup.name}. The previous database was kept in the backups folder."
            if work.left_behind:
                text += (f" The words you were writing on {work.left_behind} "
                         f"record{'s' if work.left_behind != 1 else ''} made after this backup are kept in that "
                         "previous database.")
            ctx.status(text)
            if work.carried and self.records is not None:
                self.records.offer_recovery()

        ctx.worker.run(lambda: drafts.restore_keeping_drafts(vault, backup), text="Restoring the backup…",
                       done=restored, failed=lambda exc: ctx.show_error("The backup was not restored", exc, session))

    # ---- passphrase and recovery code ------------------------------------------------------

    def change_passphrase(self) -> ChangePassphraseDialog | None:
        vault = self.ctx.vault()
        if vault is None:
            return None
        from ui.session.security_dialogs import ChangePassphraseDialog

        dialog = ChangePassphraseDialog(self.ctx.window, vault, self.ctx.worker, self.services, self.ctx.session)
        dialog.open()
        return dialog

    def new_recovery_code(self) -> NewRecoveryCodeDialog | None:
        vault = self.ctx.vault()
        if vault is None:
            return None
        from ui.session.security_dialogs import NewRecoveryCodeDialog

        dialog = NewRecoveryCodeDialog(self.ctx.window, vault, self.ctx.worker, self.services, self.ctx.session,
                                       self.clipboard)
        dialog.open()
        return dialog

    # ---- closing the vault -----------------------------------------------------------------

    def close_vault(self, vault: Vault, wait_s: float | None = None) -> None:
        """Close ``vault`` on the vault thread, after the drafts' lane has written what it was
        given (it uses the vault's key). Waits for it, or at most ``wait_s`` seconds: a job still
        running on the vault thread then finishes first, and the vault closes straight after."""
        if self._closed():
            vault.close()  # the worker thread has ended; by now nothing else uses the vault
            return
        worker = self.ctx.worker
        lane = worker.drafts

        def close() -> None:
            lane.submit(lambda: None).result()
            vault.close()

        # On the thread that opened it: see ui/common/workers.py.
        closing = worker.submit(close)
        try:
            closing.result(timeout=wait_s)
        except TimeoutError:
            closing.add_done_callback(_log_failure)
        except Exception as exc:  # noqa: BLE001 - locking must finish whatever happens
            log_unexpected(exc)
            vault.close()
