"""What printed documents are made from, kept in the vault: the child's theme and picture, the
IRO's profile and photo, the feedback address; and saving, printing and batches, audited."""

from __future__ import annotations

import io
import os
from datetime import date

import pytest
from PIL import Image

from iro_desktop import printing
from iro_desktop.caseload.repository import UnknownChild
from iro_desktop.errors import IroError, ValidationError
from iro_desktop.printing import profile, themes
from tests.support.caseload_helpers import audit_rows
from tests.support.render_helpers import (FEEDBACK, crafted_review, demo_vault, jpeg_with_location, picture,
                                          text)
from tests.support.review_helpers import CHILD, setup


# ---- themes -----------------------------------------------------------------------------------

def test_every_theme_has_high_contrast_headings():
    assert len(themes.THEMES) >= 5
    for t in themes.THEMES.values():
        for background in ("#FFFFFF", t.tint, themes.CREAM):
            assert themes.contrast(t.ink, background) >= 7, (t.key, background)
        assert themes.contrast("#1F2328", t.tint) >= 7


def test_the_childs_theme_is_kept_and_audited(vault):
    setup(vault)
    assert themes.child_theme(vault, CHILD).key == themes.DEFAULT_THEME
    themes.set_child_theme(vault, CHILD, "space")
    themes.set_child_theme(vault, CHILD, "forest")
    assert themes.child_theme(vault, CHILD).key == "forest"
    assert audit_rows(vault)[-2:] == [("print_style.theme", "child", CHILD)] * 2
    with pytest.raises(ValidationError):
        themes.set_child_theme(vault, CHILD, "neon")
    with pytest.raises(UnknownChild):
        themes.set_child_theme(vault, "C000000", "forest")
    assert themes.child_theme(vault, CHILD).key == "forest"


# ---- pictures ---------------------------------------------------------------------------------

def test_a_childs_picture_is_kept_without_its_metadata(vault):
    setup(vault)
    original = jpeg_with_location()
    with Image.open(io.BytesIO(original)) as img:
        assert img.getexif().get(0x8825)  # the location is really there
    profile.set_child_picture(vault, CHILD, original)
    kept = profile.child_picture(vault, CHILD)
    with Image.open(io.BytesIO(kept)) as img:
        assert img.size == (300, 200) and not img.getexif() and "exif" not in img.info
    assert audit_rows(vault)[-1] == ("print_style.picture", "child", CHILD)
    profile.set_child_picture(vault, CHILD, None)
    assert profile.child_picture(vault, CHILD) is None
    assert audit_rows(vault)[-1] == ("print_style.picture_removed", "child", CHILD)


def test_large_pictures_are_scaled_down_and_transparency_kept(vault):
    setup(vault)
    img = Image.new("RGBA", (3000, 1500), (0, 0, 0, 0))
    out = io.BytesIO()
    img.save(out, "PNG")
    profile.set_child_picture(vault, CHILD, out.getvalue())
    with Image.open(io.BytesIO(profile.child_picture(vault, CHILD))) as kept:
        assert kept.format == "PNG" and kept.mode == "RGBA" and max(kept.size) == 1000


def test_what_is_not_a_picture_is_refused(vault):
    setup(vault)
    for bad in (b"", b"not a picture at all", b"%PDF-1.4\n"):
        with pytest.raises(ValidationError):
            profile.set_child_picture(vault, CHILD, bad)
        with pytest.raises(ValidationError):
            profile.set_iro_photo(vault, bad)
    assert profile.child_picture(vault, CHILD) is None


def test_the_iros_profile_and_photo(vault):
    profile.save_iro_profile(vault, name="  Sam   Ravensmoss ", phone="01632 960 001", text="+44 7700 900002",
                             email="sam@northshire.example")
    profile.set_iro_photo(vault, picture(fmt="JPEG"))
    p = profile.iro_profile(vault)
    assert (p.name, p.phone, p.text, p.email) == ("Sam Ravensmoss", "01632 960 001", "+44 7700 900002",
                                                  "sam@northshire.example")
    assert p.photo and p.photo.startswith(b"\xff\xd8")
    from iro_desktop.reviews.records import iro_name

    assert iro_name(vault) == "Sam Ravensmoss"  # one name, signed on records and printed on letters
    assert ("image.set", "stored_image", "iro.photo") in audit_rows(vault)
    with pytest.raises(ValidationError) as err:
        profile.save_iro_profile(vault, name="", phone="call me", email="not-an-email")
    assert {f for f, _m in err.value.problems} == {"name", "phone", "email"}
    profile.set_iro_photo(vault, None)
    assert profile.iro_profile(vault).photo is None


