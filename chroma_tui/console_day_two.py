"""Headless day-two lines: a deployment's cost so far and the "it works" check (issue 12)."""

from __future__ import annotations

from datetime import datetime, timezone

from chroma_tui.console import Console
from chroma_tui.core import cost
from chroma_tui.core.backend_api import BackendAPI
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import Deployment
from chroma_tui.core.smoke_check import result_lines
from chroma_tui.i18n import t


def say_cost(backend: BackendAPI, deployment: Deployment, console: Console) -> None:
    """One indented line under the status row of a billable deployment."""
    if not cost.is_billable(deployment):
        return
    try:
        price = backend.price(deployment)
    except ChromaTuiError:
        price = None
    running = cost.deployment_cost(deployment, price, datetime.now(timezone.utc))
    text = cost.cost_text(running) if running is not None else t("cost.unknown")
    console.say(t("cost.status_line", name=deployment.stack_name, cost=text))
    console.say("    " + cost.price_line(price))


def say_check(backend: BackendAPI, deployment: Deployment, console: Console) -> bool:
    """Run the check on a deployment that is up; True when it passed or did not apply."""
    host = deployment.server_host
    if deployment.status != "CREATE_COMPLETE" or not host:
        return True
    port = deployment.server_port or 8000
    console.say(t("smoke.cli.header", name=deployment.stack_name, host=host, port=port))
    result = backend.smoke_check(host, port)
    for line in result_lines(result):
        console.say(line)
    return result.ok
