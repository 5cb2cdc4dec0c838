"""Shared fixtures: every test runs with its own chroma-tui home and no real AWS settings."""

from __future__ import annotations

import os

import pytest

AWS_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "CHROMA_TUI_MY_IP_URL",
    "CHROMA_TUI_SANDBOX_SCENARIO",
)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    """A private CHROMA_TUI_HOME and AWS config files that do not exist."""
    for name in AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    home = tmp_path / "chroma-tui-home"
    monkeypatch.setenv("CHROMA_TUI_HOME", str(home))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    # No end-of-run toast over snapshots (it would also vanish on a timer: flaky pictures);
    # tests/test_ui_resource_view.py turns it back on to check it.
    monkeypatch.setenv("CHROMA_TUI_BELL", "0")
    from chroma_tui import i18n

    i18n.set_language("en")  # a test that switched to Chinese must not leak into the next
    yield home
    i18n.set_language("en")


# -- sandbox fixtures (chroma_tui/sandbox; see docs/sandbox.md) ------------------------------
SANDBOX_SPEED = 40.0  # a stack completes in about a second
OFFLINE_VARIABLE = "CHROMA_TUI_SANDBOX_OFFLINE"  # only provisioned Chroma versions exist: no PyPI


def pytest_collection_finish(session):
    """Provision the Chroma server (once, cached) before any test runs, when a collected test
    needs it: a first install takes minutes and must not count against a test's timeout."""
    if os.environ.get("CHROMA_TUI_CHROMA_BIN") or session.config.option.collectonly:
        return
    if not any("chroma_bin" in getattr(item, "fixturenames", ()) for item in session.items):
        return
    from chroma_tui.sandbox import provision_chroma

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    provision_chroma(lambda line: reporter.write_line(line) if reporter else None)


@pytest.fixture(scope="session")
def chroma_bin():
    """The ``chroma`` executable: $CHROMA_TUI_CHROMA_BIN, else provisioned once and cached."""
    from chroma_tui.sandbox import provision_chroma

    return provision_chroma()


@pytest.fixture(scope="session")
def sandbox_server(chroma_bin):
    """One running sandbox for the whole session (fast speed); use ``sandbox`` in tests."""
    from chroma_tui.sandbox import Sandbox

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(OFFLINE_VARIABLE, "1")
        server = Sandbox(scenario="ok", speed=SANDBOX_SPEED, chroma_bin=chroma_bin)
        server.start()
        yield server
        server.stop()


@pytest.fixture
def sandbox(sandbox_server, monkeypatch):
    """The session's sandbox, reset to scenario ``ok``, with its env applied to this test."""
    sandbox_server.set_scenario("ok")  # first, so the reset seeds default VPCs again
    sandbox_server.reset()
    monkeypatch.setenv(OFFLINE_VARIABLE, "1")
    for name, value in sandbox_server.env().items():
        monkeypatch.setenv(name, value)
    yield sandbox_server
    sandbox_server.set_scenario("ok")


@pytest.fixture
def chroma_server(chroma_bin):
    """A real ``chroma run`` on a free loopback port; yields (host, port)."""
    from chroma_tui.sandbox import ChromaServer

    server = ChromaServer(chroma_bin).start(wait=True, timeout_s=60)
    yield server.host, server.port
    server.stop()
