"""Issue 9, items 1 and 7: one journey for headless and TUI; the lock done at CREATE_COMPLETE,
whatever happens to the wait; only a public IPv4 as "my IP"; new rules before old ones go.

Faults: a local what-is-my-IP server answering what the test chooses, botocore before-call
handlers on the app's own EC2 client, and a fake backend for the order of the steps.
"""

from __future__ import annotations

import argparse
import http.server
import io
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from fakes import RunFakeBackend
from sandbox_helpers import client
from test_headless import SAFE_OTEL_ARGS
from test_reliability_create import REGION, plan_for

from chroma_tui import cli, headless
from chroma_tui.console import LOCK_PENDING, Console
from chroma_tui.core import lock
from chroma_tui.core.backend import Backend
from chroma_tui.core.errors import InputError, ProbeError
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(120)


# -- helpers --------------------------------------------------------------------------------
class MyIp:
    """A loopback what-is-my-IP service whose answer the test sets."""

    def __init__(self) -> None:
        self.answer = "203.0.113.7"
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = (owner.answer + "\n").encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"


@pytest.fixture
def my_ip(sandbox, monkeypatch) -> Iterator[MyIp]:
    service = MyIp()
    monkeypatch.setenv("CHROMA_TUI_MY_IP_URL", service.url)
    yield service
    service.server.shutdown()


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, out.getvalue(), err.getvalue()


def group_rules(stack_id: str, name: str) -> set[tuple[int, str]]:
    aws = Backend().session(None, REGION)
    group_id = lock.security_group_id(aws, REGION, stack_id, name)
    ec2 = client("ec2", attempts=10)
    group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    return lock.open_to(group.get("IpPermissions") or [])


WORLD = {(22, "0.0.0.0/0"), (8000, "0.0.0.0/0")}


def saved(name: str):  # type: ignore[no-untyped-def]
    [record] = [d for d in DeploymentStore().list() if d.stack_name == name]
    return record


# -- item 7: what counts as "my IP" ---------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    ["0.0.0.0", "127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.20", "100.64.1.1",
     "169.254.169.254", "224.0.0.1", "240.0.0.1", "255.255.255.255", "2001:db8::1", "::1"],
)  # fmt: skip
def test_an_address_that_is_not_a_public_ipv4_is_refused_as_my_ip(answer):
    with pytest.raises(InputError) as caught:
        lock.check_lock_ip(answer)
    assert caught.value.fix().strip()
    assert answer in caught.value.title()


@pytest.mark.parametrize("answer", ["203.0.113.7", "198.51.100.23", "192.0.2.1", "8.8.8.8"])
def test_public_and_documentation_ipv4_addresses_are_accepted(answer):
    assert lock.check_lock_ip(f" {answer}\n") == answer


def test_ipv6_is_accepted_only_for_an_instance_that_has_ipv6():
    with pytest.raises(InputError):
        lock.check_lock_ip("2600:1f18::5")
    assert lock.check_lock_ip("2600:1f18::5", instance_has_ipv6=True) == "2600:1f18::5"
    with pytest.raises(InputError):
        lock.check_lock_ip("fe80::1", instance_has_ipv6=True)


# -- item 1: --no-wait still locks; a lock not done has its own exit code -------------------
def test_no_wait_still_waits_for_create_complete_and_locks(my_ip):
    code, out, err = run("deploy", "--yes", "--no-wait", "--stack-name", "nw1")
    assert code == 0, err
    record = saved("nw1")
    assert record.status == "CREATE_COMPLETE" and record.ip_locked_to == "203.0.113.7"
    assert record.last_heartbeat_at is None  # only the wait for Chroma was skipped
    assert group_rules(record.stack_id, "nw1") == {(22, "203.0.113.7/32"), (8000, "203.0.113.7/32")}
    assert "chroma-tui watch --stack-name nw1" in out


def test_a_failed_my_ip_lookup_exits_4_with_the_command_then_lock_finishes_it(my_ip):
    my_ip.answer = "0.0.0.0"  # a broken service: never a lock to "everyone"
    code, out, err = run("deploy", "--yes", "--no-wait", "--stack-name", "nw2")
    assert code == LOCK_PENDING == 4
    assert "chroma-tui lock --stack-name nw2 --region us-east-1" in err.splitlines()[-1]
    record = saved("nw2")
    assert record.ip_locked_to is None and group_rules(record.stack_id, "nw2") == WORLD
    # When the user runs the printed command with a working service
    my_ip.answer = "198.51.100.23"
    code, out, err = run("lock", "--stack-name", "nw2")
    assert code == 0, err
    assert group_rules(record.stack_id, "nw2") == {
        (22, "198.51.100.23/32"),
        (8000, "198.51.100.23/32"),
    }
    assert "198.51.100.23" in out and "after the lock" in out + err  # re-probed


