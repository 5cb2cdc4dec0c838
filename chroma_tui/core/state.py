"""Saved deployments: one JSON file per deployment, written atomically, never silently lost.

A record is written before CreateStack is sent, so a crash never leaves a stack nobody knows
about. Files are 0600 in a 0700 directory. A file that does not parse, or whose fields have the
wrong types, is renamed aside (``<name>.corrupt-<timestamp>``); it is never emptied or deleted,
and ``warnings`` names it (with the stack it seems to describe) on every listing until the user
repairs or removes it. ``update`` is a read-modify-write under a lock on the directory itself
(``flock``, shared by every process), so two processes saving one record never lose an update.
"""

from __future__ import annotations

import builtins
import contextlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import MISSING, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from chroma_tui.core import paths
from chroma_tui.core.errors import StateError
from chroma_tui.core.models import Deployment
from chroma_tui.i18n import t

try:  # POSIX; elsewhere only threads of one process are serialised
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")
ASIDE_MARK = ".corrupt-"
# What each annotation of Deployment accepts (annotations are strings: postponed evaluation).
_ACCEPTS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int | None": (int, type(None)),
    "int": (int,),
    "bool": (bool,),
}


def check_fields(data: dict[str, Any]) -> None:
    """Raise ValueError naming the first field of ``data`` whose type a Deployment cannot hold.

    Unknown annotations (a field added later) are not judged; unknown keys are ignored.
    """
    for f in fields(Deployment):
        if f.name not in data:
            if f.default is MISSING and f.default_factory is MISSING:
                raise ValueError(f"missing field {f.name!r}")
            continue
        value, annotation = data[f.name], str(f.type)
        if annotation.startswith("dict[str, str]"):
            ok = isinstance(value, dict) and all(
                isinstance(k, str) and isinstance(v, str) for k, v in value.items()
            )
        elif annotation in _ACCEPTS:
            accepted = _ACCEPTS[annotation]
            ok = isinstance(value, accepted) and not (
                isinstance(value, bool) and bool not in accepted
            )
        else:
            continue
        if not ok:
            raise ValueError(f"field {f.name!r} is {type(value).__name__}, not {annotation}")
    if not _SAFE_ID.match(data["id"]):
        raise ValueError("field 'id' is not a deployment id")


def _salvage(text: str, name: str) -> str | None:
    """``name``'s string value in a (possibly torn) JSON text, if it can be seen."""
    match = re.search(rf'"{name}"\s*:\s*"((?:[^"\\]|\\.)*)"', text)
    return match.group(1) if match else None


class DeploymentStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else paths.state_dir() / "deployments"
        self.problems: list[str] = []  # this run's saves that failed after the launch
        # The newest copy of each record whose save failed: this process goes on with it
        # (and writes it as soon as the disk takes it again), never with the stale file.
        self._unsaved: dict[str, Deployment] = {}
        self._aside: list[str] = []  # rebuilt by every list(): files set aside, not yet handled
        self._lock = threading.Lock()

    @property
    def warnings(self) -> list[str]:
        """What the user must hear about: set-aside files (every run) and failed saves."""
        return [*self._aside, *self.problems]

    # -- reading ------------------------------------------------------------------------
    def list(self) -> list[Deployment]:
        """Every readable record, newest first (by ``created_at``)."""
        if not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.glob("*.json")):
            deployment = self._read(path)
            if deployment is not None:
                found.append(self._unsaved.get(deployment.id, deployment))
        self._aside = [self._describe_aside(p) for p in self.set_aside_files()]
        return sorted(found, key=lambda d: (d.created_at, d.id), reverse=True)

    def set_aside_files(self) -> builtins.list[Path]:
        """Records set aside (by this run or an earlier one) that are still there."""
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.glob(f"*.json{ASIDE_MARK}*") if p.is_file())

    def _describe_aside(self, path: Path) -> str:
        """One warning line: which file, the stack it seems to describe, how to deal with it."""
        original = path.name.split(ASIDE_MARK, 1)[0]
        try:
            with path.open("r", encoding="utf-8", errors="replace") as handle:
                text = handle.read(65536)
        except OSError:
            text = ""
        stack, region = _salvage(text, "stack_name"), _salvage(text, "region")
        params = {"file": str(path), "original": original, "directory": str(self.directory)}
        if stack:
            return t("records.aside.stack", stack=stack, region=region or "?", **params)
        return t("records.aside.unknown", **params)

    def get(self, deployment_id: str) -> Deployment | None:
        path = self._path(deployment_id)
        if deployment_id in self._unsaved:
            return self._unsaved[deployment_id]
        return self._read(path) if path.exists() else None

    def _read(self, path: Path) -> Deployment | None:
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            check_fields(data)
            return Deployment.from_dict(data)
        except FileNotFoundError:
            return None  # forgotten by another thread or process meanwhile
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            self._set_aside(path, exc)
            return None
        except OSError as exc:
            raise StateError("state.unreadable", raw=str(exc), path=str(path)) from exc

    def _set_aside(self, path: Path, exc: Exception) -> None:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        target = path.with_name(f"{path.name}{ASIDE_MARK}{stamp}")
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return
        except OSError as err:
            message = f"{path}: unreadable ({exc}); could not move it aside ({err})"
        else:
            message = f"{path.name}: unreadable ({exc}); kept as {target.name}"
        log.warning("saved deployment set aside: %s", message)

    # -- writing ------------------------------------------------------------------------
    def save(self, deployment: Deployment) -> None:
        """Write atomically: a temp file in the same directory, fsync, rename, fsync the dir."""
        self._path(deployment.id)  # refuse a bad id before touching the disk
        with self._locked(deployment.id):
            self._write(deployment)

    def update(
        self, deployment: Deployment, change: Callable[[Deployment], Deployment]
    ) -> Deployment:
        """Apply ``change`` to the newest stored copy (else ``deployment``) and save it, all
        under the store's lock: a writer in another process never undoes this one's fields."""
        path = self._path(deployment.id)
        with self._locked(deployment.id):
            current = self._unsaved.get(deployment.id)
            if current is None and path.exists():
                current = self._read(path)
            updated = change(current or deployment)
            self._write(updated)
            self._unsaved.pop(deployment.id, None)
        return updated

    def note_unsaved(self, deployment: Deployment, error: StateError) -> None:
        """A save after the launch failed: keep this copy for this process and say so (the
        journey carries on with it; the next successful save writes it)."""
        self._unsaved[deployment.id] = deployment
        message = t(
            "records.unsaved",
            name=deployment.stack_name,
            path=str(self.directory),
            problem=error.raw or error.key,
        )
        log.warning("deployment record not saved: %s", message)
        if message not in self.problems:
            self.problems.append(message)

    def check_writable(self) -> None:
        """Raise StateError now if records cannot be written (call before creating anything)."""
        with self._lock:
            try:
                self._ensure_dir()
                fd, temp = tempfile.mkstemp(prefix=".probe.", suffix=".tmp", dir=self.directory)
                os.close(fd)
                os.unlink(temp)
            except OSError as exc:
                raise StateError(
                    "state.unwritable", raw=str(exc), path=str(self.directory)
                ) from exc

    @contextlib.contextmanager
    def _locked(self, deployment_id: str) -> Iterator[None]:
        """This process's threads and every other process: one writer at a time."""
        path = self._path(deployment_id)
        with self._lock:
            try:
                self._ensure_dir()
                fd = os.open(self.directory, os.O_RDONLY)
            except OSError as exc:
                raise StateError("state.unwritable", raw=str(exc), path=str(path)) from exc
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing releases the flock

    def _write(self, deployment: Deployment) -> None:
        path = self._path(deployment.id)
        text = json.dumps(deployment.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)
        try:
            fd, temp = tempfile.mkstemp(
                prefix=f".{deployment.id}.", suffix=".tmp", dir=self.directory
            )
            try:
                os.fchmod(fd, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(temp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
            self._fsync_dir()
        except OSError as exc:
            raise StateError("state.unwritable", raw=str(exc), path=str(path)) from exc

    def forget(self, deployment_id: str) -> None:
        with self._locked(deployment_id):
            self._unsaved.pop(deployment_id, None)
            try:
                self._path(deployment_id).unlink()
            except FileNotFoundError:
                return
            except OSError as exc:
                raise StateError(
                    "state.unwritable", raw=str(exc), path=str(self.directory)
                ) from exc
            self._fsync_dir()

    # -- helpers ------------------------------------------------------------------------
    def _path(self, deployment_id: str) -> Path:
        if not _SAFE_ID.match(deployment_id):
            raise StateError("state.bad_id", deployment_id=deployment_id)
        return self.directory / f"{deployment_id}.json"

    def _ensure_dir(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            self.directory.chmod(0o700)

    def _fsync_dir(self) -> None:
        """Make the rename itself durable (not possible on every platform)."""
        try:
            fd = os.open(self.directory, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
