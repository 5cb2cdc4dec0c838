"""Pilot tests of Waiting, Connected, Failure (each kind, the one-key VPC fix), Cleanup and
Deployments, with the scripted FakeBackend."""

from __future__ import annotations

from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment, update
from textual.widgets import Button, DataTable, Input, Static

from chroma_tui.core.diagnosis import cause_from_reason
from chroma_tui.core.errors import ProbeError
from chroma_tui.core.models import ProbeAttempt, StackEvent, StackSnapshot, StreamUpdate
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.deployments import DeploymentsScreen
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.launch import LaunchScreen
from chroma_tui.ui.screens.waiting import WaitingScreen
from chroma_tui.ui.widgets.error_panel import ErrorPanel

VPC_REASON = (
    "No default VPC for this user. GroupName is only supported for EC2-Classic and default "
    "VPC. (Service: AmazonEC2; Status Code: 400; Error Code: VPCIdNotSpecified)"
)
KEY_REASON = (
    "The key pair 'mykey' does not exist (Service: AmazonEC2; Error Code: InvalidKeyPair.NotFound)"
)
DENIED_REASON = (
    "API: ec2:RunInstances You are not authorized to perform this operation. "
    "(Error Code: UnauthorizedOperation)"
)


def backend(*extra) -> RunFakeBackend:  # type: ignore[no-untyped-def]
    fake = RunFakeBackend()
    fake.saved = [*extra, saved_deployment("DELETE_COMPLETE", id="dep-old", name="old-stack")]
    return fake


def app_for(fake: RunFakeBackend, lang: str = "en") -> ChromaTuiApp:
    return ChromaTuiApp(fake, lang=lang, clock=lambda: FROZEN_NOW)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def texts(screen) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(w.render()) for w in screen.query(Static))


def failed_event(reason: str, logical: str = "ChromaInstanceSecurityGroup") -> StackEvent:
    d = saved_deployment()
    return StackEvent(
        "ev-fail", d.stack_id or "", d.stack_name, logical, "", "AWS::EC2::SecurityGroup",
        "CREATE_FAILED", reason, FROZEN_NOW,
    )  # fmt: skip


# -- waiting -----------------------------------------------------------------------------
async def test_waiting_shows_attempts_and_last_error_then_connects() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    fake.probe_blocks = True
    fake.probe_attempts = [
        ProbeAttempt(1, 3.0, "connection refused"),
        ProbeAttempt(2, 6.0, "HTTP 503"),
    ]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        for _ in range(10):
            await pilot.pause(0.05)
        screen = app.screen
        assert isinstance(screen, WaitingScreen)
        shown = texts(screen)
        assert "203.0.113.10:8000" in shown
        assert "attempts: 2" in shown
        assert "HTTP 503" in shown
        assert "Docker" in shown
        fake.probe_block.set()
        await settle(pilot)
        assert isinstance(app.screen, ConnectedScreen)


async def test_waiting_probe_failure_offers_retry() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    fake.fail("wait_for_chroma", ProbeError("probe.timeout", host="203.0.113.10"), times=1)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WaitingScreen)
        assert screen.query_one(ErrorPanel).error.key == "probe.timeout"
        assert screen.check_action("retry", ()) is True
        await pilot.press("r")
        await settle(pilot)
        assert len(fake.called("wait_for_chroma")) == 2
        assert isinstance(app.screen, ConnectedScreen)


# -- connected ---------------------------------------------------------------------------
async def test_connected_shows_heartbeat_snippets_and_copies() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10", key_name="mykey")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        screen = app.screen
        shown = texts(screen)
        assert "1773480413000000000 ns" in shown
        assert "2026-03-14" in shown
        assert 'chromadb.HttpClient(host="203.0.113.10", port=8000)' in shown
        assert 'new ChromaClient({ host: "203.0.113.10", port: 8000 })' in shown
        assert (
            "ssh -i /home/demo/.local/share/chroma-tui/keys/mykey.pem ec2-user@203.0.113.10"
            in shown
        )
        assert "no authentication" in shown
        assert "open to the whole internet" in shown
        await pilot.press("p")
        assert "chromadb.HttpClient" in app.clipboard
        assert "clipboard" in str(screen.query_one("#conn-copied", Static).render())
        await pilot.press("t")
        assert "ChromaClient" in app.clipboard
        await pilot.press("s")
        assert app.clipboard.startswith("ssh -i ")


