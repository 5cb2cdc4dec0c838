"""Connected: the heartbeat, latency (live, with a chart), the client snippets, SSH and safety.

A heartbeat every ~2 s runs in a worker; everything the user may copy is built from the saved
deployment so it matches the real address.
"""

from __future__ import annotations

import time
from collections import deque
from datetime import datetime, timezone
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Sparkline, Static

from chroma_tui.core.access_commands import ssh_command, widen_command
from chroma_tui.core.cost import cost_text, deployment_cost, price_line
from chroma_tui.core.deployed_version import version_lines
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.ip_change import CHECK_EVERY_S, IpMoved
from chroma_tui.core.journey import Journey
from chroma_tui.core.models import ChromaConnection, Deployment, PriceEstimate
from chroma_tui.core.smoke_check import SmokeResult, result_lines
from chroma_tui.core.snippets import python_snippet, typescript_snippet
from chroma_tui.core.timefmt import local_time
from chroma_tui.i18n import sentences, t
from chroma_tui.ui.outcomes import CleanupRequested, ShowDeployments
from chroma_tui.ui.screens.base.run import RunScreen
from chroma_tui.ui.widgets.confirm import leave_running_modal
from chroma_tui.ui.widgets.footer import I18nFooter

HEARTBEAT_EVERY_S = 2.0
LATENCY_POINTS = 40


def heartbeat_time(ns: int) -> str:
    return local_time(datetime.fromtimestamp(ns / 1e9, timezone.utc), with_date=True)


