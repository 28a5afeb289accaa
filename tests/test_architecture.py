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


# --- The client's layers and the import graph -------------------------------------------------
#
# Imports inside functions count: they hide a cycle from Python's loader but not from a reader,
# and the next module-level import turns them into a crash at start-up.

PACKAGES = ("iro_desktop", "ui")
UI = ROOT / "ui"
LONG_LINES = 500
LONG_REASON = "Why this module is long:"


def _modules(root: Path) -> dict[str, Path]:
    """Every module of the project's own packages below ``root``, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported_names(name: str, path: Path) -> set[str]:
    """The dotted names a module imports anywhere in it, relative imports made absolute. For
    ``from a import b`` both ``a`` and ``a.b`` are given: ``b`` may be a module or a name."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module", "__import__"
        ):
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    names.add(arg.value)
    return names


def import_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """Which of the project's modules each of its modules imports. A module importing the package
    it sits in is left out: that runs the package's ``__init__`` first, which is never a cycle."""
    modules = _modules(root)

    def own(dotted: str) -> str | None:
        while dotted and dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    graph = {}
    for name, path in modules.items():
        targets = {own(imported) for imported in _imported_names(name, path)}
        graph[name] = {t for t in targets if t and t != name and not name.startswith(t + ".")}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each group of modules that import each other (a strongly connected
    component of more than one module), as ``[a, b, …, a]``."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(start: str) -> None:
        # Tarjan's algorithm without recursion: the ui graph is deep enough to make recursion a risk.
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, group) for group in groups]


def _cycle_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle through the group's first module, staying inside the group."""
    first = min(group)
    paths = {first: [first]}
    queue = [first]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & group):
            if child == first:
                return paths[node] + [first]
            if child not in paths:
                paths[child] = paths[node] + [child]
                queue.append(child)
    raise AssertionError(f"no cycle through {first}")  # a strongly connected group always has one


def test_no_import_cycles_anywhere():
    """Counting imports inside functions: a cycle hidden in a function is still a cycle."""
    cycles = import_cycles(import_graph())
    assert cycles == [], "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_the_cycle_finder_names_a_cycle_hidden_inside_a_function(tmp_path):
    for package, files in {
        "iro_desktop": {"__init__.py": "", "a.py": "from . import b\n",
                        "b.py": "def later():\n    from .c import thing\n", "c.py": "import iro_desktop.a\n"},
        "ui": {"__init__.py": "", "d.py": "from iro_desktop import a\n"},
    }.items():
        (tmp_path / package).mkdir()
        for file, text in files.items():
            (tmp_path / package / file).write_text(text, encoding="utf-8")
    assert import_cycles(import_graph(tmp_path)) == [
        ["iro_desktop.a", "iro_desktop.b", "iro_desktop.c", "iro_desktop.a"]
    ]
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def _ui_layer(module: str) -> str | None:
    """The folder of ui/ a module sits in (``app``, ``common``, a feature), or None outside ui/."""
    parts = module.split(".")
    return parts[1] if parts[0] == "ui" and len(parts) > 1 else None


def layer_offences(graph: dict[str, set[str]]) -> list[str]:
    """Imports across ui/'s layers the wrong way: a feature folder importing ui/app (which
    composes the features, so they must not know it), or ui/common importing any feature."""
    offences = []
    for module, targets in sorted(graph.items()):
        layer = _ui_layer(module)
        for target in sorted(targets):
            into = _ui_layer(target)
            if layer not in (None, "app") and into == "app":
                offences.append(f"{module} imports {target}: feature folders never import ui/app")
            elif layer == "common" and into not in (None, "common"):
                offences.append(f"{module} imports {target}: ui/common imports no feature folder")
    return offences


