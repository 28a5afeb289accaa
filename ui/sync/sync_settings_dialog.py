"""Sync settings: where records go (an https:// address or a folder), the council's CA bundle,
the sign-in (a user name and password, or a token) and how long sent bundles are kept.

The sign-in is kept inside the vault (``sync.config``): the password box is a password box, is
never filled from the vault (a saved password only says it is saved), and nothing here goes to
QSettings. What is checked and saved is the core's (``sync.settings_form``); saving and "Test connection" are the controller's (vault thread, sync thread); the
dialog only lays out the fields and shows each problem under its field.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel,
    QLineEdit, QPushButton, QRadioButton, QSpinBox, QVBoxLayout, QWidget,
)

from iro_desktop.sync.settings_form import CA_BUNDLE, RETENTION, SIGN_IN, TARGET, Current, Entered
from ui.common.form_widgets import FieldProblem
from ui.common.widgets import hint_label

# (entered, saved, refused): refused(problems) with a message per field, or refused({"": text}).
SaveFn = Callable[[Entered, Callable[[], None], Callable[[dict[str, str]], None]], None]
TestFn = Callable[[Entered, Callable[[str, bool], None]], None]  # (entered, told(text, ok))


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        row.addWidget(w, 1 if isinstance(w, (QLineEdit, QLabel)) else 0)
    return holder


class SyncSettingsDialog(QDialog):
    def __init__(self, parent: QWidget, current: Current, save: SaveFn, test: TestFn) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync settings")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(620)
        self._save, self._test = save, test
        self._current = current

        self.target = QLineEdit(current.target or "")
        self.target.setPlaceholderText("https://documents.council.gov.uk/iro/ or a folder")
        self.target.setAccessibleName("Where records are sent: an https address or a folder")
        self.choose_folder = QPushButton("Choose &folder…")
        self.choose_folder.setAccessibleName("Choose a folder to send records to")
        self.choose_folder.clicked.connect(lambda _c=False: self._choose(False))
        self.ca_bundle = QLineEdit(current.ca_bundle or "")
        self.ca_bundle.setPlaceholderText("Only if the council gave you one")
        self.ca_bundle.setAccessibleName("The council's CA bundle file")
        self.choose_ca = QPushButton("Choose fi&le…")
        self.choose_ca.setAccessibleName("Choose the council's CA bundle file")
        self.choose_ca.clicked.connect(lambda _c=False: self._choose(True))

        self.by_password = QRadioButton("User &name and password")
        self.by_token = QRadioButton("T&oken")
        group = QButtonGroup(self)
        group.addButton(self.by_password)
        group.addButton(self.by_token)
        (self.by_token if current.has_token else self.by_password).setChecked(True)
        self.username = QLineEdit(current.username or "")
        self.username.setAccessibleName("Sign-in user name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Sign-in password")
        self.password.setPlaceholderText("Saved — type a new one to replace it" if current.has_password else "")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.token.setAccessibleName("Sign-in token")
        self.token.setPlaceholderText("Saved — paste a new one to replace it" if current.has_token else "")
        for box in (self.password, self.token):
            box.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhSensitiveData
                                    | Qt.InputMethodHint.ImhNoPredictiveText)
        self.by_token.toggled.connect(lambda _on: self._sign_in_shown())

        self.retention = QSpinBox()
        self.retention.setRange(0, 3650)
        self.retention.setSuffix(" days")
        self.retention.setValue(current.retention_days)
        self.retention.setAccessibleName("Keep sent records in the vault for this many days")

        self.problems = {key: FieldProblem() for key in (TARGET, CA_BUNDLE, SIGN_IN, RETENTION, "")}
        form = QFormLayout()
        form.addRow("Send records &to:", _row(self.target, self.choose_folder))
        form.addRow("", self.problems[TARGET])
        form.addRow("Council's &CA bundle:", _row(self.ca_bundle, self.choose_ca))
        form.addRow("", self.problems[CA_BUNDLE])
        form.addRow("Sign in with:", _row(self.by_password, self.by_token, QLabel()))
        form.addRow("&User name:", self.username)
        form.addRow("&Password:", self.password)
        form.addRow("To&ken:", self.token)
        form.addRow("", self.problems[SIGN_IN])
        form.addRow("Keep sent records for:", self.retention)
        form.addRow("", hint_label("After the council's store has confirmed a record, its files stay in "
                                   "the vault this long; its receipt stays for good."))
        form.addRow("", self.problems[RETENTION])
        for label_for in (self.username, self.password, self.token):
            label = form.labelForField(label_for)
            if label is not None:
                label.setBuddy(label_for)

        self.test_button = QPushButton("T&est connection")
        self.test_button.setAccessibleName("Test the connection")
        self.test_button.clicked.connect(lambda _c=False: self.test_connection())
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setAccessibleName("What the connection test found")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_row(self.test_button, self.test_result))
        layout.addWidget(self.problems[""])
        layout.addWidget(self.buttons)
        self._sign_in_shown()

    def _sign_in_shown(self) -> None:
        token = self.by_token.isChecked()
        self.token.setEnabled(token)
        self.username.setEnabled(not token)
        self.password.setEnabled(not token)

    def _choose(self, ca: bool) -> None:
        dialog = QFileDialog(self, "Choose the council's CA bundle" if ca else "Choose the folder to send records to")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile if ca else QFileDialog.FileMode.Directory)
        if ca:
            dialog.setNameFilters(["Certificates (*.pem *.crt *.cer)", "All files (*)"])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect((self.ca_bundle if ca else self.target).setText)
        dialog.open()

    def entered(self) -> Entered:
        return Entered(self.target.text().strip(), self.ca_bundle.text().strip(), self.by_token.isChecked(),
                       self.username.text().strip(), self.password.text(), self.token.text().strip(),
                       self.retention.value())

    def show_problems(self, problems: dict[str, str]) -> None:
        for key, label in self.problems.items():
            label.show_problems([problems[key]] if key in problems else [])
        self.buttons.setEnabled(True)

    def test_connection(self) -> None:
        self.test_result.setText("Trying to reach it…")
        self.test_button.setEnabled(False)

        def told(text: str, ok: bool) -> None:
            self.test_button.setEnabled(True)
            self.test_result.setText(("✓ " if ok else "⚠ ") + text)

        self._test(self.entered(), told)

    def accept(self) -> None:
        self.buttons.setEnabled(False)
        self.show_problems({})
        self.buttons.setEnabled(False)
        self._save(self.entered(), self._saved, self.show_problems)

    def _saved(self) -> None:
        self.password.clear()
        self.token.clear()
        super().accept()
