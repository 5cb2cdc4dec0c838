"""Issue 9, item 11: the declared Python floor is true.

``requires-python`` says 3.10. The cheap guard below finds, in every module the package and the
tests ship, the standard-library names that only exist from 3.11 on (``datetime.UTC`` crashed the
TUI on 3.10); ``.ci/run`` also runs the core, headless and wizard tests under a real python3.10
when the machine has one (``CHROMA_TUI_PY310``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(
    [*ROOT.glob("chroma_tui/**/*.py"), *ROOT.glob("tests/*.py"), *ROOT.glob("benchmarks/*.py")]
)
# (module, name) pairs added after 3.10; "*" = the module itself.
NEWER = {
    ("datetime", "UTC"),
    ("tomllib", "*"),
    ("typing", "Self"),
    ("typing", "LiteralString"),
    ("typing", "Never"),
    ("typing", "assert_never"),
    ("typing", "reveal_type"),
    ("typing", "TypeVarTuple"),
    ("typing", "Unpack"),
    ("typing", "Required"),
    ("typing", "NotRequired"),
    ("enum", "StrEnum"),
    ("asyncio", "TaskGroup"),
    ("asyncio", "timeout"),
    ("itertools", "batched"),
    ("contextlib", "chdir"),
    ("hashlib", "file_digest"),
}
NEWER_BUILTINS = {"ExceptionGroup", "BaseExceptionGroup"}
THIS_FILE = Path(__file__).resolve()


def newer_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if (node.module, alias.name) in NEWER or (node.module, "*") in NEWER:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if (alias.name, "*") in NEWER:
                    found.append(f"{node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in NEWER:
                found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Name) and node.id in NEWER_BUILTINS:
            found.append(f"{node.lineno}: {node.id}")
        elif type(node).__name__ == "TryStar":
            found.append(f"{node.lineno}: except*")
    return found


def test_the_declared_floor_is_310() -> None:
    text = (ROOT / "pyproject.toml").read_text()  # tomllib is 3.11+: read the one line
    assert re.search(r'^requires-python = ">=3\.10"$', text, re.M)


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if p != THIS_FILE], ids=lambda p: str(p.relative_to(ROOT))
)
def test_no_module_uses_a_name_python_310_lacks(path: Path) -> None:
    assert newer_uses(path) == []


def test_the_guard_catches_what_crashed_on_310(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from datetime import UTC, datetime\nimport datetime as d\nx = datetime.UTC\n"
    )
    assert newer_uses(sample) == ["1: from datetime import UTC", "3: datetime.UTC"]
