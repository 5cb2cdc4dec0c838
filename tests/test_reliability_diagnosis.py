"""Issue 9, item 9: what a first-time account meets, each named with a plain cause and fix.

Stack-event wordings are classified directly (AWS's own texts); API answers are injected with a
botocore ``before-send`` handler on every AwsSession the app makes (as in
tests/test_reliability_stream.py), in front of the sandbox.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from chroma_tui import cli
from chroma_tui.core import aws as core_aws
from chroma_tui.core import diagnosis
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.backend import Backend
from chroma_tui.core.errors import CredentialsError
from chroma_tui.core.identity import identity_region, who_am_i
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(120)
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")

VCPU = (
    "You have requested more vCPU capacity than your current vCPU limit of 1 allows for the "
    "instance bucket that the specified instance type belongs to. Please visit "
    "http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit. "
    "(Service: AmazonEC2; Status Code: 400; Error Code: VcpuLimitExceeded; Request ID: 1)"
)
INSTANCES = (
    "Your quota allows for 0 more running instance(s). You requested at least 1 (Service: "
    "AmazonEC2; Status Code: 400; Error Code: InstanceLimitExceeded; Request ID: 2)"
)
PENDING = (
    "Your request for accessing resources in this region is being validated, and you will not "
    "be able to launch additional resources in this region until the validation is complete. "
    "(Service: AmazonEC2; Status Code: 400; Error Code: PendingVerification; Request ID: 3)"
)
OPT_IN = (
    "You are not subscribed to this service. Please go to http://aws.amazon.com to subscribe. "
    "(Service: AmazonEC2; Status Code: 401; Error Code: OptInRequired; Request ID: 4)"
)
BLOCK_DEVICE = (
    "Volume of size 24GB is smaller than snapshot 'snap-0a1b', expect size >= 30GB (Service: "
    "AmazonEC2; Status Code: 400; Error Code: InvalidBlockDeviceMapping; Request ID: 5)"
)
ZONE = (
    "Your requested instance type (t3.small) is not supported in your requested Availability "
    "Zone (us-east-1e). Please retry your request by not specifying an Availability Zone or "
    "choosing us-east-1a, us-east-1b. (Service: AmazonEC2; Status Code: 400; Error Code: "
    "Unsupported; Request ID: 6)"
)
TOKEN = "Another stack operation with the same ClientRequestToken (TokenAlreadyExists)"
CAPABILITIES = "Requires capabilities : [CAPABILITY_IAM] (InsufficientCapabilities)"
LIMIT = "Limit for stacks has been exceeded (LimitExceeded)"

WORDINGS = [
    ("vcpu", VCPU, "vcpu-limit"),
    ("instances", INSTANCES, "instance-limit"),
    ("pending", PENDING, "pending-verification"),
    ("opt-in", OPT_IN, "opt-in-required"),
    ("block-device", BLOCK_DEVICE, "invalid-block-device"),
    ("zone", ZONE, "unsupported-in-zone"),
    ("token", TOKEN, "token-exists"),
    ("capabilities", CAPABILITIES, "insufficient-capabilities"),
    ("limit", LIMIT, "stack-limit"),
]


@pytest.fixture(autouse=True)
def english() -> Any:
    set_language("en")
    yield
    set_language("en")


@pytest.mark.parametrize(
    ("reason", "problem"), [w[1:] for w in WORDINGS], ids=[w[0] for w in WORDINGS]
)
def test_each_first_time_account_error_gets_its_own_cause_and_fix(
    reason: str, problem: str
) -> None:
    cause = diagnosis.cause_from_reason(reason, "us-east-1", "ChromaInstance", "AWS::EC2::Instance")
    assert cause.problem == problem
    texts = {}
    for lang in ("en", "zh-CN"):
        set_language(lang)
        texts[lang] = diagnosis.describe(cause)
        for text in texts[lang]:
            assert text.strip() and not PLACEHOLDER.search(text), text
    assert texts["en"] != texts["zh-CN"]
    english = " ".join(texts["en"])
    # never the old nonsense: no "no Chroma image" for a region the template has
    assert "no Chroma image" not in english and "not supported by the template" not in english


def test_opt_in_required_never_tells_to_choose_the_failing_region() -> None:
    cause = diagnosis.cause_from_reason(OPT_IN, "us-east-1")
    title, _body, fix = diagnosis.describe(cause)
    assert "opt in" in title.lower() and "us-east-1" in fix
    assert "choose us-east-1" not in fix.lower() and "e.g. us-east-1" not in fix


def test_unsupported_in_a_zone_never_suggests_the_failing_type() -> None:
    for failing in ("t3.small", "t3a.small", "m5.large"):
        cause = diagnosis.cause_from_reason(ZONE.replace("t3.small", failing), "us-east-1")
        assert cause.params["instance_type"] == failing
        _, body, fix = diagnosis.describe(cause)
        assert failing in body and failing not in fix
        assert cause.fix_action == "choose-instance-type"


def test_unsupported_region_suggests_another_region_than_its_own() -> None:
    mapping = "Template error: Unable to get mapping for Region2AMI::us-east-1::AMI"
    _, _, fix = diagnosis.describe(diagnosis.cause_from_reason(mapping, "us-east-1"))
    assert "us-east-1" not in fix


# -- API answers injected in front of the sandbox -----------------------------------------
class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


def query_error(code: str, message: str, status: int = 400) -> bytes:
    return (
        f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}"
        f"</Message></Error><RequestId>0</RequestId></ErrorResponse>"
    ).encode()


def ec2_error(code: str, message: str) -> bytes:
    return (
        f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error>"
        f"</Errors><RequestID>0</RequestID></Response>"
    ).encode()


def action_of(request: Any) -> str:
    body = request.body.decode() if isinstance(request.body, bytes) else str(request.body or "")
    return next((p[7:] for p in body.split("&") if p.startswith("Action=")), "")


Answer = Callable[[Any], "AWSResponse | None"]


@pytest.fixture
def inject(monkeypatch: pytest.MonkeyPatch) -> Callable[[Answer], None]:
    """Register ``answer`` as a before-send handler on every AwsSession made from now on."""
    handlers: list[Answer] = []
    original = core_aws.AwsSession.__init__

    def patched(self: core_aws.AwsSession, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        for handler in handlers:
            self.boto.events.register("before-send", handler)

    monkeypatch.setattr(core_aws.AwsSession, "__init__", patched)
    return handlers.append


def answering(actions: set[str], body: bytes, status: int = 400) -> Answer:
    def answer(request: Any, **_: Any) -> AWSResponse | None:
        if action_of(request) not in actions:
            return None
        headers = {"Content-Type": "text/xml", "Content-Length": str(len(body))}
        return AWSResponse(request.url, status, headers, _Body(body))

    return answer


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "message",
    [
        "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z "
        "(20260101T001000Z - 5 min.)",
        "Signature not yet current: 20260101T002000Z is still later than 20260101T001500Z",
    ],
)
def test_clock_skew_is_said_as_clock_skew_not_a_wrong_key(sandbox, inject, message: str) -> None:
    inject(answering({"GetCallerIdentity"}, query_error("SignatureDoesNotMatch", message), 403))
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(region="us-east-1"))
    assert caught.value.key == "cred.clock_skew"
    assert "clock" in caught.value.title().lower() and "NTP" in caught.value.fix()


def test_request_expired_is_clock_skew_too(sandbox, inject) -> None:
    inject(answering({"GetCallerIdentity"}, query_error("RequestExpired", "Request has expired")))
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(region="us-east-1"))
    assert caught.value.key == "cred.clock_skew"


def test_a_wrong_secret_key_is_still_said_as_such(sandbox, inject) -> None:
    wrong = "The request signature we calculated does not match the signature you provided."
    inject(answering({"GetCallerIdentity"}, query_error("SignatureDoesNotMatch", wrong), 403))
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(region="us-east-1"))
    assert caught.value.key == "cred.bad_signature"


@pytest.mark.parametrize(
    ("region", "home"),
    [("ap-east-1", "us-east-1"), ("eu-south-2", "us-east-1"),
     ("us-gov-east-1", "us-gov-west-1"), ("us-east-1", "us-east-1")],
)  # fmt: skip
def test_identity_is_checked_in_the_partitions_home_region(
    sandbox, inject, region: str, home: str
) -> None:
    # Given STS answering "unknown key" anywhere but the partition's home region, as a region
    # the account has not enabled does
    scopes: list[str] = []

    def disabled_elsewhere(request: Any, **_: Any) -> AWSResponse | None:
        if action_of(request) != "GetCallerIdentity":
            return None
        scope = re.search(
            r"Credential=[^/]+/\d+/([a-z0-9-]+)/sts/", request.headers["Authorization"].decode()
        )
        assert scope is not None
        scopes.append(scope.group(1))
        if scope.group(1) == home:
            return None
        body = query_error("InvalidClientTokenId", "The security token included is invalid.")
        return AWSResponse(request.url, 403, {"Content-Type": "text/xml"}, _Body(body))

    inject(disabled_elsewhere)
    # When the identity is checked for a deployment in ``region``
    identity = who_am_i(AwsSession(region=region))
    # Then it was asked in the home region and the key is fine
    assert scopes == [home]
    assert identity.account == "123456789012" and identity.region == region


def test_a_china_session_region_is_explained_before_sts_is_asked(sandbox, inject) -> None:
    # Given a session in an AWS China region (its own partition: the template cannot run there)
    asked: list[str] = []

    def record(request: Any, **_: Any) -> AWSResponse | None:
        asked.append(action_of(request))
        return None

    inject(record)
    # When the identity is checked, Then the China explanation comes and nothing was sent
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(region="cn-northwest-1"))
    assert caught.value.key.startswith("china.")
    assert asked == []
    # (the partition's own region is still the one an aws-cn ARN would be checked in)
    assert identity_region("cn-northwest-1") == "cn-north-1"


@pytest.mark.parametrize(
    ("code", "needle"),
    [("TokenAlreadyExistsException", "already made"),
     ("InsufficientCapabilitiesException", "IAM"),
     ("LimitExceededException", "limit")],
)  # fmt: skip
def test_create_stack_api_errors_are_named_with_a_fix(
    sandbox, inject, code: str, needle: str
) -> None:
    inject(answering({"CreateStack"}, query_error(code, "refused for the test")))
    code_, _, err = run(
        "deploy", "--yes", "--no-wait", "--stack-name", "apierr", "--region", "us-east-1"
    )
    assert code_ != 0 and "Traceback" not in err
    assert needle in err and "Fix:" in err
    assert "Something unexpected" not in err and "AWS request failed" not in err


def test_denied_read_only_pre_checks_warn_and_the_deploy_goes_on(sandbox, inject) -> None:
    denied = ec2_error("UnauthorizedOperation", "You are not authorized to perform this operation.")
    inject(
        answering(
            {
                "DescribeRegions",
                "DescribeInstanceTypes",
                "DescribeInstanceTypeOfferings",
                "DescribeKeyPairs",
            },
            denied,
            403,
        )
    )
    code, _out, err = run(
        "deploy", "--yes", "--no-wait", "--stack-name", "denied-checks", "--region", "us-east-1",
        "--key-name", "any-key",
    )  # fmt: skip
    assert code == 0, err
    assert "Could not check the instance type" in err and "Could not check the key pair" in err
    assert "UnauthorizedOperation" in err
    assert [d.stack_name for d in DeploymentStore().list()] == ["denied-checks"]


def test_name_taken_by_the_users_own_deployment_says_so(sandbox) -> None:
    code, _, err = run(
        "deploy", "--yes", "--no-wait", "--stack-name", "twice", "--region", "us-east-1"
    )
    assert code == 0, err
    code, _, err = run(
        "deploy", "--yes", "--no-wait", "--stack-name", "twice", "--region", "us-east-1"
    )
    assert code != 0
    assert "You already have a deployment with that name" in err
    assert "not made by this deployment" not in err
    assert "chroma-tui delete --stack-name twice" in err
    assert len(DeploymentStore().list()) == 1  # the refused launch left no record


def test_denied_offerings_alone_still_lists_and_checks_instance_types(sandbox, inject) -> None:
    denied = ec2_error("UnauthorizedOperation", "You are not authorized to perform this operation.")
    inject(answering({"DescribeInstanceTypeOfferings"}, denied, 403))
    backend = Backend(region="us-east-1")
    listed = backend.instance_types("us-east-1")  # the wizard's step
    assert listed and all(option.offered for option in listed)
    assert backend.check_instance_type("us-east-1", "t3.small").usable
    code, _, err = run(
        "deploy", "--yes", "--no-wait", "--stack-name", "no-offerings", "--region", "us-east-1"
    )
    assert code == 0, err
