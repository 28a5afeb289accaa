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
    """Guards the packaging (build/iro-desktop.spec, which ``./dev package`` builds from) against being
    lost from the repository: the file is there, git tracks it, and no ignore rule covers it (so a
    rule such as ``build/`` added to .gitignore fails here even though the tracked file stays)."""
    if _git("rev-parse", "--is-inside-work-tree").returncode != 0:
        pytest.skip("not a git checkout")
    assert (ROOT / SPEC).is_file(), f"{SPEC} is missing"
    assert (ROOT / "dev").read_text(encoding="utf-8").count(SPEC) == 1
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


# --- No vault call on the GUI thread, by construction ---------------------------------------
#
# The UI tests switch on a runtime guard (iro_desktop/vault/thread_guard.py) that fails a test
# whose path touches the vault on the GUI thread; this check covers every path, driven or not.
# In ui/, a call that passes the vault as an argument, or calls a method on it, must sit inside
# a lambda or a nested function: the job handed to the worker. Directly in a method or a
# module-level function it would run on the GUI thread (and a module-level function that reads
# the vault is data gathering, which belongs in the core).

VAULT_NAMES = frozenset({"vault"})  # a name for the vault, and names assigned from one below
VAULT_ATTRIBUTES = frozenset({"vault", "_vault"})  # self.vault, editor.vault, ctx.vault, self._vault
VAULT_GETTERS = frozenset({"vault", "require_vault", "_vault"})  # ctx.vault(), require_vault(), self._vault()

# Calls that hand the vault object itself to something that keeps it for jobs of its own, or
# that run where no vault thread is left; by (file, function, callee). Nothing else may.
VAULT_HANDED_OVER = {
    # The editor's context and its autosaver keep the vault for the jobs they hand the worker
    # and the drafts' lane.
    ("ui/records/records_controller.py", "RecordsController._show_editor", "EditorContext"),
    ("ui/records/record_editor.py", "RecordEditor.__init__", "Autosaver"),
    # The lock routine hands the vault on: its last words go in on the drafts' lane
    # (save_final's nested job), and the session controller closes it on the vault thread.
    ("ui/app/main_window.py", "MainWindow.lock", "self.records.save_final"),
    ("ui/app/main_window.py", "MainWindow.lock", "self._close_vault"),
    ("ui/app/main_window.py", "MainWindow._close_vault", "self.session_controller.close_vault"),
    # A vault just opened or made is announced (a signal) and handed to the session's start-up,
    # which keeps it, or closes it on the vault thread if the window closed meanwhile.
    ("ui/session/unlock_screen.py", "UnlockScreen._succeeded", "self.unlocked.emit"),
    ("ui/session/setup_wizard.py", "SetupWizard.accept", "self.vault_ready.emit"),
    ("ui/session/start.py", "SessionStart._setup_finished", "self.unlocked"),
    ("ui/session/start.py", "SessionStart.unlocked", "self._close_vault"),
    ("ui/session/start.py", "SessionStart.unlocked", "self._opened"),
    # The security dialogs keep the vault for the passphrase and recovery-code jobs they run.
    ("ui/session/controller.py", "SessionController.change_passphrase", "ChangePassphraseDialog"),
    ("ui/session/controller.py", "SessionController.new_recovery_code", "NewRecoveryCodeDialog"),
    ("ui/session/security_dialogs.py", "ChangePassphraseDialog.__init__", "super().__init__"),
    ("ui/session/security_dialogs.py", "NewRecoveryCodeDialog.__init__", "super().__init__"),
    # Closing where the vault thread has already ended (the window closed), or where the close
    # job itself failed: then nothing else uses the vault, and it must still be closed.
    ("ui/session/controller.py", "SessionController.close_vault", "vault.close"),
    # Sync's thread is handed the vault with each request, and its job body runs on that
    # thread alone (its executor), where it opens the vault's sync lane; never on the GUI thread.
    ("ui/sync/sync_controller.py", "SyncController.request", "self.thread.run"),
    ("ui/sync/sync_thread.py", "SyncThread._run", "vault.lane"),
}
# The benchmark drives the real window from outside and reads the vault to time it.
VAULT_CHECK_SKIPS = {"ui/app/bench_gui.py"}


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else node.attr
    if isinstance(node, ast.Call):
        base = _dotted(node.func)
        return f"{base}()" if base else None
    return None


