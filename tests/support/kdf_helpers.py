"""Cheap Argon2 settings for vaults the tests make, where the tree checks key-setting bounds."""

from __future__ import annotations


def enable_fast_kdf() -> None:
    try:
        from iro_desktop.vault.kdf import use_test_kdf
    except ImportError:  # a tree without the bounds accepts cheap settings anyway
        return
    from tests.conftest import FAST_KDF

    use_test_kdf(FAST_KDF)
