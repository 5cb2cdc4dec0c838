"""Cost meter: pure arithmetic over a price and a clock (no waiting, no AWS)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chroma_tui import i18n
from chroma_tui.core import cost
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
    assert "3 deployments still running" in text
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


# -- a stopped deployment (sleep): no compute, no public IPv4, the volume still bills ----------
def test_a_stopped_deployment_bills_its_volume_only_from_its_stop() -> None:
    # Given a t3.small launched at T0 and stopped at T0+4h, looked at T0+10h
    stopped = record(instance_state="stopped", stopped_at=(T0 + timedelta(hours=4)).isoformat())
    cost = deployment_cost(stopped, T3_SMALL, T0 + timedelta(hours=10))
    assert cost is not None and cost.stopped
    parts = breakdown(T3_SMALL)
    # Then compute and the IPv4 address count the 4 running hours, the volume all 10
    assert cost.hours == pytest.approx(10) and cost.ran_hours == pytest.approx(4)
    assert cost.instance_usd == pytest.approx(parts.instance_hourly_usd * 4)
    assert cost.ipv4_usd == pytest.approx(PUBLIC_IPV4_USD_PER_HOUR * 4)
    assert cost.volume_usd == pytest.approx(parts.volume_hourly_usd * 10)
    # And the rate from now on is the volume's alone
    assert cost.hourly_usd == pytest.approx(parts.volume_hourly_usd)
    assert cost.daily_usd == pytest.approx(parts.volume_hourly_usd * 24)
    text = cost_text(cost)
    assert "4.0 h of it running" in text and "volume only" in text
    assert f"${parts.volume_hourly_usd:.4f}/h" in text


def test_earlier_stops_are_left_out_after_a_wake() -> None:
    # Given a record that slept 3 h before its wake and runs again
    woken = record(stopped_hours=3.0, woken_at=(T0 + timedelta(hours=5)).isoformat())
    cost = deployment_cost(woken, T3_SMALL, T0 + timedelta(hours=10))
    assert cost is not None and not cost.stopped
    parts = breakdown(T3_SMALL)
    assert cost.ran_hours == pytest.approx(7)
    assert cost.instance_usd == pytest.approx(parts.instance_hourly_usd * 7)
    assert cost.hourly_usd == pytest.approx(parts.hourly_usd)  # the full rate again
    assert "7.0 h of it running" in cost_text(cost)


def test_stop_and_start_changes_add_up_the_stopped_hours() -> None:
    d = record()
    stop = cost.stop_changes(d, T0 + timedelta(hours=2))
    assert stop == {
        "instance_state": "stopped",
        "stopped_at": (T0 + timedelta(hours=2)).isoformat(),
    }
    d = d.evolve(**stop)
    # A second stop (already stopped) keeps the first one's date
    assert cost.stop_changes(d, T0 + timedelta(hours=3)) == {"instance_state": "stopped"}
    start = cost.start_changes(d, T0 + timedelta(hours=5))
    assert start == {"instance_state": None, "stopped_at": None, "stopped_hours": 3.0}
    d = d.evolve(**start)
    d = d.evolve(**cost.stop_changes(d, T0 + timedelta(hours=6)))
    d = d.evolve(**cost.start_changes(d, T0 + timedelta(hours=6, minutes=30)))
    assert d.stopped_hours == pytest.approx(3.5) and d.stopped_at is None


def test_an_old_stopped_record_is_dated_by_its_last_update() -> None:
    # Saved as stopped before stopped_at existed: its last update is at or after the stop
    data = record(instance_state="stopped").to_dict()
    data["updated_at"] = (T0 + timedelta(hours=6)).isoformat()
    del data["stopped_at"], data["stopped_hours"]
    old = Deployment.from_dict(data)
    assert old.stopped_hours == 0.0 and old.stopped_at is None
    found = deployment_cost(old, T3_SMALL, T0 + timedelta(hours=8))
    assert found is not None and found.stopped and found.ran_hours == pytest.approx(6)


def test_fleet_counts_running_and_stopped_apart() -> None:
    now = T0 + timedelta(hours=1)
    fleet = fleet_cost(
        [
            (record(id="a"), T3_SMALL),
            (record(id="b", instance_state="stopped", stopped_at=T0.isoformat()), T3_SMALL),
            (record(id="c", instance_state="stopped", stopped_at=T0.isoformat()), T3_SMALL),
        ],
        now,
    )
    parts = breakdown(T3_SMALL)
    assert (fleet.running, fleet.stopped, fleet.unpriced) == (1, 2, 0)
    assert fleet.hourly_usd == pytest.approx(parts.hourly_usd)
    assert fleet.stopped_hourly_usd == pytest.approx(2 * parts.volume_hourly_usd)
    text = fleet_text(fleet)
    assert "1 deployment still running" in text and f"${parts.hourly_usd:.4f}/h" in text
    assert "2 stopped" in text and f"${2 * parts.volume_hourly_usd:.4f}/h" in text
    assert money(2 * parts.volume_hourly_usd * 24) + "/day" in text and "volume only" in text
    i18n.set_language("zh-CN")
    try:
        zh = fleet_text(fleet)
        assert "仍有 1 个部署在运行" in zh and "2 个已停止" in zh and "仅卷计费" in zh
        assert "。 " not in zh  # no space after Chinese punctuation
    finally:
        i18n.set_language("en")


def test_only_stopped_deployments_still_get_a_leaving_note() -> None:
    fleet = fleet_cost(
        [(record(instance_state="stopped", stopped_at=T0.isoformat()), T3_SMALL)],
        T0 + timedelta(hours=1),
    )
    assert fleet.running == 0 and fleet.total == 1
    text = fleet_text(fleet)
    assert "still running" not in text and "1 stopped" in text and "chroma-tui delete" in text


def test_the_json_cost_of_a_stopped_deployment_says_so() -> None:
    from chroma_tui.console_day_two import cost_record

    stopped = record(instance_state="stopped", stopped_at=(T0 + timedelta(hours=4)).isoformat())
    found = cost_record(deployment_cost(stopped, T3_SMALL, T0 + timedelta(hours=10)))
    assert found is not None
    assert found["hours"] == 10 and found["running_hours"] == 4 and found["stopped"] is True
    assert found["hourly_usd"] == round(breakdown(T3_SMALL).volume_hourly_usd, 4)
