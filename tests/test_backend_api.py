"""The backend contract: the real Backend and the FakeBackend both satisfy ``BackendAPI``.

mypy checks the assignments below (``.ci/run`` runs it on this file and tests/fakes.py); the
test compares each method's parameters with ``inspect`` too, so a fake that drifts from the
contract fails here even without mypy.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest
from fakes import FakeBackend, RunFakeBackend

from chroma_tui.core.backend import Backend
from chroma_tui.core.backend_api import BackendAPI
from chroma_tui.core.backend_remote import RemoteBackend
from chroma_tui.core.journey import JourneyBackend
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.app_access import ChromaApp

CONTRACT = sorted(
    name
    for name, member in vars(BackendAPI).items()
    if inspect.isfunction(member) and not name.startswith("_")
)


def as_contract(backend: BackendAPI) -> BackendAPI:
    return backend


def as_journey_backend(backend: JourneyBackend) -> JourneyBackend:
    return backend


def as_chroma_app(app: ChromaApp) -> ChromaApp:
    return app


def parameters(function: Callable[..., object]) -> list[tuple[str, object, bool]]:
    """(name, kind, has a default) of each parameter but ``self``."""
    signature = inspect.signature(function)
    return [
        (p.name, p.kind, p.default is not inspect.Parameter.empty)
        for p in signature.parameters.values()
        if p.name != "self"
    ]


def test_the_contract_names_every_call_the_fronts_make() -> None:
    # Given the Protocol, then it holds the calls the UI and headless make (a few samples
    # from each area) and nothing that reaches past the facade.
    for name in ("who_am_i", "launch", "record", "relaunch", "find_stack", "wait_for_chroma"):
        assert name in CONTRACT
    assert "deployer" not in CONTRACT and "session" not in CONTRACT


@pytest.mark.parametrize("implementation", [Backend, RemoteBackend, FakeBackend, RunFakeBackend])
def test_each_backend_has_every_method_with_the_same_parameters(implementation: type) -> None:
    for name in CONTRACT:
        method = getattr(implementation, name, None)
        assert callable(method), f"{implementation.__name__} lacks {name}"
        assert parameters(method) == parameters(getattr(BackendAPI, name)), name


def test_backends_and_the_app_satisfy_their_protocols() -> None:
    # mypy: each assignment type-checks only if the class satisfies the Protocol.
    real = as_contract(Backend())
    fake = as_contract(FakeBackend())
    as_contract(RemoteBackend())  # made, never started: no process for this test
    as_journey_backend(Backend())
    as_journey_backend(RunFakeBackend())
    app = as_chroma_app(ChromaTuiApp(fake))
    assert app.backend is fake
    assert real.profile is None and fake.template_source.endswith("chroma.cf.json")
