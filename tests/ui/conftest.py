"""Fixtures for widget tests: the real windows, given an in-memory keychain and a fast KDF."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings

from iro_desktop.caseload import repository
from iro_desktop.caseload.model import Child, PeriodOfCare, Placement
from iro_desktop.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE
from ui.garbage import restore_automatic
from ui.main_window import MainWindow
from ui.services import Services


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
