"""Issue 9, item 4: no silent defaults. An empty flag is refused with its fix before anything
starts (no sandbox, no AWS request, no record); a stack-name fix is itself a valid name; a
nonsense region gets the nearest real names.

Requests are recorded the way tests/test_reliability_input.py does: a botocore ``before-send``
handler on every AwsSession the app makes.
"""

from __future__ import annotations

import io
from typing import Any

import boto3
import pytest

from chroma_tui import cli
from chroma_tui.core import aws as core_aws
from chroma_tui.core import validation
from chroma_tui.core.errors import InputError
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    requests: list[str] = []
    original = core_aws.AwsSession.__init__

    def record(request: Any, **_: Any) -> None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body or "")
        action = next((p[7:] for p in body.split("&") if p.startswith("Action=")), "")
        requests.append(action or f"{request.method} {request.url}")

    def patched(self: core_aws.AwsSession, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.boto.events.register("before-send", record)

    monkeypatch.setattr(core_aws.AwsSession, "__init__", patched)
    return requests


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, out.getvalue(), err.getvalue()


EMPTY = [
    ("deploy", "--stack-name"),
    ("deploy", "--instance-type"),
    ("deploy", "--chroma-version"),
    ("deploy", "--key-name"),
    ("deploy", "--otel-endpoint"),
    ("deploy", "--otel-service-name"),
    ("deploy", "--otel-headers"),
    ("deploy", "--region"),
    ("deploy", "--profile"),
    ("deploy", "--template"),
    ("status", "--region"),
    ("delete", "--stack-name"),
]


@pytest.mark.parametrize(("command", "flag"), EMPTY, ids=[f"{c}{f}" for c, f in EMPTY])
def test_an_empty_flag_is_refused_before_the_sandbox_or_aws(
    command: str, flag: str, sandbox, sent: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a working sandbox account, and a spy on starting a sandbox daemon
    started: list[str] = []
    monkeypatch.setattr(cli, "_apply_sandbox", lambda scenario, err: started.append(scenario))
    extra = {"deploy": ["--yes", "--no-wait"], "delete": ["--yes"], "status": []}[command]
    if command == "delete" and flag != "--stack-name":
        extra += ["--stack-name", "fine"]
    # When a flag is given with an empty value
    code, _, err = run("--sandbox", command, *extra, flag, "")
    # Then it is refused (exit 2) naming the flag and the fix, and nothing started or was sent
    assert code == 2
    assert f"Empty value for {flag}" in err and f"leave {flag} out" in err
    assert started == [] and sent == []
    assert DeploymentStore().list() == []
    cfn = boto3.client("cloudformation", region_name="us-east-1")
    assert cfn.describe_stacks()["Stacks"] == []


def test_deploy_with_an_empty_stack_name_creates_nothing_in_chinese_too(sandbox, sent) -> None:
    code, _, err = run("--lang", "zh-CN", "deploy", "--yes", "--no-wait", "--stack-name", " ")
    assert code == 2 and "--stack-name 的值为空" in err
    assert sent == [] and DeploymentStore().list() == []


@pytest.mark.parametrize("name", ["1-bad_name!", "9lives", "-dash", "my_stack!", "_", "1" * 200])
def test_the_suggested_stack_name_is_itself_valid(name: str) -> None:
    with pytest.raises(InputError) as info:
        validation.check_stack_name(name)
    suggestion = str(info.value.params["suggestion"])
    assert validation.check_stack_name(suggestion) == suggestion
    assert suggestion in info.value.fix()
    assert "_" not in info.value.fix().split("e.g.")[-1]  # never an invalid example


@pytest.mark.parametrize(
    ("region", "nearest"),
    [("us-est-1", "us-east-1"), ("useast1", "us-east-1"), ("eu_west_1", "eu-west-1"),
     ("frankfurt", "us-east-1"), ("EU-CENTRAL-1", "eu-central-1")],
)  # fmt: skip
def test_a_nonsense_region_gets_the_nearest_names_before_any_request(
    region: str, nearest: str, sent: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-used-because-nothing-is-sent")
    code, _, err = run("deploy", "--yes", "--stack-name", "fine", "--region", region)
    assert code == 2
    assert nearest in err and "Did you mean" in err
    assert sent == []
