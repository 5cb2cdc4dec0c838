"""DeploymentStore: atomic 0600 records, newest first, corrupt files set aside, never lost."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from chroma_tui.core import state as state_module
from chroma_tui.core.errors import StateError
from chroma_tui.core.models import Deployment
from chroma_tui.core.state import DeploymentStore


def deployment(n: int, **changes: object) -> Deployment:
    base = Deployment(
        id=f"dep-{n}",
        stack_name=f"chroma-{n}",
        region="us-east-1",
        token=f"chroma-tui-create-{n}",
        created_at=f"2026-01-0{n}T10:00:00+00:00",
        updated_at=f"2026-01-0{n}T10:00:00+00:00",
        parameters={"InstanceType": "t3.small"},
    )
    return base.evolve(**changes)


def test_default_directory_under_the_state_dir(isolated_home: Path) -> None:
    store = DeploymentStore()
    store.save(deployment(1))
    path = isolated_home / "state" / "deployments" / "dep-1.json"
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_save_get_list_forget(tmp_path: Path) -> None:
    store = DeploymentStore(tmp_path / "d")
    for n in (2, 1, 3):
        store.save(deployment(n))
    assert [d.id for d in store.list()] == ["dep-3", "dep-2", "dep-1"]
    assert store.get("dep-2") == deployment(2)
    updated = deployment(2, status="CREATE_COMPLETE", server_host="203.0.113.9")
    store.save(updated)
    assert store.get("dep-2") == updated
    store.forget("dep-2")
    store.forget("dep-2")  # twice is fine
    assert store.get("dep-2") is None
    assert [d.id for d in store.list()] == ["dep-3", "dep-1"]
    assert store.warnings == []
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == ["dep-1.json", "dep-3.json"]


def test_empty_store(tmp_path: Path) -> None:
    assert DeploymentStore(tmp_path / "missing").list() == []


def test_corrupt_file_is_set_aside_with_a_warning(tmp_path: Path) -> None:
    store = DeploymentStore(tmp_path)
    store.save(deployment(1))
    (tmp_path / "dep-2.json").write_text('{"id": "dep-2", "stack_na')  # torn write
    (tmp_path / "dep-3.json").write_text("[1, 2]")  # not an object
    assert [d.id for d in store.list()] == ["dep-1"]
    assert len(store.warnings) == 2
    assert any("dep-2.json" in w for w in store.warnings)
    aside = sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    assert len(aside) == 2 and aside[0].startswith("dep-2.json.corrupt-")
    # The bytes are kept, not emptied.
    kept = next(p for p in tmp_path.iterdir() if p.name.startswith("dep-2.json.corrupt-"))
    assert kept.read_text() == '{"id": "dep-2", "stack_na'
    # Listing again does not lose or repeat anything.
    assert [d.id for d in store.list()] == ["dep-1"]
    assert len(store.warnings) == 2


def test_record_missing_required_fields_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "dep-9.json").write_text(json.dumps({"id": "dep-9"}))
    store = DeploymentStore(tmp_path)
    assert store.list() == []
    assert len(store.warnings) == 1


def test_unknown_keys_are_ignored(tmp_path: Path) -> None:
    data = deployment(1).to_dict() | {"added_in_v9": {"x": 1}}
    (tmp_path / "dep-1.json").write_text(json.dumps(data))
    assert DeploymentStore(tmp_path).get("dep-1") == deployment(1)


def test_a_failed_write_keeps_the_previous_record(tmp_path: Path, monkeypatch) -> None:
    store = DeploymentStore(tmp_path)
    store.save(deployment(1, status="PENDING"))

    def crash(src: object, dst: object) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(state_module.os, "replace", crash)
    with pytest.raises(StateError) as caught:
        store.save(deployment(1, status="CREATE_COMPLETE"))
    assert caught.value.key == "state.unwritable"
    monkeypatch.undo()
    assert store.get("dep-1").status == "PENDING"
    assert [p.name for p in tmp_path.iterdir()] == ["dep-1.json"]  # no temp file left


def test_writes_fsync_file_and_directory(tmp_path: Path, monkeypatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(state_module.os, "fsync", spy)
    DeploymentStore(tmp_path).save(deployment(1))
    assert len(synced) >= 2  # the temp file, then the directory


def test_concurrent_saves_never_tear_a_record(tmp_path: Path) -> None:
    store = DeploymentStore(tmp_path)
    writers = [
        threading.Thread(
            target=lambda i=i: [store.save(deployment(1, status=f"S{i}-{k}")) for k in range(20)]
        )
        for i in range(4)
    ]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    assert store.get("dep-1").status.startswith("S")
    assert store.warnings == []


def test_no_secrets_in_a_record(tmp_path: Path) -> None:
    store = DeploymentStore(tmp_path)
    store.save(deployment(1, key_file="/home/u/.local/share/chroma-tui/keys/us-east-1-k.pem"))
    text = (tmp_path / "dep-1.json").read_text()
    assert "PRIVATE KEY" not in text and "SecretAccessKey" not in text


def test_ids_cannot_escape_the_directory(tmp_path: Path) -> None:
    store = DeploymentStore(tmp_path)
    with pytest.raises(StateError):
        store.get("../../etc/passwd")
    with pytest.raises(StateError):
        store.save(deployment(1).evolve(id="../x"))
