"""Keep the data on the sandbox: `delete --snapshot` (the default) leaves a tagged snapshot of the
instance's volume, recorded; `snapshots` lists and deletes it; `--no-snapshot` takes none."""

from __future__ import annotations

import re

import pytest

from chroma_tui.core.state import DeploymentStore
from tests.sandbox_helpers import client
from tests.test_headless import SAFE_OTEL_ARGS, events, run

pytestmark = pytest.mark.timeout(180)


def ours(ec2) -> list[dict]:
    """chroma-tui's snapshots (moto also lists its AMIs' own snapshots)."""
    managed = [{"Name": "tag:chroma-tui:managed", "Values": ["true"]}]
    return ec2.describe_snapshots(OwnerIds=["self"], Filters=managed)["Snapshots"]


def _tags(snapshot: dict) -> dict[str, str]:
    return {t["Key"]: t["Value"] for t in snapshot.get("Tags", [])}


def test_delete_takes_a_tagged_snapshot_first_then_snapshots_lists_and_deletes_it(sandbox):
    code, _out, err = run(
        "deploy", "--yes", "--no-wait", "--stack-name", "keep1", "--region", "us-east-1",
        *SAFE_OTEL_ARGS,
    )  # fmt: skip
    assert code == 0, err
    ec2 = client("ec2")
    assert ours(ec2) == []

    code, out, err = run("delete", "--stack-name", "keep1", "--yes")
    assert code == 0, err
    taken = re.search(r"Snapshot (snap-[0-9a-f]+) started \((pending|completed)\): 24 GiB", out)
    assert taken, out
    snapshot_id = taken.group(1)
    assert "at most $1.20 per month" in out
    # The snapshot is announced before the first delete event, and the stack is gone after.
    assert out.index(snapshot_id) < out.index("DELETE_IN_PROGRESS")
    assert events(out)[-1] == ("keep1", "DELETE_COMPLETE")
    assert f"chroma-tui snapshots --delete {snapshot_id} --region us-east-1" in out

    found = ec2.describe_snapshots(SnapshotIds=[snapshot_id])["Snapshots"][0]
    tags = _tags(found)
    assert tags["chroma-tui:stack"] == "keep1" and tags["chroma-tui:managed"] == "true"
    assert found["VolumeSize"] == 24  # the template's root volume, not moto's default
    record = DeploymentStore().list()[0]
    assert record.snapshot_id == snapshot_id and record.status == "DELETE_COMPLETE"
    assert tags["chroma-tui:deployment"] == record.id

    code, out, err = run("snapshots")
    assert code == 0, err
    assert re.search(rf"^{snapshot_id}\s+keep1\s+us-east-1\s+24 GiB", out, re.M), out
    assert "$1.20/month" in out

    code, out, err = run("snapshots", "--delete", snapshot_id)  # no --yes, no terminal
    assert code == 2 and ec2.describe_snapshots(SnapshotIds=[snapshot_id])["Snapshots"]
    code, out, err = run("snapshots", "--delete", snapshot_id, "--yes")
    assert code == 0, err
    assert f"Snapshot {snapshot_id} deleted." in out
    assert ours(ec2) == []
    assert DeploymentStore().list()[0].snapshot_id is None


def test_no_snapshot_deletes_without_one(sandbox):
    code, _out, err = run(
        "deploy", "--yes", "--no-wait", "--stack-name", "keep2", "--region", "us-east-1",
        *SAFE_OTEL_ARGS,
    )  # fmt: skip
    assert code == 0, err
    code, out, err = run("delete", "--stack-name", "keep2", "--yes", "--no-snapshot")
    assert code == 0, err
    assert "Snapshot" not in out
    assert ours(client("ec2")) == []


def test_snapshots_refuses_one_chroma_tui_did_not_take(sandbox):
    ec2 = client("ec2")
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    foreign = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    code, out, err = run("snapshots", "--delete", foreign, "--yes", "--region", "us-east-1")
    assert code == 1
    assert "Not one of chroma-tui's snapshots" in err
    assert ec2.describe_snapshots(SnapshotIds=[foreign])["Snapshots"]
    code, out, _ = run("snapshots", "--region", "us-east-1")
    assert foreign not in out and "No chroma-tui snapshots" in out
