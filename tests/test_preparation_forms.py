"""The printed forms before a review meeting: the child's consultation form in four looks, the
picture-choice form, the invitation and the professional forms, each rendered and read back
(words, fonts embedded, A4, the smallest type each look allows, metadata), no professional
field on any child's form, the online form's code only when its address is set, and the forms
from the command line."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import date

import pytest
from pypdf import PdfReader

from iro_desktop import printing
from iro_desktop.cli import FORM_CHOICES
from iro_desktop.preparation import questions
from iro_desktop.preparation.forms import (CHILD_FORM_LOOKS, CHILD_FORMS, FORM_VARIANTS, PICTURES,
                                           PROFESSIONAL_FORMS, INVITATION)
from iro_desktop.preparation.forms import picture_form, source
from iro_desktop.preparation.forms.child_form import question_words
from iro_desktop.preparation.forms.views import ChildFormView, coming_words
from iro_desktop.preparation.model import Consultee
from iro_desktop.printing import profile, themes
from iro_desktop.printing.pdf.looks import LOOKS
from tests.support.caseload_helpers import audit_rows
from tests.support.render_helpers import (PROFESSIONAL_MARKERS, TODAY, chars, crafted_review, flat, fonts,
                                          page_sizes, pngs, qr_codes, text)

ONLINE = "https://northshire.example/consultation/child?form=review"
A4 = (595.28, 841.89)
FOOTER = 45  # points from the bottom of the page: the page number
MEETING_ON, RETURN_BY = date(2026, 2, 12), date(2026, 2, 5)
VENUE_CHILD = "at home with Pat and Lee"
VENUE_PRO = "Venue Quarrendon Lodge, 14 Marrowfax Road"
# What a child's form must never show: the child's id, their first and last names (they are
# "Lu"), date of birth, legal status, the professional venue, the placement, school and social
# worker's details from the record, consultees' surnames, and every marker of the review record.
NEVER_ON_A_CHILDS_FORM = ["C900001", "Lumen", "Puddlewick", "2 April 2013", "Gorsebeck", "Brookfield",
                          "robin.dovecote@example.gov.uk", "Children in Care Team", "Quarrendon", "Marrowfax",
                          "Harebell", "care order", "OFFICIAL", *PROFESSIONAL_MARKERS.values()]
LEGAL_STATUS = re.compile(r"\bC2\b")
MINIMUM = {"child": 14, "large-print": 18, "dyslexia": 14, "easy-read": 16}


def look_of(variant: str) -> str:
    return {PICTURES: picture_form.LOOK, INVITATION: "child"}.get(variant) or CHILD_FORM_LOOKS[variant]


def book(vault, on: date, *, state: str = "booked", venue_child: str = VENUE_CHILD, venue_pro: str = VENUE_PRO,
         return_by: date | None = RETURN_BY, start: str | None = "10:00", how: str = "in_person",
         child_id: str = "C900001") -> int:
    """A booked meeting, as migration 13's table holds it (hand-built: the booking screens are
    not needed to print its forms)."""
    with vault.transaction() as tx:
        cur = tx.db.conn.execute(
            "INSERT INTO review_meeting (child_id, meeting_date, start_time, end_time, how, venue_child, "
            "venue_professional, state, return_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (child_id, on.isoformat(), start, "11:30" if start else None, how, venue_child, venue_pro, state,
             return_by.isoformat() if return_by else None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
        tx.audit("meeting.book", "review_meeting", cur.lastrowid)
        return cur.lastrowid


def invite(vault, meeting_id: int, role: str, name: str, *, invited: bool = True) -> None:
    with vault.transaction() as tx:
        tx.db.conn.execute("INSERT INTO consultee (meeting_id, role, name, invited, created_at, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)", (meeting_id, role, name, int(invited), "x", "x"))
        tx.audit("consultation.add", "consultee", meeting_id)


def _setup(vault, *, online: bool = True, meeting: bool = True) -> None:
    crafted_review(vault)
    profile.save_iro_profile(vault, name="Alex Penhallowby", phone="01632 960 418",
                             email="alex.penhallowby@northshire.example")
    themes.set_child_theme(vault, "C900001", "forest")
    if online:
        profile.set_consultation_address(vault, ONLINE)
    if meeting:
        mid = book(vault, MEETING_ON)
        invite(vault, mid, "carer", "Pat Gorsebeck")
        invite(vault, mid, "social_worker", "Robin Dovecote")
        invite(vault, mid, "school", "Mrs Okafor")
        invite(vault, mid, "health", "Harriet Harebell", invited=False)  # consulted, not invited


def _new_vault(folder):
    from iro_desktop.vault import KdfParams, Keychain, Vault
    from tests.conftest import PASSPHRASE
    from tests.support.memory_keyring import MemoryKeyring

    vault, _code = Vault.create(folder, PASSPHRASE, Keychain(MemoryKeyring()), kdf=KdfParams(1, 1024, 1))
    return vault


def _made(folder, **setup) -> dict[str, bytes]:
    vault = _new_vault(folder)
    try:
        _setup(vault, **setup)
        return {v: printing.render_document(vault, "C900001", v, today=TODAY) for v in FORM_VARIANTS}
    finally:
        vault.close()


@pytest.fixture(scope="module")
def forms(tmp_path_factory):
    return _made(tmp_path_factory.mktemp("forms") / "vault")


@pytest.fixture(scope="module")
def blank_forms(tmp_path_factory):
    return _made(tmp_path_factory.mktemp("blank-forms") / "vault", online=False, meeting=False)


# ---- the child's forms --------------------------------------------------------------------------

def test_the_consultation_form_asks_every_question_of_the_child_by_their_name(forms):
    for variant in CHILD_FORM_LOOKS:
        words = flat(text(forms[variant]))
        assert "My review meeting — what I want to say" in words and "For Lu" in words and "Hello Lu," in words
        for q in questions.CHILD:
            assert flat(question_words(q, LOOKS[CHILD_FORM_LOOKS[variant]])) in words, (variant, q.key)
        yes_no = [q for q in questions.CHILD if q.yes_no]
        assert words.count("Not sure") == len(yes_no) and words.count("Yes") >= len(yes_no), variant
        assert "Thursday 12 February 2026 at 10am" in words and f"It will be {VENUE_CHILD}." in words
        assert "We will meet in the same room." in words
        assert "Please give this form back by Thursday 5 February 2026." in words
        assert "Alex Penhallowby" in words and "01632 960 418" in words
        assert "Or say it online" in words
    easy = flat(text(forms["consultation-easy-read"]))
    assert "agenda" not in easy and "chair" not in easy and "help choose what we talk about" in easy


def test_the_picture_form_has_few_words_and_a_row_of_pictures_for_each_question(forms):
    words = flat(text(forms[PICTURES]))
    for key, (heading, rows) in picture_form.ROWS.items():
        assert flat(heading) in words, key
        for _what, choices in rows:
            for c in choices:
                assert flat(c.words) in words, (key, c.words)
    assert set(picture_form.ROWS) == {q.key for q in questions.CHILD}, "every question of the child's form"
    # Few words: a word or two under most pictures, never more than six, and short instructions.
    labels = [c.words for _h, rows in picture_form.ROWS.values() for _w, cs in rows for c in cs]
    assert max(len(w.split()) for w in labels) <= 6 and sum(len(w.split()) for w in labels) / len(labels) < 2
    assert all(len(h.split()) <= 10 for h, _rows in picture_form.ROWS.values())
    assert all(len(w.split()) <= 8 for _h, rows in picture_form.ROWS.values() for w, _cs in rows)


def test_the_picture_form_uses_the_letters_pictures(monkeypatch, vault):
    from iro_desktop.documents import pictures

    by_words = {c.words: picture_form.picture_of(c) for _h, rows in picture_form.ROWS.values()
                for _w, cs in rows for c in cs}
    assert by_words["Family time"] == pictures.picture_for("You had family time with Nan.") == "users-group"
    assert by_words["Friends"] == "friends" and by_words["On a video call"] == "video"
    assert (by_words["Happy"], by_words["OK"], by_words["Sad"]) == ("mood-smile", "mood-neutral", "mood-sad")
    assert (by_words["Yes"], by_words["Not sure"], by_words["No"]) == ("thumb-up", "mood-confused", "thumb-down")
    # And the PDF draws them: every choice's picture, as often as it is offered.
    from iro_desktop.printing.pdf import common

    drawn: list[str] = []
    real = common.icons.drawing
    monkeypatch.setattr(common.icons, "drawing", lambda n, c, s: drawn.append(n) or real(n, c, s))
    _setup(vault)
    printing.render_document(vault, "C900001", PICTURES, today=TODAY)
    offered = Counter(picture_form.picture_of(c) for _h, rows in picture_form.ROWS.values()
                      for _w, cs in rows for c in cs)
    counts = Counter(drawn)
    assert all(counts[name] >= n for name, n in offered.items()), (offered, counts)


def test_the_invitation_says_when_and_where_in_the_childs_words_and_who_is_coming(forms):
    words = flat(text(forms[INVITATION]))
    assert "You are invited to your review meeting" in words and "Dear Lu," in words
    assert "Your review meeting will be on Thursday 12 February 2026." in words
    assert "It will start at 10am and finish at about 11:30am." in words
    assert f"It will be {VENUE_CHILD}." in words and "We will meet in the same room." in words
    assert "Pat, your carer" in words and "Robin, your social worker" in words and "Mrs Okafor, from school" in words
    assert "Harriet" not in words, "consulted but not invited"
    assert "You can say who you want there" in words


@pytest.mark.parametrize("variant", CHILD_FORMS)
def test_no_professional_field_on_any_childs_form(forms, variant):
    words = flat(text(forms[variant]))
    leaked = [m for m in NEVER_ON_A_CHILDS_FORM if m.casefold() in words.casefold()]
    assert leaked == [], (variant, leaked)
    assert not LEGAL_STATUS.search(words), variant
    # The check can fail: the professional forms carry exactly these fields.
    pro = flat(text(forms["consultation-carer"]))
    assert "C900001" in pro and "Quarrendon" in pro and "Puddlewick" in pro


@pytest.mark.parametrize("variant", FORM_VARIANTS)
def test_every_font_is_embedded_and_every_page_is_a4(forms, variant):
    used = fonts(forms[variant])
    assert used and all(used.values()), used
    assert not any("Helvetica" in name or "Times" in name for name in used)
    assert all(abs(w - A4[0]) < 0.5 and abs(h - A4[1]) < 0.5 for w, h in page_sizes(forms[variant]))


@pytest.mark.parametrize("variant", CHILD_FORMS)
def test_no_words_on_a_childs_form_are_smaller_than_its_look_allows(forms, variant):
    look = look_of(variant)
    body = [c for _p, c in chars(forms[variant]) if c["text"].strip() and c["page_height"] - c["bottom"] > FOOTER]
    assert len(body) > 150
    assert min(c["size"] for c in body) >= MINIMUM[look], (variant, min(c["size"] for c in body))
    commonest, _n = Counter(c["size"] for c in body).most_common(1)[0]
    assert commonest == pytest.approx(LOOKS[look].body, abs=0.05)


def test_large_print_is_larger_and_dyslexia_friendly_is_sans_serif_without_italics(forms):
    sizes = {v: Counter(c["size"] for _p, c in chars(forms[v])).most_common(1)[0][0]
             for v in ("consultation", "consultation-large-print")}
    assert sizes["consultation-large-print"] >= 18 > sizes["consultation"]
    used = fonts(forms["consultation-dyslexia"])
    assert all("Atkinson" in name for name in used) and not any("Italic" in name for name in used)


def test_easy_read_form_has_one_sentence_a_line(forms):
    lines = [line.strip() for line in text(forms["consultation-easy-read"]).splitlines() if line.strip()]
    assert [line for line in lines if re.search(r"[a-z][.!?] [A-Z]", line)] == []
    assert "I can write or draw in the boxes." in lines


@pytest.mark.parametrize("variant", FORM_VARIANTS)
def test_metadata_names_no_child_and_says_what_the_form_is(forms, variant):
    reader = PdfReader(io.BytesIO(forms[variant]))
    meta = reader.metadata
    said = " ".join(str(meta.get(k, "")) for k in ("/Title", "/Subject", "/Keywords")).casefold()
    assert not any(n in said for n in ("lu ", "lumen", "puddlewick")) and not said.startswith("lu"), meta
    assert meta.title and meta.author == "Alex Penhallowby"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    if variant in CHILD_FORMS:
        assert "C900001" not in said
    else:
        assert meta.title == f"Review consultation form ({PROFESSIONAL_FORMS_AUDIENCE[variant]}): child C900001"


PROFESSIONAL_FORMS_AUDIENCE = {"consultation-parent": "parent", "consultation-carer": "carer",
                               "consultation-partner": "partner agency"}


def test_the_online_forms_code_decodes_to_its_address(forms, tmp_path):
    for variant in ("consultation", "consultation-easy-read", PICTURES):
        found = [c for page in pngs(forms[variant], tmp_path / variant, dpi=150) for c in qr_codes(page)]
        assert found == [ONLINE], variant


def test_no_code_without_an_online_address_and_blanks_without_a_meeting(blank_forms, tmp_path):
    for variant in ("consultation", PICTURES, INVITATION):
        pdf = blank_forms[variant]
        words = flat(text(pdf))
        assert "Or say it online" not in words
        assert [c for p in pngs(pdf, tmp_path / variant, dpi=150) for c in qr_codes(p)] == []
        assert "_____" in words and "2026" not in words, variant
    assert "Please give this form back before my review meeting." in flat(text(blank_forms["consultation"]))
    assert "I will tell you who is coming." in flat(text(blank_forms[INVITATION]))


def test_the_next_booked_meeting_is_the_one_printed(vault):
    _setup(vault, meeting=False)
    book(vault, date(2026, 1, 5), venue_child="in the past")  # before today
    book(vault, date(2026, 1, 20), venue_child="at the cancelled place", state="cancelled")
    book(vault, date(2026, 3, 3), venue_child="at the later place")
    book(vault, date(2026, 2, 2), venue_child="at the youth centre", start=None)
    words = flat(text(printing.render_document(vault, "C900001", "consultation", today=TODAY)))
    assert "Monday 2 February 2026." in words and "at the youth centre" in words
    assert not any(w in words for w in ("in the past", "cancelled place", "later place"))
    with vault.read() as db:
        assert source.next_meeting(db.conn, "C900001", date(2026, 2, 3)).meeting_date == date(2026, 3, 3)
        assert source.next_meeting(db.conn, "C900001", date(2026, 3, 4)) is None


def test_a_child_form_is_drawn_from_the_childs_view_only():
    from iro_desktop.preparation.forms.child_form import render_child_form
    from iro_desktop.preparation.forms.views import ProfessionalFormView
    from iro_desktop.printing.views import ContactCard

    pro = ProfessionalFormView("carer", "Lumen Puddlewick", "C900001", None, ContactCard("A"))
    with pytest.raises(TypeError):
        render_child_form(pro)  # type: ignore[arg-type]
    assert "child_id" not in ChildFormView.__dataclass_fields__
    assert "venue_professional" not in ChildFormView.__dataclass_fields__


def test_who_is_coming_by_first_name_and_a_word_for_who_they_are():
    people = [Consultee(1, 1, "child", "Lu Puddlewick"), Consultee(2, 1, "carer", "Pat Gorsebeck"),
              Consultee(3, 1, "parent", "Dee Puddlewick"), Consultee(4, 1, "school", "Mr. Singh"),
              Consultee(5, 1, "advocate", ""), Consultee(6, 1, "health", ""),
              Consultee(7, 1, "carer", "Pat Gorsebeck"), Consultee(8, 1, "other", "Sam Cole", invited=False)]
    assert coming_words(people) == ("Pat, your carer", "Dee, your family", "Mr. Singh, from school",
                                    "Your advocate")


# ---- the professional forms ------------------------------------------------------------------------

@pytest.mark.parametrize("variant, role", PROFESSIONAL_FORMS.items())
def test_professional_forms_name_the_child_and_ask_their_questions(forms, variant, role):
    words = flat(text(forms[variant]))
    assert "Lumen Puddlewick" in words and "C900001" in words and "2 April 2013" in words
    assert "Thursday 12 February 2026, 10am to 11:30am" in words and VENUE_PRO in words
    assert "Please return by Thursday 5 February 2026" in words
    assert "alex.penhallowby@northshire.example" in words and ONLINE in words
    for q in questions.questions_for(role):
        assert flat(q.text) in words, q.key
    body = [c for _p, c in chars(forms[variant]) if c["text"].strip() and c["page_height"] - c["bottom"] > FOOTER]
    assert min(c["size"] for c in body) >= 10


def test_the_partner_form_asks_what_partner_agencies_are_asked(forms):
    words = flat(text(forms["consultation-partner"]))
    assert "Agency or organisation" in words and "drift and delay" in words
    assert "What do you think of your child's care plan?" in flat(text(forms["consultation-parent"]))


# ---- the variants, the setting, the command line -----------------------------------------------------

def test_the_forms_are_documents_the_app_makes_but_not_a_records_previews():
    assert set(FORM_VARIANTS) == set(FORM_CHOICES) and len(FORM_VARIANTS) == len(FORM_CHOICES)
    assert not set(FORM_VARIANTS) & set(printing.VARIANTS)
    for v in FORM_VARIANTS:
        assert printing.VARIANT_LABELS[v]
    with pytest.raises(printing.UnknownVariant):
        printing.render_document(None, "C900001", "consultation-sideways")


def test_the_online_address_must_be_a_web_address(vault):
    from iro_desktop.errors import ValidationError
    from iro_desktop.printing import print_settings

    with pytest.raises(ValidationError) as caught:
        profile.set_consultation_address(vault, "not a link")
    assert caught.value.problems[0][0] == "consultation_address"
    profile.set_consultation_address(vault, ONLINE)
    assert profile.consultation_address(vault) == ONLINE
    before = print_settings.read_print_settings(vault)
    assert before.consultation == ONLINE
    same = dict(name=before.profile.name, phone="", text="", email="", feedback="", advocacy="", complaints="")
    print_settings.save_print_settings(vault, before, **same)  # a dialog without the field leaves it be
    assert profile.consultation_address(vault) == ONLINE
    print_settings.save_print_settings(vault, before, **same, consultation="")
    assert profile.consultation_address(vault) is None
    assert ("setting.update", "setting", "printing.consultation_address") in audit_rows(vault)


def test_render_from_the_command_line_saves_the_form_and_audits_it_by_the_child(tmp_path):
    from iro_desktop.vault import KdfParams, Vault
    from tests.conftest import PASSPHRASE
    from tests.support.cli_runner import run_cli
    from tests.support.kdf_helpers import enable_fast_kdf

    enable_fast_kdf()
    home = tmp_path / "vault"
    vault, _code = Vault.create(home, PASSPHRASE, None, allow_no_keychain=True, kdf=KdfParams(1, 1024, 1))
    with vault:
        _setup(vault, meeting=False)
        book(vault, date(2099, 2, 12))  # the CLI prints for today: a meeting still to come
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    common = ("render", "--vault", home, "--no-keychain", "--passphrase-file", secret, "--child", "C900001")
    out = tmp_path / "form.pdf"
    done = run_cli(*common, "--variant", "consultation-pictures", "--out", out, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Consultation form for the child: pictures to choose" in done.stdout and "Lu" not in done.stdout
    assert "Thursday 12 February 2099" in flat(text(out.read_bytes()))
    folder = tmp_path / "forms"
    folder.mkdir()
    done = run_cli(*common, "--variant", "consultation-carer", "--out", folder, timeout=120)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in folder.iterdir()] == ["C900001-meeting-2099-02-12-consultation-carer.pdf"]
    done = run_cli(*common, "--variant", "invitation", "--midway", "latest", "--out", out, timeout=120)
    assert done.returncode != 0 and "Traceback" not in done.stderr and "--midway" in done.stderr
    with Vault.unlock(home, PASSPHRASE, None, allow_no_keychain=True) as vault:
        rows = audit_rows(vault)
    assert ("output.save.consultation-pictures", "child", "C900001") in rows
    assert ("output.save.consultation-carer", "child", "C900001") in rows
    assert not any(a.startswith("output.save.invitation") for a, _t, _i in rows)