def test_lock_after_my_ip_changed_replaces_the_old_address(my_ip):
    code, _, err = run("deploy", "--yes", "--no-wait", "--stack-name", "nw3")
    assert code == 0, err
    record = saved("nw3")
    my_ip.answer = "198.51.100.99"
    code, _, err = run("lock", "--stack-name", "nw3")
    assert code == 0, err
    assert group_rules(record.stack_id, "nw3") == {
        (22, "198.51.100.99/32"),
        (8000, "198.51.100.99/32"),
    }
    assert saved("nw3").ip_locked_to == "198.51.100.99"


def test_aws_refusing_the_new_rules_leaves_the_old_ones_and_exits_4(my_ip, monkeypatch):
    # Given AuthorizeSecurityGroupIngress is refused by AWS
    backend = Backend()
    deployment = backend.launch(plan_for(backend, "refused-lock"))
    final = list(backend.stream(deployment).updates())[-1].stack
    assert final is not None and final.status == "CREATE_COMPLETE"
    deployment = backend.deployer(None, REGION).record(deployment, final)

    def refuse(**_: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "RulesPerSecurityGroupLimitExceeded", "Message": "too many"}},
            "AuthorizeSecurityGroupIngress",
        )

    ec2 = backend.session(None, REGION).client("ec2", REGION)
    ec2.meta.events.register("before-call.ec2.AuthorizeSecurityGroupIngress", refuse)
    # When the lock runs
    with pytest.raises(Exception) as caught:
        backend.lock_to_ip(deployment, backend.my_ip())
    # Then nothing was revoked first: the instance is still reachable, and the record says so
    assert getattr(caught.value, "key", "") == "aws.failed"
    assert group_rules(deployment.stack_id, "refused-lock") == WORLD
    assert backend.store.get(deployment.id).ip_locked_to is None  # type: ignore[union-attr]


# -- item 1: the journey's order, whatever the wait does ------------------------------------
def deploy_opts(**kw: Any) -> argparse.Namespace:
    base = dict(
        stack_name="my-chroma-stack", instance_type="t3.small", key_name=None,
        chroma_version="1.5.9", otel_headers=None, otel_endpoint=None, otel_service_name=None,
        region=None, no_lock=False, no_wait=False, yes=True, create_default_vpc=False,
    )  # fmt: skip
    base.update(kw)
    return argparse.Namespace(**base)


def test_headless_locks_at_create_complete_even_when_the_wait_fails():
    # Given Chroma never answers
    fake = RunFakeBackend()
    fake.fail("wait_for_chroma", ProbeError("probe.deadline", host="h", port=8000, seconds=1,
                                            attempts=1))  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    code = headless.deploy(fake, deploy_opts(), Console(out, err, io.StringIO()))  # type: ignore[arg-type]
    # Then the ports were locked before the wait began, and the failure is the exit code
    names = [name for name, _ in fake.calls]
    assert names.index("lock_to_ip") < names.index("wait_for_chroma")
    assert code == 1
    assert "now only accept 198.51.100.23" in out.getvalue()


def test_headless_records_the_heartbeat_after_the_wait():
    fake = RunFakeBackend()
    out, err = io.StringIO(), io.StringIO()
    code = headless.deploy(fake, deploy_opts(), Console(out, err, io.StringIO()))  # type: ignore[arg-type]
    assert code == 0, err.getvalue()
    names = [name for name, _ in fake.calls]
    assert names.index("wait_for_chroma") < names.index("record_heartbeat")


def test_watch_reattaches_streams_locks_if_still_due_and_records_the_heartbeat(my_ip):
    # Given a deployment launched with --no-wait whose lock failed
    my_ip.answer = "10.0.0.1"
    code, _, _ = run("deploy", "--yes", "--no-wait", "--stack-name", "w1", *SAFE_OTEL_ARGS)
    assert code == LOCK_PENDING
    # When the user reattaches once the service is right
    my_ip.answer = "203.0.113.7"
    code, out, err = run("watch", "--stack-name", "w1")
    # Then the stack is followed to its end, the lock done, Chroma reached and recorded
    assert code == 0, err
    assert "CREATE_COMPLETE" in out and "Heartbeat:" in out
    record = saved("w1")
    assert record.ip_locked_to == "203.0.113.7" and record.last_heartbeat_at
    assert group_rules(record.stack_id, "w1") == {(22, "203.0.113.7/32"), (8000, "203.0.113.7/32")}


def test_every_exit_code_is_documented_in_help():
    text = cli.build_parser().format_help()
    for code in ("0", "1", "2", "3", "4", "130"):
        assert f"\n  {code} " in text
    assert "chroma-tui lock --stack-name" in text
