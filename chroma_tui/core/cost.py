"""What a deployment has cost so far, and what running ones cost per hour and per day.

Pure arithmetic over a ``PriceEstimate`` (the same source as Review: ``core/pricing.py``, the
Pricing API or the shipped table) and a clock the caller passes in, so it is tested without
waiting. Three parts, as AWS bills them: the instance (per hour), the 24 GiB gp2 root volume
(per GB-month, spread over 730 hours) and the public IPv4 address ($0.005/h since 2024-02-01).
"Since launch" is measured from the record, saved just before CreateStack was sent.

A stopped instance (sleep, core/power.py) bills no compute, and its public IPv4 address (no
Elastic IP with the official template) is released on stop, so it is not billed either: only
the volume keeps billing. The record keeps when the current stop began (``stopped_at``) and the
hours of the earlier ones (``stopped_hours``), so cost so far counts instance and IPv4 over the
running time only, and the volume over the whole time. Both ends are dated on the side that never
under-states the bill: a stop from the moment StopInstances is sent, a start from the moment
StartInstances is sent. A record saved as stopped before ``stopped_at`` existed is dated by its
last update, which is at or after the real stop.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chroma_tui.core import stack_status
from chroma_tui.core.models import HOURS_PER_MONTH, ROOT_VOLUME_GIB, Deployment, PriceEstimate
from chroma_tui.i18n import plural, sentences, t

PUBLIC_IPV4_USD_PER_HOUR = 0.005
HOURS_PER_DAY = 24
DEFAULT_INSTANCE_TYPE = "t3.small"  # the template's default when the record has none

BILLABLE_STATUSES = stack_status.BILLABLE  # the rules live in core/stack_status.py


@dataclass(frozen=True)
class PriceBreakdown:
    """What a deployment costs per hour, in the three parts AWS bills: the one price source
    for Review, Connected, Deployments, headless ``status`` and the instance-type table."""

    instance_hourly_usd: float
    volume_hourly_usd: float
    ipv4_hourly_usd: float
    source: str  # "pricing-api" or "table"

    @property
    def hourly_usd(self) -> float:
        return self.instance_hourly_usd + self.volume_hourly_usd + self.ipv4_hourly_usd

    @property
    def monthly_usd(self) -> float:
        return self.hourly_usd * HOURS_PER_MONTH

    @property
    def instance_monthly_usd(self) -> float:
        return self.instance_hourly_usd * HOURS_PER_MONTH

    @property
    def volume_monthly_usd(self) -> float:
        return self.volume_hourly_usd * HOURS_PER_MONTH

    @property
    def ipv4_monthly_usd(self) -> float:
        return self.ipv4_hourly_usd * HOURS_PER_MONTH


def breakdown(price: PriceEstimate) -> PriceBreakdown:
    """The instance's price, its 24 GiB gp2 volume and its public IPv4 address, per hour."""
    return PriceBreakdown(
        instance_hourly_usd=price.instance_hourly_usd,
        volume_hourly_usd=price.volume_monthly_usd / HOURS_PER_MONTH,
        ipv4_hourly_usd=PUBLIC_IPV4_USD_PER_HOUR,
        source=price.source,
    )


def breakdown_text(parts: PriceBreakdown) -> str:
    """One line: about $X/month ($Y/h) = instance + volume + public IPv4, per month."""
    return t(
        "walk.cost.breakdown",
        monthly=money(parts.monthly_usd),
        hourly=f"${parts.hourly_usd:.4f}",
        instance=money(parts.instance_monthly_usd),
        volume=money(parts.volume_monthly_usd),
        gib=ROOT_VOLUME_GIB,
        ipv4=money(parts.ipv4_monthly_usd),
    )


def price_line(price: PriceEstimate | None) -> str:
    """``Price: …`` with the breakdown, or that the price is unknown."""
    if price is None:
        return t("walk.cost.price_unknown")
    return t("walk.cost.price", breakdown=breakdown_text(breakdown(price)))


