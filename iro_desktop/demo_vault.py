"""The demo vault: invented children only, so a newcomer sees a populated app at once.

It is protected by a fixed, documented passphrase and no keychain, because it must open the
same way on every machine and holds nothing real. Never put real data in it.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from iro_desktop.paths import APP_AUTHOR, APP_NAME
from iro_desktop.vault import KdfParams, Vault, vault_exists

DEMO_PASSPHRASE = "demo-only-passphrase-2026"
DEMO_SETTING = "demo_vault"


def default_demo_home() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "demo-vault"


def open_demo_vault(home: Path, *, children: int = 70, kdf: KdfParams | None = None) -> Vault:
    """Unlock the demo vault in ``home``, creating and filling it first if there is none."""
    from iro_desktop.caseload import demo

    if vault_exists(home):
        return Vault.unlock(home, DEMO_PASSPHRASE, None, allow_no_keychain=True)
    vault, _code = Vault.create(home, DEMO_PASSPHRASE, None, allow_no_keychain=True, kdf=kdf)
    try:
        demo.load_demo(vault, n=children)
        # An invented IRO, so the demo's letters and leaflets are signed and give contact details.
        from iro_desktop.caseload.demo_letters import DEMO_IRO
        from iro_desktop.printing import profile

        profile.save_iro_profile(vault, name=DEMO_IRO, phone="01632 960123", text="07700 900123",
                                 email="iro.team@example.gov.uk")
        with vault.transaction() as tx:
            tx.set_setting(DEMO_SETTING, "yes")
    except BaseException:
        vault.close()
        raise
    return vault


def is_demo(vault: Vault) -> bool:
    return vault.setting(DEMO_SETTING) == "yes"
