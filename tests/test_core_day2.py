"""Core: the snapshot before a delete (idempotent by its token, tagged, recorded), the
instance's volume and address, and a refresh that never puts back the stale ServerIp after a
wake (on the sandbox)."""

from __future__ import annotations

import pytest

from chroma_tui.core import cost, instance, pricing, snapshots
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.deploy import Deployer
from chroma_tui.core.models import LaunchPlan
from chroma_tui.core.state import DeploymentStore
from chroma_tui.core.template import load_template
from chroma_tui.sandbox import TEMPLATE_URL
from tests.sandbox_helpers import SAFE_OTEL, client, wait_stack

pytestmark = pytest.mark.timeout(180)


def test_snapshot_price_is_the_published_figure_and_the_most_it_costs() -> None:
    assert pricing.SNAPSHOT_USD_PER_GB_MONTH == 0.05
    assert pricing.snapshot_monthly_usd(24) == 1.2
    assert pricing.snapshot_monthly_usd(0) == 0.0


def _launched(sandbox, name: str):  # type: ignore[no-untyped-def]
    aws = AwsSession(region="us-east-1")
    template = load_template(aws, TEMPLATE_URL)
    plan = LaunchPlan(
        region="us-east-1", stack_name=name, instance_type="t3.small", chroma_version="1.5.9",
        template=template, otel_endpoint=SAFE_OTEL["ChromaOtelCollectionEndpoint"],
        otel_service_name=SAFE_OTEL["ChromaOtelServiceName"], lock_to_my_ip=False,
    )  # fmt: skip
    store = DeploymentStore()
    deployer = Deployer(aws, store)
    deployment = deployer.launch(plan)
    stack = wait_stack(client("cloudformation"), deployment.stack_id or "")
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    return aws, store, deployer, deployer.refresh(deployment)


def test_the_stacks_instance_has_the_templates_24_gib_root_volume(sandbox) -> None:
    aws, _store, _deployer, d = _launched(sandbox, "core-vol")
    found = instance.stack_instance(aws, "us-east-1", d.stack_id or "")
    assert found is not None and found.state == "running"
    assert found.volume_id and found.volume_id.startswith("vol-")
    assert found.volume_size_gib == 24
    assert found.public_ip == d.server_host  # DescribeInstances agrees with ServerIp


def test_snapshot_is_tagged_recorded_and_a_retry_with_its_token_takes_no_second(sandbox) -> None:
    aws, store, deployer, d = _launched(sandbox, "core-snap")
    d, taken = deployer.snapshot(d)
    assert taken is not None and taken.state in ("pending", "completed")
    assert taken.stack_name == "core-snap" and taken.deployment_id == d.id
    assert store.get(d.id).snapshot_id == taken.snapshot_id  # type: ignore[union-attr]
    token = store.get(d.id).snapshot_token  # type: ignore[union-attr]
    assert token
    # A second call (a retry after a lost answer) finds the same snapshot by its token.
    again = snapshots.create_snapshot(aws, store.get(d.id), token)  # type: ignore[arg-type]
    assert again is not None and again.snapshot_id == taken.snapshot_id
    listed = snapshots.list_snapshots(aws, "us-east-1")
    assert [s.snapshot_id for s in listed] == [taken.snapshot_id]


def test_a_refresh_after_a_wake_keeps_the_instances_new_address(sandbox) -> None:
    _aws, _store, deployer, d = _launched(sandbox, "core-wake")
    old = d.server_host
    d = deployer.stop(d)
    assert d.instance_state == "stopped" and d.server_host is None
    # The stop is dated on the record (the cost meter leaves compute and IPv4 out from then)
    stopped_at = cost.parse_time(d.stopped_at)
    assert stopped_at is not None and stopped_at >= cost.parse_time(d.created_at)  # type: ignore[operator]
    assert deployer.refresh(d).server_host is None  # the stale output is not put back
    d = deployer.start(d)
    assert d.server_host and d.server_host != old and d.woken_at
    # The start ends the stop: its hours are kept, no stop is open any more
    assert d.stopped_at is None and d.stopped_hours > 0
    assert deployer.refresh(d).server_host == d.server_host
