"""The Connected snippets run as shown: Python against a real server (in a subprocess with the
app's chromadb-client), TypeScript with node where the chromadb npm package is already cached."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chroma_tui import i18n
from chroma_tui.core.snippets import python_snippet, typescript_snippet


def test_python_snippet_runs_against_a_real_server(chroma_server, tmp_path) -> None:
    host, port = chroma_server
    script = tmp_path / "snippet.py"
    script.write_text(python_snippet(host, port), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) > 1_700_000_000 * 10**9  # nanoseconds since the epoch


def test_python_snippet_in_chinese_still_runs(chroma_server, tmp_path) -> None:
    host, port = chroma_server
    i18n.set_language("zh-CN")
    try:
        text = python_snippet(host, port)
    finally:
        i18n.set_language("en")
    assert "嵌入函数" in text
    script = tmp_path / "snippet_zh.py"
    script.write_text(text, encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr


def test_snippets_say_how_to_embed_text_and_how_to_save() -> None:
    py = python_snippet("127.0.0.1", 8000)
    ts = typescript_snippet("127.0.0.1", 8000)
    assert "embedding function" in py and "pip install chromadb" in py
    assert "@chroma-core/default-embed" in ts
    assert "chroma.mjs" in ts.splitlines()[0]
    # No top-level await: it would fail in a CommonJS project (a .ts file under tsx).
    assert not any(line.startswith("await ") or " await " in line for line in ts.splitlines())


def _cached_npm_project() -> Path | None:
    """A project with ``chromadb`` already installed in chroma-tui's own cache (never fetched
    here): ``<user cache>/chroma-tui/npm-snippet``."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    project = base / "chroma-tui" / "npm-snippet"
    return project if (project / "node_modules" / "chromadb" / "package.json").is_file() else None


def test_typescript_snippet_runs_with_node(chroma_server, tmp_path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed on this machine")
    project = _cached_npm_project()
    if project is None:
        pytest.skip(
            "the chromadb npm package is not in chroma-tui's cache "
            "(<user cache>/chroma-tui/npm-snippet); tests never download it"
        )
    host, port = chroma_server
    # A fresh `npm init -y` project (CommonJS) whose node_modules is the cached one.
    (tmp_path / "package.json").write_text('{"name": "snippet", "version": "1.0.0"}\n')
    (tmp_path / "node_modules").symlink_to(project / "node_modules", target_is_directory=True)
    script = tmp_path / "chroma.mjs"
    script.write_text(typescript_snippet(host, port), encoding="utf-8")
    out = subprocess.run(
        [node, script.name], capture_output=True, text=True, timeout=60, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) > 1_700_000_000 * 10**9