@dataclass(frozen=True)
class RunningCost:
    """Cost so far (USD) of one deployment, split like AWS's bill, and its rate from now on.

    ``hours`` is the time since launch, ``running_hours`` the part the instance ran; the rates
    are the current ones (a stopped deployment: the volume only)."""

    hours: float
    instance_usd: float
    volume_usd: float
    ipv4_usd: float
    instance_hourly_usd: float
    volume_hourly_usd: float
    ipv4_hourly_usd: float
    source: str  # the price's source: "pricing-api" or "table"
    running_hours: float | None = None  # None: ran the whole time (= hours)
    stopped: bool = False  # the instance is stopped now

    @property
    def ran_hours(self) -> float:
        return self.hours if self.running_hours is None else self.running_hours

    @property
    def total_usd(self) -> float:
        return self.instance_usd + self.volume_usd + self.ipv4_usd

    @property
    def hourly_usd(self) -> float:
        return self.instance_hourly_usd + self.volume_hourly_usd + self.ipv4_hourly_usd

    @property
    def daily_usd(self) -> float:
        return self.hourly_usd * HOURS_PER_DAY


@dataclass(frozen=True)
class FleetCost:
    """What the billable deployments cost together, running and stopped apart (a stopped one
    bills its volume only); ``unpriced`` counts those with no price, in neither sum."""

    running: int
    unpriced: int
    hourly_usd: float  # the running ones
    stopped: int = 0
    stopped_hourly_usd: float = 0.0

    @property
    def daily_usd(self) -> float:
        return self.hourly_usd * HOURS_PER_DAY

    @property
    def stopped_daily_usd(self) -> float:
        return self.stopped_hourly_usd * HOURS_PER_DAY

    @property
    def total(self) -> int:
        return self.running + self.stopped


def parse_time(stamp: str | None) -> datetime | None:
    """An ISO 8601 record time as an aware UTC datetime; None when missing or unreadable."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def running_cost(
    price: PriceEstimate,
    since: datetime,
    now: datetime,
    *,
    stopped_hours: float = 0.0,
    stopped: bool = False,
) -> RunningCost:
    """Cost between ``since`` and ``now`` (never negative: a clock behind the record gives 0).

    ``stopped_hours`` of that time the instance was stopped: no compute, no public IPv4, the
    volume still billed. ``stopped``: it is stopped now, so the rate is the volume's only.
    """
    hours = max((now - since).total_seconds(), 0.0) / 3600
    ran = min(max(hours - max(stopped_hours, 0.0), 0.0), hours)
    parts = breakdown(price)
    return RunningCost(
        hours=hours,
        instance_usd=parts.instance_hourly_usd * ran,
        volume_usd=parts.volume_hourly_usd * hours,
        ipv4_usd=parts.ipv4_hourly_usd * ran,
        instance_hourly_usd=0.0 if stopped else parts.instance_hourly_usd,
        volume_hourly_usd=parts.volume_hourly_usd,
        ipv4_hourly_usd=0.0 if stopped else parts.ipv4_hourly_usd,
        source=parts.source,
        running_hours=ran,
        stopped=stopped,
    )


# -- stops and starts on the record ---------------------------------------------------------
def is_stopped(deployment: Deployment) -> bool:
    return deployment.instance_state == "stopped"


def stopped_since(deployment: Deployment) -> datetime | None:
    """When the current stop began; None while it runs. An old record without ``stopped_at``
    is dated by its last update (at or after the real stop: the cost is not under-stated)."""
    if not is_stopped(deployment):
        return None
    return parse_time(deployment.stopped_at) or parse_time(deployment.updated_at)


def stopped_hours(deployment: Deployment, now: datetime) -> float:
    """Hours the instance did not run since launch: earlier stops plus the current one."""
    hours = max(deployment.stopped_hours or 0.0, 0.0)
    since = stopped_since(deployment)
    if since is not None:
        hours += max((now - since).total_seconds(), 0.0) / 3600
    return hours


def stop_changes(deployment: Deployment, at: datetime) -> dict[str, Any]:
    """What a stop saves on the record: the stop's start (kept if one is already recorded)."""
    if is_stopped(deployment) and deployment.stopped_at:
        return {"instance_state": "stopped"}
    return {"instance_state": "stopped", "stopped_at": at.isoformat(timespec="seconds")}


def start_changes(deployment: Deployment, at: datetime) -> dict[str, Any]:
    """What a start saves: the ended stop added to ``stopped_hours``, no current stop."""
    return {
        "instance_state": None,
        "stopped_at": None,
        "stopped_hours": round(stopped_hours(deployment, at), 6),
    }


def is_billable(deployment: Deployment) -> bool:
    return stack_status.billable(deployment.status)


def instance_type_of(deployment: Deployment) -> str:
    return deployment.parameters.get("InstanceType") or DEFAULT_INSTANCE_TYPE


