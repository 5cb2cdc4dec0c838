"""My IP changed (issue 12 item 4): the sandbox's firewall, the journey, headless, lock.

The sandbox enforces the security group on port 8000 against its "my IP" answer, which a test
changes with ``POST /_sandbox/myip`` (or ``Sandbox.set_my_ip``), as a router or VPN would.
"""

from __future__ import annotations

import io
import json
import os
import urllib.error
import urllib.request
from typing import Any

import pytest

from chroma_tui import cli
from chroma_tui.core.errors import AwsError
from chroma_tui.core.ip_change import IpMoved, IpWatch, ip_moved
from chroma_tui.core.models import Deployment
from chroma_tui.core.probe import heartbeat_once
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language
from chroma_tui.sandbox.firewall import covers

pytestmark = pytest.mark.timeout(180)

SAFE_OTEL_ARGS = (
    "--otel-endpoint",
    "http://127.0.0.1:4317",
    "--otel-service-name",
    "chroma-sandbox-test",
)
NEW_IP = "198.51.100.77"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, out.getvalue(), err.getvalue()


def records(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def post_my_ip(body: str) -> tuple[int, dict[str, Any]]:
    url = os.environ["CHROMA_TUI_MY_IP_URL"]
    request = urllib.request.Request(url, data=body.encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def get_my_ip() -> str:
    with urllib.request.urlopen(os.environ["CHROMA_TUI_MY_IP_URL"], timeout=10) as resp:
        return resp.read().decode().strip()


def record(**changes: object) -> Deployment:
    base = Deployment("d1", "s1", "us-east-1", "tok", "2026-01-01T00:00:00Z", "x")
    return base.evolve(**changes)


# -- pure parts ---------------------------------------------------------------------------
def test_ip_moved_compares_addresses_not_text():
    assert ip_moved(record(ip_locked_to="203.0.113.7"), "203.0.113.7") is None
    assert ip_moved(record(ip_locked_to="2001:db8::1"), "2001:db8:0::1") is None
    assert ip_moved(record(), "203.0.113.8") is None  # not locked: nothing moved
    assert ip_moved(record(ip_locked_to="203.0.113.7"), "203.0.113.8") == IpMoved(
        "s1", "203.0.113.7", "203.0.113.8"
    )


def test_ip_watch_asks_at_most_every_interval_and_ignores_failed_lookups():
    now = [0.0]
    answers: list[object] = [AwsError("deploy.error.my_ip", url="u"), "203.0.113.9"]

    def my_ip() -> str:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return str(answer)

    watch = IpWatch(my_ip, every_s=30, clock=lambda: now[0])
    locked = record(ip_locked_to="203.0.113.7")
    assert watch.check(locked) is None  # the lookup failed: nothing said
    now[0] = 10.0
    assert watch.check(locked) is None and len(answers) == 1  # too soon: not asked
    now[0] = 31.0
    assert watch.check(locked) == IpMoved("s1", "203.0.113.7", "203.0.113.9")


def test_firewall_rule_matching():
    rules = [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {
            "IpProtocol": "tcp",
            "FromPort": 8000,
            "ToPort": 8000,
            "IpRanges": [{"CidrIp": "203.0.113.7/32"}],
        },
    ]
    assert covers(rules, "203.0.113.7")
    assert not covers(rules, "203.0.113.8")  # port 22's world rule does not open 8000
    assert covers([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}], "192.0.2.1")


# -- on the sandbox -----------------------------------------------------------------------
def test_sandbox_my_ip_control(sandbox):
    assert get_my_ip() == "203.0.113.7"
    assert post_my_ip("198.51.100.5\n") == (200, {"my_ip": "198.51.100.5"})
    assert get_my_ip() == "198.51.100.5"
    status, answer = post_my_ip("not-an-ip")
    assert status == 400 and "not an IP address" in answer["error"]
    assert get_my_ip() == "198.51.100.5"
    sandbox.reset()
    assert get_my_ip() == "203.0.113.7"  # a reset brings the default back


def test_ip_change_is_found_said_and_fixed_by_lock(sandbox):
    code, _, err = run(
        "deploy", "--yes", "--stack-name", "ipm", "--region", "us-east-1", *SAFE_OTEL_ARGS
    )
    assert code == 0, err
    saved = DeploymentStore().list()[0]
    assert saved.ip_locked_to == "203.0.113.7"
    host = saved.server_host or ""

    # Given: the router hands this machine another address
    assert post_my_ip(NEW_IP)[0] == 200
    # Then: AWS (the sandbox) drops its connections to 8000: a timeout, never a refusal
    with pytest.raises(Exception) as caught:
        heartbeat_once(host, 8000, timeout_s=1.0)
    assert getattr(caught.value, "key", "") == "probe.timeout"

    # status --check says so, with the command that moves the rule
    code, out, err = run("status", "--check")
    assert code == 1
    assert "Your IP address changed" in err and "203.0.113.7" in err and NEW_IP in err
    assert "chroma-tui lock --stack-name ipm --region us-east-1" in err

    # watch stops waiting at once (exit 4: the lock is not right) and prints the command
    code, out, err = run("watch", "--json", "--stack-name", "ipm")
    assert code == 4
    lines = records(out)
    moved = next(r for r in lines if r["type"] == "ip_moved")
    assert moved == {
        "type": "ip_moved",
        "stack_name": "ipm",
        "locked_ip": "203.0.113.7",
        "current_ip": NEW_IP,
        "command": "chroma-tui lock --stack-name ipm --region us-east-1",
    }
    error = next(r for r in lines if r["type"] == "error")
    assert error["key"] == "scripts.ip_moved" and moved["command"] in error["fix"]
    assert lines[-1]["exit_code"] == 4

    # lock moves the rule: the new /32 in, the old one out, never the world
    code, out, err = run("lock", "--stack-name", "ipm")
    assert code == 0, err
    assert f"moved from 203.0.113.7 to {NEW_IP}" in out
    assert "Chroma answers at" in out
    ec2 = _ec2()
    group = _group_of(ec2, "ipm")
    cidrs = {
        (p["FromPort"], r["CidrIp"]) for p in group["IpPermissions"] for r in p.get("IpRanges", [])
    }
    assert cidrs == {(22, f"{NEW_IP}/32"), (8000, f"{NEW_IP}/32")}
    assert DeploymentStore().list()[0].ip_locked_to == NEW_IP
    heartbeat_once(host, 8000, timeout_s=3.0)  # it answers again


def _ec2() -> Any:
    import boto3

    return boto3.session.Session().client("ec2", region_name="us-east-1")


def _group_of(ec2: Any, stack: str) -> dict[str, Any]:
    for group in ec2.describe_security_groups()["SecurityGroups"]:
        if group["GroupName"].startswith(f"{stack}-ChromaInstanceSecurityGroup"):
            return dict(group)
    raise AssertionError("no group")


def test_ip_moved_in_chinese(sandbox):
    code, _, err = run(
        "deploy",
        "--yes",
        "--stack-name",
        "ipz",
        "--region",
        "us-east-1",
        "--no-wait",
        *SAFE_OTEL_ARGS,
    )
    assert code == 0, err
    post_my_ip(NEW_IP)
    code, _, err = run("--lang", "zh-CN", "status", "--check")
    assert code == 1
    assert "你的 IP 地址变了" in err and "chroma-tui lock --stack-name ipz" in err
