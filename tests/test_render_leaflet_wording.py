"""The "My IRO" leaflet speaks to its reader's age: a young child hears about "the grown-ups who
look after you"; a teenager about the people responsible for their care; a young person leaving
care about their pathway plan, never about coming into care."""

from __future__ import annotations

import dataclasses

import pytest

from iro_desktop.printing import render
from iro_desktop.printing.pdf.leaflet import render_leaflet
from iro_desktop.printing.views import LEAVING_CARE, OLDER, YOUNG, leaflet_audience
from tests.support.render_helpers import DEMO_TODAY, demo_vault, flat, text


@pytest.mark.parametrize("age, care_leaver, audience", [
    (3, False, YOUNG), (10, False, YOUNG), (11, False, OLDER), (15, False, OLDER), (16, False, LEAVING_CARE),
    (15, True, LEAVING_CARE), (19, True, LEAVING_CARE)])
def test_who_the_leaflet_speaks_to(age, care_leaver, audience):
    assert leaflet_audience(age, care_leaver) == audience


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    vault = demo_vault(tmp_path_factory.mktemp("leaflet") / "vault")
    with vault.read() as db:
        child_id = db.conn.execute("SELECT child_id FROM child ORDER BY child_id LIMIT 1").fetchone()[0]
    view = render.leaflet_view(vault, child_id, DEMO_TODAY)
    yield {a: flat(text(render_leaflet(dataclasses.replace(view, audience=a)))) for a in (YOUNG, OLDER, LEAVING_CARE)}
    vault.close()


def test_the_words_suit_each_reader(views):
    assert "grown-ups who look after you" in views[YOUNG]
    for older in (OLDER, LEAVING_CARE):
        assert "grown-ups" not in views[older]
    assert "people responsible for your care" in views[OLDER]
    leaving = views[LEAVING_CARE]
    assert "pathway plan" in leaving and "personal adviser" in leaving
    assert "come into care" not in leaving and "how you are looked after" not in leaving
    for words in views.values():
        assert "Childline" in words and "advocate" in words
