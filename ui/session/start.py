"""Starting a session: the first page the window shows (the demo opening, the set-up or the
unlock screen), opening the vault from it, and the session's first work once it is open (today's
backup, and whether this is the demo caseload)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget

from iro_desktop.demo_vault import is_demo, open_demo_vault
from iro_desktop.vault import Vault, vault_exists
from ui.common.clipboard import ClipboardGuard
from ui.common.messages import error_text
from ui.common.window_context import WindowContext
from ui.session.unlock_screen import UnlockScreen

if TYPE_CHECKING:
    from ui.common.services import Services
    from ui.session.setup_wizard import SetupWizard


class SessionStart:
    """The pages before the home screens, in the window's ``stack``. ``opened(vault)`` hands an
    open vault to the window; ``closed()`` says the window has closed meanwhile, and then the
    vault goes straight to ``close_vault``."""

    def __init__(self, ctx: WindowContext, services: Services, clipboard: ClipboardGuard, stack: QStackedWidget,
                 *, opened: Callable[[Vault], None], close_vault: Callable[[Vault], None],
                 closed: Callable[[], bool], page_shown: Callable[[], None],
                 demo_banner: Callable[[bool], None]) -> None:
        self.ctx = ctx
        self.services = services
        self.clipboard = clipboard
        self.stack = stack
        self._opened = opened
        self._close_vault = close_vault
        self._closed = closed
        self._page_shown = page_shown  # the window's status follows the page
        self._demo_banner = demo_banner
        self.opening = QLabel("Opening your caseload…")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_screen = UnlockScreen(services, ctx.worker)
        self.unlock_screen.unlocked.connect(self.unlocked)
        self.wizard: SetupWizard | None = None
        stack.addWidget(self.opening)
        stack.addWidget(self.unlock_screen)

    def start(self) -> None:
        """Open the demo, ask to unlock, or run the set-up: whichever this folder needs."""
        if self.services.demo:
            self.open_demo()
        elif vault_exists(self.services.home):
            self.show_unlock()
        else:
            self.show_setup()

    def open_demo(self) -> None:
        home, kdf = self.services.home, self.services.kdf
        self.opening.setText("Opening the demo caseload of invented children…")
        self.stack.setCurrentWidget(self.opening)

        def failed(exc: BaseException) -> None:
            self.show_unlock()
            self.unlock_screen.show_passphrase(error_text(exc))

        self.ctx.worker.run(lambda: open_demo_vault(home, kdf=kdf), text="Opening the demo caseload…",
                            done=self.unlocked, failed=failed)

    def show_setup(self) -> None:
        if self.wizard is None:
            from ui.session.setup_wizard import SetupWizard

            self.wizard = SetupWizard(self.services, self.ctx.worker, self.clipboard)
            self.wizard.setWindowFlags(Qt.WindowType.Widget)  # a page of the window, not a dialog
            self.wizard.vault_ready.connect(self._setup_finished)
            self.stack.addWidget(self.wizard)
        self.stack.setCurrentWidget(self.wizard)
        self._page_shown()

    def _setup_finished(self, vault: Vault) -> None:
        wizard, self.wizard = self.wizard, None
        self.unlocked(vault)
        if wizard is not None:
            self.stack.removeWidget(wizard)
            wizard.deleteLater()

    def show_unlock(self) -> None:
        self.unlock_screen.reset()
        self.stack.setCurrentWidget(self.unlock_screen)
        self._page_shown()

    def unlocked(self, vault: Vault) -> None:
        if self._closed():
            self._close_vault(vault)  # the window closed while the vault was opening
            return
        self._demo_banner(self.services.demo)
        self._opened(vault)
        ctx, session = self.ctx, self.ctx.session()
        if not self.services.demo:
            ctx.worker.run(lambda: is_demo(vault), text="Opening…", quiet=True,
                           done=lambda demo: self._demo_banner(demo) if ctx.current(session) else None)
        # The core keeps one backup a day; the first unlock of the day makes it.
        ctx.worker.run(vault.backup_if_due, text="Making today's backup…",
                       failed=lambda exc: ctx.status(f"Today's backup could not be made: {error_text(exc)}",
                                                     session))

    def take_unfinished(self) -> Vault | None:
        """The vault a set-up made but has not yet handed over (the window is closing)."""
        return self.wizard.take_vault() if self.wizard is not None else None
