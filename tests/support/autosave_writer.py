"""Keeps autosaving a growing draft into a vault until it is killed (the crash test's victim).

    python -m tests.support.autosave_writer VAULT_HOME PASSPHRASE

Prints "ready" once the vault is open, then "saved N" after each autosave has committed. The
draft for state N is ``draft_for(N)``, so the test can check exactly what survived. Only
counters are printed: the text is invented and never shown.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEY = "scratch:crash-test"
WORDS = ("It was lovely to see you at Joan and Pete's on Tuesday and hear about your swimming, "
         "your friends at school, family time with Nan and the new puppy called Biscuit.").split()
MAX_WORDS = 3500


def draft_for(n: int) -> dict:
    count = min(n * 7, MAX_WORDS)
    words = [WORDS[i % len(WORDS)] for i in range(count)]
    return {"n": n, "text": " ".join(words) + f" [{n}]"}


def main(home: str, passphrase: str) -> None:
    from iro_desktop.reviews import drafts
    from iro_desktop.vault import Vault

    vault = Vault.unlock(Path(home), passphrase, None, allow_no_keychain=True)
    text = drafts.load_draft_text(vault, KEY)
    n = json.loads(text)["n"] if text else 0
    print("ready", flush=True)
    while True:
        n += 1
        drafts.save_draft(vault, KEY, draft_for(n))
        print(f"saved {n}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
