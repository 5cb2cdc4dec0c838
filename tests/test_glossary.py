"""AWS's raw reasons get a short gloss in both languages; the raw text itself stays on screen."""

from __future__ import annotations

import pytest
from fakes import (
    FROZEN_NOW,
    RunFakeBackend,
    official_template,
    saved_deployment,
    settle,
    stack_events,
)
from fakes import update as stream_update
from screen_text import visible_text
from textual.widgets import Static

from chroma_tui import i18n
from chroma_tui.core.diagnosis import cause_from_reason
from chroma_tui.core.glossary import RULES, gloss, gloss_key
from chroma_tui.core.models import LaunchPlan, StackEvent
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.launch import LaunchScreen

# Reasons a stack of the official template shows (CloudFormation's words, FACTS.md failures).
REASONS = {
    "User Initiated": "gloss.user",
    "Resource creation Initiated": "gloss.creating",
    "Resource creation cancelled": "gloss.cancelled",
    "Eventual consistency check initiated": "gloss.consistency",
    "Resource creation retry attempt 1 of 3": "gloss.retry",
    "The following resource(s) failed to create: [ChromaInstance]. Rollback requested by user.":
        "gloss.failed_to_create",
    "The following resource(s) failed to delete: [ChromaInstanceSecurityGroup].":
        "gloss.failed_to_delete",
    "Resource handler returned message: \"Something unexpected\" (RequestToken: 1, "
    "HandlerErrorCode: GeneralServiceException)": "gloss.handler",
    "No default VPC for this user. GroupName is only supported for EC2-Classic and default "
    "VPC. (Service: AmazonEC2; Status Code: 400; Error Code: VPCIdNotSpecified)":
        "gloss.no_default_vpc",
    "Resource handler returned message: \"The key pair 'mykey' does not exist\" (Service: Ec2, "
    "Status Code: 400, Error Code: InvalidKeyPair.NotFound)": "gloss.missing_key",
    "We currently do not have sufficient t3.small capacity in the Availability Zone you "
    "requested (us-east-1a). (Error Code: InsufficientInstanceCapacity)": "gloss.capacity",
    "You have requested more vCPU capacity than your current vCPU limit of 1 allows "
    "(Error Code: VcpuLimitExceeded)": "gloss.vcpu_limit",
    "Your quota allows for 0 more running instance(s). (Error Code: InstanceLimitExceeded)":
        "gloss.instance_limit",
    "Your request for accessing resources in this region is being validated "
    "(Error Code: PendingVerification)": "gloss.pending_verification",
    "You are not subscribed to this service (Error Code: OptInRequired)": "gloss.opt_in",
    "Template error: Unable to get mapping for Region2AMI::af-south-1::AMI": "gloss.no_mapping",
    "Your requested instance type (t3.small) is not supported in your requested Availability "
    "Zone (us-east-1e). (Service: AmazonEC2; Status Code: 400; Error Code: Unsupported)":
        "gloss.unsupported",
    "API: ec2:RunInstances You are not authorized to perform this operation. "
    "(Error Code: UnauthorizedOperation)": "gloss.denied",
    "Rate exceeded (Service: CloudFormation; Error Code: Throttling)": "gloss.throttled",
}  # fmt: skip


@pytest.mark.parametrize("reason", REASONS, ids=[v for v in REASONS.values()])
def test_each_reason_gets_its_gloss(reason: str) -> None:
    assert gloss_key(reason) == REASONS[reason]


def test_every_rule_is_reachable_and_worded_in_both_languages() -> None:
    assert {key for key, _ in RULES} == set(REASONS.values())
    cats = i18n.catalogues()
    for key, _ in RULES:
        assert cats["en"][key] != cats["zh-CN"][key]
        assert any("\u4e00" <= c <= "\u9fff" for c in cats["zh-CN"][key])


def test_nothing_to_explain() -> None:
    assert gloss("") is None and gloss("   ") is None
    assert gloss("Something AWS never said before") is None
    # "Initiated" alone inside other text is not the resource-creation event
    assert gloss_key("Resource creation Initiated by someone") is None


def test_gloss_follows_the_language() -> None:
    i18n.set_language("zh-CN")
    assert gloss("User Initiated") == "这是你发起的操作（由 chroma-tui 代你发送）。"
    i18n.set_language("en")
    assert gloss("User Initiated") == "You started this operation (chroma-tui sent it for you)."


async def test_event_table_shows_raw_reason_and_gloss() -> None:
    d = saved_deployment()
    fake = RunFakeBackend()
    fake.stream_script = [stream_update(e) for e in stack_events(d.stack_name, "sid")[:3]]
    plan = LaunchPlan("us-east-1", d.stack_name, "t3.small", "1.5.9", official_template())
    app = ChromaTuiApp(fake, lang="zh-CN", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.push_screen(LaunchScreen(plan=plan))
        await settle(pilot)
        shown = visible_text(app)
        assert " 堆栈 " in shown and " 安全组 " in shown and " Stack " not in shown
        # the newest row is highlighted: its reason in full, and the gloss, under the table
        reason = app.screen.query_one("#event-reason", Static)
        assert str(reason.render()) == "ChromaInstanceSecurityGroup：Resource creation Initiated"
        assert "↳ AWS 已开始创建该资源。" in shown
        await pilot.press("up", "up")  # the stack's own "User Initiated" row
        await pilot.pause()
        assert str(reason.render()) == "my-chroma-stack：User Initiated"
        assert "↳ 这是你发起的操作（由 chroma-tui 代你发送）。" in visible_text(app)


async def test_failure_screen_glosses_the_raw_reason() -> None:
    reason = next(r for r, key in REASONS.items() if key == "gloss.capacity")
    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = RunFakeBackend()
    fake.saved = [d]
    fake.cause = cause_from_reason(reason, "us-east-1", "ChromaInstance")
    failed = StackEvent(
        "ev", d.stack_id or "", d.stack_name, "ChromaInstance", "", "AWS::EC2::Instance",
        "CREATE_FAILED", reason, FROZEN_NOW,
    )  # fmt: skip
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.push_screen(FailureScreen(d, [failed]))
        await settle(pilot)
        shown = " ".join(visible_text(app).split())
        raw = " ".join(str(w.render()) for w in app.screen.query(".fail-raw"))
        assert "InsufficientInstanceCapacity" in raw  # AWS's own words kept
        assert "↳ AWS has no free capacity for this instance type in this zone right now." in shown
