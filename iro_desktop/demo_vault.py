"""The demo vault: invented children only, so a newcomer sees a populated app at once.

It is protected by a fixed, documented passphrase and no keychain, because it must open the
same way on every machine and holds nothing real. Never put real data in it.

Making one is all or nothing. It is built in a folder of its own beside the target
(``.NAME.building-<hex>``, marked as the app's), closed, marked finished, and only then moved
into the target, the key slots file last (``iro_desktop.housekeeping.finish_build``): a vault
exists only once that file is there, and by then it is whole and marked as the demo. A process
killed while building leaves the target as it was (the unfinished build is removed at a later
start); one killed while moving is finished at the next start or the next ``demo``. The target
may already hold the app's own lock file (the app holds it from start to exit), so the move is
file by file rather than one rename of the folder.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

import platformdirs

from iro_desktop import housekeeping
from iro_desktop.errors import IroError
from iro_desktop.files import atomic_write_bytes
from iro_desktop.paths import APP_AUTHOR, APP_NAME
from iro_desktop.vault import KdfParams, Vault, vault_exists

DEMO_PASSPHRASE = "demo-only-passphrase-2026"
DEMO_SETTING = "demo_vault"
# A plain note in the demo's folder, moved in with the rest: it tells a person (and the ``demo``
# command, without trying a passphrase on what may be a real vault) that this is the demo. What
# the app trusts is the setting inside the vault (``is_demo``).
NOTE_NAME = "DEMO-VAULT.txt"
NOTE = (f"This folder holds the IRO Desktop demo vault: invented children only, never real data.\n"
        f"Its passphrase is: {DEMO_PASSPHRASE}\n").encode()


class DemoFolderInUse(IroError):
    def __init__(self, home: Path) -> None:
        super().__init__(f"The folder {home} holds a vault database without its key file, so it is not "
                         "a demo vault and no demo can be made there. Choose another folder for the demo; "
                         "nothing was changed.")


def default_demo_home() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "demo-vault"


def open_demo_vault(home: Path, *, children: int = 70, kdf: KdfParams | None = None) -> Vault:
    """Unlock the demo vault in ``home``, creating and filling it first if there is none."""
    home = Path(home)
    if not vault_exists(home):
        for build in housekeeping.build_folders(home):  # a build killed while it was being moved
            housekeeping.finish_build(build, home)
    if not vault_exists(home):
        if (home / "vault.db").exists():
            raise DemoFolderInUse(home)
        _build(home, children=children, kdf=kdf)
    return Vault.unlock(home, DEMO_PASSPHRASE, None, allow_no_keychain=True)


def _build(home: Path, *, children: int, kdf: KdfParams | None) -> None:
    from iro_desktop.caseload import demo

    home.parent.mkdir(parents=True, exist_ok=True)
    build = home.parent / housekeeping.build_folder_name(home, secrets.token_hex(4))
    build.mkdir(mode=0o700)
    try:
        atomic_write_bytes(build / housekeeping.BUILD_MARKER, b"")
        vault, _code = Vault.create(build, DEMO_PASSPHRASE, None, allow_no_keychain=True, kdf=kdf)
        with vault:
            demo.load_demo(vault, n=children)
            # An invented IRO, so the demo's letters and leaflets are signed and give contact details.
            from iro_desktop.caseload.demo_letters import DEMO_IRO
            from iro_desktop.printing import profile

            profile.save_iro_profile(vault, name=DEMO_IRO, phone="01632 960123", text="07700 900123",
                                     email="iro.team@example.gov.uk")
            with vault.transaction() as tx:
                tx.set_setting(DEMO_SETTING, "yes")
        atomic_write_bytes(build / NOTE_NAME, NOTE, mode=0o644)
        atomic_write_bytes(build / housekeeping.COMPLETE_MARKER, b"")
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    housekeeping.finish_build(build, home)


def looks_like_demo(home: Path) -> bool:
    """Whether the vault in ``home`` says, in its folder, that it is the demo (no unlock tried)."""
    return vault_exists(home) and (Path(home) / NOTE_NAME).is_file()


def is_demo(vault: Vault) -> bool:
    return vault.setting(DEMO_SETTING) == "yes"
