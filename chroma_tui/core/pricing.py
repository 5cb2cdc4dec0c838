"""Cost estimates: the AWS Pricing API where the caller may use it, else a shipped table.

Never fails the wizard: any problem gives the table price, or None for a type the table lacks.
The table holds us-east-1 on-demand Linux list prices; for other regions it is a rougher estimate
(``price_note_key`` says which).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core.aws import AwsSession, error_message
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import ROOT_VOLUME_GIB, PriceEstimate
from chroma_tui.core.snapshot_text import SNAPSHOT_USD_PER_GB_MONTH, snapshot_monthly_usd

log = logging.getLogger(__name__)

PRICING_REGION = "us-east-1"  # the Pricing API endpoint (also serves every other region's prices)
GP2_USD_PER_GB_MONTH = 0.10
SOURCE_API = "pricing-api"
SOURCE_TABLE = "table"

# us-east-1, on-demand, Linux, shared tenancy, USD per hour (AWS list prices).
TABLE_USD_PER_HOUR: dict[str, float] = {
    "t2.small": 0.023,
    "t2.medium": 0.0464,
    "t2.large": 0.0928,
    "t3.small": 0.0208,
    "t3.medium": 0.0416,
    "t3.large": 0.0832,
    "t3.xlarge": 0.1664,
    "t3.2xlarge": 0.3328,
    "t3a.small": 0.0188,
    "t3a.medium": 0.0376,
    "t3a.large": 0.0752,
    "t3a.xlarge": 0.1504,
    "t3a.2xlarge": 0.3008,
    "m5.large": 0.096,
    "m5.xlarge": 0.192,
    "m5.2xlarge": 0.384,
    "m5.4xlarge": 0.768,
    "m6i.large": 0.096,
    "m6i.xlarge": 0.192,
    "m6i.2xlarge": 0.384,
    "m6i.4xlarge": 0.768,
    "m7i.large": 0.1008,
    "m7i.xlarge": 0.2016,
    "m7i.2xlarge": 0.4032,
    "c5.large": 0.085,
    "c5.xlarge": 0.17,
    "r5.large": 0.126,
    "r5.xlarge": 0.252,
    "r5.2xlarge": 0.504,
    "r6i.large": 0.126,
    "r6i.xlarge": 0.252,
    "r6i.2xlarge": 0.504,
    "r7i.large": 0.1323,
    "r7i.xlarge": 0.2646,
    "r7i.2xlarge": 0.5292,
}

_lock = threading.Lock()
_cache: dict[tuple[str | None, str | None, str, str], PriceEstimate | None] = {}
# (endpoint, profile) pairs for which the Pricing API failed once: don't wait on it again.
_api_unavailable: set[tuple[str | None, str | None]] = set()


def volume_monthly_usd() -> float:
    return ROOT_VOLUME_GIB * GP2_USD_PER_GB_MONTH


def table_price(region: str, instance_type: str) -> PriceEstimate | None:
    hourly = TABLE_USD_PER_HOUR.get(instance_type)
    if hourly is None:
        return None
    return PriceEstimate(hourly, volume_monthly_usd(), SOURCE_TABLE)


def price_note_key(estimate: PriceEstimate, region: str) -> str:
    """Catalogue key of the caption to show next to a price."""
    if estimate.source == SOURCE_API:
        return "price.note.api"
    return "price.note.table" if region == PRICING_REGION else "price.note.table_other_region"


def estimate_price(aws: AwsSession, region: str, instance_type: str) -> PriceEstimate | None:
    """Hourly and monthly (730 h) on-demand estimate with the 24 GiB gp2 volume; None if unknown."""
    key = (aws.endpoint_url, aws.profile, region, instance_type)
    with _lock:
        if key in _cache:
            return _cache[key]
    hourly = _api_hourly(aws, region, instance_type)
    if hourly is not None:
        estimate: PriceEstimate | None = PriceEstimate(hourly, volume_monthly_usd(), SOURCE_API)
    else:
        estimate = table_price(region, instance_type)
    with _lock:
        _cache[key] = estimate
    return estimate


def _api_hourly(aws: AwsSession, region: str, instance_type: str) -> float | None:
    who = (aws.endpoint_url, aws.profile)
    with _lock:
        if who in _api_unavailable:
            return None
    filters = {
        "instanceType": instance_type,
        "regionCode": region,
        "operatingSystem": "Linux",
        "tenancy": "Shared",
        "preInstalledSw": "NA",
        "capacitystatus": "Used",
    }
    try:
        reply = aws.client("pricing", PRICING_REGION, quick=True).get_products(
            ServiceCode="AmazonEC2",
            Filters=[{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in filters.items()],
            MaxResults=10,
        )
    except (BotoCoreError, ClientError, ChromaTuiError) as exc:
        log.info("Pricing API unavailable, using the shipped table: %s", error_message(exc))
        with _lock:
            _api_unavailable.add(who)
        return None
    for item in reply.get("PriceList", []):
        price = parse_price_item(item)
        if price is not None:
            return price
    return None


def parse_price_item(item: str | dict[str, Any]) -> float | None:
    """The on-demand USD hourly price from one GetProducts PriceList entry (a JSON string)."""
    try:
        product = json.loads(item) if isinstance(item, str) else item
        for term in product["terms"]["OnDemand"].values():
            for dimension in term["priceDimensions"].values():
                if dimension.get("unit", "Hrs") != "Hrs":
                    continue
                value = float(dimension["pricePerUnit"]["USD"])
                if value > 0:
                    return value
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    return None


__all__ = ["SNAPSHOT_USD_PER_GB_MONTH", "snapshot_monthly_usd"]
