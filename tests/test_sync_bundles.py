"""Export bundles: their files and names, the manifest last, the JSON document against its
shipped schema, bytes fixed once made (a re-render would be caught), no personal metadata."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest
from pypdf import PdfReader

from iro_desktop import resources
from iro_desktop.printing import render, themes
from iro_desktop.sync import bundles, export_document, manifest, outbox
from tests.support.review_helpers import CHILD
from tests.support.sync_helpers import finalised_midway, finalised_review

ROOT = Path(__file__).resolve().parents[1]
# The child's names as tests.support.caseload_helpers.make_child gives them, and the preferred name.
NAMES = ("Lumen", "Puddlewick", "Lu")


def _schema(kind: str) -> dict:
    return json.loads(resources.resource_path("schemas", export_document.SCHEMAS[kind]).read_text())


def _validate(doc: dict, kind: str) -> None:
    schema = _schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(doc)


@pytest.fixture
def review_bundle(vault):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    return e, bundles.ensure_built(vault, e.bundle_id)


def test_a_review_bundle_holds_the_record_the_letter_the_json_and_the_manifest_last(review_bundle):
    e, files = review_bundle
    folder = f"{CHILD}-review-2026-01-06-v1"
    assert [f.name for f in files] == [f"{folder}-record.json", f"{folder}-professional.pdf", f"{folder}-child.pdf",
                                       "manifest.json"]
    assert all(f.data[:5] == b"%PDF-" for f in files if f.name.endswith(".pdf"))
    doc, listed = manifest.read(files[-1].data)
    assert doc["bundle_id"] == e.bundle_id and doc["folder"] == folder
    assert doc["schema_version"] == export_document.SCHEMA_VERSION and doc["app_version"]
    assert [(x.name, x.size, x.sha256) for x in listed] == [(f.name, f.size, f.sha256) for f in files[:-1]]
    assert all(manifest.sha256(f.data) == f.sha256 for f in files)


def test_the_review_document_validates_against_its_schema(review_bundle):
    e, files = review_bundle
    doc = json.loads(files[0].data)
    _validate(doc, "review")
    assert doc["child_id"] == CHILD and doc["bundle_id"] == e.bundle_id
    assert doc["participation_code"] == "PN1" and doc["regulation_36"]["seen_alone"] is True
    assert doc["decisions"][0]["owner_role"] == "social_worker" and doc["decisions"][0]["due"] == "2026-03-31"
    assert doc["quality"]["care_planning_rag"] == "green"
    assert doc["deadlines"]["record_distributed"]["working_days"] == 20
    assert doc["deadlines"]["record_distributed"]["met"] is None  # not sent yet when the bundle was made
    assert {a["role"] for a in doc["attendees"]} == {"iro", "child"}  # PN1: the child attended
    # The validator does catch a document that breaks the schema.
    broken = dict(doc)
    del broken["participation_code"]
    with pytest.raises(jsonschema.ValidationError):
        _validate(broken, "review")
    with pytest.raises(jsonschema.ValidationError):
        _validate({**doc, "participation_code": "PN9"}, "review")


def test_a_midway_bundle_and_its_document(vault):
    m = finalised_midway(vault)
    e = [x for x in outbox.entries(vault) if x.kind == outbox.MIDWAY_RECORD][0]
    files = bundles.ensure_built(vault, e.bundle_id)
    folder = f"{CHILD}-midway-2025-11-28-v1"
    assert [f.name for f in files] == [f"{folder}-record.json", f"{folder}-child.pdf", "manifest.json"]
    doc = json.loads(files[0].data)
    _validate(doc, "midway")
    assert doc["record"]["record_id"] == m.id and doc["midway"]["how"] == "social_worker_meeting"
    assert doc["child_views"] == "Lu said she loves her new bike."  # markup stripped
    assert doc["midway"]["follows_review_on"] == "2025-09-01"
    with pytest.raises(jsonschema.ValidationError):
        _validate({**doc, "kind": "review"}, "midway")


def test_a_midway_review_without_a_note_sends_no_letter(vault):
    finalised_midway(vault, note="")
    e = [x for x in outbox.entries(vault) if x.kind == outbox.MIDWAY_RECORD][0]
    names = [f.name for f in bundles.ensure_built(vault, e.bundle_id)]
    assert len(names) == 2 and names[-1] == "manifest.json"


def test_the_schemas_ship_with_the_app(tmp_path, monkeypatch):
    for name in export_document.SCHEMAS.values():
        assert (ROOT / "resources" / "schemas" / name).is_file()
    # The frozen app copies resources/ whole (build/iro-desktop.spec) and finds them there.
    assert '(str(root / "resources"), "resources")' in (ROOT / "build" / "iro-desktop.spec").read_text()
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "resources", bundle / "resources")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    resources.resources_dir.cache_clear()
    try:
        found = resources.resource_path("schemas", export_document.SCHEMAS["review"])
        assert found.parent.parent == bundle / "resources" and found.is_file()
    finally:
        resources.resources_dir.cache_clear()


def test_bundle_bytes_are_fixed_once_made(vault, review_bundle):
    e, first = review_bundle
    # The child chooses new colours after the bundle was made: a fresh render would differ ...
    themes.set_child_theme(vault, CHILD, "berry")
    fresh = dict(bundles.make_files(vault, outbox.entry(vault, e.bundle_id)))
    assert manifest.sha256(fresh[first[2].name]) != first[2].sha256
    # ... but every retry sends the bytes made the first time.
    again = bundles.ensure_built(vault, e.bundle_id)
    assert [(f.name, f.sha256, f.data) for f in again] == [(f.name, f.sha256, f.data) for f in first]
    with vault.read() as db:
        assert db.conn.execute("SELECT COUNT(*) FROM outbox_file WHERE bundle_id = ?",
                               (e.bundle_id,)).fetchone()[0] == 4
    assert [a for a, _t, i in _audit(vault) if i == e.bundle_id].count("outbox.built") == 1


def test_bundles_are_made_on_the_syncs_own_connection(vault):
    finalised_review(vault)
    [e] = outbox.entries(vault)
    lane = vault.lane("sync")
    files = bundles.ensure_built(lane, e.bundle_id)
    assert outbox.entry(vault, e.bundle_id).built and len(files) == 4


def _audit(vault):
    with vault.read() as db:
        return db.conn.execute("SELECT action, record_type, record_id FROM audit_log ORDER BY seq").fetchall()


def test_no_name_in_any_file_name_the_json_or_the_pdf_metadata(vault, review_bundle):
    e, files = review_bundle
    for f in files:
        assert not any(n.lower() in f.name.lower() for n in NAMES), f.name
    assert not any(n in files[0].data.decode() for n in NAMES[:2])
    for f in files:
        if f.name.endswith(".pdf"):
            meta = PdfReader(io.BytesIO(f.data)).metadata
            text = " ".join(str(meta.get(k, "")) for k in ("/Title", "/Subject", "/Keywords"))
            assert not any(n in text for n in NAMES), (f.name, text)
    # The letter the IRO saves for themselves has no name in its title either.
    own = PdfReader(io.BytesIO(render.render_letter(vault, e.record_id))).metadata
    assert not any(n in own.title for n in NAMES), own.title


def test_a_bundle_whose_record_is_gone_says_so(vault):
    with vault.transaction() as tx:
        bundle = outbox.enqueue_tx(tx, outbox.REVIEW_RECORD, "C1-review-2026-01-01-v1", record_id=404, version=1,
                                   child_id="C1")
    with pytest.raises(bundles.RecordGone):
        bundles.ensure_built(vault, bundle)
    assert not outbox.entry(vault, bundle).built