async def test_connected_heartbeat_updates_latency_chart() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        screen = app.screen
        before = len(screen.latencies)  # the 2 s timer may have beaten already on a slow run
        screen.beat()
        await settle(pilot)
        assert before >= 1 and len(screen.latencies) >= before + 1
        assert fake.called("heartbeat")[-1] == ("203.0.113.10", 8000)


async def test_connected_lock_to_my_ip_and_widen_command() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        screen = app.screen
        assert screen.check_action("copy", ("widen",)) is False
        await pilot.press("l")
        await settle(pilot)
        assert fake.called("lock_to_ip")[0][1] == "198.51.100.23"
        assert "only to your IP 198.51.100.23" in texts(screen)
        assert screen.check_action("lock", ()) is False
        await pilot.press("w")
        assert app.clipboard.startswith("aws ec2 authorize-security-group-ingress")


# -- failure -----------------------------------------------------------------------------
async def test_failure_no_default_vpc_one_key_fix_relaunches_and_streams() -> None:
    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = backend(d)
    fake.no_default_vpc.add("us-east-1")
    fake.cause = cause_from_reason(VPC_REASON, "us-east-1", "ChromaInstanceSecurityGroup")
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FailureScreen(d, [failed_event(VPC_REASON)]))
        await settle(pilot)
        screen = app.screen
        shown = texts(screen)
        assert "No default VPC" in shown
        assert VPC_REASON in shown  # the raw reason beneath
        assert "https://us-east-1.console.aws.amazon.com/vpc/home?region=us-east-1#vpcs" in shown
        assert screen.check_action("fix", ()) is True
        await pilot.press("f")
        await settle(pilot)
        # Then: VPC created, the failed stack deleted and created again, streaming to the end.
        names = [name for name, _ in fake.calls]
        assert names.index("create_default_vpc") < names.index("relaunch") < names.index("stream")
        assert "us-east-1" not in fake.no_default_vpc
        assert isinstance(app.screen, ConnectedScreen)
        assert app.screen.deployment.token.endswith("000000000002")


async def test_failure_fix_progress_stays_visible_when_relaunch_fails() -> None:
    from chroma_tui.core.errors import StackError

    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = backend(d)
    fake.cause = cause_from_reason(VPC_REASON, "us-east-1", "ChromaInstanceSecurityGroup")
    fake.fail("relaunch", StackError("stack.error.delete_failed", name=d.stack_name), times=1)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FailureScreen(d, [failed_event(VPC_REASON)]))
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, FailureScreen)
        progress = str(screen.query_one("#fail-progress", Static).render())
        assert progress.startswith("✓ ") and "✗ " in progress
        assert screen.query_one(ErrorPanel).error.key == "stack.error.delete_failed"
        assert screen.check_action("fix", ()) is True  # can try again


async def test_failure_missing_key_pair_goes_back_to_the_wizard() -> None:
    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = backend(d)
    fake.cause = cause_from_reason(KEY_REASON, "us-east-1", "ChromaInstance", "AWS::EC2::Instance")
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FailureScreen(d, [failed_event(KEY_REASON, "ChromaInstance")]))
        await settle(pilot)
        assert fake.cause.fix_action == "choose-key-pair"
        assert "Key pair not found" in texts(app.screen)
        await pilot.press("f")
        for _ in range(40):  # the wizard checks the credentials silently first
            await pilot.pause(0.05)
            if type(app.screen).__name__ == "KeyPairScreen":
                break
        assert type(app.screen).__name__ == "KeyPairScreen"  # the step to redo, answers kept