def test_the_feedback_address(vault):
    assert profile.feedback_address(vault) is None
    profile.set_feedback_address(vault, FEEDBACK)
    assert profile.feedback_address(vault) == FEEDBACK
    for bad in ("northshire.example/feedback", "javascript:alert(1)", "https://" + "x" * 600):
        with pytest.raises(ValidationError):
            profile.set_feedback_address(vault, bad)
    profile.set_feedback_address(vault, "")
    assert profile.feedback_address(vault) is None


def test_the_childs_picture_and_theme_reach_the_letter(vault, tmp_path):
    from tests.support.render_helpers import pngs

    crafted_review(vault)
    plain = printing.render_document(vault, CHILD, "child")
    profile.set_child_picture(vault, CHILD, picture(colour=(230, 57, 70)))
    themes.set_child_theme(vault, CHILD, "sunset")
    pictured = printing.render_document(vault, CHILD, "child")
    assert len(pictured) > len(plain) + 500  # the picture is in it

    def reds(pdf: bytes, folder) -> int:
        [first] = pngs(pdf, folder, dpi=40, first=1, last=1)
        with Image.open(first) as img:
            raw = img.convert("RGB").tobytes()
        return sum(1 for i in range(0, len(raw), 3) if raw[i] > 200 and raw[i + 1] < 90 and raw[i + 2] < 100)
    assert reds(pictured, tmp_path / "a") > 50 > reds(plain, tmp_path / "b")


# ---- outputs --------------------------------------------------------------------------------------

def test_saving_writes_the_file_atomically_and_audits_it(vault, tmp_path):
    record_id = crafted_review(vault)
    pdf = printing.render_document(vault, CHILD, "large-print")
    target = tmp_path / "out" / "letter.pdf"
    target.parent.mkdir()  # a missing folder is refused, never made (tests/test_files_atomic.py)
    printing.save_pdf(vault, target, pdf, record_id=record_id, variant="large-print")
    assert target.read_bytes() == pdf
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert [p.name for p in target.parent.iterdir()] == ["letter.pdf"]  # no temporary file left
    assert audit_rows(vault)[-1] == ("output.save.large-print", "record", str(record_id))


def test_a_save_that_fails_records_nothing(vault, tmp_path):
    record_id = crafted_review(vault)
    before = audit_rows(vault)
    (tmp_path / "a-folder.pdf").mkdir()
    with pytest.raises(IroError):
        printing.save_pdf(vault, tmp_path / "a-folder.pdf", b"%PDF-", record_id=record_id, variant="child")
    assert audit_rows(vault) == before


def test_printing_and_exporting_are_audited_and_nonsense_refused(vault):
    record_id = crafted_review(vault)
    printing.record_output(vault, "print", record_id, "easy-read")
    printing.record_output(vault, "export", record_id, "professional")
    printing.record_output(vault, "print", CHILD, "leaflet")
    assert audit_rows(vault)[-3:] == [("output.print.easy-read", "record", str(record_id)),
                                      ("output.export.professional", "record", str(record_id)),
                                      ("output.print.leaflet", "child", CHILD)]
    before = audit_rows(vault)
    with pytest.raises(IroError):
        printing.record_output(vault, "fax", record_id, "child")
    with pytest.raises(IroError):
        printing.record_output(vault, "print", record_id, "comic")
    assert audit_rows(vault) == before


# ---- batches ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    vault = demo_vault(tmp_path_factory.mktemp("batch") / "vault", children=20)
    yield vault
    vault.close()


def test_a_batch_of_finalised_letters_from_a_date_range_with_progress(demo):
    items = printing.finalised_letters_between(demo, date(2026, 6, 1), date(2026, 11, 30))
    assert len(items) >= 5
    assert all(date(2026, 6, 1) <= i.record_date <= date(2026, 11, 30) for i in items)
    assert [i.record_date for i in items] == sorted(i.record_date for i in items)
    done = []
    for result in printing.render_batch(demo, items[:5], "dyslexia"):
        done.append((result.index, result.total))
        assert result.pdf.startswith(b"%PDF-") and "Dear " in text(result.pdf)
    assert done == [(n, 5) for n in range(1, 6)]


def test_a_batch_prints_the_finalised_version_even_while_an_amendment_is_under_way(demo):
    from iro_desktop import reviews

    items = printing.finalised_letters_between(demo, date(2020, 1, 1), date(2026, 11, 30))
    item = items[-1]
    amended = reviews.amend_review(demo, item.record_id, "Correcting a name.")
    amended.content.letter.opening = "AMENDMENT IN PROGRESS"
    reviews.save_review(demo, item.record_id, amended.content)
    [again] = [i for i in printing.finalised_letters_between(demo, item.record_date, item.record_date)
               if i.record_id == item.record_id]
    [result] = printing.render_batch(demo, [again], "child")
    words = text(result.pdf)
    assert "AMENDMENT IN PROGRESS" not in words and "Draft" not in words
    assert "AMENDMENT IN PROGRESS" in text(printing.render_document(demo, item.child_id, "child",
                                                                    record_id=item.record_id))
