"""Times and durations as the run screens and the console show them (no Textual here)."""

from __future__ import annotations

from datetime import datetime, timezone

from chroma_tui.i18n import t


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