async def test_failure_access_denied_explains_and_offers_only_delete() -> None:
    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = backend(d)
    fake.cause = cause_from_reason(DENIED_REASON, "us-east-1", "ChromaInstance")
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FailureScreen(d, [failed_event(DENIED_REASON, "ChromaInstance")]))
        await settle(pilot)
        screen = app.screen
        assert fake.cause.problem == "access-denied"
        assert screen.check_action("fix", ()) is False
        assert "IAM" in texts(screen) or "permission" in texts(screen).lower()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, CleanupScreen)
        assert fake.called("delete")


# -- cleanup -----------------------------------------------------------------------------
async def test_cleanup_needs_the_typed_name_then_deletes_and_offers_the_key_pair() -> None:
    d = saved_deployment(
        "CREATE_COMPLETE", host="203.0.113.10", key_name="chroma-key", created_key_pair=True
    )
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        screen = app.screen
        assert "all data in Chroma is lost" in texts(screen)
        button = screen.query_one("#clean-delete", Button)
        assert button.disabled
        # When a wrong name is typed, Delete stays disabled and ctrl+d does nothing.
        await pilot.press(*"my-chroma")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert button.disabled and not fake.called("delete")
        # Enter on a wrong name says what to type instead of silently doing nothing.
        await pilot.press("enter")
        await pilot.pause()
        assert "Type my-chroma-stack exactly" in texts(screen) and not fake.called("delete")
        await pilot.press(*"-stack")
        await pilot.pause()
        assert screen.query_one("#clean-name", Input).value == "my-chroma-stack"
        assert not button.disabled
        await pilot.press("enter")
        await settle(pilot)
        assert len(fake.called("delete")) == 1
        assert screen.deleted()
        assert screen.deployment.status == "DELETE_COMPLETE"
        shown = texts(screen)
        assert "is deleted" in shown and "chroma-key" in shown
        await pilot.press("k")
        await settle(pilot)
        assert fake.called("delete_key_pair") == [
            ("us-east-1", "chroma-key", "/home/demo/.local/share/chroma-tui/keys/chroma-key.pem")
        ]
        assert screen.key_state == "deleted"


async def test_cleanup_does_not_offer_a_key_pair_the_user_brought() -> None:
    d = saved_deployment("CREATE_COMPLETE", key_name="mykey", created_key_pair=False)
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d, confirmed=True))
        await settle(pilot)
        screen = app.screen
        assert screen.deleted()
        assert screen.check_action("delete_key", ()) is False
        await pilot.press("k")
        await settle(pilot)
        assert not fake.called("delete_key_pair")


async def test_cleanup_delete_failed_can_be_retried() -> None:
    d = saved_deployment("CREATE_COMPLETE")
    fake = backend(d)
    failed = StackSnapshot(
        d.stack_id or "", d.stack_name, "DELETE_FAILED", reason="DependencyViolation"
    )
    fake.delete_script = [update(status="DELETE_IN_PROGRESS"), StreamUpdate(stack=failed)]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d, confirmed=True))
        await settle(pilot)
        screen = app.screen
        assert not screen.deleted()
        assert "DELETE_FAILED" in texts(screen) and "DependencyViolation" in texts(screen)
        assert screen.check_action("resume", ()) is True
        # When r is pressed, DeleteStack is sent again and this time it completes.
        fake.delete_script = None
        await pilot.press("r")
        await settle(pilot)
        assert len(fake.called("delete")) == 2
        assert screen.deleted()
        assert screen.deployment.status == "DELETE_COMPLETE"


# -- deployments -------------------------------------------------------------------------
async def test_deployments_list_refresh_live_and_warnings() -> None:
    running = saved_deployment("CREATE_IN_PROGRESS", id="dep-run", name="running-stack")
    fake = backend(running)
    fake.live["dep-run"] = running.evolve(
        status="CREATE_COMPLETE", server_host="203.0.113.10", server_port=8000
    )
    fake.store.warnings = ["dep-bad.json: not valid JSON (moved to dep-bad.json.corrupt)"]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeploymentsScreen)
        table = screen.query_one("#deps-table", DataTable)
        assert table.row_count == 2
        row = table.get_row("dep-run")
        assert str(row[1]) == "✓ CREATE_COMPLETE"  # refreshed live from AWS
        assert str(row[2]) == "203.0.113.10"  # the default port 8000 goes unsaid
        assert "dep-bad.json" in texts(screen)
        # The deleted record is not refreshed (no AWS call for a gone stack).
        assert all(args[0].id != "dep-old" for args in fake.called("refresh"))


