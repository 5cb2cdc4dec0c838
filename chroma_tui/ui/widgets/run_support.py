"""Small helpers shared by the run screens: the app clock, time formatting, navigation.

Kept free of any screen so launch, waiting, connected, failure and cleanup can all use it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from chroma_tui.i18n import t

if TYPE_CHECKING:
    from textual.app import App


def now(app: App[Any]) -> datetime:
    """The app's clock (frozen in snapshots) as an aware datetime; the system clock otherwise."""
    clock = getattr(app, "clock", None)
    value: Any = clock() if callable(clock) else datetime.now(timezone.utc)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, timezone.utc)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    return datetime.now(timezone.utc)


def local_time(moment: datetime, with_date: bool = False) -> str:
    """AWS's (aware) time shown in the user's local time zone."""
    local = moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def iso_local(text: str | None) -> str:
    """An ISO 8601 UTC string from a saved record, shown as local date and minutes."""
    if not text:
        return ""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def duration(seconds: float) -> str:
    """A short, translated duration: "42 s", "3 min 05 s", "1 h 02 min"."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return t("run.duration.hm", h=hours, m=f"{minutes:02d}")
    if minutes:
        return t("run.duration.ms", m=minutes, s=f"{secs:02d}")
    return t("run.duration.s", s=secs)


def show_deployments(app: App[Any]) -> None:
    """Return to the Deployments list: pop down to it if it is on the stack, else replace."""
    from chroma_tui.ui.screens.deployments import DeploymentsScreen

    stack = app.screen_stack
    if any(isinstance(screen, DeploymentsScreen) for screen in stack):
        while not isinstance(app.screen, DeploymentsScreen) and len(app.screen_stack) > 1:
            app.pop_screen()
    else:
        app.switch_screen(DeploymentsScreen())
