"""Regions, instance types, prices and the default VPC against moto's EC2."""

from __future__ import annotations

import json

import pytest
from test_core_aws import aws_env

from chroma_tui.core import pricing
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.cost import breakdown
from chroma_tui.core.errors import InputError
from chroma_tui.core.instance_types import RECOMMENDED, check_instance_type, list_instance_types
from chroma_tui.core.models import TemplateInfo, TemplateParameter
from chroma_tui.core.regions import default_region, list_regions
from chroma_tui.core.template import FALLBACK_REGIONS
from chroma_tui.core.vpc import create_default_vpc, has_default_vpc, vpc_console_url
from chroma_tui.i18n import t
from chroma_tui.sandbox import Sandbox

__all__ = ["aws_env"]


def template(regions: tuple[str, ...] = FALLBACK_REGIONS) -> TemplateInfo:
    return TemplateInfo(
        source="test",
        url=None,
        body=None,
        parameters=(TemplateParameter("InstanceType", "t3.small"),),
        regions=regions,
        outputs=("ServerIp",),
    )


# -- regions ---------------------------------------------------------------------------


def test_regions_enabled_and_template_intersection(aws_env: Sandbox) -> None:
    # ap-east-1 is opt-in (not enabled in moto's account); "xx-nowhere-1" does not exist.
    options = list_regions(AwsSession(), template((*FALLBACK_REGIONS, "ap-east-1")))
    by_name = {o.name: o for o in options}
    supported = [o.name for o in options if o.supported]
    assert set(supported) == set(FALLBACK_REGIONS)
    assert by_name["ap-east-1"].reason_key == "region.not_enabled"
    # Enabled in the account but absent from Region2AMI (e.g. af-south-1 is not opt-in in moto).
    no_ami = [o for o in options if o.reason_key == "region.no_ami"]
    assert no_ami and all(o.name not in FALLBACK_REGIONS for o in no_ami)
    # Usable regions come first, US before Europe before Asia Pacific.
    assert options[: len(supported)] == [o for o in options if o.supported]
    assert (
        supported.index("us-east-1") < supported.index("eu-west-1") < supported.index("ap-south-1")
    )
    assert t("region.no_ami") != "region.no_ami"


def test_default_region_follows_the_session(aws_env: Sandbox, monkeypatch) -> None:
    assert default_region(AwsSession()) == "us-east-1"
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    assert default_region(AwsSession()) == "eu-central-1"


# -- instance types --------------------------------------------------------------------


def test_recommended_types(aws_env: Sandbox) -> None:
    options = list_instance_types(AwsSession(), "us-east-1")
    assert [o.name for o in options] == list(RECOMMENDED)
    small = options[0]
    assert (small.name, small.vcpus, small.memory_mib) == ("t3.small", 2, 2048)
    assert small.architectures == ("x86_64",)
    assert small.offered and small.usable
    assert small.price is not None
    assert small.price.instance_hourly_usd == pytest.approx(0.0208)
    # The guide's "about $15/month" is the instance alone; the disk and the address add to it.
    assert 15 <= breakdown(small.price).instance_monthly_usd <= 16
    assert {o.name: o.memory_gib for o in options}["r7i.2xlarge"] == 64


def test_small_arm_and_unknown_types_are_refused(aws_env: Sandbox) -> None:
    aws = AwsSession()
    options = {
        o.name: o
        for o in list_instance_types(aws, "us-east-1", ("t3.micro", "t4g.large", "t3.nope"))
    }
    assert set(options) == {"t3.micro", "t4g.large"}  # unknown names are left out
    assert options["t3.micro"].problem_key == "instance.too_small"
    assert options["t4g.large"].problem_key == "instance.arm_only"

    with pytest.raises(InputError) as caught:
        check_instance_type(aws, "us-east-1", "t2.micro")
    assert caught.value.key == "instance.too_small"
    assert "2 GB" in caught.value.body()
    with pytest.raises(InputError) as caught:
        check_instance_type(aws, "us-east-1", "m6g.large")
    assert caught.value.key == "instance.arm_only"
    assert "x86_64" in caught.value.body()
    with pytest.raises(InputError) as caught:
        check_instance_type(aws, "us-east-1", "t3.nope")
    assert caught.value.key == "instance.unknown"
    with pytest.raises(InputError) as caught:
        check_instance_type(aws, "us-east-1", "bigbox")
    assert caught.value.key == "validation.instance_type.shape"


