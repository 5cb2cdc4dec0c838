"""Which backend the TUI gets from ``chroma-tui`` (cli._run_tui): the backend process, or the
in-process one when that process cannot start."""

from __future__ import annotations

from typing import Any

import pytest

from chroma_tui import cli
from chroma_tui.core.backend import Backend
from chroma_tui.core.backend_remote import BackendLost, RemoteBackend
from chroma_tui.ui import app as ui_app


@pytest.fixture
def given(monkeypatch) -> list[Any]:
    seen: list[Any] = []

    def run_app(backend: Any, lang: str | None = None, **_: Any) -> int:
        seen.append(backend)
        if isinstance(backend, RemoteBackend):
            seen.append(backend.deployments())  # the process answers while the app runs
        return 0

    monkeypatch.setattr(ui_app, "run_app", run_app)
    return seen


def test_the_tui_gets_the_backend_process_and_ends_it_after(given) -> None:
    backend = Backend(profile="work", region="eu-west-1")
    assert cli._run_tui(backend, "en") == 0
    remote = given[0]
    assert isinstance(remote, RemoteBackend)
    assert (remote.profile, remote.region) == ("work", "eu-west-1")
    assert remote.template_source == backend.template_source
    assert given[1] == []
    with pytest.raises(BackendLost):  # ended with the app
        remote.deployments()


def test_a_backend_process_that_cannot_start_leaves_the_tui_its_own_backend(
    given, monkeypatch
) -> None:
    def refuse(self: RemoteBackend) -> None:
        raise BackendLost(raw="no fork")

    monkeypatch.setattr(RemoteBackend, "start", refuse)
    backend = Backend()
    assert cli._run_tui(backend, "en") == 0
    assert given == [backend]
