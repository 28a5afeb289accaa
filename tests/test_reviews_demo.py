"""The demo caseload's review records: finalised letters, decisions and midway reviews that show
what good looks like."""

import re
from collections import Counter

import pytest

from iro_desktop import reviews, search
from iro_desktop.caseload import demo
from iro_desktop.caseload.demo_letters import DEMO_IRO
from iro_desktop.caseload.due import caseload_due
from iro_desktop.documents.letter import WHAT_NEXT
from iro_desktop.documents.readability import analyse_letter
from iro_desktop.documents.wording import acronyms
from tests.support.caseload_helpers import TODAY, audit_rows


@pytest.fixture
def demo_vault(vault):
    kids = demo.load_demo(vault, n=70, today=TODAY)
    return vault, kids


def _latest_records(vault, kids):
    out = {}
    for k in kids:
        recs = reviews.review_records(vault, k.child_id)
        if recs:
            out[k.child_id] = reviews.get_review(vault, recs[-1].id)
    return out


def test_many_children_have_finalised_warm_short_letters(demo_vault):
    vault, kids = demo_vault
    latest = _latest_records(vault, kids)
    finalised = {cid: r for cid, r in latest.items() if r.record.ever_finalised}
    assert len(finalised) >= 40
    by_id = {k.child_id: k for k in kids}
    for cid, r in finalised.items():
        letter = r.content.letter
        assert letter.greeting == f"Dear {by_id[cid].known_as},"
        assert 120 <= analyse_letter(letter).words < 700
        what_next = letter.section(WHAT_NEXT)
        assert what_next.follows_generated and r.content.recommendations
        assert acronyms(what_next.plain) == []
        assert not re.search(r"\b(contact|placement|care plan)\b", letter.plain_text())
        assert reviews.verify_version(vault, r.id, r.version.version)
        assert r.version.finalised_by == DEMO_IRO
    assert any(not r.record.ever_finalised for r in latest.values())  # some still being written


def test_decisions_carried_forward_midways_amendments_and_escalations(demo_vault):
    vault, kids = demo_vault
    statuses = Counter(t.status for k in kids for t in reviews.recommendations_for_child(vault, k.child_id))
    assert statuses["open"] >= 50 and statuses["done"] >= 30 and statuses["superseded"] >= 5
    midways = [m for k in kids for m in reviews.midway_records(vault, k.child_id)]
    assert len(midways) >= 10 and all(m.ever_finalised for m in midways)
    done = {d.child_id for d in caseload_due(vault, today=TODAY)
            for i in d.items if i.kind == "midway" and i.status == "done"}
    assert {m.child_id for m in midways} & done
    actions = Counter(a for a, _t, _i in audit_rows(vault))
    assert actions["review_record.amend"] == 1
    assert len(reviews.escalation_intents(vault)) >= 1
    assert vault.verify_audit().ok
    assert search.search(vault, "swimming")


def test_the_same_seed_gives_the_same_letters(vault, tmp_path):
    from iro_desktop.vault import Vault
    from tests.conftest import FAST_KDF, PASSPHRASE

    kids = demo.load_demo(vault, n=20, today=TODAY)
    other, _code = Vault.create(tmp_path / "other", PASSPHRASE, None, allow_no_keychain=True, kdf=FAST_KDF)
    with other:
        demo.load_demo(other, n=20, today=TODAY)
        a, b = _latest_records(vault, kids), _latest_records(other, kids)
        assert a and {c: r.content.letter.plain_text() for c, r in a.items()} == \
            {c: r.content.letter.plain_text() for c, r in b.items()}
