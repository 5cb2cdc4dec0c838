"""How a snapshot is said (no boto3 here: the UI imports it before the first frame)."""

from __future__ import annotations

from chroma_tui.core.models import SnapshotInfo
from chroma_tui.i18n import t

# EBS snapshot storage, standard tier, us-east-1: $0.05 per GB-month of data stored (AWS's
# published price, https://aws.amazon.com/ebs/pricing/ "Snapshots"). Snapshots are incremental
# and bill only the blocks written, so a volume's full size gives the most it can cost.
SNAPSHOT_USD_PER_GB_MONTH = 0.05
GP2_USD_PER_GB_MONTH = 0.10  # the root volume (also in pricing.py), billed while stopped


def snapshot_monthly_usd(size_gib: int) -> float:
    """The most a snapshot of a ``size_gib`` volume costs per month (standard tier)."""
    return round(max(size_gib, 0) * SNAPSHOT_USD_PER_GB_MONTH, 2)


def money(usd: float) -> str:
    return f"${usd:.2f}"


def snapshot_line(snap: SnapshotInfo) -> str:
    """The snapshot's id, size and most monthly cost, in one sentence."""
    return t(
        "snap.started",
        snapshot=snap.snapshot_id,
        size=snap.size_gib,
        cost=money(snap.monthly_usd),
        state=state_text(snap.state),
    )


def state_text(state: str) -> str:
    """EC2's snapshot state in the user's language (pending, completed, error)."""
    return t(f"snap.state.{state}") if state in ("pending", "completed", "error") else state


def delete_command(snap: SnapshotInfo) -> str:
    """The headless command that deletes ``snap`` (said wherever a snapshot is kept)."""
    return f"chroma-tui snapshots --delete {snap.snapshot_id} --region {snap.region}"
