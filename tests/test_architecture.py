"""House rules that keep the core testable without a screen."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "iro_desktop"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "ui")


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module", "__import__"
        ):
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield node.lineno, arg.value


def test_core_never_imports_qt_or_ui_statically():
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted(CORE.rglob("*.py"))
        for line, name in _imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offences == []


def test_importing_every_core_module_loads_no_qt():
    modules = sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for p in CORE.rglob("*.py")
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        f"{FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


SPEC = "build/iro-desktop.spec"


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)


def test_the_packaging_spec_is_tracked_and_not_ignored():
    """Guards the packaging (build/iro-desktop.spec, which package.sh builds from) against being
    lost from the repository: the file is there, git tracks it, and no ignore rule covers it (so a
    rule such as ``build/`` added to .gitignore fails here even though the tracked file stays)."""
    if _git("rev-parse", "--is-inside-work-tree").returncode != 0:
        pytest.skip("not a git checkout")
    assert (ROOT / SPEC).is_file(), f"{SPEC} is missing"
    assert (ROOT / "build" / "package.sh").read_text(encoding="utf-8").count(SPEC) == 1
    assert _git("ls-files", "--error-unmatch", SPEC).returncode == 0, f"{SPEC} is not tracked"
    # --no-index: without it git reports a tracked file as never ignored, whatever the rules say.
    ignored = _git("check-ignore", "--no-index", "-v", SPEC)
    assert ignored.returncode == 1, f"{SPEC} is ignored by {ignored.stdout.strip()}"


def test_the_frozen_app_carries_the_whole_resources_folder():
    """The fonts, icons and the example extract (the import's template) all ship in the frozen
    app because the spec copies resources/ whole to where ``iro_desktop.resources`` looks."""
    spec = (ROOT / SPEC).read_text(encoding="utf-8")
    assert 'datas=[(str(root / "resources"), "resources")]' in spec
    assert (ROOT / "resources" / "samples" / "caseload-example.csv").is_file()


def test_no_test_reads_files_from_outside_the_repository():
    """A clean clone must collect and run every test: nothing may come from the shared folder
    that sits beside the repository on some machines. The example extract the tests import is
    the repository's own copy in resources/samples."""
    outside = re.compile(r"""\.\.[/\\]shared\b|["']shared["']|[/\\]work[/\\]shared\b""")
    offences = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert offences == []
