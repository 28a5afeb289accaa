"""Fixtures for widget tests: the real windows, given an in-memory keychain and a fast KDF."""

from __future__ import annotations

import sys
import threading
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from PySide6.QtCore import QSettings

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Child, PeriodOfCare, Placement, Review
from iro_desktop.caseload.visits import Visit, add_visit
from iro_desktop.vault import Vault, thread_guard
from tests.conftest import FAST_KDF, PASSPHRASE
from ui.common.garbage import restore_automatic
from ui.app.main_window import MainWindow
from ui.common.services import Services


def _no_app_code_on_the_stack() -> bool:
    """True for a test's own read of the vault (to check what the app saved); False when the
    app's code (``ui.…``) is making the call, which is what the guard is for."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_globals.get("__name__", "").startswith("ui."):
            return False
        frame = frame.f_back
    return True


@pytest.fixture(autouse=True)
def vault_forbidden_on_gui_thread():
    """Every UI test: the app's code must not touch the vault on the GUI thread (see
    iro_desktop/vault/thread_guard.py)."""
    thread_guard.forbid(threading.main_thread(), exempt=_no_app_code_on_the_stack)
    yield
    thread_guard.forbid(None)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "preferences.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def services(vault_home, keychain, settings):
    return Services(home=vault_home, keychain_source=lambda: (keychain, None), kdf=FAST_KDF,
                    settings=settings)


@pytest.fixture
def make_window(qtbot):
    made = []

    def make(services: Services) -> MainWindow:
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        window.start()
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()  # also ends the window's worker thread
    # The windows switch Python's collector to the GUI thread; give it back for other tests.
    restore_automatic()


@pytest.fixture
def window_factory(make_window, services):
    """Opens the window later, once a test has prepared the vault folder."""
    return lambda: make_window(services)


@pytest.fixture
def window(make_window, services):
    return make_window(services)


def sample_child(child_id: str, first: str, last: str, *, area: str = "Northshire",
                 social_worker: str = "Sam Jones", out_of_area: bool = False) -> Child:
    return Child(
        child_id=child_id, first_name=first, last_name=last, date_of_birth=date(2012, 5, 17),
        gender="F", social_worker_name=social_worker,
        periods=[PeriodOfCare(date(2021, 3, 1), "C2")],
        placements=[Placement(date(2021, 3, 1), "U4", area=area, out_of_area=out_of_area)],
    )


@pytest.fixture
def closed_vault(vault_home, keychain):
    """A vault on disk, locked, holding three invented children."""
    vault, code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        repository.add_child(vault, sample_child("C100", "Zebediah", "Quillfeather"))
        repository.add_child(vault, sample_child("C200", "Amira", "Okafor", area="Cornwall",
                                                 social_worker="Priya Shah", out_of_area=True))
        repository.add_child(vault, sample_child("C300", "Tom", "Baker", area="Devon"))
    finally:
        vault.close()
    return vault_home, code


def _months_ago(today: date, months: int, plus_days: int = 0) -> date:
    return today + timedelta(days=plus_days) - relativedelta(months=months)


@pytest.fixture
def due_vault(vault_home, keychain):
    """A locked vault whose children are due at known distances from today.

    C100 Zebediah Quillfeather, Cornwall: first review overdue, no regulation 36 conversation.
    C200 Amira Okafor, Cornwall: second review due in about 5 days, no regulation 36 conversation yet;
    the record and decisions from the first review overdue.
    C300 Tom Baker, Northshire (home): everything on track and done.
    C400 Xanthippe-Marker Smith, Devon: next review in about 25 days (due soon only with a longer window).
    C500 Nia Home, Northshire (home): next review in about 32 days.
    """
    today = date.today()
    vault, code = Vault.create(vault_home, PASSPHRASE, keychain, kdf=FAST_KDF)
    try:
        repository.set_council_area(vault, "Northshire")

        def child(cid, first, last, area, start, reviews=()):
            c = sample_child(cid, first, last, area=area)
            c.periods[0].start_date = c.placements[0].start_date = start
            c.reviews = list(reviews)
            return c

        repository.add_child(vault, child("C100", "Zebediah", "Quillfeather", "Cornwall", today - timedelta(days=120)))
        first = _months_ago(today, 3, plus_days=5)
        repository.add_child(vault, child("C200", "Amira", "Okafor", "Cornwall", first - timedelta(days=30),
                                          [Review(first, "first")]))
        latest = today - timedelta(days=30)
        repository.add_child(vault, child("C300", "Tom", "Baker", "Northshire", today - timedelta(days=400), [
            Review(today - timedelta(days=380), "first"), Review(latest - relativedelta(months=6), "second",
                                                                  record_sent_date=latest - relativedelta(months=5),
                                                                  decisions_circulated_date=latest - relativedelta(months=5)),
            Review(latest, "subsequent", record_sent_date=latest + timedelta(days=7),
                   decisions_circulated_date=latest + timedelta(days=3))]))
        repository.add_child(vault, child("C400", "Xanthippe-Marker", "Smith", "Devon", today - timedelta(days=500), [
            Review(today - timedelta(days=480), "first"),
            Review(_months_ago(today, 6, plus_days=25), "second", record_sent_date=today - timedelta(days=150),
                   decisions_circulated_date=today - timedelta(days=155))]))
        repository.add_child(vault, child("C500", "Nia", "Home", "Northshire", today - timedelta(days=500), [
            Review(today - timedelta(days=480), "first"),
            Review(_months_ago(today, 6, plus_days=32), "second", record_sent_date=today - timedelta(days=150),
                   decisions_circulated_date=today - timedelta(days=155))]))
        for cid, days_ago in (("C200", 40), ("C400", 60), ("C500", 60)):
            add_visit(vault, Visit(cid, today - timedelta(days=days_ago), "midway", True))
    finally:
        vault.close()
    return vault_home, code
