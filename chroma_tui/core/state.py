"""Saved deployments: one JSON file per deployment, written atomically, never silently lost.

A record is written before CreateStack is sent, so a crash never leaves a stack nobody knows
about. Files are 0600 in a 0700 directory. A file that does not parse is renamed aside
(``<name>.corrupt-<timestamp>``) and reported in ``warnings``; it is never emptied or deleted.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from chroma_tui.core import paths
from chroma_tui.core.errors import StateError
from chroma_tui.core.models import Deployment
from chroma_tui.i18n import t

log = logging.getLogger(__name__)

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")


class DeploymentStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory if directory is not None else paths.state_dir() / "deployments"
        self.warnings: list[str] = []
        self._lock = threading.Lock()

    # -- reading ------------------------------------------------------------------------
    def list(self) -> list[Deployment]:
        """Every readable record, newest first (by ``created_at``)."""
        if not self.directory.is_dir():
            return []
        found = []
        for path in sorted(self.directory.glob("*.json")):
            deployment = self._read(path)
            if deployment is not None:
                found.append(deployment)
        return sorted(found, key=lambda d: (d.created_at, d.id), reverse=True)

    def get(self, deployment_id: str) -> Deployment | None:
        path = self._path(deployment_id)
        return self._read(path) if path.exists() else None

    def _read(self, path: Path) -> Deployment | None:
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
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
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        try:
            os.replace(path, target)
        except FileNotFoundError:
            return
        except OSError as err:
            log.warning("saved deployment %s unreadable (%s); not moved aside: %s", path, exc, err)
            self.warnings.append(t("state.set_aside_failed", path=str(path), error=str(err)))
        else:
            log.warning("saved deployment %s unreadable (%s); kept as %s", path, exc, target.name)
            self.warnings.append(t("state.set_aside", name=path.name, kept=target.name))

    # -- writing ------------------------------------------------------------------------
    def save(self, deployment: Deployment) -> None:
        """Write atomically: a temp file in the same directory, fsync, rename, fsync the dir."""
        path = self._path(deployment.id)
        text = json.dumps(deployment.to_dict(), indent=2, sort_keys=True, ensure_ascii=False)
        with self._lock:
            try:
                self._ensure_dir()
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
        with self._lock:
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