class ConnectedScreen(RunScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Short labels, t/s/w unlisted (the copy line names them): at 80 columns the footer
        # must still show q and f2.
        Binding("p", "copy('python')", "walk.key.copy"),
        Binding("t", "copy('typescript')", "run.key.copy_ts", show=False),
        Binding("s", "copy('ssh')", "run.key.copy_ssh", show=False),
        Binding("w", "copy('widen')", "run.key.copy_widen", show=False),
        Binding("l", "lock", "walk.key.lock"),
        Binding("k", "check", "walk.key.check"),
        Binding("d", "delete", "walk.key.delete"),
        Binding("z", "sleep", "power.key.stop", show=False),  # named by the cost line
        Binding("escape", "deployments", "walk.key.list"),
    ]

    def __init__(
        self,
        deployment: Deployment,
        connection: ChromaConnection,
        lock_error: ChromaTuiError | None = None,
    ) -> None:
        super().__init__()
        self.deployment = deployment
        self.connection = connection
        self.lock_error = lock_error
        self.sleep_asked = False  # z once: what a stop means was said; z again stops
        self.heartbeat_ns = connection.heartbeat_ns
        self.latency_ms = connection.latency_ms
        self.latencies: deque[float] = deque([connection.latency_ms], maxlen=LATENCY_POINTS)
        self.beat_error: str | None = None
        self.copied: str | None = None  # which snippet went to the clipboard last
        self.locking = False
        self.check_result: SmokeResult | None = None  # the last "it works" check
        self.check_error: str | None = None  # the check could not run at all
        self.checking = False
        self.price: PriceEstimate | None = None
        self.priced = False
        self.ip_moved: IpMoved | None = None  # locked to an address this machine left
        self.beating = False  # a heartbeat is in flight
        self.ip_checked_at: float | None = None  # monotonic time of the last "my IP" lookup

    @property
    def host(self) -> str:
        return self.connection.host

    @property
    def port(self) -> int:
        return self.connection.port

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(
            t("run.conn.title", name=self.deployment.stack_name, host=self.host, port=self.port),
            classes="run-title run-title-ok",
            markup=False,
        )
        with VerticalScroll(id="conn-body"):
            yield Static(
                self.heartbeat_text(), id="conn-heartbeat", classes="success", markup=False
            )
            with Horizontal(id="conn-latency-row"):
                yield Static(self.latency_text(), id="conn-latency", markup=False)
                yield Sparkline(self.chart_data(), id="conn-chart")
            version, mismatch = version_lines(self.deployment, self.connection.version)
            yield Static(version, id="conn-version", markup=False)
            if mismatch:
                yield Static(
                    mismatch, id="conn-version-warning", classes="run-warning-tight", markup=False
                )
            yield Static(self.cost_line(), id="conn-cost", markup=False)
            # Safety first, above the fold: who can reach the server, and that it has no auth.
            yield Static(self.access_text(), id="conn-access", classes="run-warning", markup=False)
            yield Static(t("run.conn.no_auth"), classes="run-warning-tight", markup=False)
            yield Static(self.check_text(), id="conn-check", markup=False)
            yield Static(t("run.conn.python"), classes="run-label", markup=False)
            yield Static(python_snippet(self.host, self.port), classes="snippet", markup=False)
            yield Static(t("run.conn.typescript"), classes="run-label", markup=False)
            yield Static(typescript_snippet(self.host, self.port), classes="snippet", markup=False)
            ssh = ssh_command(self.deployment)
            if ssh:
                yield Static(t("run.conn.ssh"), classes="run-label", markup=False)
                yield Static(ssh, classes="snippet", markup=False)
            yield Static(self.copied_text(), id="conn-copied", markup=False)
            if self.deployment.ip_locked_to:
                yield Static(t("run.conn.widen"), classes="run-label", markup=False)
                yield Static(
                    widen_command(self.deployment, self.port), classes="snippet", markup=False
                )
            yield Static(t("run.conn.cleanup"), classes="run-note", markup=False)
        yield I18nFooter()

    def on_mount(self) -> None:
        self.set_interval(HEARTBEAT_EVERY_S, self.beat)
        self.call_backend(
            self.backend.price, self.deployment, on_done=self.done_price, on_error=self.failed_price
        )
        self.action_check()

    # -- day two: cost so far and the "it works" check ------------------------------------
    def done_price(self, price: PriceEstimate | None) -> None:
        self.price, self.priced = price, True
        self.set_text("#conn-cost", self.cost_line())

    def failed_price(self, _error: ChromaTuiError) -> None:
        self.priced = True
        self.set_text("#conn-cost", self.cost_line())

    def cost_line(self) -> str:
        if not self.priced:
            return ""
        running = deployment_cost(self.deployment, self.price, self.now())
        so_far = cost_text(running) if running is not None else t("cost.unknown")
        return so_far + "\n" + price_line(self.price) + "\n" + t("power.ui.sleep_hint")

    def action_check(self) -> None:
        if self.checking:
            return
        self.checking = True
        self.set_text("#conn-check", self.check_text())
        self.refresh_bindings()
        self.call_backend(
            self.backend.smoke_check,
            self.host,
            self.port,
            on_done=self.done_check,
            on_error=self.failed_check,
        )

    def done_check(self, result: SmokeResult) -> None:
        self.checking = False
        self.check_result, self.check_error = result, None
        self.set_text("#conn-check", self.check_text())
        self.refresh_bindings()

    def failed_check(self, error: ChromaTuiError) -> None:
        self.checking = False
        self.check_result, self.check_error = None, error.title()
        self.set_text("#conn-check", self.check_text())
        self.refresh_bindings()

    def check_text(self) -> str:
        if self.checking:
            return t("smoke.running")
        if self.check_result is not None:  # built here: a language switch re-translates it
            return "\n".join(result_lines(self.check_result))
        return self.check_error or t("smoke.hint")

    # -- live heartbeat -------------------------------------------------------------------
    def beat(self) -> None:
        """One heartbeat at a time: a try that times out (3 s) outlasts the 2 s interval, and
        starting the next would cancel it, so its failure would never be shown."""
        if self.beating:
            return
        self.beating = True
        self.call_backend(
            self.backend.heartbeat,
            self.host,
            self.port,
            on_done=self.done_heartbeat,
            on_error=self.failed_heartbeat,
        )

    def done_heartbeat(self, value: tuple[int, float]) -> None:
        self.beating = False
        self.heartbeat_ns, self.latency_ms = value
        self.beat_error = None
        self.latencies.append(self.latency_ms)
        chart = self.maybe("#conn-chart", Sparkline)
        if chart is not None:
            chart.data = self.chart_data()
        self.set_text("#conn-heartbeat", self.heartbeat_text())
        self.set_text("#conn-latency", self.latency_text())
        self.set_text("#conn-cost", self.cost_line())

    def failed_heartbeat(self, error: ChromaTuiError) -> None:
        self.beating = False
        self.beat_error = error.title()
        self.set_text("#conn-latency", self.latency_text())
        self.check_my_ip()

    # -- my IP changed ----------------------------------------------------------------------
    def check_my_ip(self) -> None:
        """Heartbeats fail on locked ports: has this machine's address changed? (asked at most
        every ``CHECK_EVERY_S``)."""
        if not self.deployment.ip_locked_to or self.locking:
            return
        now = time.monotonic()
        if self.ip_checked_at is not None and now - self.ip_checked_at < CHECK_EVERY_S:
            return
        self.ip_checked_at = now
        self.call_backend(
            self.backend.ip_moved,
            self.deployment,
            on_done=self.done_ip_moved,
            on_error=self.failed_ip_moved,
        )

    def done_ip_moved(self, moved: IpMoved | None) -> None:
        self.ip_moved = moved
        self.set_text("#conn-access", self.access_text())
        self.refresh_bindings()

    def failed_ip_moved(self, _error: ChromaTuiError) -> None:
        return None

    # -- text -----------------------------------------------------------------------------
    def chart_data(self) -> list[float]:
        """Nothing until there are two points: one point draws as a full, meaningless bar."""
        return list(self.latencies) if len(self.latencies) > 1 else []

    def heartbeat_text(self) -> str:
        return t("run.conn.heartbeat", ns=self.heartbeat_ns, time=heartbeat_time(self.heartbeat_ns))

    def latency_text(self) -> str:
        text = t("conn.latency", ms=f"{self.latency_ms:.0f}")
        if self.beat_error:
            text += "  " + t("run.conn.beat_failed", error=self.beat_error)
        return text

    def copied_text(self) -> str:
        if self.copied is None:
            parts = [t("run.conn.copy_hint")]
            if ssh_command(self.deployment):
                parts.append(t("run.conn.copy_hint_ssh"))
            if self.deployment.ip_locked_to:
                parts.append(t("run.conn.copy_hint_widen"))
            return sentences(*parts)
        return t("run.conn.copied", what=t(f"run.conn.what.{self.copied}"))

    def access_text(self) -> str:
        if self.locking:
            return t("run.conn.locking")
        if self.ip_moved is not None:
            return t(
                "scripts.ip_moved.tui", locked=self.ip_moved.locked, current=self.ip_moved.current
            )
        if self.deployment.ip_locked_to:
            return t("run.conn.locked", ip=self.deployment.ip_locked_to)
        text = t("run.conn.open")
        if self.lock_error is not None:
            text += "\n" + t("run.conn.lock_failed", error=self.lock_error.title())
        return text

    # -- actions --------------------------------------------------------------------------
    def snippet(self, what: str) -> str | None:
        if what == "python":
            return python_snippet(self.host, self.port)
        if what == "typescript":
            return typescript_snippet(self.host, self.port)
        if what == "ssh":
            return ssh_command(self.deployment)
        if what == "widen":
            return (
                widen_command(self.deployment, self.port) if self.deployment.ip_locked_to else None
            )
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "copy" and parameters:
            return self.snippet(str(parameters[0])) is not None
        if action == "check":
            return not self.checking
        if action == "lock":  # not locked yet, or locked to an address this machine left
            moved = self.ip_moved is not None
            return (moved or not self.deployment.ip_locked_to) and not self.locking
        return True

    def action_copy(self, what: str) -> None:
        text = self.snippet(what)
        if text is None:
            return
        self.app.copy_to_clipboard(text)
        self.copied = what
        self.set_text("#conn-copied", self.copied_text())
        self.notify(self.copied_text(), timeout=4)  # visible even when scrolled away

    def action_lock(self) -> None:
        if self.check_action("lock", ()) is not True:
            return
        self.locking = True
        self.set_text("#conn-access", self.access_text())
        self.refresh_bindings()
        self.call_backend(self._lock, on_done=self.done_lock, on_error=self.failed_lock)

    def _lock(self) -> Deployment:
        """The journey's lock step; the heartbeat loop here re-probes through the new rules."""
        deployment, _ip = Journey(self.backend).lock(self.deployment)
        return deployment

    def done_lock(self, deployment: Deployment) -> None:
        self.locking = False
        self.lock_error = None
        self.ip_moved = None
        self.ip_checked_at = None
        self.deployment = deployment
        self.refresh_bindings()
        self.refresh(recompose=True)

    def failed_lock(self, error: ChromaTuiError) -> None:
        self.locking = False
        self.lock_error = error
        self.refresh_bindings()
        self.set_text("#conn-access", self.access_text())

    # -- quitting -------------------------------------------------------------------------
    def quit_guard(self) -> bool:
        """``q`` here leaves a stack that bills: say so, with its price, before quitting."""
        modal = leave_running_modal(self.deployment.stack_name, self.price)
        self.app.push_screen(modal, self._quit_answered)
        return True

    def _quit_answered(self, quit_anyway: bool | None) -> None:
        if quit_anyway:
            self.workers.cancel_node(self)
            self.app.exit(0)

    def action_sleep(self) -> None:
        """z says what a stop means; a second z stops the instance, then Deployments (where
        u wakes it)."""
        d = self.deployment
        if not self.sleep_asked:
            self.sleep_asked = True
            self.notify(
                t("power.ui.confirm_stop_here", name=d.stack_name, means=t("power.means")),
                timeout=30,
            )
            return
        self.sleep_asked = False
        self.notify(t("power.stopping", name=d.stack_name))
        self.call_backend(
            self.backend.stop_instance, d, on_done=self.done_sleep, on_error=self.failed_sleep
        )

    def done_sleep(self, _deployment: Deployment) -> None:
        self.go_deployments()

    def failed_sleep(self, error: ChromaTuiError) -> None:
        self.notify(sentences(error.title(), error.fix()), severity="error", timeout=30)

    def go_deployments(self) -> None:
        """After a stop: Deployments, where the stopped row can be woken (u)."""
        self.workers.cancel_node(self)
        self.go(ShowDeployments())

    def action_delete(self) -> None:
        self.go(CleanupRequested(self.deployment))

    def action_deployments(self) -> None:
        self.workers.cancel_node(self)
        self.go(ShowDeployments())
