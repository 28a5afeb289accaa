"""Import messages say row, column and what is wrong, never what the cell holds: a name shifted
into a date or code column would otherwise reach the command's stderr and anything that logs
it. The cell's text is kept beside the message (``ExtractProblems.cells``) for the preview on
the IRO's own screen.

The fuzz puts marker strings (names that exist nowhere else) into cells, every column of the
file in the first test, and checks that no marker reaches any problem message or warning,
while the refusal really is about those cells."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iro_desktop.caseload import importer
from iro_desktop.errors import ValidationError
from tests.conftest import MARKERS
from tests.support.caseload_helpers import SAMPLE, TODAY

HEADER, *ROWS = list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
NEEDLES = [m.casefold() for m in MARKERS]

# A marker, with the kinds of text around it that make a cell look nearly like a date, a code,
# a number, a postcode or an email: each a reason for the import to refuse the cell.
_TEXT_AROUND = ["", " ", "1", "12/", "2014-", "-03", "@", "@x.", ".", "C", "V", "Y", "0", "9 ", "B1", "=\"", "\""]
_AROUND = st.sampled_from(_TEXT_AROUND)
# With a control character too: in a few cells it is that cell's problem (in many, the whole
# file is refused as binary, which quotes nothing either).
_AROUND_ANY = st.sampled_from([*_TEXT_AROUND, "\x07"])
MARKER_CELL = st.builds(lambda a, m, b: a + m + b, _AROUND, st.sampled_from(MARKERS), _AROUND)
ANY_MARKER_CELL = st.builds(lambda a, m, b: a + m + b, _AROUND_ANY, st.sampled_from(MARKERS), _AROUND_ANY)


def _file(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _said(err: ValidationError) -> str:
    return (str(err) + " " + " ".join(w + " " + m for w, m in err.problems)).casefold()


def _leaks(text: str) -> list[str]:
    return [n for n in NEEDLES if n in text.casefold()]


@settings(max_examples=120, deadline=None)
@given(rows=st.lists(st.lists(MARKER_CELL, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=4))
def test_markers_in_every_column_never_reach_a_message(rows):
    with pytest.raises(ValidationError) as err:
        importer.parse(_file(rows), TODAY)
    assert not _leaks(_said(err.value)), err.value.problems
    # The refusal is about the marked cells themselves (the attack reached the checks), and the
    # preview can still show each refused cell's text.
    cell_problems = [w for w, _m in err.value.problems if ", column " in w]
    assert cell_problems, err.value.problems
    assert isinstance(err.value, importer.ExtractProblems)
    shown = err.value.cells
    assert any(_leaks(shown.get(w, "")) for w in cell_problems), (cell_problems, shown)


@settings(max_examples=150, deadline=None)
@given(row=st.integers(0, len(ROWS) - 1), columns=st.sets(st.sampled_from(HEADER), min_size=1, max_size=6),
       cell=ANY_MARKER_CELL)
def test_markers_in_some_cells_never_reach_a_message_or_a_warning(row, columns, cell):
    rows = [list(r) for r in ROWS]
    for column in columns:
        rows[row][HEADER.index(column)] = cell
    try:
        extract = importer.parse(_file(rows), TODAY)
    except ValidationError as err:
        assert not _leaks(_said(err)), err.problems
        for where, _message in err.problems:
            assert where == "file" or where.startswith(f"row {row + 2}"), err.problems
    else:
        # Accepted (a marker is a fine name or school): the warnings still never quote it.
        assert not _leaks(" ".join(extract.warnings)), extract.warnings


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from(["date_of_birth", "date_became_looked_after", "placement_start", "last_review_date",
                               "legal_status", "placement_type", "gender", "uasc", "reviews_held",
                               "placement_postcode", "social_worker_email", "child_id"]),
       marker=st.sampled_from(MARKERS))
def test_a_name_in_the_wrong_column_is_named_by_place_only(column, marker):
    rows = [list(r) for r in ROWS]
    rows[1][HEADER.index(column)] = f"{marker} {marker}" if column == "child_id" else marker
    with pytest.raises(ValidationError) as err:
        importer.parse(_file(rows), TODAY)
    where = f"row 3, column {column}"
    assert [w for w, _m in err.value.problems] == [where]
    assert not _leaks(_said(err.value))
    assert err.value.cells[where].casefold().startswith(marker.casefold())


def test_the_examples_message_has_the_promised_shape():
    rows = [list(r) for r in ROWS]
    rows[1][HEADER.index("date_of_birth")] = "Zebediah"
    with pytest.raises(ValidationError) as err:
        importer.parse(_file(rows), TODAY)
    assert str(err.value) == ("row 3, column date_of_birth: This is not a date in YYYY-MM-DD or DD/MM/YYYY "
                              "form; use YYYY-MM-DD or DD/MM/YYYY.")
    assert err.value.cells == {"row 3, column date_of_birth": "Zebediah"}


def test_duplicate_ids_and_unknown_headings_are_named_by_place(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[2][HEADER.index("child_id")] = rows[1][HEADER.index("child_id")]
    with pytest.raises(ValidationError) as err:
        importer.parse(_file(rows), TODAY)
    assert rows[1][HEADER.index("child_id")] not in str(err.value)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*HEADER, MARKERS[0]])
    writer.writerows([[*r, ""] for r in ROWS])
    extract = importer.parse(out.getvalue().encode(), TODAY)
    assert extract.warnings and not _leaks(" ".join(extract.warnings))
