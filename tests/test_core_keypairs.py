"""Key pairs against moto: the private key file is 0600, never overwritten, never orphaned."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest
from test_core_aws import aws_env

from chroma_tui.core import keypairs
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.errors import InputError, StateError
from chroma_tui.core.keypairs import create_key_pair, delete_key_pair, key_file_path, list_key_pairs
from chroma_tui.core.logs import setup_logging, shutdown_logging
from chroma_tui.sandbox import Sandbox

__all__ = ["aws_env"]


def names(aws: AwsSession, region: str = "us-east-1") -> list[str]:
    return [k.name for k in list_key_pairs(aws, region)]


@pytest.mark.parametrize("key_type", ["ed25519", "rsa"])
def test_create_writes_a_private_0600_file(
    aws_env: Sandbox,
    isolated_home: Path,
    key_type: str,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    caplog.set_level(logging.DEBUG, logger="chroma_tui")
    log_file = setup_logging(logging.DEBUG)  # the app's own logging: botocore held at INFO
    request.addfinalizer(shutdown_logging)
    aws = AwsSession()
    created = create_key_pair(aws, "us-east-1", "chroma-key", key_type)
    path = Path(created.path)
    assert path == isolated_home / "data" / "keys" / "us-east-1-chroma-key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    material = path.read_text()
    assert material.startswith("-----BEGIN") and "PRIVATE KEY-----" in material
    assert created.key_type == key_type and created.fingerprint
    assert "chroma-key" in names(aws)
    # The material went to the file only.
    assert "PRIVATE KEY" not in caplog.text
    assert "chroma-key" in log_file.read_text()
    assert "PRIVATE KEY" not in log_file.read_text()
    assert "PRIVATE KEY" not in repr(created)


def test_existing_file_is_refused_before_aws_is_asked(aws_env: Sandbox, tmp_path: Path) -> None:
    aws = AwsSession()
    path = key_file_path("us-east-1", "taken", tmp_path)
    path.write_text("precious")
    with pytest.raises(InputError) as caught:
        create_key_pair(aws, "us-east-1", "taken", directory=tmp_path)
    assert caught.value.key == "keypair.file_exists"
    assert path.read_text() == "precious"
    assert "taken" not in names(aws)  # nothing created in AWS


def test_duplicate_name_in_aws(aws_env: Sandbox, tmp_path: Path) -> None:
    aws = AwsSession()
    aws.client("ec2").create_key_pair(KeyName="dup")
    with pytest.raises(InputError) as caught:
        create_key_pair(aws, "us-east-1", "dup", directory=tmp_path)
    assert caught.value.key == "keypair.exists"
    assert list(tmp_path.iterdir()) == []


def test_write_failure_deletes_the_key_in_aws(
    aws_env: Sandbox, tmp_path: Path, monkeypatch
) -> None:
    aws = AwsSession()

    def disk_full(path: Path, material: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keypairs, "_write_private_key", disk_full)
    with pytest.raises(StateError) as caught:
        create_key_pair(aws, "us-east-1", "orphan", directory=tmp_path)
    assert caught.value.key == "keypair.write_failed"
    assert "orphan" not in names(aws)


def test_o_excl_race_is_never_an_overwrite(aws_env: Sandbox, tmp_path: Path, monkeypatch) -> None:
    """A file appearing between the check and the write: refused, AWS key removed again."""
    aws = AwsSession()
    path = key_file_path("us-east-1", "race", tmp_path)
    real_create = aws.client("ec2").create_key_pair

    def create_then_plant(**kwargs: object) -> dict:
        reply = real_create(**kwargs)
        path.write_text("someone else's")
        return reply

    monkeypatch.setattr(aws.client("ec2"), "create_key_pair", create_then_plant)
    with pytest.raises(StateError):
        create_key_pair(aws, "us-east-1", "race", directory=tmp_path)
    assert path.read_text() == "someone else's"
    assert "race" not in names(aws)


def test_bad_names_and_types(aws_env: Sandbox, tmp_path: Path) -> None:
    aws = AwsSession()
    with pytest.raises(InputError) as caught:
        create_key_pair(aws, "us-east-1", "  ", directory=tmp_path)
    assert caught.value.key == "validation.key_name.empty"
    with pytest.raises(InputError) as caught:
        create_key_pair(aws, "us-east-1", "ok", key_type="dsa", directory=tmp_path)
    assert caught.value.key == "keypair.bad_type"


def test_unsafe_name_characters_stay_inside_the_directory(tmp_path: Path) -> None:
    path = key_file_path("eu-west-1", "../../etc/x y", tmp_path)
    assert path.parent == tmp_path
    assert path.name == "eu-west-1-.._.._etc_x_y.pem"


def test_delete_removes_key_and_file(aws_env: Sandbox, tmp_path: Path) -> None:
    aws = AwsSession()
    created = create_key_pair(aws, "eu-west-1", "gone", directory=tmp_path)
    assert names(aws, "eu-west-1") == ["gone"]
    delete_key_pair(aws, "eu-west-1", "gone", created.path)
    assert names(aws, "eu-west-1") == []
    assert not os.path.exists(created.path)
    delete_key_pair(aws, "eu-west-1", "gone", created.path)  # again: nothing left, no error
