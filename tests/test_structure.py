"""The package's import graph points one way: no module reaches itself through imports.

Every ``import`` and ``from ... import`` in ``ddlint/`` counts, at module level or inside a
function, so a lazy import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent / "ddlint"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the ddlint modules it imports (a package's ``__init__`` is the package)."""
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                submodules = [f"{base}.{alias.name}" for alias in node.names]
                # ``from package import submodule`` imports the submodule; any other name is
                # the module's own. (A package's ``__init__`` runs before any submodule of it,
                # for every import: that implicit edge is not counted.)
                own = any(module not in modules for module in submodules)
                targets = [*([base] if own else []), *submodules]
            for target in targets:
                # the deepest ddlint module the import names
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    assert "ddlint.model" in graph["ddlint.engine"]
    assert any(graph.values())
    # the detector itself finds a cycle when there is one
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_no_import_cycle_in_ddlint() -> None:
    assert _cycles(import_graph()) == []


def _reaches(graph: dict[str, set[str]], module: str, prefixes: tuple[str, ...]) -> list[str]:
    """The modules matching ``prefixes`` that ``module`` imports directly."""
    return sorted(t for t in graph[module]
                  if any(t == p or t.startswith(p + ".") for p in prefixes))


def test_every_rule_family_is_in_the_catalogue() -> None:
    """A module of ddlint/rules/ that declares RULES is listed (it would be skipped silently
    otherwise), and every listed family exists."""
    from ddlint.rules.catalogue import FAMILIES

    declaring = set()
    for path in (PACKAGE / "rules").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "RULES" for t in node.targets)
               for node in tree.body):
            declaring.add(path.stem)
    assert declaring == set(FAMILIES)


def test_rule_families_import_facts_and_helpers_never_each_other() -> None:
    from ddlint.rules.catalogue import FAMILIES

    graph = import_graph()
    families = tuple(f"ddlint.rules.{name}" for name in FAMILIES)
    for family in families:
        assert _reaches(graph, family, families) == [], family
        # facts through their typed loader, not the raw TOML
        assert "ddlint.facts" not in graph[family], family


def test_the_layers_point_one_way() -> None:
    """model <- facts <- rules <- engine <- cli; model <- parsers <- engine;
    model <- project stage <- engine. Below them all, records (the dataclass decorator) and
    patterns (regular expressions compiled on first use)."""
    graph = import_graph()
    upper = ("ddlint.engine", "ddlint.cli", "ddlint.formatters")
    assert graph["ddlint.model"] == {"ddlint.records", "ddlint.patterns"}
    assert graph["ddlint.records"] == {"ddlint._record_inits"}
    assert graph["ddlint._record_inits"] == set()
    assert graph["ddlint.patterns"] == set()
    for module in graph:
        if module.startswith(("ddlint.facts", "ddlint.versions")):
            assert _reaches(graph, module, (*upper, "ddlint.rules", "ddlint.parsers",
                                            "ddlint.config", "ddlint.loader")) == [], module
        if module.startswith("ddlint.rules"):
            assert _reaches(graph, module, (*upper, "ddlint.parsers", "ddlint.config",
                                            "ddlint.loader", "ddlint.discovery")) == [], module
        if module.startswith("ddlint.parsers"):
            assert _reaches(graph, module, (*upper, "ddlint.rules", "ddlint.config",
                                            "ddlint.loader", "ddlint.project")) == [], module
        if module in ("ddlint.project", "ddlint.loader", "ddlint.targets", "ddlint.settings"):
            assert _reaches(graph, module, (*upper, "ddlint.rules", "ddlint.parsers")) == [], \
                module


def test_no_test_module_imports_another() -> None:
    """Tests share helpers through one layer, ``tests/conftest.py``: a test module imports no
    other test module (importing one runs its module-level code and couples their
    constants), and ``tests/`` holds no other helper module to import."""
    tests = Path(__file__).resolve().parent
    shared = {"tests", "tests.conftest"}
    for path in sorted(tests.glob("*.py")):
        assert path.name.startswith("test_") or path.name in {"conftest.py", "__init__.py"}, (
            f"{path.name}: a helper module beside the tests (shared helpers go to conftest.py)")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = "tests" if node.level else node.module or ""
                if node.level and node.module:
                    base = f"tests.{node.module}"
                names = [base] if base != "tests" else [
                    f"tests.{alias.name}" for alias in node.names]
            else:
                continue
            for name in names:
                if name == "tests" or name.startswith("tests."):
                    assert name in shared, f"{path.name} imports {name}"


def test_the_cases_unsafe_side_by_side_share_one_xdist_group() -> None:
    """Under pytest-xdist, the real pre-commit and the resource bounds run on one worker, one
    after another (``--dist loadgroup`` in pyproject.toml); any other test is left free."""
    import pytest

    from tests.conftest import pytest_collection_modifyitems

    class Item:
        def __init__(self, *marks: str) -> None:
            self.own = [getattr(pytest.mark, mark) for mark in marks]

        def get_closest_marker(self, name: str) -> Any:
            return next((mark for mark in self.own if mark.name == name), None)

        def add_marker(self, mark: Any) -> None:
            self.own.append(mark)

    items = [Item("precommit"), Item("slow"), Item(), Item("parametrize")]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    groups = [item.get_closest_marker("xdist_group") for item in items]
    assert [g.args if g else None for g in groups] == [("serial",), ("serial",), None, None]
    addopts = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    assert 'addopts = "-ra --strict-markers --dist loadgroup"' in addopts