def _is_vault(node: ast.AST, names: set[str]) -> bool:
    if isinstance(node, ast.Name):
        return node.id in names
    if isinstance(node, ast.Attribute):
        return node.attr in VAULT_ATTRIBUTES
    if isinstance(node, ast.Call) and not node.args and not node.keywords:
        func = node.func
        return (isinstance(func, ast.Attribute) and func.attr in VAULT_GETTERS) or (
            isinstance(func, ast.Name) and func.id == "require_vault")
    return False


class _VaultCalls(ast.NodeVisitor):
    """Finds the calls that pass the vault or call a method on it outside a job: directly in a
    module's body, a module-level function or a method. Each as (line, function, callee)."""

    def __init__(self) -> None:
        self.scopes: list[tuple[str, bool, set[str]]] = []  # (name, is a function, vault names)
        self.found: list[tuple[int, str, str]] = []

    def _names(self) -> set[str]:
        return self.scopes[-1][2] if self.scopes else set(VAULT_NAMES)

    def _enter(self, node: ast.AST, name: str, function: bool) -> None:
        self.scopes.append((name, function, set(self._names())))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._enter(node, node.name, False)

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._enter(node, node.name, True)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._enter(node, "<lambda>", True)

    def visit_Assign(self, node: ast.Assign) -> None:
        # ``v = self.ctx.vault()`` or ``v, session = ctx.require_vault(), ctx.session()``
        pairs: list[tuple[ast.AST, ast.AST]] = []
        for target in node.targets:
            if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                pairs += zip(target.elts, node.value.elts)
            else:
                pairs.append((target, node.value))
        names = self._names()
        for target, value in pairs:
            if isinstance(target, ast.Name) and _is_vault(value, names):
                names.add(target.id)
        self.generic_visit(node)

    def _in_a_job(self) -> bool:
        functions = [name for name, function, _names in self.scopes if function]
        return len(functions) >= 2 or functions[-1:] == ["<lambda>"]

    def visit_Call(self, node: ast.Call) -> None:
        names = self._names()
        passes = any(_is_vault(arg, names) for arg in node.args) or any(
            _is_vault(keyword.value, names) for keyword in node.keywords)
        on = isinstance(node.func, ast.Attribute) and _is_vault(node.func.value, names)
        if (passes or on) and not self._in_a_job():
            where = ".".join(name for name, _function, _names in self.scopes) or "<module>"
            self.found.append((node.lineno, where, _dotted(node.func) or "?"))
        self.generic_visit(node)


def vault_calls_outside_jobs(source: str) -> list[tuple[int, str, str]]:
    finder = _VaultCalls()
    finder.visit(ast.parse(source))
    return finder.found


def vault_offences(root: Path = ROOT) -> list[str]:
    offences = []
    for path in sorted((root / "ui").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in VAULT_CHECK_SKIPS:
            continue
        for line, where, callee in vault_calls_outside_jobs(path.read_text(encoding="utf-8")):
            if (name, where, callee) not in VAULT_HANDED_OVER:
                offences.append(f"{name}:{line} {where} calls {callee} with the vault outside a worker's job")
    return offences


def test_the_gui_thread_never_calls_the_vault_in_ui():
    offences = vault_offences()
    assert offences == [], "\n".join(offences)


def test_the_vault_check_catches_a_call_in_a_method_and_passes_a_job():
    source = '''
class CaseloadController:
    def reload(self):
        vault = self.ctx.vault()
        rows = repository.list_children(vault)
        self.ctx.worker.run(lambda: repository.list_children(vault), done=self.show)

        def job():
            return repository.get_child(vault, "C100")

        self.ctx.worker.run(job)

    def counted(self):
        v, session = self.ctx.require_vault(), self.ctx.session()
        with v.read() as db:
            return db
        repository.council_area(self.ctx.vault())

    def told(self):
        self.status("Saved.")  # no vault here


def load(vault, child_id):
    return repository.get_child(vault, child_id)
'''
    assert vault_calls_outside_jobs(source) == [
        (5, "CaseloadController.reload", "repository.list_children"),
        (15, "CaseloadController.counted", "v.read"),
        (17, "CaseloadController.counted", "repository.council_area"),
        (24, "load", "repository.get_child"),
    ]
