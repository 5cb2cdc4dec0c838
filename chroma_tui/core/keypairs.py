"""EC2 key pairs: list, create (private key written once, mode 0600, never overwritten), delete.

The private key material is returned by AWS exactly once. It goes straight into the file the user
asked for and nowhere else: not into logs, errors, records or return values.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core import paths
from chroma_tui.core.answers import ResponseParserError, answer_uncertain
from chroma_tui.core.aws import AwsSession, error_code, map_error
from chroma_tui.core.errors import AwsError, InputError, StateError
from chroma_tui.core.models import CreatedKeyPair, KeyPairInfo
from chroma_tui.core.validation import check_key_name

if TYPE_CHECKING:
    from mypy_boto3_ec2.type_defs import TagTypeDef

log = logging.getLogger(__name__)

KEY_TYPES = ("ed25519", "rsa")
TAG_TOKEN = "chroma-tui:token"  # same tag names as the stack's (core/stacks.py)
TAG_MANAGED = "chroma-tui:managed"
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
    token = uuid.uuid4().hex
    tags: list[TagTypeDef] = [
        {"Key": TAG_TOKEN, "Value": token},
        {"Key": TAG_MANAGED, "Value": "true"},
    ]
    try:
        reply = ec2.create_key_pair(
            KeyName=name,
            KeyType="rsa" if key_type == "rsa" else "ed25519",  # checked against KEY_TYPES
            TagSpecifications=[{"ResourceType": "key-pair", "Tags": tags}],
        )
    except ClientError as exc:
        # A Duplicate right after a lost answer (botocore retried) is our own pair.
        if error_code(exc) == "InvalidKeyPair.Duplicate":
            if _made_by(aws, region, name, token):
                raise _orphaned(name, region, exc) from exc
            raise InputError("keypair.exists", name=name, region=region) from exc
        if answer_uncertain(exc) and _made_by(aws, region, name, token):
            raise _orphaned(name, region, exc) from exc
        raise map_error(exc, aws.profile) from exc
    except (BotoCoreError, ResponseParserError) as exc:
        if answer_uncertain(exc) and _made_by(aws, region, name, token):
            raise _orphaned(name, region, exc) from exc
        raise map_error(exc, aws.profile) from exc
    if not reply.get("KeyMaterial"):
        raise _orphaned(name, region, None)
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


def _made_by(aws: AwsSession, region: str, name: str, token: str) -> bool:
    """The key pair ``name`` exists and carries this create's token tag."""
    try:
        reply = aws.client("ec2", region).describe_key_pairs(KeyNames=[name])
    except (BotoCoreError, ClientError):
        return False
    for pair in reply.get("KeyPairs") or []:
        tags = {t.get("Key"): t.get("Value") for t in pair.get("Tags") or []}
        if tags.get(TAG_TOKEN) == token:
            return True
    return False


def _orphaned(name: str, region: str, exc: BaseException | None) -> AwsError:
    raw = f"{type(exc).__name__}: {exc}" if exc is not None else "no KeyMaterial in the answer"
    log.warning("key pair %s was created in %s but its private key never arrived", name, region)
    return AwsError("journey.keypair.orphaned", raw=raw[:200], name=name, region=region)


def recreate_key_pair(
    aws: AwsSession,
    region: str,
    name: str,
    key_type: str = "ed25519",
    directory: Path | None = None,
) -> CreatedKeyPair:
    """A key pair whose private key never arrived is useless: delete it and create it again."""
    delete_key_pair(aws, region, name)
    return create_key_pair(aws, region, name, key_type, directory)


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