def test_the_layer_check_catches_both_wrong_ways():
    graph = {
        "ui.app.main_window": {"ui.due.week_view", "ui.common.workers"},
        "ui.due.week_view": {"ui.app.services", "ui.common.workers", "iro_desktop.caseload.week"},
        "ui.common.workers": {"ui.records.autosave", "ui.common.messages"},
        "ui.records.autosave": {"ui.common.workers"},
    }
    assert layer_offences(graph) == [
        "ui.common.workers imports ui.records.autosave: ui/common imports no feature folder",
        "ui.due.week_view imports ui.app.services: feature folders never import ui/app",
    ]


def _folders(top: Path) -> set[str]:
    return {p.name for p in top.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}


def test_nothing_but_the_package_itself_lies_directly_in_ui():
    """Every module of the client belongs to a folder: app, common, or a feature."""
    assert sorted(p.name for p in UI.glob("*.py")) == ["__init__.py"]


def test_tests_ui_mirrors_the_folders_of_ui():
    """A newcomer finds a screen's tests where its code is: tests/ui/<folder> for ui/<folder>."""
    assert _folders(UI) == _folders(ROOT / "tests" / "ui")


def long_modules(root: Path = ROOT) -> list[str]:
    """Modules over LONG_LINES lines whose docstring does not give, on a line of its own starting
    with LONG_REASON, why the module is better kept whole."""
    offences = []
    for name, path in sorted(_modules(root).items()):
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n") + (not text.endswith("\n") and bool(text))
        if lines <= LONG_LINES:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if not any(line.strip().startswith(LONG_REASON) for line in docstring.splitlines()):
            offences.append(f"{path.relative_to(root)}: {lines} lines and no '{LONG_REASON}'")
    return offences


def test_the_size_check_accepts_a_long_module_only_with_its_reason(tmp_path):
    (tmp_path / "ui").mkdir()
    (tmp_path / "iro_desktop").mkdir()
    body = "x = 1\n" * LONG_LINES
    (tmp_path / "ui" / "short.py").write_text(body, encoding="utf-8")
    (tmp_path / "ui" / "long.py").write_text('"""A screen."""\n' + body, encoding="utf-8")
    (tmp_path / "iro_desktop" / "kept.py").write_text(
        f'"""Rules.\n\n{LONG_REASON} one table read top to bottom."""\n' + body, encoding="utf-8")
    assert long_modules(tmp_path) == [f"ui/long.py: {LONG_LINES + 1} lines and no '{LONG_REASON}'"]


ARCHITECTURE = ROOT / "docs" / "architecture.md"
_PLACEHOLDER = re.compile(r"[\w.]*<[^>\s]*>[\w.]*")
_NAMED_PATH = re.compile(r"(?<![\w/.<])((?:iro_desktop|ui|tests|docs|resources|build)(?:/[\w.]+)*/?)")


def named_paths(text: str) -> set[str]:
    """The repository paths a document names (``ui/common/``, ``tests/ui/``, ``iro_desktop/vault/vault.py``);
    placeholders such as ``ui/<feature>`` name only the folder before them."""
    text = _PLACEHOLDER.sub("", text)
    return {match.rstrip("/.") for match in _NAMED_PATH.findall(text) if "/" in match}


def test_every_path_the_architecture_page_names_exists():
    named = named_paths(ARCHITECTURE.read_text(encoding="utf-8"))
    assert named, "docs/architecture.md names no folder"
    assert sorted(p for p in named if not (ROOT / p).exists()) == []


def test_the_path_check_reads_folders_files_and_placeholders():
    assert named_paths("`ui/common/` and ui/<feature>/ and iro_desktop/vault/vault.py. See tests/ui/.") == {
        "ui/common", "ui", "iro_desktop/vault/vault.py", "tests/ui"
    }
    assert named_paths("tests/ui/<feature>/test_<screen>.py, iro_desktop/sync/") == {"tests/ui", "iro_desktop/sync"}


def test_features_never_import_ui_app_and_common_imports_no_feature():
    offences = layer_offences(import_graph())
    assert offences == [], "\n".join(offences)


def test_no_module_is_long_without_a_reason():
    offences = long_modules()
    assert offences == [], "\n".join(offences)
