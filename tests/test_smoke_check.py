"""The "it works" check against a real Chroma server, and how it reports a failure."""

from __future__ import annotations

import socket

import pytest

from chroma_tui import i18n
from chroma_tui.core.probe import ClientChecker
from chroma_tui.core.smoke_check import (
    STEPS,
    SmokeResult,
    SmokeStep,
    result_lines,
    run_smoke_check,
)


def test_four_steps_pass_against_a_real_server(chroma_server) -> None:
    host, port = chroma_server
    # Generous per-step time: on a loaded 2-core runner the client child's import of chromadb
    # alone can take many seconds; this test is about the steps passing, not their speed.
    result = run_smoke_check(host, port, step_timeout_s=60)
    assert [step.name for step in result.steps] == list(STEPS), result.steps
    assert result.ok, result.steps
    assert all(step.ms >= 0 for step in result.steps)
    assert result.collection.startswith("chroma-tui-check-")
    # The collection is gone afterwards: the same name can be made again.
    again = run_smoke_check(host, port, step_timeout_s=60, collection=result.collection)
    assert again.ok, again.steps


def test_unique_names() -> None:
    from chroma_tui.core.smoke_check import new_collection_name

    assert len({new_collection_name() for _ in range(50)}) == 50


def test_an_existing_collection_fails_at_create_and_names_the_step(chroma_server) -> None:
    """A name that is taken: step 1 fails with Chroma's own reason, nothing else runs."""
    host, port = chroma_server
    checker = ClientChecker()
    try:
        # A full check with this name, then the name taken by another collection.
        first = run_smoke_check(host, port, checker=checker, collection="taken-name-check")
        assert first.ok
        _create(host, port, "taken-name-check")
        second = run_smoke_check(host, port, checker=checker, collection="taken-name-check")
    finally:
        checker.close()
    assert not second.ok
    assert second.failed is not None and second.failed.name == "create"
    assert "taken-name-check" in second.failed.error or "exists" in second.failed.error.lower()
    assert [step.name for step in second.steps] == ["create"]
    lines = result_lines(second)
    assert "step 1/4 create a temporary collection" in lines[0]
    i18n.set_language("zh-CN")
    try:
        assert "1/4 创建临时集合" in result_lines(second)[0]
    finally:
        i18n.set_language("en")


def _create(host: str, port: int, name: str) -> None:
    """Create a collection through the client child (chromadb stays out of this process)."""
    import json
    import subprocess
    import sys

    code = (
        "import chromadb, sys; from chromadb.config import Settings; "
        "c = chromadb.HttpClient(host=sys.argv[1], port=int(sys.argv[2]), "
        "settings=Settings(anonymized_telemetry=False)); "
        "c.create_collection(name=sys.argv[3], embedding_function=None); print('ok')"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, host, str(port), name],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "ok", json.dumps(out.stderr)


def test_nothing_listening_fails_at_connect() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_smoke_check("127.0.0.1", port)  # the port is closed again
    assert not result.ok
    assert result.failed is not None and result.failed.name == "connect"
    assert "refused" in result.failed.error.lower()
    assert "step 0/4 reach the server" in result_lines(result)[0]


def test_a_failed_query_leaves_no_collection_note_when_delete_passed() -> None:
    result = SmokeResult(
        "h", 1, "chroma-tui-check-x",
        (SmokeStep("create", 3), SmokeStep("add", 4), SmokeStep("query", 5, "AssertionError: b"),
         SmokeStep("delete", 2)),
    )  # fmt: skip
    lines = result_lines(result)
    assert "3/4 query" in lines[0] and "may be left" not in lines[0]
    assert lines[3].startswith("  ✗ 3/4 query") and "AssertionError: b" in lines[3]
    kept = SmokeResult("h", 1, "c1x", (SmokeStep("create", 3), SmokeStep("add", 4, "boom")))
    assert "c1x may be left" in result_lines(kept)[0]


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_every_step_has_a_label(lang: str) -> None:
    i18n.set_language(lang)
    try:
        for name in ("connect", *STEPS):
            assert i18n.t(f"smoke.step.{name}") != f"smoke.step.{name}"
    finally:
        i18n.set_language("en")
