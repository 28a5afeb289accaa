"""Every font the app bundles has its licence beside it and is named in Help, About."""

from iro_desktop import resources
from iro_desktop.printing.pdf import fonts
from ui.help.help_windows import LICENCES

SHOWN_AS = {fonts.ANDIKA: "Andika", fonts.ATKINSON: "Atkinson Hyperlegible", fonts.DEJAVU: "DejaVu Sans"}


def test_every_bundled_font_is_named_in_about_with_its_licence():
    assert set(fonts.LICENCES) == set(fonts._FAMILIES) == set(SHOWN_AS)
    for family, licence in fonts.LICENCES.items():
        assert len(resources.resource_path("fonts", licence).read_text()) > 500, licence
        assert SHOWN_AS[family] in LICENCES, family
    assert "Bitstream Vera" in resources.resource_path("fonts", fonts.LICENCES[fonts.DEJAVU]).read_text()
    assert "Bitstream Vera licence" in LICENCES