async def test_deployments_actions_follow_the_selected_status() -> None:
    running = saved_deployment("CREATE_IN_PROGRESS", id="dep-run", name="running-stack")
    fake = backend(running)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#deps-table", DataTable)
        table.move_cursor(row=0)
        await pilot.pause()
        assert screen.check_action("watch", ()) is True
        assert screen.check_action("forget", ()) is False
        assert screen.check_action("connect", ()) is False
        table.move_cursor(row=1)  # the deleted one
        await pilot.pause()
        assert screen.check_action("watch", ()) is False
        assert screen.check_action("forget", ()) is True
        await pilot.press("f")
        await settle(pilot)
        assert [args[0].id for args in fake.called("forget")] == ["dep-old"]
        assert table.row_count == 1
        table.move_cursor(row=0)
        await pilot.press("w")
        await settle(pilot)
        assert fake.called("stream")[0][0].id == "dep-run"
        assert not fake.called("launch")


async def test_deployments_connect_and_delete_open_their_screens() -> None:
    done = saved_deployment("CREATE_COMPLETE", id="dep-ok", host="203.0.113.10")
    fake = backend(done)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConnectedScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, CleanupScreen) and not app.screen.confirmed


async def test_deployments_watch_resumes_an_interrupted_delete_without_a_new_delete() -> None:
    deleting = saved_deployment("DELETE_IN_PROGRESS", id="dep-del")
    fake = backend(deleting)
    fake.stream_script = [update(status="DELETE_COMPLETE")]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, CleanupScreen)
        assert fake.called("stream") and not fake.called("delete")


async def test_new_starts_the_wizard() -> None:
    fake = backend()
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        for _ in range(5):
            await pilot.pause(0.05)
        assert type(app.screen).__name__ == "CredentialsScreen"
        assert not isinstance(app.screen, LaunchScreen)


# -- language switch ---------------------------------------------------------------------
async def test_every_run_screen_switches_language_keeping_its_state() -> None:
    d = saved_deployment(
        "CREATE_COMPLETE", host="203.0.113.10", key_name="chroma-key", created_key_pair=True
    )
    fake = backend(d)
    fake.cause = cause_from_reason(VPC_REASON, "us-east-1", "ChromaInstanceSecurityGroup")
    screens = [
        lambda: ConnectedScreen(d, fake.connection),
        lambda: FailureScreen(d, [failed_event(VPC_REASON)]),
        lambda: CleanupScreen(d, confirmed=True),
    ]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for make in screens:
            app.push_screen(make())
            await settle(pilot)
            before = texts(app.screen)
            await pilot.press("f2")
            await settle(pilot)
            after = texts(app.screen)
            assert after != before
            # Names, addresses and AWS's raw text survive; the words are Chinese now.
            for kept in ("my-chroma-stack", "us-east-1"):
                assert (kept in before) == (kept in after)
            assert any("\u4e00" <= ch <= "\u9fff" for ch in after)
            await pilot.press("f2")
            await settle(pilot)
            assert texts(app.screen) == before
            app.pop_screen()
            await pilot.pause()
        # The typed confirmation survives a switch too.
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        await pilot.press(*"my-chroma")
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.query_one("#clean-name", Input).value == "my-chroma"


async def test_failure_without_a_known_cause_shows_aws_text_and_delete() -> None:
    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = backend(d)
    fake.cause = None  # nothing matched: AWS's own words are all there is
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(FailureScreen(d, [failed_event("Something odd happened")]))
        await settle(pilot)
        screen = app.screen
        shown = texts(screen)
        assert "Something odd happened" in shown
        assert "ROLLBACK_COMPLETE must be deleted" in shown
        assert screen.check_action("fix", ()) is False
        assert screen.check_action("delete", ()) is True
