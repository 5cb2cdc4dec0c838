"""Headless output for the template check, the boot X-ray and the deployed version."""

from __future__ import annotations

from collections.abc import Callable

from chroma_tui.console import Console
from chroma_tui.core.boot_log import BootError, BootReport
from chroma_tui.core.errors import InputError
from chroma_tui.core.models import Deployment
from chroma_tui.core.template_check import TemplateCheck, source_text
from chroma_tui.i18n import t


def print_check(console: Console, check: TemplateCheck) -> None:
    """Where the template came from, notes and warnings; the first refusal raises InputError."""
    console.say(t("cli.check.source", text=source_text(check.plan.template)))
    for finding in check.findings:
        if finding.severity == "note":
            console.say(t("cli.check.note", text=finding.text()))
        elif finding.severity == "warn":
            console.warn(t("cli.check.warn", text=finding.text()))
    for refusal in check.refusals:
        raise InputError(refusal.key, **refusal.params)


def phase_line(name: str, at_s: float) -> str:
    """``Boot: Docker installed (at 55 s)``; the last phase's label already says "Boot", so it
    is printed on its own (``Boot finished (at 61 s)``)."""
    at = f"{at_s:.0f}"
    if name == "finished":
        return t("polish5.cli.boot.finished", at=at)
    return t("cli.boot.phase", label=t(f"boot.phase.{name}"), at=at)


def phase_lines(report: BootReport) -> list[str]:
    return [phase_line(p.name, p.at_s) for p in report.phases]


def boot_printer(console: Console, port: int) -> Callable[[object], None]:
    """An ``on_boot`` callback printing each new phase, status check and port state once.

    It takes any wait note (the journey passes them on untyped) and prints boot reports only.
    """
    shown: set[str] = set()

    def once(key: str, text: str, warn: bool = False) -> None:
        if key not in shown:
            shown.add(key)
            (console.warn if warn else console.say)(text)

    def on_boot(report: object) -> None:
        if not isinstance(report, BootReport):
            return
        for phase, line in zip(report.phases, phase_lines(report), strict=True):
            once(f"phase:{phase.name}", line)
        health = report.health
        if health is not None:
            key = "boot.health_failed" if health.failed else "boot.health"
            text = t(key, instance=health.instance, system=health.system)
            once(f"health:{health.instance}:{health.system}", text, warn=health.failed)
        if report.pulling:  # a slow pull: a line per ten layers named
            text = t("scripts.boot.pulling", layers=report.layers, done=report.layers_done)
            once(f"layers:{report.layers // 10}", text)
        if report.port:
            once(f"port:{report.port}", t(f"boot.{report.port}", port=port))

    return on_boot


def print_boot_error(console: Console, error: BootError, deployment: Deployment) -> None:
    console.error(error)
    if error.report.last_lines:
        console.warn(t("boot.last_lines"))
        for line in error.report.last_lines:
            console.warn(t("cli.boot.line", line=line))
    console.warn(t("cli.deploy.delete_hint", name=deployment.stack_name, region=deployment.region))
