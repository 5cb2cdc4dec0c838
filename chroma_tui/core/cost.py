"""What a deployment has cost so far, and what running ones cost per hour and per day.

Pure arithmetic over a ``PriceEstimate`` (the same source as Review: ``core/pricing.py``, the
Pricing API or the shipped table) and a clock the caller passes in, so it is tested without
waiting. Three parts, as AWS bills them: the instance (per hour), the 24 GiB gp2 root volume
(per GB-month, spread over 730 hours) and the public IPv4 address ($0.005/h since 2024-02-01).
"Since launch" is measured from the record, saved just before CreateStack was sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from chroma_tui.core import stack_status
from chroma_tui.core.models import HOURS_PER_MONTH, ROOT_VOLUME_GIB, Deployment, PriceEstimate
from chroma_tui.i18n import t

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
    """Cost so far (USD) of one deployment, split like AWS's bill, and its rate from now on."""

    hours: float
    instance_usd: float
    volume_usd: float
    ipv4_usd: float
    instance_hourly_usd: float
    volume_hourly_usd: float
    ipv4_hourly_usd: float
    source: str  # the price's source: "pricing-api" or "table"

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
    """What the running deployments cost together; ``unpriced`` counts those with no price."""

    running: int
    unpriced: int
    hourly_usd: float

    @property
    def daily_usd(self) -> float:
        return self.hourly_usd * HOURS_PER_DAY


def parse_time(stamp: str | None) -> datetime | None:
    """An ISO 8601 record time as an aware UTC datetime; None when missing or unreadable."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def running_cost(price: PriceEstimate, since: datetime, now: datetime) -> RunningCost:
    """Cost between ``since`` and ``now`` (never negative: a clock behind the record gives 0)."""
    hours = max((now - since).total_seconds(), 0.0) / 3600
    parts = breakdown(price)
    return RunningCost(
        hours=hours,
        instance_usd=parts.instance_hourly_usd * hours,
        volume_usd=parts.volume_hourly_usd * hours,
        ipv4_usd=parts.ipv4_hourly_usd * hours,
        instance_hourly_usd=parts.instance_hourly_usd,
        volume_hourly_usd=parts.volume_hourly_usd,
        ipv4_hourly_usd=parts.ipv4_hourly_usd,
        source=parts.source,
    )


def is_billable(deployment: Deployment) -> bool:
    return stack_status.billable(deployment.status)


def instance_type_of(deployment: Deployment) -> str:
    return deployment.parameters.get("InstanceType") or DEFAULT_INSTANCE_TYPE


def deployment_cost(
    deployment: Deployment, price: PriceEstimate | None, now: datetime
) -> RunningCost | None:
    """Cost so far of a billable deployment; None when not billable, unpriced or undated."""
    since = parse_time(deployment.created_at)
    if price is None or since is None or not is_billable(deployment):
        return None
    return running_cost(price, since, now)


def fleet_cost(
    priced: Iterable[tuple[Deployment, PriceEstimate | None]], now: datetime
) -> FleetCost:
    """How many billable deployments there are and their summed hourly rate."""
    running = unpriced = 0
    hourly = 0.0
    for deployment, price in priced:
        if not is_billable(deployment):
            continue
        running += 1
        cost = deployment_cost(deployment, price, now)
        if cost is None:
            unpriced += 1
        else:
            hourly += cost.hourly_usd
    return FleetCost(running=running, unpriced=unpriced, hourly_usd=hourly)


def money(usd: float) -> str:
    """Dollars with cents, or four decimals below a cent (a few minutes of a t3.small)."""
    return f"${usd:.2f}" if usd >= 0.01 or usd == 0 else f"${usd:.4f}"


def cost_text(cost: RunningCost) -> str:
    """One line: the total so far, its three parts, the rate per hour and per day."""
    return t(
        "cost.so_far",
        total=money(cost.total_usd),
        instance=money(cost.instance_usd),
        volume=money(cost.volume_usd),
        ipv4=money(cost.ipv4_usd),
        hours=f"{cost.hours:.1f}" if cost.hours >= 1 else f"{cost.hours:.2f}",
        hourly=f"${cost.hourly_usd:.4f}",
        daily=money(cost.daily_usd),
    )


def fleet_text(fleet: FleetCost) -> str:
    """What leaving the app leaves running: how many, per hour and per day."""
    text = t(
        "cost.fleet",
        count=fleet.running,
        hourly=f"${fleet.hourly_usd:.4f}",
        daily=money(fleet.daily_usd),
    )
    if fleet.unpriced:
        text += " " + t("cost.fleet_unpriced", count=fleet.unpriced)
    return text
