"""Headless deploy / status / delete on the sandbox, called in-process through cli.main."""

from __future__ import annotations

import io
import re

import pytest

from chroma_tui import cli
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(180)
EVENT = re.compile(r"^\d\d:\d\d:\d\d  (\S+)\s+(\S+)\s+(\S+)")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


# Non-empty OpenTelemetry values: with the template's blank defaults Chroma 1.x panics at boot.
SAFE_OTEL_ARGS = (
    "--otel-endpoint",
    "http://127.0.0.1:4317",
    "--otel-service-name",
    "chroma-sandbox-test",
)


def run(*argv: str, stdin: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=stdin or io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, out.getvalue(), err.getvalue()


def events(text: str) -> list[tuple[str, str]]:
    found = []
    for line in text.splitlines():
        match = EVENT.match(line)
        if match:
            found.append((match.group(1), match.group(3)))
    return found


def test_deploy_end_to_end_with_a_real_heartbeat_then_status_and_delete(sandbox):
    code, out, err = run(
        "deploy", "--yes", "--stack-name", "h1", "--region", "us-east-1", *SAFE_OTEL_ARGS
    )
    assert code == 0, err
    assert events(out) == [
        ("h1", "CREATE_IN_PROGRESS"),
        ("ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS"),
        ("ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS"),
        ("ChromaInstanceSecurityGroup", "CREATE_COMPLETE"),
        ("ChromaInstance", "CREATE_IN_PROGRESS"),
        ("ChromaInstance", "CREATE_IN_PROGRESS"),
        ("ChromaInstance", "CREATE_COMPLETE"),
        ("h1", "CREATE_COMPLETE"),
    ]
    beat = re.search(r"Heartbeat: (\d+) ns", out)
    assert beat and int(beat.group(1)) > 1_600_000_000 * 10**9
    assert "deployed (ChromaVersion); the server reports API version" in out
    assert re.search(r"Chroma server: http://127\.0\.0\.\d+:8000", out)  # its own address
    assert "now only accept" in out  # locked to "my IP"
    saved = DeploymentStore().list()
    assert len(saved) == 1 and saved[0].status == "CREATE_COMPLETE"
    assert saved[0].last_heartbeat_at and saved[0].ip_locked_to

    code, out, _ = run("status")
    assert code == 0
    assert re.search(r"^h1\s+us-east-1\s+CREATE_COMPLETE\s+127\.0\.0\.\d+:8000", out, re.M)

    code, out, err = run("delete", "--stack-name", "h1", "--yes")
    assert code == 0, err
    assert events(out)[-1] == ("h1", "DELETE_COMPLETE")
    assert "Stack h1 deleted." in out
    assert DeploymentStore().list()[0].status == "DELETE_COMPLETE"


def test_no_default_vpc_exits_non_zero_with_the_fix_and_console_link(sandbox):
    sandbox.set_scenario("no-default-vpc")
    code, _, err = run("deploy", "--yes", "--stack-name", "h2", "--region", "eu-west-3")
    assert code != 0
    assert "No default VPC in eu-west-3" in err
    assert "https://eu-west-3.console.aws.amazon.com/vpc/home?region=eu-west-3#vpcs" in err
    assert "--create-default-vpc" in err
    assert DeploymentStore().list() == []  # nothing was launched into a certain failure


def test_no_default_vpc_in_chinese(sandbox):
    sandbox.set_scenario("no-default-vpc")
    code, _, err = run("--lang", "zh-CN", "deploy", "--yes", "--stack-name", "h3")
    assert code != 0
    assert "没有默认 VPC" in err and "请前往 AWS VPC 界面" in err


def test_create_default_vpc_flag_makes_it_work(sandbox):
    sandbox.set_scenario("no-default-vpc")
    code, out, err = run(
        "deploy", "--yes", "--stack-name", "h4", "--create-default-vpc", *SAFE_OTEL_ARGS
    )
    assert code == 0, err
    assert "Created default VPC" in out


def test_stack_failure_prints_the_root_cause(sandbox):
    sandbox.set_scenario("insufficient-capacity")
    code, out, err = run("deploy", "--yes", "--stack-name", "h5", "--no-lock")
    assert code == 1
    assert ("ChromaInstance", "CREATE_FAILED") in events(out)
    assert events(out)[-1] == ("h5", "ROLLBACK_COMPLETE")
    assert "Root cause: AWS has no capacity" in err
    assert "InsufficientInstanceCapacity" in err
    assert "chroma-tui delete --stack-name h5" in err


def test_without_yes_and_no_terminal_it_refuses(sandbox):
    code, _, err = run("deploy", "--stack-name", "h6")
    assert code == 2 and "--yes" in err
    assert DeploymentStore().list() == []


def test_confirmation_on_a_terminal(sandbox):
    code, out, _ = run("deploy", "--stack-name", "h7", "--no-wait", stdin=Tty("n\n"))
    assert code == 2 and "Create this stack" in out
    assert DeploymentStore().list() == []
    code, out, _ = run("deploy", "--stack-name", "h7", "--no-wait", stdin=Tty("y\n"))
    assert code == 0 and "Stack h7 requested" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--stack-name", "9lives"], "stack"),
        (["--stack-name", "ok", "--otel-headers", "{nope"], "header"),
        (["--stack-name", "ok", "--otel-service-name", "svc"], "OpenTelemetry endpoint"),
        (["--stack-name", "ok", "--otel-endpoint", "1.5.9"], "not a URL"),
        (["--stack-name", "ok", "--otel-endpoint", "api.honeycomb.com"], "https://api.honeycomb"),
        (["--stack-name", "ok", "--instance-type", "NOT A TYPE"], "nstance"),
    ],
)
def test_bad_input_is_refused_before_any_aws_call(args, needle):
    # no sandbox and no credentials: these must fail before boto3 is ever asked
    code, _, err = run("deploy", "--yes", "--region", "us-east-1", *args)
    assert code == 2
    assert needle.lower() in err.lower()


def test_unknown_key_pair_is_refused(sandbox):
    code, _, err = run("deploy", "--yes", "--stack-name", "h8", "--key-name", "nope")
    assert code == 2 and "Key pair not found" in err


def test_status_with_nothing_saved():
    code, out, _ = run("status")
    assert code == 0 and "No saved deployments." in out


def test_delete_unknown_stack(sandbox):
    code, _, err = run("delete", "--stack-name", "ghost", "--yes")
    assert code == 2 and "Stack not found" in err


def test_throttled_deployment_streams_every_event_once_in_order(sandbox):
    sandbox.set_scenario("throttle")  # a third of CloudFormation calls answer Throttling
    code, out, err = run("deploy", "--yes", "--stack-name", "h9", "--no-lock", *SAFE_OTEL_ARGS)
    assert code == 0, err
    assert [s for _, s in events(out)] == [
        "CREATE_IN_PROGRESS",
        "CREATE_IN_PROGRESS",
        "CREATE_IN_PROGRESS",
        "CREATE_COMPLETE",
        "CREATE_IN_PROGRESS",
        "CREATE_IN_PROGRESS",
        "CREATE_COMPLETE",
        "CREATE_COMPLETE",
    ]
