"""The bundled fonts and icons: present, licensed, TrueType, and found however the app runs."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from iro_desktop import resources
from iro_desktop.printing.pdf import fonts, icons

ROOT = Path(__file__).resolve().parents[1] / "resources"


@pytest.fixture(autouse=True)
def _fresh_lookup():
    resources.resources_dir.cache_clear()
    yield
    resources.resources_dir.cache_clear()


def test_every_font_is_truetype_and_its_licence_is_beside_it():
    for family, files in fonts._FAMILIES.items():
        for name in files:
            data = resources.resource_path("fonts", name).read_bytes()
            assert data[:4] == b"\x00\x01\x00\x00", name  # TrueType outlines, which reportlab embeds
    for licence in ("OFL-Andika.txt", "OFL-AtkinsonHyperlegible.txt"):
        assert "SIL Open Font License" in resources.resource_path("fonts", licence).read_text()
    assert "Bitstream Vera" in resources.resource_path("fonts", "LICENSE-DejaVu.txt").read_text()
    assert set(fonts.LICENCES) == set(fonts._FAMILIES)


def test_every_icon_used_is_bundled_with_its_licence():
    source = (ROOT.parent / "iro_desktop" / "printing").rglob("*.py")
    named = set(icons.SECTION_ICONS.values()) | {icons.OWN_SECTION_ICON} | {n for _p, n in icons._KEYWORDS}
    for path in source:
        named |= set(re.findall(r'IconBadge\("([a-z0-9-]+)"', path.read_text()))
        named |= set(re.findall(r'_section\("([a-z0-9-]+)"', path.read_text()))
        named |= set(re.findall(r'icon="([a-z0-9-]+)"', path.read_text()))
    assert len(named) > 20
    for name in named:
        assert resources.resource_path("icons", f"{name}.svg").is_file(), name
    assert "MIT License" in resources.resource_path("icons", "LICENSE-tabler-icons.txt").read_text()


def test_resources_are_found_in_the_frozen_app(tmp_path, monkeypatch):
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT, bundle / "resources")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources.resources_dir() == bundle / "resources"


def test_an_explicit_folder_wins_and_a_missing_one_is_said_plainly(tmp_path, monkeypatch):
    shutil.copytree(ROOT, tmp_path / "elsewhere")
    monkeypatch.setenv(resources.ENV, str(tmp_path / "elsewhere"))
    assert resources.resources_dir() == tmp_path / "elsewhere"
    resources.resources_dir.cache_clear()
    monkeypatch.setenv(resources.ENV, str(tmp_path / "nowhere"))
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "pkg" / "resources.py"))
    with pytest.raises(resources.ResourcesMissing):
        resources.resources_dir()
