"""Times and durations as the run screens and the console show them (no Textual here)."""

from __future__ import annotations

from datetime import datetime, timezone

from chroma_tui.i18n import t


def local_time(moment: datetime, with_date: bool = False) -> str:
    """AWS's (aware) time shown in the user's local time zone."""
    local = moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M:%S" if with_date else "%H:%M:%S")


def _parsed(text: str) -> datetime | None:
    """A saved record's ISO 8601 string (UTC when it names no zone), or None if it is not one."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def iso_local(text: str | None) -> str:
    """An ISO 8601 UTC string from a saved record, shown as local date and minutes."""
    moment = _parsed(text) if text else None
    if moment is None:
        return text or ""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def short_local(moment: datetime, now: datetime) -> str:
    """A date for a narrow column, in local time: ``12-01 20:40`` within ``now``'s year,
    ``2025-12-01`` before it (the minutes matter less than the year then)."""
    local, today = moment.astimezone(), now.astimezone()
    return local.strftime("%m-%d %H:%M" if local.year == today.year else "%Y-%m-%d")


def short_iso(text: str | None, now: datetime) -> str:
    """A saved record's ISO 8601 UTC string as :func:`short_local` shows it."""
    moment = _parsed(text) if text else None
    if moment is None:
        return text or ""
    return short_local(moment, now)


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
