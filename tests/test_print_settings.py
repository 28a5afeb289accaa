"""The print settings and a child's letter style as their dialogs read and save them
(``printing.print_settings``), and what a child's preview offers (``printing.choices``)."""

from __future__ import annotations

from datetime import date

import pytest

from iro_desktop import reviews
from iro_desktop.errors import ValidationError
from iro_desktop.printing import print_settings, profile
from iro_desktop.printing.choices import load_choices
from iro_desktop.printing.print_settings import KEEP
from tests.support.caseload_helpers import TODAY, audit_rows
from tests.support.render_helpers import FEEDBACK, picture
from tests.support.review_helpers import CHILD, IRO, complete, setup


def _as_read(vault, **changes):
    """The fields as the dialog shows them after reading, with ``changes`` typed over them."""
    s = print_settings.read_print_settings(vault)
    fields = dict(name=s.profile.name, phone=s.profile.phone, text=s.profile.text, email=s.profile.email,
                  feedback=s.feedback, advocacy=s.services.advocacy, complaints=s.services.complaints)
    fields.update(changes)
    return s, fields


def test_saving_what_was_read_writes_nothing_and_a_change_writes_only_its_part(vault):
    setup(vault)
    before, fields = _as_read(vault)
    audited = len(audit_rows(vault))
    print_settings.save_print_settings(vault, before, **fields)
    assert len(audit_rows(vault)) == audited  # nothing changed, nothing written

    before, fields = _as_read(vault, feedback=f"  {FEEDBACK} ")
    print_settings.save_print_settings(vault, before, **fields)
    new = audit_rows(vault)[audited:]
    assert new and all(row[2] == profile.FEEDBACK for row in new)
    assert print_settings.read_print_settings(vault).feedback == FEEDBACK


def test_every_problem_is_reported_at_once_and_the_parts_that_are_fine_are_saved(vault, tmp_path):
    setup(vault)
    before, fields = _as_read(vault, phone="call me", feedback="javascript:alert(1)", advocacy="Call 0800 000 0000")
    with pytest.raises(ValidationError) as err:
        print_settings.save_print_settings(vault, before, **fields, photo=tmp_path / "gone.png")
    assert {f for f, _m in err.value.problems} == {"phone", "feedback_address", "picture"}
    after = print_settings.read_print_settings(vault)
    assert after.services.advocacy == "Call 0800 000 0000"  # fine, so saved
    assert after.profile.phone == "" and after.feedback == "" and after.profile.photo is None


def test_the_photo_is_read_from_the_chosen_file_kept_or_removed(vault, tmp_path):
    setup(vault)
    chosen = tmp_path / "me.jpg"
    chosen.write_bytes(picture(fmt="JPEG"))
    before, fields = _as_read(vault)
    print_settings.save_print_settings(vault, before, **fields, photo=chosen)
    kept = print_settings.read_print_settings(vault).profile.photo
    assert kept and kept.startswith(b"\xff\xd8")
    before, fields = _as_read(vault, phone="01632 960 001")
    print_settings.save_print_settings(vault, before, **fields, photo=KEEP)
    assert print_settings.read_print_settings(vault).profile.photo == kept
    print_settings.save_print_settings(vault, before, **fields, photo=None)
    assert print_settings.read_print_settings(vault).profile.photo is None


def test_a_childs_style_saves_only_what_changed(vault, tmp_path):
    setup(vault)
    before = print_settings.read_child_style(vault, CHILD)
    audited = len(audit_rows(vault))
    print_settings.save_child_style(vault, CHILD, before, theme=before.theme)
    print_settings.save_child_style(vault, CHILD, before, theme=None)
    assert len(audit_rows(vault)) == audited
    drawing = tmp_path / "drawing.png"
    drawing.write_bytes(picture())
    print_settings.save_child_style(vault, CHILD, before, theme="forest", picture=drawing)
    after = print_settings.read_child_style(vault, CHILD)
    assert after.theme == "forest" and after.picture
    assert audit_rows(vault)[audited][:2] == ("print_style.theme", "child")
    print_settings.save_child_style(vault, CHILD, after, theme="forest", picture=None)
    assert print_settings.read_child_style(vault, CHILD) == print_settings.ChildStyle("forest", None)


def test_a_preview_offers_the_childs_records_newest_first_with_their_versions(vault):
    setup(vault)
    assert load_choices(vault, CHILD).records == [] and load_choices(vault, CHILD).iro_named
    held = date(2025, 9, 1)
    r = reviews.start_review(vault, CHILD, held, "subsequent", today=TODAY)
    reviews.finalise_review(vault, r.id, finalised_by=IRO, on=held, content=complete(r.content), today=TODAY)
    reviews.amend_review(vault, r.id, "A date was wrong.")
    m = reviews.start_midway(vault, CHILD, date(2025, 12, 1), how="call", today=TODAY)

    choices = load_choices(vault, CHILD)
    assert [(c.info.kind, c.info.id) for c in choices.records] == [("midway", m.id), ("review", r.id)]
    assert [v.version for v in choices.find(r.id).versions] == [1, 2]
    assert choices.latest_review.info.id == r.id and choices.find(12345) is None
    only = load_choices(vault, CHILD, with_records=False)
    assert only.records == [] and only.iro_named


def test_a_preview_knows_when_the_print_settings_lack_the_iros_name(vault):
    assert not load_choices(vault, "C000000", with_records=False).iro_named
