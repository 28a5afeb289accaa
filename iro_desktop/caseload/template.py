"""The example caseload extract, offered to the IRO as a template for the council's file.

It is the file the import was built against: every column the council's example extract has,
with the headings spelled as the import expects, and four invented children. An IRO whose file
is refused can save it, and show it to whoever exports the caseload. It holds no real child's
details, so it may be written anywhere.
"""

from __future__ import annotations

from pathlib import Path

from iro_desktop.files import atomic_write_bytes
from iro_desktop.resources import resource_path

FILE_NAME = "caseload-example.csv"
SUGGESTED_NAME = "caseload-template.csv"


def template_path() -> Path:
    """The bundled example extract (``resources/samples``), however the app was installed."""
    return resource_path("samples", FILE_NAME)


def save_template(path: Path) -> Path:
    """Write the example extract to ``path`` (``.csv`` added if it has no such ending), atomically.

    Returns where it was written. Raises OSError if the folder cannot be written to."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        path = path.with_name(path.name + ".csv")
    # Invented data only, so readable like any document the IRO saves (not owner-only).
    atomic_write_bytes(path, template_path().read_bytes(), mode=0o644)
    return path
