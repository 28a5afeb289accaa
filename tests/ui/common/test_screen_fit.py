"""A size the IRO chose for a kind of window is remembered (in QSettings, by the kind of window)
and used next time, clamped to the screen: a size chosen on a big monitor still fits a laptop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtWidgets import QApplication, QWidget

from ui.common import screen_fit
from ui.common.screen_fit import KEY, fit_to_screen, remember_sizes_in


class EditorLike(QWidget):
    pass


class PreviewLike(QWidget):
    pass


@pytest.fixture
def store(tmp_path):
    settings = QSettings(str(tmp_path / "preferences.ini"), QSettings.Format.IniFormat)
    remember_sizes_in(settings)
    yield settings
    remember_sizes_in(None)


def _free():
    free = QApplication.primaryScreen().availableGeometry()
    return free.width(), free.height() - screen_fit.FRAME


def _open(qtbot, kind, width=400, height=300):
    window = kind()
    qtbot.addWidget(window)
    fit_to_screen(window, width, height)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_size_the_iro_chose_is_used_next_time_for_that_kind_of_window(qtbot, store):
    first = _open(qtbot, EditorLike)
    assert first.size() == QSize(400, 300)
    first.resize(520, 380)  # the IRO drags the corner
    first.close()
    assert store.value(KEY.format(kind="EditorLike")) == QSize(520, 380)
    again = _open(qtbot, EditorLike)
    assert again.size() == QSize(520, 380)
    other = _open(qtbot, PreviewLike)
    assert other.size() == QSize(400, 300), "another kind of window keeps its own size"
    # Keyed by the kind of window alone: nothing about a child or a record.
    assert set(store.allKeys()) == {"window_size/EditorLike"}


def test_a_window_left_at_its_size_stores_nothing(qtbot, store):
    window = _open(qtbot, EditorLike)
    window.close()
    assert store.allKeys() == []


def test_a_size_from_a_bigger_screen_is_clamped_to_this_one(qtbot, store):
    width, height = _free()
    store.setValue(KEY.format(kind="EditorLike"), QSize(width + 900, height + 700))  # a 27-inch monitor's
    window = _open(qtbot, EditorLike)
    assert window.width() <= width and window.height() <= height
    free = window.screen().availableGeometry()
    assert free.contains(window.geometry().topLeft())
    # Without the clamp the remembered size would be used whole, which this check would catch.
    assert QSize(width + 900, height + 700) != window.size()


def test_a_maximised_window_does_not_overwrite_the_chosen_size(qtbot, store):
    window = _open(qtbot, EditorLike)
    window.resize(500, 350)
    window.close()
    window = _open(qtbot, EditorLike)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.close()
    assert store.value(KEY.format(kind="EditorLike")) == QSize(500, 350)


def test_a_window_never_shown_stores_nothing(qtbot, store):
    window = EditorLike()
    qtbot.addWidget(window)
    fit_to_screen(window, 400, 300)
    window.resize(700, 500)  # as a window's own layout may, before anyone sees it
    window.close()
    assert store.allKeys() == []


def test_without_settings_nothing_is_remembered(qtbot, tmp_path):
    remember_sizes_in(None)
    window = _open(qtbot, EditorLike)
    window.resize(520, 380)
    window.close()
    assert _open(qtbot, EditorLike).size() == QSize(400, 300)


def test_settings_let_go_by_the_app_are_not_kept_alive(qtbot, tmp_path):
    settings = QSettings(str(tmp_path / "gone.ini"), QSettings.Format.IniFormat)
    remember_sizes_in(settings)
    del settings
    assert screen_fit.remembered_size("EditorLike") is None
    remember_sizes_in(None)


def test_the_main_window_keeps_sizes_in_the_apps_settings(window, settings):
    # The window hands its own settings to the fitting: the editors and preview remember theirs there.
    assert screen_fit._store() is settings
