"""The review record's quality assurance page: the ratings, good practice and anything else for
the manager. The page fills itself from core content (``load``) and reads it back (``collect``) so
that an untouched page gives back exactly what it was given.
"""

from __future__ import annotations


from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from iro_desktop.escalations.screen import offers_informal_resolution
from iro_desktop.reviews import codes
from iro_desktop.reviews.model import QualityAssurance

from ui.common.form_widgets import CodeCombo
from ui.common.widgets import InfoBar, YesNo, plain_note_edit
from ui.records.record_form import PAGE_WIDTH, form_group, keep_blank, line_edit


class QualityPage(QScrollArea):
    changed = Signal()
    informal_resolution_requested = Signal()  # an amber or red rating: open an informal resolution record
    notify_requested = Signal()  # "Notify good practice" ticked: record the notification itself

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Quality assurance")  # the page scrolls, and takes the focus to do it
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._loaded: QualityAssurance | None = None
        self.informal_available = True  # False where no escalation tracker is at hand to open one
        inner = QWidget()
        inner.setMaximumWidth(PAGE_WIDTH)
        layout = QVBoxLayout(inner)
        notice = QLabel("For your manager and the annual IRO report. <b>Never part of the child's letter</b> "
                        "and never printed on it.")
        notice.setWordWrap(True)
        notice.setObjectName("qaNotice")
        notice.setStyleSheet("QLabel#qaNotice { background: #eceff1; border: 1px solid #b0bec5; border-radius: 4px; "
                             "padding: 8px; color: #263238; }")
        layout.addWidget(notice)
        box, form = form_group("Quality ratings")
        self.care_planning = CodeCombo(codes.RAG, blank_text="Not rated", show_code=False)
        self.care_planning.setAccessibleName("Progress of the care plan (rating)")
        self.preparation = CodeCombo(codes.RAG, blank_text="Not rated", show_code=False)
        self.preparation.setAccessibleName("Preparation for the review (rating)")
        self.social_worker_report = YesNo(name="Social worker's report ready in time")
        self.care_plan_up_to_date = YesNo(name="Care plan up to date")
        self.child_prepared = YesNo(name="Child prepared for the review")
        form.addRow("Progress of the care plan:", self.care_planning)
        form.addRow("Preparation for the review:", self.preparation)
        form.addRow("Social worker's report ready in time:", self.social_worker_report)
        form.addRow("Care plan up to date:", self.care_plan_up_to_date)
        form.addRow("Child helped to prepare:", self.child_prepared)
        # Some councils ask for an informal resolution whenever a review is rated amber or red.
        self.informal_offer = InfoBar(tone="warn")
        self.informal_button = self.informal_offer.add_button("Open an informal resolution…", self.informal_resolution_requested.emit,
                                       "Open an informal resolution record")
        self.informal_offer.label.setText("An amber or red rating: you can open an informal resolution record "
                                          "(the first stage of an escalation) for it.")
        self.informal_offer.hide()
        self._read_only = False
        layout.addWidget(self.informal_offer)
        layout.addWidget(box)
        box, form = form_group("Good practice")
        self.good_practice = QCheckBox("Notify good practice")
        self.good_practice_note = line_edit("What the good practice was", "What the good practice was, in a sentence")
        form.addRow("", self.good_practice)
        form.addRow("Note:", self.good_practice_note)
        self.notify_available = True  # False where no escalation tracker is at hand
        self.notify_button = QPushButton("Record the notification…")
        self.notify_button.setToolTip("Record a good-practice notification for the annual report, from this review")
        self.notify_button.clicked.connect(lambda _checked=False: self.notify_requested.emit())
        form.addRow("", self.notify_button)
        layout.addWidget(box)
        box, form = form_group("Anything else for your manager")
        self.note = plain_note_edit("Note for your manager", lines=4)
        form.addRow(self.note)
        layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)
        for combo in (self.care_planning, self.preparation):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            combo.currentIndexChanged.connect(lambda _i: self._show_offer())
        for w in (self.social_worker_report, self.care_plan_up_to_date, self.child_prepared):
            w.changed.connect(self.changed)
        self.good_practice.toggled.connect(lambda _on: self._good_practice_toggled())
        self._good_practice_toggled()
        self.good_practice_note.textEdited.connect(lambda _t: self.changed.emit())
        self.note.textChanged.connect(self.changed)

    def load(self, qa: QualityAssurance) -> None:
        self._loaded = qa
        for w in (self.care_planning, self.preparation, self.good_practice, self.note,
                  self.social_worker_report, self.care_plan_up_to_date, self.child_prepared):
            w.blockSignals(True)
        try:
            self.care_planning.set_value(qa.care_planning_rag)
            self.preparation.set_value(qa.preparation_rag)
            self.social_worker_report.set_value(qa.social_worker_report)
            self.care_plan_up_to_date.set_value(qa.care_plan_up_to_date)
            self.child_prepared.set_value(qa.child_prepared)
            self.good_practice.setChecked(qa.good_practice)
            self.good_practice_note.setText(qa.good_practice_note)
            self.note.setPlainText(qa.note)
        finally:
            for w in (self.care_planning, self.preparation, self.good_practice, self.note,
                      self.social_worker_report, self.care_plan_up_to_date, self.child_prepared):
                w.blockSignals(False)
        self._good_practice_toggled()
        self._show_offer()

    def _show_offer(self) -> None:
        offer = offers_informal_resolution(self.care_planning.value(), self.preparation.value())
        self.informal_offer.setVisible(offer and not self._read_only and self.informal_available)

    def collect(self) -> QualityAssurance:
        old = self._loaded or QualityAssurance()
        return QualityAssurance(
            care_planning_rag=keep_blank(self.care_planning.value(), old.care_planning_rag),
            preparation_rag=keep_blank(self.preparation.value(), old.preparation_rag),
            social_worker_report=self.social_worker_report.value(),
            care_plan_up_to_date=self.care_plan_up_to_date.value(),
            child_prepared=self.child_prepared.value(),
            good_practice=self.good_practice.isChecked(),
            good_practice_note=self.good_practice_note.text(),
            note=self.note.toPlainText())

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.informal_button.setEnabled(not read_only)
        self._show_offer()
        for w in (self.care_planning, self.preparation, self.social_worker_report, self.care_plan_up_to_date,
                  self.child_prepared, self.good_practice, self.good_practice_note):
            w.setEnabled(not read_only)
        self.note.setReadOnly(read_only)
        self.note.setEnabled(not read_only)
        if not read_only:
            self._good_practice_toggled()
        self.notify_button.setEnabled(not read_only)

    def _good_practice_toggled(self) -> None:
        self.good_practice_note.setEnabled(self.good_practice.isChecked() or bool(self.good_practice_note.text()))
        self.notify_button.setVisible(self.good_practice.isChecked() and self.notify_available)
        self.notify_button.setEnabled(not self._read_only)
        self.changed.emit()
