"""Shared fixtures: every test runs with its own chroma-tui home and no real AWS settings."""

from __future__ import annotations

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
    return home
