"""Helpers for the printed-document tests: reading PDFs back, rendering pages with pdftoppm,
decoding the QR code, pictures made on the spot, and a review record full of professional
details (each a marker that must never reach a child's document)."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from iro_desktop import reviews
from iro_desktop.reviews.model import Attendee, Meeting, ParentParticipation
from tests.support.review_helpers import CHILD, IRO, complete, rec, setup

HELD = date(2026, 1, 6)
TODAY = date(2026, 1, 10)
FEEDBACK = "https://northshire.example/have-your-say/review?from=letter"

# Professional details planted in the record: none may appear in any child's document.
PROFESSIONAL_MARKERS = {
    "attendee": "Quentin Marrowfax",
    "attendee_detail": "Zephyrine role detail",
    "apology": "Ottoline Bramblecrust",
    "not_alone": "Marker reason Vexbury",
    "consultation": "Consulted Dunmarrow",
    "parent_note": "Parent note Skelwith",
    "qa_note": "Manager note Gravenhurst",
    "good_practice": "Good practice Thistlecombe",
    "venue": "Venue Harrowgate Lodge",
    "meeting_venue": "Meeting at Quarrendon",
}


# ---- pictures ------------------------------------------------------------------------------

def picture(size: int = 240, colour: tuple[int, int, int] = (233, 196, 106), fmt: str = "PNG", **save) -> bytes:
    img = Image.new("RGB", (size, size), (225, 242, 255))
    d = ImageDraw.Draw(img)
    d.ellipse([size * 0.2, size * 0.2, size * 0.8, size * 0.8], fill=colour)
    out = io.BytesIO()
    img.save(out, fmt, **save)
    return out.getvalue()


def jpeg_with_location() -> bytes:
    """A JPEG whose metadata says where it was taken, as phone photos do."""
    img = Image.new("RGB", (300, 200), (120, 170, 90))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


# ---- a record ------------------------------------------------------------------------------------

LETTER = {
    "how_you_are": "It was lovely to see you at home on Tuesday. You showed me your **new bike**.",
    "home": "You told me you feel _safe_ with Pat and Lee.\n\n- You like the garden.\n- You walk the dog.",
    "family_time": "You see Nan every Saturday. You said you would like it to be longer.",
    "school": "Your teacher told us you help the younger children at lunchtime.",
    "going_well": "You should be really proud of yourself.",
}


def crafted_review(vault, *, finalise: bool = True, preferred: str = "Lu") -> int:
    """Child C900001 ("Lu") with one review whose record holds every professional field,
    each with a marker; the letter has a few sections written. Returns the record id."""
    setup(vault, preferred_name=preferred)
    r = reviews.start_review(vault, CHILD, HELD, "subsequent", today=TODAY)
    c = complete(r.content, seen=HELD)
    m = PROFESSIONAL_MARKERS
    d = c.details
    d.venue = m["venue"]
    d.seen_alone, d.seen_alone_date, d.not_seen_alone_reason = False, None, m["not_alone"]
    d.attendees += [Attendee(m["attendee"], "designated_teacher", m["attendee_detail"], "virtual"),
                    Attendee("Lu", "child")]
    d.apologies = [Attendee(m["apology"], "camhs")]
    d.meetings = [Meeting(HELD, "in_person", m["meeting_venue"])]
    d.parents = [ParentParticipation("Mum", "views_given", m["parent_note"])]
    d.consultation_returned = {"child": True, "carers": False}
    d.consultation_others = m["consultation"]
    d.advocate_offered, d.advocate_used = True, False
    c.qa.care_planning_rag, c.qa.preparation_rag = "amber", "green"
    c.qa.social_worker_report = c.qa.care_plan_up_to_date = c.qa.child_prepared = True
    c.qa.good_practice, c.qa.good_practice_note = True, m["good_practice"]
    c.qa.note = m["qa_note"]
    for key, body in LETTER.items():
        c.letter.set_body(key, body)
        c.letter.hide_section(key, False)  # ``complete`` hid the sections it found empty
    c.letter.opening = "I am writing to tell you what we talked about at your review meeting."
    c.recommendations = [rec("Book swimming lessons", "foster_carer", date(2026, 3, 1), "Pat and Lee")]
    reviews.refresh_what_next(c)
    if finalise:
        reviews.finalise_review(vault, r.id, finalised_by=IRO, content=c, today=TODAY)
    else:
        reviews.save_review(vault, r.id, c, today=TODAY)
    return r.id


# ---- reading PDFs back ------------------------------------------------------------------------------

def text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def flat(s: str) -> str:
    """Whitespace (line breaks where a paragraph wrapped) as single spaces."""
    return " ".join(s.split())


def fonts(pdf: bytes) -> dict[str, bool]:
    """Every font used on any page (forms included): its name, and whether its program is
    embedded (a FontFile, FontFile2 or FontFile3 stream)."""
    from pypdf import PdfReader

    found: dict[str, bool] = {}

    def descriptor(font):
        if "/FontDescriptor" in font:
            return font["/FontDescriptor"].get_object()
        for child in font.get("/DescendantFonts", []):
            child = child.get_object()
            if "/FontDescriptor" in child:
                return child["/FontDescriptor"].get_object()
        return None

    def walk(resources, seen):
        if resources is None or id(resources) in seen:
            return
        seen.add(id(resources))
        resources = resources.get_object()
        for _name, ref in (resources.get("/Font") or {}).items():
            font = ref.get_object()
            desc = descriptor(font)
            embedded = desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
        for _name, ref in (resources.get("/XObject") or {}).items():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Form":
                walk(xobj.get("/Resources"), seen)

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"), set())
    return found


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    from pypdf import PdfReader

    return [(float(p.mediabox.width), float(p.mediabox.height)) for p in PdfReader(io.BytesIO(pdf)).pages]


def chars(pdf: bytes) -> list[tuple[int, dict]]:
    """Every character with its page number (from 1), size, font and position (pdfplumber)."""
    import pdfplumber

    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            for ch in page.chars:
                out.append((n, {"text": ch["text"], "size": round(ch["size"], 2), "font": ch["fontname"],
                                "top": ch["top"], "bottom": ch["bottom"], "x0": ch["x0"],
                                "page_height": float(page.height)}))
    return out


def pngs(pdf: bytes, folder: Path, dpi: int = 60, first: int | None = None, last: int | None = None) -> list[Path]:
    """Every page (or first..last) rendered by pdftoppm; fails the test if pdftoppm complains."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "doc.pdf"
    source.write_bytes(pdf)
    args = ["pdftoppm", "-r", str(dpi), "-png"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    done = subprocess.run(args + [str(source), str(folder / "page")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr
    return sorted(folder.glob("page-*.png"))


def qr_codes(png: Path) -> list[str]:
    import zxingcpp

    with Image.open(png) as img:
        return [r.text for r in zxingcpp.read_barcodes(img.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]


# ---- a demo caseload set up for printing ---------------------------------------------------------

DEMO_TODAY = date(2026, 11, 23)
DEMO_PASSPHRASE = "Kettle-orbit-meadow-42"


def demo_vault(folder: Path, *, children: int = 30):
    """A vault with the demo caseload (finalised letters), the IRO's profile and photo, and the
    feedback address set. The caller closes it."""
    from iro_desktop.caseload import demo
    from iro_desktop.printing import profile
    from iro_desktop.vault import KdfParams, Keychain, Vault
    from tests.support.memory_keyring import MemoryKeyring

    vault, _code = Vault.create(folder, DEMO_PASSPHRASE, Keychain(MemoryKeyring()), kdf=KdfParams(1, 1024, 1))
    demo.load_demo(vault, n=children, today=DEMO_TODAY)
    profile.save_iro_profile(vault, name="Alex Penhallowby", phone="01632 960 418", text="07700 900 418",
                             email="alex.penhallowby@northshire.example")
    profile.set_iro_photo(vault, picture(colour=(60, 120, 180)))
    profile.set_feedback_address(vault, FEEDBACK)
    return vault


def nicknamed_child_with_finalised_letter(vault):
    """(child, record) for a demo child known by a name other than their first name, whose
    latest review record is finalised and has at least six sections with words."""
    from iro_desktop.caseload import repository

    for child in repository.load_children(vault).values():
        found = reviews.review_records(vault, child.child_id)
        if not found or not child.preferred_name or child.preferred_name == child.first_name:
            continue
        r = reviews.get_review(vault, found[-1].id)
        written = [s for s in r.content.letter.visible_sections if s.body.strip()]
        if r.read_only and len(written) >= 6:
            return child, r
    raise AssertionError("the demo caseload has no nicknamed child with a finalised letter")
