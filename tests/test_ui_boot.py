"""Pilot tests: Review's template check, Waiting's boot X-ray, Connected's deployed version."""

from __future__ import annotations

import boot_templates
from fakes import FROZEN_NOW, FakeBackend, RunFakeBackend, instance_option, saved_deployment
from test_boot_log import HEAD, HEALTHY
from textual.widgets import Button, Static

from chroma_tui.core.boot_log import BootError, BootReport, InstanceHealth, parse_console
from chroma_tui.core.models import ChromaConnection, LaunchPlan, TemplateInfo
from chroma_tui.core.template import parse_template
from chroma_tui.core.wizard import KeyChoice, WizardOptions
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.review import ReviewScreen
from chroma_tui.ui.screens.waiting import WaitingScreen
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.resource_view import ResourceView

SIZE = (80, 24)


class TemplateBackend(RunFakeBackend):
    """The fake, with a template of the test's choosing."""

    def __init__(self, template: TemplateInfo | None = None) -> None:
        super().__init__()
        self.chosen = template

    def template(self) -> TemplateInfo:
        if self.chosen is None:
            return super().template()
        self._enter("template")
        return self.chosen


def from_body(document: dict) -> TemplateInfo:
    return parse_template(boot_templates.text(document), source="./chroma.cf.json", url=None)


def app_for(fake: FakeBackend) -> ChromaTuiApp:
    """Opens on Deployments (one old record), so no wizard worker waits in the background."""
    fake.saved = [saved_deployment("DELETE_COMPLETE", id="dep-old", name="old-stack")]
    return ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def texts(screen) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(w.render()) for w in screen.query(Static))


def review(options: WizardOptions | None = None) -> ReviewScreen:
    return ReviewScreen(
        FakeBackend().identity,
        "us-east-1",
        instance_option("t3.small"),
        KeyChoice(),
        options or WizardOptions("my-chroma-stack", "1.5.9"),
    )


async def test_review_passes_safe_otel_values_and_says_so() -> None:
    fake = TemplateBackend()  # the official template, summary only
    app = app_for(fake)
    launched: list[LaunchPlan] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(review(), callback=launched.append)
        await settle(pilot)
        shown = texts(app.screen)
        assert "Safe OpenTelemetry values passed" in shown
        assert "Template: https://s3.amazonaws.com/public.trychroma.com" in shown
        assert "its ChromaVersion default: 1.5.9" in shown
        cli = str(app.screen.query_one("#cli", Static).render())
        assert "ParameterKey=ChromaOtelCollectionEndpoint,ParameterValue=http://127.0.0.1:4317" in (
            cli
        )
        await pilot.press("l")
        await settle(pilot)
    assert launched and launched[0].parameters()["ChromaOtelServiceName"] == "chroma"


async def test_review_warns_about_hardcoded_blank_otel_but_lets_the_user_launch() -> None:
    fake = TemplateBackend(from_body(boot_templates.hardcoded_blank_otel()))
    app = app_for(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(review())
        await settle(pilot)
        warning = str(app.screen.query_one("#check-otel_hardcoded", Static).render())
        assert "OpenTelemetry" in warning and "chroma-core/chroma#4609" in warning
        assert "local file, sent as TemplateBody" in texts(app.screen)
        assert not app.screen.query_one("#nav-next", Button).disabled


async def test_review_refuses_otel_options_the_template_cannot_take() -> None:
    fake = TemplateBackend(from_body(boot_templates.without_otel()))
    app = app_for(fake)
    options = WizardOptions("my-chroma-stack", "1.5.9", otel_endpoint="http://127.0.0.1:4317")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.push_screen(review(options))
        await settle(pilot)
        shown = texts(app.screen)
        assert "Cannot launch with this template" in shown
        assert "takes no OpenTelemetry settings" in shown
        assert "placeholder" in shown  # LATEST_VERSION default
        assert app.screen.query_one("#nav-next", Button).disabled
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    assert fake.called("launch") == []


async def test_waiting_shows_boot_phases_and_failed_status_checks() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.probe_blocks = True
    report = parse_console(HEAD)
    fake.boot_reports = [
        BootReport(
            phases=report.phases,
            last_lines=report.last_lines,
            health=InstanceHealth("impaired", "ok"),
        )
    ]
    app = app_for(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        for _ in range(20):
            await pilot.pause(0.05)
        shown = texts(app.screen)
        view = app.screen.query_one("#resources", ResourceView)
        phases = view.text()
        assert "✓ Docker installed  (at 23 s)" in phases
        assert "✓ Compose file fetched  (at 26 s)" in phases
        # The next phase is the one in progress (a spinner), the rest still to come.
        assert [r.status for r in view.rows if r.is_boot] == [
            "DONE",
            "DONE",
            "IN_PROGRESS",
            "PENDING",
            "PENDING",
        ]
        assert "· Container started" in phases
        assert "Status checks FAILED: instance impaired" in shown
        fake.probe_block.set()
        await settle(pilot)
    call = fake.called("wait_for_chroma")
    assert call and call[0][0] == "203.0.113.10"


async def test_waiting_stops_when_the_container_exited_and_offers_relaunch() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.probe_attempts = []
    healthy = parse_console(HEALTHY)
    fake.boot_error = BootError(
        "boot.otel_crash",
        healthy,
        port=8000,
        started="49",
        grace="90",
        issue="chroma-core/chroma#4609",
    )
    app = app_for(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WaitingScreen)
        assert screen.query_one(ErrorPanel).error.key == "boot.otel_crash"
        lines = str(screen.query_one("#wait-boot-lines", Static).render())
        assert "The boot log's last lines:" in lines and "finished at" in lines
        assert "✓ Container started  (at 49 s)" in screen.query_one(ResourceView).text()
        assert screen.check_action("relaunch", ()) is True
        assert screen.check_action("delete", ()) is True
        await pilot.press("o")
        for _ in range(40):  # the wizard checks the credentials silently first
            await pilot.pause(0.05)
            if type(app.screen).__name__ == "OptionsScreen":
                break
        assert type(app.screen).__name__ == "OptionsScreen"


async def test_waiting_says_silence_is_not_refusal() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.probe_blocks = True
    report = parse_console(HEALTHY)
    fake.boot_reports = [BootReport(phases=report.phases, port="silent")]
    app = app_for(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        for _ in range(20):
            await pilot.pause(0.05)
        warning = str(app.screen.query_one("#wait-boot-warning", Static).render())
        assert "does not answer at all" in warning and "IP lock" in warning
        assert app.screen.check_action("relaunch", ()) is False
        fake.probe_block.set()
        await settle(pilot)


async def test_connected_shows_the_deployed_version_and_warns_on_mismatch(monkeypatch) -> None:
    monkeypatch.setattr("chroma_tui.core.deployed_version.default_chroma_version", lambda: "1.5.9")
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    d = d.evolve(parameters={"ChromaVersion": "1.4.0", "InstanceType": "t3.small"})
    fake = RunFakeBackend()
    app = app_for(fake)
    connection = ChromaConnection("203.0.113.10", 8000, 1_773_480_413_000_000_000, "1.0.0", 4, 1, 1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, connection))
        await settle(pilot)
        version = str(app.screen.query_one("#conn-version", Static).render())
        assert (
            version == "Chroma 1.4.0 deployed (ChromaVersion); the server reports API version 1.0.0"
        )
        warning = str(app.screen.query_one("#conn-version-warning", Static).render())
        assert "client is 1.5.9" in warning and "Chroma 1.4.0" in warning
        assert "Server version" not in texts(app.screen)
