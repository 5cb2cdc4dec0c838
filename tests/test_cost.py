"""Cost meter: pure arithmetic over a price and a clock (no waiting, no AWS)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chroma_tui import i18n
from chroma_tui.core.cost import (
    PUBLIC_IPV4_USD_PER_HOUR,
    breakdown,
    cost_text,
    deployment_cost,
    fleet_cost,
    fleet_text,
    money,
    running_cost,
)
from chroma_tui.core.models import Deployment, PriceEstimate

T0 = datetime(2026, 3, 14, 9, 0, tzinfo=timezone.utc)
T3_SMALL = PriceEstimate(0.0208, 2.4, "table")


def record(status: str = "CREATE_COMPLETE", instance_type: str = "t3.small", **kw) -> Deployment:
    return Deployment(
        id=kw.pop("id", "dep-1"),
        stack_name=kw.pop("name", "s1"),
        region="us-east-1",
        token="tok",
        created_at=kw.pop("created_at", T0.isoformat()),
        updated_at=T0.isoformat(),
        status=status,
        parameters={"InstanceType": instance_type},
        **kw,
    )


def test_ten_hours_of_a_t3_small() -> None:
    cost = running_cost(T3_SMALL, T0, T0 + timedelta(hours=10))
    assert cost.hours == pytest.approx(10)
    assert cost.instance_usd == pytest.approx(0.208)
    assert cost.volume_usd == pytest.approx(2.4 / 730 * 10)
    assert cost.ipv4_usd == pytest.approx(0.05)
    assert cost.total_usd == pytest.approx(0.208 + 2.4 / 730 * 10 + 0.05)
    # The rate is Review's breakdown: instance + volume + the public IPv4 address.
    assert cost.hourly_usd == pytest.approx(0.0208 + 2.4 / 730 + PUBLIC_IPV4_USD_PER_HOUR)
    assert cost.daily_usd == pytest.approx(cost.hourly_usd * 24)
    assert cost.source == "table"


def test_a_clock_behind_the_record_costs_nothing() -> None:
    cost = running_cost(T3_SMALL, T0, T0 - timedelta(minutes=5))
    assert cost.total_usd == 0 and cost.hours == 0
    assert cost.hourly_usd > 0


def test_only_billable_priced_dated_records_have_a_cost() -> None:
    now = T0 + timedelta(hours=2)
    assert deployment_cost(record(), T3_SMALL, now) is not None
    assert deployment_cost(record("DELETE_COMPLETE"), T3_SMALL, now) is None
    assert deployment_cost(record("ROLLBACK_COMPLETE"), T3_SMALL, now) is None
    assert deployment_cost(record(), None, now) is None
    assert deployment_cost(record(created_at="not a time"), T3_SMALL, now) is None
    naive = record(created_at="2026-03-14T09:00:00")  # read as UTC
    assert deployment_cost(naive, T3_SMALL, now).hours == pytest.approx(2)  # type: ignore[union-attr]


def test_fleet_counts_running_and_sums_rates() -> None:
    now = T0 + timedelta(hours=1)
    large = PriceEstimate(0.0832, 2.4, "pricing-api")
    fleet = fleet_cost(
        [
            (record(id="a"), T3_SMALL),
            (record("CREATE_IN_PROGRESS", "t3.large", id="b"), large),
            (record("DELETE_COMPLETE", id="c"), T3_SMALL),
            (record(id="d", instance_type="x9.huge"), None),
        ],
        now,
    )
    assert fleet.running == 3 and fleet.unpriced == 1
    expected = breakdown(T3_SMALL).hourly_usd + breakdown(large).hourly_usd
    assert fleet.hourly_usd == pytest.approx(expected)
    text = fleet_text(fleet)
    assert "3 deployment(s) still running" in text
    assert f"${expected:.4f}/h" in text and money(expected * 24) + "/day" in text
    assert "1 without a known price" in text


def test_texts_in_both_languages() -> None:
    cost = running_cost(T3_SMALL, T0, T0 + timedelta(hours=10))
    text = cost_text(cost)
    assert text.startswith("Cost so far: $0.29 in 10.0 h")
    assert "instance $0.21" in text and "public IPv4 $0.05" in text and "/day" in text
    i18n.set_language("zh-CN")
    try:
        zh = cost_text(cost)
        assert zh.startswith("至今费用：$0.29，共 10.0 小时") and "公网 IPv4 $0.05" in zh
    finally:
        i18n.set_language("en")


def test_money_keeps_small_amounts_visible() -> None:
    assert money(0.0) == "$0.00"
    assert money(0.0012) == "$0.0012"
    assert money(1.234) == "$1.23"
