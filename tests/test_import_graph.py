"""The package's import graph has no cycle, and no screen imports another screen.

Built from the source with ``ast``, so every import counts: module level, inside functions,
under ``if TYPE_CHECKING``. ``from pkg import name`` is an edge to ``pkg`` (its ``__init__``, the
package face, runs first) and also to ``pkg.name`` when that is a module.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = "chroma_tui"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
SCREENS = f"{PACKAGE}.ui.screens"
SCREEN_BASES = f"{SCREENS}.base"


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__``)."""
    found: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imported(node: ast.AST, module: str, is_package: bool) -> Iterator[tuple[str, list[str]]]:
    """(base module, names) for each import statement anywhere below ``node``."""
    for child in ast.walk(node):
        if isinstance(child, ast.Import):
            for alias in child.names:
                yield alias.name, []
        elif isinstance(child, ast.ImportFrom):
            base = child.module or ""
            if child.level:
                anchor = module.split(".")
                if not is_package:
                    anchor = anchor[:-1]
                anchor = anchor[: len(anchor) - (child.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, [alias.name for alias in child.names]


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    files = module_files()
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for base, names in _imported(tree, name, path.name == "__init__.py"):
            if not (base == PACKAGE or base.startswith(PACKAGE + ".")):
                continue
            # `from pkg import sub` runs pkg's __init__ (the package face) as well as sub;
            # `import a.b.c` names the deepest module the package has.
            targets = [f"{base}.{n}" for n in names if f"{base}.{n}" in files]
            target = base
            while target not in files and "." in target:
                target = target.rsplit(".", 1)[0]
            targets.append(target)
            graph[name].update(t for t in targets if t != name)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(components)


def test_the_graph_is_built_from_every_kind_of_import() -> None:
    """The checker itself: it sees function-level and relative imports, and finds a cycle."""
    graph = import_graph()
    assert f"{PACKAGE}.ui.app" in graph
    assert f"{PACKAGE}.core.models" in graph[f"{PACKAGE}.core.deploy"]
    tree = ast.parse("def f():\n    from . import b\n    import chroma_tui.x.y\n")
    found = list(_imported(tree, "chroma_tui.x.a", is_package=False))
    assert found == [("chroma_tui.x", ["b"]), ("chroma_tui.x.y", [])]
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_the_package_has_no_import_cycle() -> None:
    cycles = find_cycles(import_graph())
    assert cycles == [], "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize(
    "screen",
    sorted(
        name
        for name in module_files()
        if name.startswith(SCREENS + ".") and not name.startswith(SCREEN_BASES)
    ),
)
def test_no_screen_imports_another_screen(screen: str) -> None:
    """Screens post outcome messages; the navigator (ui/navigator.py) opens the next screen.
    Their base classes (ui/screens/base/) may be imported; other screen modules may not."""
    others = {
        target
        for target in import_graph()[screen]
        if target.startswith(SCREENS + ".") and not target.startswith(SCREEN_BASES)
    }
    assert others == set(), f"{screen} imports {sorted(others)}"
