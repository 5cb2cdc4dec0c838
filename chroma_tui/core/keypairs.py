"""EC2 key pairs: list, create (private key written once, mode 0600, never overwritten), delete.

The private key material is returned by AWS exactly once. It goes straight into the file the user
asked for and nowhere else: not into logs, errors, records or return values.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core import paths
from chroma_tui.core.aws import AwsSession, error_code, map_error
from chroma_tui.core.errors import InputError, StateError
from chroma_tui.core.models import CreatedKeyPair, KeyPairInfo
from chroma_tui.core.validation import check_key_name

log = logging.getLogger(__name__)

KEY_TYPES = ("ed25519", "rsa")
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def key_file_path(region: str, name: str, directory: Path | None = None) -> Path:
    """``<data_dir>/keys/<region>-<name>.pem``; characters unsafe in file names become ``_``."""
    base = directory if directory is not None else paths.data_dir() / "keys"
    return base / f"{region}-{_UNSAFE_FILE_CHARS.sub('_', name)}.pem"


def list_key_pairs(aws: AwsSession, region: str) -> list[KeyPairInfo]:
    try:
        reply = aws.client("ec2", region).describe_key_pairs()
    except (BotoCoreError, ClientError) as exc:
        raise map_error(exc, aws.profile) from exc
    pairs = [
        KeyPairInfo(
            name=str(k.get("KeyName", "")),
            key_type=str(k.get("KeyType", "rsa")),
            fingerprint=str(k.get("KeyFingerprint", "")),
            key_pair_id=str(k.get("KeyPairId", "")),
        )
        for k in reply.get("KeyPairs", [])
    ]
    return sorted(pairs, key=lambda k: k.name.lower())


def create_key_pair(
    aws: AwsSession,
    region: str,
    name: str,
    key_type: str = "ed25519",
    directory: Path | None = None,
) -> CreatedKeyPair:
    """Create the key pair in AWS and save its private key; refuses to overwrite any file."""
    name = check_key_name(name)
    if key_type not in KEY_TYPES:
        raise InputError("keypair.bad_type", key_type=key_type, types=", ".join(KEY_TYPES))
    path = key_file_path(region, name, directory)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        # Checked before AWS is asked, so a refusal leaves nothing behind in the account.
        raise InputError("keypair.file_exists", path=str(path), name=name)
    ec2 = aws.client("ec2", region)
    try:
        reply = ec2.create_key_pair(KeyName=name, KeyType=key_type)
    except ClientError as exc:
        if error_code(exc) == "InvalidKeyPair.Duplicate":
            raise InputError("keypair.exists", name=name, region=region) from exc
        raise map_error(exc, aws.profile) from exc
    except BotoCoreError as exc:
        raise map_error(exc, aws.profile) from exc
    try:
        _write_private_key(path, str(reply["KeyMaterial"]))
    except (OSError, KeyError) as exc:
        # Without the file the key pair is useless: remove it so nothing is orphaned in AWS.
        with contextlib.suppress(BotoCoreError, ClientError):
            ec2.delete_key_pair(KeyName=name)
        log.warning("could not save the private key for %s; deleted it in AWS", name)
        raise StateError("keypair.write_failed", raw=type(exc).__name__, path=str(path)) from exc
    log.info("created key pair %s in %s, private key at %s", name, region, path)
    return CreatedKeyPair(
        name=name,
        key_type=key_type,
        fingerprint=str(reply.get("KeyFingerprint", "")),
        path=str(path),
    )


def _write_private_key(path: Path, material: str) -> None:
    """O_CREAT|O_EXCL: never overwrite, never follow a planted symlink; mode 0600 from birth."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii", newline="\n") as handle:
            handle.write(material if material.endswith("\n") else material + "\n")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def delete_key_pair(aws: AwsSession, region: str, name: str, key_file: str | None = None) -> None:
    """Delete the key pair in AWS (a missing one is fine) and its local private key file."""
    try:
        aws.client("ec2", region).delete_key_pair(KeyName=name)
    except ClientError as exc:
        if error_code(exc) != "InvalidKeyPair.NotFound":
            raise map_error(exc, aws.profile) from exc
    except BotoCoreError as exc:
        raise map_error(exc, aws.profile) from exc
    if key_file:
        with contextlib.suppress(FileNotFoundError):
            Path(key_file).unlink()