def deployment_cost(
    deployment: Deployment, price: PriceEstimate | None, now: datetime
) -> RunningCost | None:
    """Cost so far of a billable deployment, its stops left out of compute and IPv4; None when
    not billable, unpriced or undated."""
    since = parse_time(deployment.created_at)
    if price is None or since is None or not is_billable(deployment):
        return None
    return running_cost(
        price,
        since,
        now,
        stopped_hours=stopped_hours(deployment, now),
        stopped=is_stopped(deployment),
    )


def fleet_cost(
    priced: Iterable[tuple[Deployment, PriceEstimate | None]], now: datetime
) -> FleetCost:
    """How many billable deployments run and how many are stopped, and their hourly rates."""
    running = stopped = unpriced = 0
    hourly = stopped_hourly = 0.0
    for deployment, price in priced:
        if not is_billable(deployment):
            continue
        if is_stopped(deployment):
            stopped += 1
        else:
            running += 1
        cost = deployment_cost(deployment, price, now)
        if cost is None:
            unpriced += 1
        elif cost.stopped:
            stopped_hourly += cost.hourly_usd
        else:
            hourly += cost.hourly_usd
    return FleetCost(
        running=running,
        unpriced=unpriced,
        hourly_usd=hourly,
        stopped=stopped,
        stopped_hourly_usd=stopped_hourly,
    )


def money(usd: float) -> str:
    """Dollars with cents, or four decimals below a cent (a few minutes of a t3.small)."""
    return f"${usd:.2f}" if usd >= 0.01 or usd == 0 else f"${usd:.4f}"


def money_parts(*parts: float) -> tuple[str, tuple[str, ...]]:
    """A total and its parts as shown, so that they add up: every part rounded at one precision
    (cents, or four decimals when the whole is below a cent), the total shown is the sum of the
    rounded parts. A part (or total) above zero that rounds to nothing reads ``< $0.0001``."""
    raw = sum(parts)
    places = 2 if raw >= 0.01 or raw == 0 else 4
    step = Decimal(1).scaleb(-places)
    rounded = [Decimal(repr(part)).quantize(step, rounding=ROUND_HALF_UP) for part in parts]

    def shown(value: Decimal, exact: float) -> str:
        if value == 0 and exact > 0:
            return t("polish5.cost.below", amount=f"${step}")
        return f"${value:.{places}f}"

    total = sum(rounded, Decimal(0))
    return shown(total, raw), tuple(shown(r, p) for r, p in zip(rounded, parts, strict=True))


def _hours(hours: float) -> str:
    return f"{hours:.1f}" if hours >= 1 else f"{hours:.2f}"


def cost_text(cost: RunningCost) -> str:
    """One line: the total so far, its three parts, the rate per hour and per day; for a
    deployment that was stopped, the hours it ran, and when stopped now, the volume-only rate."""
    total, (instance, volume, ipv4) = money_parts(cost.instance_usd, cost.volume_usd, cost.ipv4_usd)
    params = {
        "total": total,
        "instance": instance,
        "volume": volume,
        "ipv4": ipv4,
        "hours": _hours(cost.hours),
        "ran": _hours(cost.ran_hours),
        "hourly": f"${cost.hourly_usd:.4f}",
        "daily": money(cost.daily_usd),
    }
    if cost.stopped:
        return t("cost.so_far_stopped", **params)
    if cost.ran_hours < cost.hours:
        return t("cost.so_far_ran", **params)
    return t("cost.so_far", **params)


def fleet_text(fleet: FleetCost, delete_hint: str = "cost.fleet_delete") -> str:
    """What leaving the app leaves billing: running and stopped apart, per hour and per day.

    ``delete_hint``: how to delete them where the text is read (the command once the app has
    ended, the key on the Deployments screen)."""
    parts: list[str] = []
    if fleet.running:
        parts.append(
            plural(
                "cost.fleet_running",
                fleet.running,
                hourly=f"${fleet.hourly_usd:.4f}",
                daily=money(fleet.daily_usd),
            )
        )
    if fleet.stopped:
        parts.append(
            plural(
                "cost.fleet_stopped",
                fleet.stopped,
                hourly=f"${fleet.stopped_hourly_usd:.4f}",
                daily=money(fleet.stopped_daily_usd),
            )
        )
    if fleet.unpriced:
        parts.append(plural("cost.fleet_unpriced", fleet.unpriced))
    if parts:
        parts.append(t(delete_hint))
    return sentences(*parts)
