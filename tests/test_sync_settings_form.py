"""The sync settings as the app's dialog saves them (``sync.settings_form``): every field checked
before anything is written, the saved password never read back for the screen, and an empty
target or CA bundle clearing the setting."""

from __future__ import annotations

from iro_desktop.sync import config, outbox
from iro_desktop.sync.settings_form import CA_BUNDLE, SIGN_IN, TARGET, Entered, problems_of, read_current, save


def _entered(**changes) -> Entered:
    values = dict(target="https://dav.example.org/iro/", ca_bundle="", use_token=False, username="sam",
                  password="pw-1", token="", retention_days=30)
    values.update(changes)
    return Entered(**values)


def test_bad_input_saves_nothing_and_names_its_field(vault, tmp_path):
    current = read_current(vault)
    problems = save(vault, _entered(target="http://dav.example.org/", ca_bundle=str(tmp_path / "none.pem"),
                                    password=""), current)
    assert set(problems) == {TARGET, CA_BUNDLE, SIGN_IN}
    assert "https://" in problems[TARGET]
    cfg = config.load(vault)
    assert (cfg.target, cfg.ca_bundle, cfg.credential) == (None, None, None)


def test_saving_stores_what_changed_and_never_hands_back_the_password(vault, tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    assert save(vault, _entered(ca_bundle=str(ca), retention_days=45), read_current(vault)) == {}
    current = read_current(vault)
    assert (current.target, current.ca_bundle, current.username, current.has_password, current.retention_days) == (
        "https://dav.example.org/iro/", str(ca.resolve()), "sam", True, 45)
    assert "pw-1" not in repr(current) and "pw-1" not in repr(_entered())
    # The same user name with no new password keeps the saved one; a new user name needs one.
    assert problems_of(_entered(password=""), current) == {}
    assert SIGN_IN in problems_of(_entered(username="alex", password=""), current)
    assert save(vault, _entered(target="", ca_bundle="", password="", retention_days=45), current) == {}
    cfg = config.load(vault)
    assert (cfg.target, cfg.ca_bundle, cfg.credential.password) == (None, None, "pw-1")
    assert outbox.retention_days(vault) == 45