def test_check_accepts_and_cleans(aws_env: Sandbox) -> None:
    option = check_instance_type(AwsSession(), "us-east-1", " M5.4XLARGE ")
    assert option.name == "m5.4xlarge" and option.usable and option.memory_mib == 65536


# -- pricing ---------------------------------------------------------------------------


def test_pricing_falls_back_to_the_table_when_the_api_is_unavailable(aws_env: Sandbox) -> None:
    # moto has no Pricing API: the shipped table answers, and None for an unknown type.
    aws = AwsSession()
    estimate = pricing.estimate_price(aws, "us-east-1", "t3.medium")
    assert estimate is not None and estimate.source == "table"
    assert estimate.instance_hourly_usd == pytest.approx(0.0416)
    assert estimate.volume_monthly_usd == pytest.approx(2.4)
    assert breakdown(estimate).monthly_usd == pytest.approx(0.0416 * 730 + 2.4 + 0.005 * 730)
    assert pricing.price_note_key(estimate, "us-east-1") == "price.note.table"
    assert pricing.price_note_key(estimate, "eu-west-1") == "price.note.table_other_region"
    assert pricing.estimate_price(aws, "us-east-1", "x9.huge") is None


class _FakePricing:
    def __init__(self, price: str) -> None:
        self.price = price
        self.calls: list[dict] = []

    def get_products(self, **kwargs: object) -> dict:
        self.calls.append(kwargs)
        item = {
            "product": {"attributes": {"instanceType": "t3.small"}},
            "terms": {
                "OnDemand": {
                    "X.JRTCKXETXF": {
                        "priceDimensions": {
                            "X.JRTCKXETXF.6YS6EN2CT7": {
                                "unit": "Hrs",
                                "pricePerUnit": {"USD": self.price},
                            }
                        }
                    }
                }
            },
        }
        return {"PriceList": [json.dumps(item)]}


class _FakeSession:
    profile = "pricing-test"
    endpoint_url = "fake"

    def __init__(self, client: _FakePricing) -> None:
        self._client = client

    def client(self, service: str, region: str | None = None, **_: object) -> _FakePricing:
        assert (service, region) == ("pricing", "us-east-1")
        return self._client


def test_pricing_api_answer_is_parsed_and_cached() -> None:
    fake = _FakePricing("0.0236000000")
    aws = _FakeSession(fake)
    estimate = pricing.estimate_price(aws, "eu-west-1", "t3.small")  # type: ignore[arg-type]
    assert estimate is not None and estimate.source == "pricing-api"
    assert estimate.instance_hourly_usd == pytest.approx(0.0236)
    filters = {f["Field"]: f["Value"] for f in fake.calls[0]["Filters"]}
    assert filters["regionCode"] == "eu-west-1" and filters["operatingSystem"] == "Linux"
    assert filters["tenancy"] == "Shared"
    pricing.estimate_price(aws, "eu-west-1", "t3.small")  # type: ignore[arg-type]
    assert len(fake.calls) == 1


def test_parse_price_item_rejects_garbage() -> None:
    assert pricing.parse_price_item("not json") is None
    assert pricing.parse_price_item({"terms": {}}) is None


# -- default VPC -----------------------------------------------------------------------


def test_default_vpc_check_and_create(aws_env: Sandbox) -> None:
    aws = AwsSession()
    ec2 = aws.client("ec2", "eu-west-3")
    existing = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"]
    assert has_default_vpc(aws, "eu-west-3")
    # An existing default VPC is fine: its id comes back.
    assert create_default_vpc(aws, "eu-west-3") == existing[0]["VpcId"]

    vpc_id = existing[0]["VpcId"]
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    for igw in ec2.describe_internet_gateways(
        Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}]
    )["InternetGateways"]:
        ec2.detach_internet_gateway(InternetGatewayId=igw["InternetGatewayId"], VpcId=vpc_id)
        ec2.delete_internet_gateway(InternetGatewayId=igw["InternetGatewayId"])
    ec2.delete_vpc(VpcId=vpc_id)
    assert not has_default_vpc(aws, "eu-west-3")

    created = create_default_vpc(aws, "eu-west-3")
    assert created.startswith("vpc-")
    assert has_default_vpc(aws, "eu-west-3")


def test_vpc_console_url() -> None:
    assert (
        vpc_console_url("ap-northeast-1")
        == "https://ap-northeast-1.console.aws.amazon.com/vpc/home?region=ap-northeast-1#vpcs"
    )
