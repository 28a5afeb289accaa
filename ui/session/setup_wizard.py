"""First run: this computer's keychain, who the IRO is (their name as children see it, and their
council's area), a passphrase, the vault itself, and the recovery code.

The name and the council area are kept in the vault (``printing.profile.save_setup_details``),
written straight after it is made and before anything else: never in a settings file.

The recovery code is shown once and never stored anywhere, so the wizard will not finish until
the IRO has shown they kept it (ticked that they wrote it down or printed it, and typed its last
group back).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox, QCompleter, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
    QWidget, QWizard, QWizardPage,
)

from iro_desktop.caseload.council_areas import english_councils
from iro_desktop.printing import profile
from iro_desktop.vault import Vault
from iro_desktop.vault.keyslots import normalise_recovery_code

from ui.common.clipboard import ClipboardGuard
from ui.session.keychain_choice import KeychainChoice
from ui.session.passphrase_fields import NewPassphraseFields
from ui.common.services import Services
from ui.common.messages import error_text
from ui.common.workers import Worker


def _para(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class AboutYou(QGroupBox):
    """The IRO's name as children see it, and their council's area (a list of English councils
    to choose from, or any name typed)."""

    def __init__(self) -> None:
        super().__init__("About you")
        self.name = QLineEdit()
        self.name.setMaxLength(profile.MAX_TEXT)
        self.name.setPlaceholderText("For example: Sam Okafor")
        self.name.setAccessibleName("Your name, as children will see it")
        self.council_area = QLineEdit()
        self.council_area.setMaxLength(profile.MAX_TEXT)
        self.council_area.setPlaceholderText("Start typing, for example: Cornwall")
        self.council_area.setAccessibleName("Your council area")
        completer = QCompleter(list(english_councils()), self.council_area)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.council_area.setCompleter(completer)
        form = QFormLayout(self)
        name_label = QLabel("Your &name, as children will see it:")
        name_label.setBuddy(self.name)
        area_label = QLabel("Your &council area:")
        area_label.setBuddy(self.council_area)
        form.addRow(name_label, self.name)
        form.addRow(area_label, self.council_area)
        form.addRow(_para("Your name goes on children's letters and signs the records you finalise; "
                          "the council area tells who is placed out of area. Both are kept in your "
                          "vault, and you can change them later."))

    def values(self) -> tuple[str, str]:
        return self.name.text(), self.council_area.text()


class WelcomePage(QWizardPage):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.setTitle("Set up your caseload vault")
        self.setSubTitle("IRO Desktop keeps your caseload in an encrypted vault on this computer.")
        self.choice = KeychainChoice(services)
        self.choice.changed.connect(self.completeChanged)
        self.about_you = AboutYou()
        layout = QVBoxLayout(self)
        layout.addWidget(_para(f"Your vault will be kept in the folder:\n{services.home}"))
        layout.addSpacing(8)
        layout.addWidget(self.choice)
        layout.addSpacing(8)
        layout.addWidget(self.about_you)
        layout.addStretch(1)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.choice.ready()


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Choose your passphrase")
        self.setSubTitle("You will type it every time you unlock your vault.")
        self.fields = NewPassphraseFields()
        self.fields.changed.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(_para("A few unrelated words work well, for example four words you can "
                               "picture together. Do not reuse your council login."))
        layout.addWidget(self.fields)
        layout.addStretch(1)
        # Leaving this page creates the vault, which cannot be undone with Back.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Create my vault")

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.fields.is_acceptable()


class CreatePage(QWizardPage):
    def __init__(self, wizard: "SetupWizard") -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Creating your vault")
        self.status = _para("")
        self.retry = QPushButton("Try again")
        self.retry.clicked.connect(self._start)
        self.retry.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self._running = False
        # The vault exists once this page is done: Back from the recovery code must not lead here.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Continue")

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self._start()

    def _start(self) -> None:
        if self._running or self._wizard.vault is not None:
            return
        w = self._wizard
        services = w.services
        passphrase = w.passphrase_page.fields.passphrase()
        choice = w.welcome_page.choice
        keychain, allow = choice.keychain(), choice.allow_no_keychain()
        name, council_area = w.welcome_page.about_you.values()
        self._running = True
        self.retry.hide()
        self.status.setText("Creating your encrypted vault. This takes a moment…")

        def create() -> tuple[Vault, str]:
            vault, code = Vault.create(services.home, passphrase, keychain, allow_no_keychain=allow,
                                       kdf=services.kdf)
            profile.save_setup_details(vault, name=name, council_area=council_area)
            return vault, code

        w.worker.run(create, text="Creating your vault…", done=self._created, failed=self._failed)

    def _created(self, result: tuple[Vault, str]) -> None:
        self._running = False
        vault, code = result
        self._wizard.vault = vault
        self._wizard.passphrase_page.fields.clear()
        self._wizard.code_page.set_code(code)
        self.status.setText("Your vault is ready.")
        self.completeChanged.emit()
        self._wizard.next()

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.status.setText(error_text(exc))
        self.retry.show()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self._wizard.vault is not None


def monospace_font(point_size: int) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(point_size)
    font.setBold(True)
    return font


class RecoveryCodePage(QWizardPage):
    CONFIRM = "I have written down or printed my recovery code"

    def __init__(self, clipboard: ClipboardGuard) -> None:
        super().__init__()
        self.setTitle("Your recovery code")
        self.setSubTitle("This is the only time it is shown. Write it down or print it now.")
        self._clipboard = clipboard
        self._code = ""
        self.print_dialog: QPrintDialog | None = None
        self.code_label = QLabel()
        self.code_label.setFont(monospace_font(22))
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Not selectable: copying goes through the Copy button, so the app knows to clear it.
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.code_label.setAccessibleName("Recovery code")
        self.code_label.setStyleSheet("QLabel { padding: 12px; border: 1px solid palette(mid); }")
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(self._copy)
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self._print)
        self.confirm = QCheckBox(self.CONFIRM)
        self.confirm.toggled.connect(self.completeChanged)
        self.last_group = QLineEdit()
        self.last_group.setMaxLength(12)
        self.last_group.setAccessibleName("Last group of the recovery code")
        self.last_group.textChanged.connect(self.completeChanged)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        check_row = QHBoxLayout()
        check_row.addWidget(QLabel("Type the last group of your code (after the last dash):"))
        check_row.addWidget(self.last_group)
        check_row.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(_para(
            "If you forget your passphrase, or move to a new computer, this code is the only way "
            "into your vault. Keep it somewhere safe and apart from this laptop."))
        layout.addWidget(self.code_label)
        layout.addLayout(buttons)
        layout.addSpacing(8)
        layout.addWidget(self.confirm)
        layout.addLayout(check_row)
        layout.addStretch(1)

    def set_code(self, code: str) -> None:
        self._code = code
        groups = code.split("-")
        half = (len(groups) + 1) // 2
        # Two lines of groups read more easily than one long line, and keep the dashes visible.
        self.code_label.setText("-".join(groups[:half]) + "-\n" + "-".join(groups[half:]))

    def wipe(self) -> None:
        self._code = ""
        self.code_label.clear()
        self.last_group.clear()
        self.confirm.setChecked(False)

    def _copy(self) -> None:
        self._clipboard.copy(self._code)
        self.copy_button.setText("Copied")

    def _print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print recovery code")
        code = self._code

        def print_it() -> None:
            doc = QTextDocument()
            doc.setDefaultFont(QFont(self.font().family(), 12))
            doc.setHtml(
                "<h2>IRO Desktop — vault recovery code</h2>"
                f"<p style='font-family: monospace; font-size: 20pt'><b>{code}</b></p>"
                "<p>Use this code if you forget your passphrase or move to a new computer. "
                "Keep it somewhere safe, apart from your laptop.</p>")
            doc.print_(printer)

        dialog.accepted.connect(print_it)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # QPrintDialog.open() in PySide6 insists on a receiver; show it window-modal instead.
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        self.print_dialog = dialog

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if not self._code or not self.confirm.isChecked():
            return False
        typed = normalise_recovery_code(self.last_group.text())
        return bool(typed) and typed == normalise_recovery_code(self._code.split("-")[-1])


class SetupWizard(QWizard):
    """Emits ``vault_ready`` with the new, open vault once the IRO has kept their recovery code."""

    vault_ready = Signal(object)

    def __init__(self, services: Services, worker: Worker, clipboard: ClipboardGuard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.worker = worker
        self.vault: Vault | None = None
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        # Once the vault exists there is nothing to cancel: closing the window is the way out.
        self.setOption(QWizard.WizardOption.NoCancelButton, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, "Open my caseload")
        self.welcome_page = WelcomePage(services)
        self.passphrase_page = PassphrasePage()
        self.create_page = CreatePage(self)
        self.code_page = RecoveryCodePage(clipboard)
        for page in (self.welcome_page, self.passphrase_page, self.create_page, self.code_page):
            self.addPage(page)

    def accept(self) -> None:
        vault, self.vault = self.vault, None
        self.code_page.wipe()
        if vault is not None:
            self.vault_ready.emit(vault)

    def take_vault(self) -> Vault | None:
        """Hand over a vault made but not yet finished with (the window is closing)."""
        vault, self.vault = self.vault, None
        self.code_page.wipe()
        return vault
