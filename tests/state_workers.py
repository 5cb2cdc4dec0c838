"""Worker processes for tests/test_reliability_state.py (importable by multiprocessing spawn)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chroma_tui.core.aws import AwsSession
from chroma_tui.core.deploy import Deployer
from chroma_tui.core.models import Deployment
from chroma_tui.core.state import DeploymentStore


def record(trial: int) -> Deployment:
    return Deployment(f"race-{trial:03d}", f"race-{trial}", "us-east-1", "tok", "t0", "t0")


def save_field(directory: str, field: str, value: str, trials: int, barrier: Any) -> None:
    """For each trial, wait for the other process, then save one field of the same record the
    way the journey does (``Deployer._save``: merge into the newest stored copy)."""
    deployer = Deployer(AwsSession(region="us-east-1"), DeploymentStore(Path(directory)))
    for trial in range(trials):
        barrier.wait(timeout=60)
        deployer._save(record(trial), **{field: value})
