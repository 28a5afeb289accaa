"""Council policy: the idle-lock time an IRO may choose, and what a broken policy file means."""

from __future__ import annotations

import json

from iro_desktop.vault.policy import DEFAULT_IDLE_MINUTES, MAX_IDLE_MINUTES, Policy


def test_idle_lock_is_the_default_until_the_iro_chooses():
    assert Policy().idle_lock_minutes(None) == DEFAULT_IDLE_MINUTES == 5
    assert Policy().idle_lock_minutes(20) == 20


def test_idle_lock_never_longer_than_the_council_allows():
    policy = Policy(idle_lock_minutes_max=3)
    assert policy.idle_lock_range() == (1, 3)
    assert policy.idle_lock_minutes(2) == 2
    assert policy.idle_lock_minutes(30) == 3, "a choice made before the council lowered its limit"
    assert policy.idle_lock_minutes(None) == 3


def test_idle_lock_range_without_a_council_limit():
    assert Policy().idle_lock_range() == (1, MAX_IDLE_MINUTES)
    assert Policy().idle_lock_minutes(0) == 1
    assert Policy().idle_lock_minutes(500) == MAX_IDLE_MINUTES


def test_a_broken_policy_file_does_not_lengthen_the_idle_lock(tmp_path):
    (tmp_path / "policy.json").write_text("{not json", encoding="utf-8")
    assert Policy.load_for_idle_lock(tmp_path).idle_lock_minutes(45) == DEFAULT_IDLE_MINUTES
    (tmp_path / "policy.json").write_text(json.dumps({"idle_lock_minutes_max": 10}), encoding="utf-8")
    assert Policy.load_for_idle_lock(tmp_path).idle_lock_minutes(45) == 10
