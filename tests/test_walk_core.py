"""The core side of the walk's fixes (issue 10 item 6): one price breakdown everywhere, the
README saying the same figure, stack-name suggestions that pass their own check, and the
Chroma versions the template cannot be trusted to boot."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from fakes import official_template

from chroma_tui import i18n
from chroma_tui.core import cost, pricing, validation
from chroma_tui.core.errors import InputError
from chroma_tui.core.models import LaunchPlan
from chroma_tui.core.template_check import check_plan

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


def t3_small() -> cost.PriceBreakdown:
    price = pricing.table_price("us-east-1", "t3.small")
    assert price is not None
    return cost.breakdown(price)


def test_breakdown_has_the_three_parts_aws_bills() -> None:
    parts = t3_small()
    assert parts.instance_monthly_usd == pytest.approx(0.0208 * 730)
    assert parts.volume_monthly_usd == pytest.approx(24 * 0.10)
    assert parts.ipv4_monthly_usd == pytest.approx(0.005 * 730)
    assert parts.monthly_usd == pytest.approx(
        parts.instance_monthly_usd + parts.volume_monthly_usd + parts.ipv4_monthly_usd
    )
    text = cost.breakdown_text(parts)
    assert text == (
        "about $21.23/month ($0.0291/h): instance $15.18 + 24 GiB volume $2.40 + public IPv4 $3.65"
    )


def test_running_cost_rate_is_the_breakdown_rate() -> None:
    from datetime import datetime, timedelta, timezone

    price = pricing.table_price("us-east-1", "t3.small")
    assert price is not None
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    running = cost.running_cost(price, now - timedelta(hours=10), now)
    assert running.hourly_usd == pytest.approx(cost.breakdown(price).hourly_usd)


@pytest.mark.parametrize(
    "path", ["README.md", "README.zh-CN.md", "docs/user-guide.md", "docs/user-guide.zh-CN.md"]
)
def test_readmes_and_guides_state_the_breakdown_the_app_computes(path: str) -> None:
    text = " ".join((ROOT / path).read_text(encoding="utf-8").split())
    parts = t3_small()
    for figure in (
        f"{parts.monthly_usd:.2f}",
        f"${parts.instance_monthly_usd:.2f}",
        f"${parts.volume_monthly_usd:.2f}",
        f"${parts.ipv4_monthly_usd:.2f}",
    ):
        assert figure in text, (path, figure)
    assert "$15 a month" not in text and "$18 a month" not in text


def _bad_names(count: int) -> list[str]:
    rng = random.Random(10)
    alphabet = string.ascii_letters + string.digits + "-_ !.@中é"
    names = ["1-bad_name!", "chroma-1-bad_name!", "-", "--", "_", "中文", "9", " a b "]
    while len(names) < count:
        names.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 140))))
    return names


def test_every_suggested_stack_name_passes_the_check_itself() -> None:
    refused = 0
    for name in _bad_names(2000):
        try:
            validation.check_stack_name(name)
        except InputError as error:
            refused += 1
            suggestion = error.params.get("suggestion")
            if suggestion is None:  # empty / too long: no suggestion offered
                continue
            assert validation.check_stack_name(str(suggestion)) == suggestion, name
    assert refused > 1000  # the generator really made bad names


def plan_with(version: str) -> LaunchPlan:
    return LaunchPlan(
        region="us-east-1",
        stack_name="chroma-x",
        instance_type="t3.small",
        chroma_version=version,
        template=official_template(),
        otel_endpoint="http://127.0.0.1:4317",
        otel_service_name="chroma",
    )


@pytest.mark.parametrize(
    ("version", "kind"),
    [("0.4.24", "version_pre_1"), ("9.9.9", "version_unknown"), ("1.5.9", None)],
)
def test_chosen_chroma_version_is_said_when_the_template_may_not_boot_it(
    version: str, kind: str | None
) -> None:
    check = check_plan(plan_with(version), client_version="1.5.9")
    kinds = {f.kind for f in check.findings}
    assert {"version_pre_1", "version_unknown"} & kinds == ({kind} if kind else set())
    if kind:
        finding = next(f for f in check.findings if f.kind == kind)
        assert finding.severity == "warn"  # said, not refused: the user may know better
        assert "1.5.9" in finding.fix()
        i18n.set_language("zh-CN")
        assert version in finding.title() and "1.5.9" in finding.fix()
