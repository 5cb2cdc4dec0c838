"""Sleep and wake on the sandbox: `stop` ends the instance's Chroma; `start` gives it a new
address, saves it, locks the ports again, restarts Chroma over SSH with the key file (the
sandbox's sshd runs only the compose restart) and reaches a heartbeat again."""

from __future__ import annotations

import json
import os
import re
import urllib.request

import pytest

from chroma_tui.core import keypairs, power
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.state import DeploymentStore
from tests.sandbox_helpers import client, heartbeat
from tests.test_headless import SAFE_OTEL_ARGS, run

pytestmark = pytest.mark.timeout(240)


@pytest.fixture(autouse=True)
def _patient_boot(sandbox, monkeypatch):
    """On a loaded machine a real Chroma may take longer than the scaled 3 s grace to listen:
    these tests are about stop and start, not about the boot's timing."""
    monkeypatch.setenv("CHROMA_TUI_BOOT_GRACE_S", "30")


def _instance(sandbox, stack: str) -> dict:
    with urllib.request.urlopen(f"{sandbox.endpoint_url}/_sandbox/instances", timeout=10) as r:
        found = [i for i in json.load(r)["instances"] if i["stack"] == stack]
    return found[-1]


def _deploy_with_key(tmp_path, name: str) -> str:
    created = keypairs.create_key_pair(AwsSession(), "us-east-1", f"{name}-key", directory=tmp_path)
    code, _out, err = run(
        "deploy", "--yes", "--stack-name", name, "--region", "us-east-1",
        "--key-name", created.name, *SAFE_OTEL_ARGS,
    )  # fmt: skip
    assert code == 0, err
    store = DeploymentStore()
    record = store.list()[0]
    store.update(record, lambda d: d.evolve(key_file=created.path, created_key_pair=True))
    return created.path


def test_stop_then_start_gives_a_new_address_relocks_restarts_over_ssh_and_beats(sandbox, tmp_path):
    _deploy_with_key(tmp_path, "nap1")
    before = DeploymentStore().list()[0]
    old = before.server_host
    assert old and heartbeat(old)

    code, out, err = run("stop", "nap1")
    assert code == 0, err
    assert "a NEW public IP" in out and "no restart policy" in out
    assert "chroma-tui start nap1 --region us-east-1" in out
    stopped = DeploymentStore().list()[0]
    assert stopped.instance_state == "stopped" and stopped.server_host is None
    assert _instance(sandbox, "nap1")["chroma_running"] is False
    with pytest.raises(OSError):
        heartbeat(old, deadline_s=1.0)

    code, out, err = run("start", "nap1")
    assert code == 0, err + out
    moved = re.search(r"new address: (127\.0\.0\.\d+)", out)
    assert moved and moved.group(1) != old, out
    new = moved.group(1)
    assert "Ports 22 and 8000 open to 203.0.113.7 only." in out
    assert "Chroma's container is starting again." in out
    assert re.search(rf"Chroma answers again at {re.escape(new)}:8000", out)
    record = DeploymentStore().list()[0]
    assert record.server_host == new and record.instance_state is None
    assert record.last_heartbeat_at and record.ip_locked_to == "203.0.113.7"
    # EC2 agrees: DescribeInstances gives the new address as the public IP.
    ec2 = client("ec2")
    instance_id = _instance(sandbox, "nap1")["instance_id"]
    described = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]
    assert described["Instances"][0]["PublicIpAddress"] == new
    assert heartbeat(new)
    known = power.known_hosts_file().read_text()
    assert new in known  # accept-new recorded the host key


def test_start_without_a_key_file_says_exactly_how(sandbox):
    code, _out, err = run(
        "deploy", "--yes", "--stack-name", "nap2", "--region", "us-east-1", *SAFE_OTEL_ARGS
    )
    assert code == 0, err
    assert run("stop", "nap2")[0] == 0
    code, out, err = run("start", "nap2")
    assert code == 1  # Chroma stays down: nothing could restart it
    record = DeploymentStore().list()[0]
    assert record.server_host and "no key file" in out
    # Never an `ssh -i` without a key: EC2 Instance Connect from the console, the template's
    # restart command, and (the ports are locked to my IP) the rule Instance Connect needs.
    assert "ssh -i" not in out, out
    assert "Connect → EC2 Instance Connect → Connect (user ec2-user)" in out
    assert "then run:\ncd /home/ec2-user && docker-compose up -d" in out
    assert record.ip_locked_to and f"locked to {record.ip_locked_to}" in out
    assert "port 22 is closed to EC2 Instance Connect's own addresses" in out
    assert "com.amazonaws.us-east-1.ec2-instance-connect" in out
    assert "PrefixListIds=[{PrefixListId=$(aws ec2 describe-managed-prefix-lists" in out
    assert _instance(sandbox, "nap2")["chroma_running"] is False


def test_the_sandbox_sshd_refuses_other_commands_and_other_keys(sandbox, tmp_path):
    import paramiko

    key_file = _deploy_with_key(tmp_path, "nap3")
    host = DeploymentStore().list()[0].server_host
    port = int(os.environ["CHROMA_TUI_SSH_PORT"])
    ssh = paramiko.SSHClient()
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    ssh.connect(host, port=port, username="ec2-user", pkey=paramiko.PKey.from_path(key_file),
                allow_agent=False, look_for_keys=False, timeout=10)  # fmt: skip
    _i, out, _e = ssh.exec_command("cat /etc/passwd", timeout=10)
    assert out.channel.recv_exit_status() == 127
    ssh.close()
    other = keypairs.create_key_pair(AwsSession(), "us-east-1", "stranger", directory=tmp_path)
    ssh = paramiko.SSHClient()
    ssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    # Refused: paramiko says so as an AuthenticationException (or, when the server hangs up
    # first under load, as a closed connection); never a session.
    with pytest.raises((paramiko.AuthenticationException, paramiko.SSHException, EOFError)):
        ssh.connect(host, port=port, username="ec2-user", pkey=paramiko.PKey.from_path(other.path),
                    allow_agent=False, look_for_keys=False, timeout=10)  # fmt: skip
    ssh.close()
