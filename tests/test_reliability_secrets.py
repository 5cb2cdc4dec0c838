"""Issue 4, item 9: after a whole journey no secret is in chroma-tui's files or output.

Key pair creation, ``chroma-tui deploy --yes`` (to Chroma's heartbeat and "lock the door") and
``chroma-tui delete --yes`` run as real subprocesses against the sandbox, each with the debug log
on. Then everything under CHROMA_TUI_HOME except the private key file, and everything printed, is
scanned for the secret access key, the unmasked access key id and private key material.
"""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from chroma_tui.sandbox.ec2world import FAKE_KEY_ID, FAKE_SECRET

pytestmark = pytest.mark.timeout(180)

CREATE_KEY = """
import sys
from chroma_tui.core.backend import Backend
from chroma_tui.core.logs import setup_logging
setup_logging()
created = Backend().create_key_pair("us-east-1", "journey-key")
print(created.path)
"""


def run(argv: list[str], timeout_s: float = 120.0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=timeout_s)
    assert done.returncode == 0, f"{argv}: {done.stdout}\n{done.stderr}"
    return done


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "chroma_tui", "--lang", "en", *args]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_full_journey_leaves_no_secret_behind(sandbox, isolated_home: Path):
    # Given a key pair made by chroma-tui, a deployment to a heartbeat, then its deletion
    made = run([sys.executable, "-c", CREATE_KEY])
    key_file = Path(made.stdout.strip().splitlines()[-1])
    material = key_file.read_text()
    otel = ("--otel-endpoint", "http://127.0.0.1:4317", "--otel-service-name", "chroma-test")
    # (non-empty OpenTelemetry values: blank ones crash Chroma 1.x at boot)
    deployed = run(
        cli("deploy", "--yes", "--stack-name", "journey", "--key-name", "journey-key", *otel)
    )
    assert "CREATE_COMPLETE" in deployed.stdout and "now only accept" in deployed.stdout
    deleted = run(cli("delete", "--stack-name", "journey", "--yes"))
    assert "DELETE_COMPLETE" in deleted.stdout

    # Then the private key exists only in its own file, created 0600 under a private directory
    assert "PRIVATE KEY" in material
    assert key_file.is_relative_to(isolated_home)
    assert mode(key_file) == 0o600
    # and the records and the log exist and are 0600
    records = sorted((isolated_home / "state").rglob("*.json"))
    logs = sorted((isolated_home / "log").rglob("*.log*"))
    assert records and logs and any(p.stat().st_size > 0 for p in logs)
    for path in records + logs:
        assert mode(path) == 0o600, path
    # and no file but the key file, and nothing printed, holds a secret
    body_lines = [line for line in material.splitlines() if line and "PRIVATE KEY" not in line]
    texts = {str(p): p.read_text("utf-8", "replace") for p in isolated_home.rglob("*")
             if p.is_file() and p != key_file}  # fmt: skip
    for run_ in (made, deployed, deleted):
        texts[f"output of {run_.args[-6:]}"] = run_.stdout + run_.stderr
    assert any("journey" in text for text in texts.values())  # the scan saw the real files
    for where, text in texts.items():
        assert FAKE_SECRET not in text, where
        assert FAKE_KEY_ID not in text, where
        assert "PRIVATE KEY" not in text, where
        assert not any(line in text for line in body_lines), where


def test_the_access_key_id_is_shown_masked_and_the_secret_never(sandbox) -> None:
    from chroma_tui.core.backend import Backend

    identity = Backend().who_am_i()
    shown = identity.masked_key_id
    assert shown != FAKE_KEY_ID and "*" in shown
    assert shown[:4] == FAKE_KEY_ID[:4] and shown[-4:] == FAKE_KEY_ID[-4:]
    assert FAKE_SECRET not in repr(identity) and FAKE_KEY_ID not in repr(identity)


def test_an_existing_key_file_is_never_overwritten_and_aws_is_not_asked(
    sandbox, isolated_home: Path
) -> None:
    from chroma_tui.core.backend import Backend
    from chroma_tui.core.errors import InputError
    from chroma_tui.core.keypairs import key_file_path

    # Given a file already where the new private key would go
    path = key_file_path("us-east-1", "kept-key")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("the user's own file\n")
    backend = Backend()
    # When chroma-tui is asked to create that key pair
    with pytest.raises(InputError) as caught:
        backend.create_key_pair("us-east-1", "kept-key")
    # Then it refuses with a fix, the file is untouched, and no key pair was made in AWS
    assert caught.value.key == "keypair.file_exists" and caught.value.fix().strip()
    assert path.read_text() == "the user's own file\n"
    assert "kept-key" not in {k.name for k in backend.key_pairs("us-east-1")}
