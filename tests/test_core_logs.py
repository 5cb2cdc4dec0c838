"""The debug log: a 0600 file with secrets redacted; paths honour CHROMA_TUI_HOME."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from chroma_tui.core import paths
from chroma_tui.core.logs import redact, setup_logging, shutdown_logging

SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
TOKEN = "IQoJb3JpZ2luX2VjEJr" + "A" * 150 + "/+xyz=="
PEM = (
    "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAA\n"
    "-----END OPENSSH PRIVATE KEY-----"
)


@pytest.fixture
def log_file() -> Iterator[Path]:
    path = setup_logging(logging.DEBUG)
    try:
        yield path
    finally:
        shutdown_logging()


def test_paths_honour_chroma_tui_home(isolated_home: Path) -> None:
    assert paths.data_dir() == isolated_home / "data"
    assert paths.state_dir() == isolated_home / "state"
    assert paths.log_dir() == isolated_home / "log"
    assert paths.cache_dir() == isolated_home / "cache"
    for directory in (
        isolated_home,
        paths.data_dir(),
        paths.state_dir(),
        paths.log_dir(),
        paths.cache_dir(),
    ):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_paths_default_to_platformdirs(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CHROMA_TUI_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    assert paths.data_dir() == tmp_path / "xdg-data" / "chroma-tui"
    assert paths.state_dir() == tmp_path / "xdg-state" / "chroma-tui"


def test_redact() -> None:
    text = redact(
        f"key AKIAIOSFODNN7EXAMPLE secret {SECRET} token {TOKEN} pem {PEM} "
        "aws_secret_access_key=abc123 digest 356a192b7913b04c54574d18c28d46e6395428ab"
    )
    assert "AKIA************MPLE" in text and "AKIAIOSFODNN7EXAMPLE" not in text
    assert SECRET not in text and TOKEN[:40] not in text
    assert "PRIVATE KEY" not in text and "b3BlbnNzaC1rZXktdjEA" not in text
    assert "abc123" not in text
    assert "356a192b7913b04c54574d18c28d46e6395428ab" in text  # a SHA-1 is no secret
    assert redact(text) == text


def test_log_file_is_private_and_redacted(log_file: Path) -> None:
    log = logging.getLogger("chroma_tui.test")
    log.debug("creds %s / %s", "AKIAIOSFODNN7EXAMPLE", SECRET)
    log.info("material: %s", PEM)
    try:
        raise RuntimeError(f"boom {SECRET}")
    except RuntimeError:
        log.exception("failed")
    logging.getLogger().handlers[-1].flush()
    text = log_file.read_text()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert "creds AKIA************MPLE" in text
    assert SECRET not in text and "PRIVATE KEY" not in text
    assert "RuntimeError" in text  # tracebacks are kept, redacted


def test_botocore_debug_is_held_back(log_file: Path) -> None:
    logging.getLogger("botocore.endpoint").debug("Response body: KeyMaterial")
    logging.getLogger("botocore.endpoint").info("botocore info line")
    logging.getLogger().handlers[-1].flush()
    text = log_file.read_text()
    assert "KeyMaterial" not in text and "botocore info line" in text
    assert logging.getLogger("botocore").level == logging.INFO


def test_setup_twice_keeps_one_handler(log_file: Path) -> None:
    before = len(logging.getLogger().handlers)
    setup_logging("INFO")
    assert len(logging.getLogger().handlers) == before
