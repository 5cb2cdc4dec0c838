"""Sleep and wake: stop the stack's instance (no compute billed), start it again.

What it means with Chroma's official template (FACTS.md): a stopped instance's volume is still
billed; on start the instance gets a NEW public IPv4 address (the stack's ``ServerIp`` output
keeps the old one, so the address is read from DescribeInstances); Chroma does not come back by
itself (its container has no restart policy and UserData runs only at the first boot), so it is
started again over SSH as ec2-user: ``cd /home/ec2-user && docker-compose up -d``, the
directory and command of the template's UserData.

SSH: paramiko, to port 22 (``CHROMA_TUI_SSH_PORT`` overrides it, for endpoints that cannot
serve 22), with the deployment's key file. Host keys: accept-new into chroma-tui's own
``known_hosts`` (the first key seen for an address is recorded; a different one later is
refused with the file to edit).
"""

from __future__ import annotations

import os
import shlex
import time
from collections.abc import Callable
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core import paths
from chroma_tui.core.aws import AwsSession, map_error
from chroma_tui.core.errors import AwsError, ProbeError
from chroma_tui.core.instance import describe_instance
from chroma_tui.core.models import InstanceInfo

SSH_PORT_VARIABLE = "CHROMA_TUI_SSH_PORT"
SSH_USER = "ec2-user"
RESTART_COMMAND = "cd /home/ec2-user && docker-compose up -d"
POLL_S = 2.0
STATE_DEADLINE_S = 600.0
SSH_TIMEOUT_S = 20.0


def ssh_port() -> int:
    """Port 22, unless ``CHROMA_TUI_SSH_PORT`` says otherwise (a sandbox's own port)."""
    try:
        return int(os.environ.get(SSH_PORT_VARIABLE) or 22)
    except ValueError:
        return 22


def known_hosts_file() -> Path:
    return paths.data_dir() / "known_hosts"


def ssh_command(host: str, key_file: str | None) -> str:
    """The exact command a person runs to start Chroma again (shown when we cannot)."""
    port = ssh_port()
    key = f"-i {shlex.quote(key_file)} " if key_file else "-i <your-key.pem> "
    port_part = f"-p {port} " if port != 22 else ""
    return f"ssh {key}{port_part}{SSH_USER}@{host} {shlex.quote(RESTART_COMMAND)}"


def _change(aws: AwsSession, region: str, instance_id: str, verb: str) -> None:
    ec2 = aws.client("ec2", region)
    try:
        if verb == "stop":
            ec2.stop_instances(InstanceIds=[instance_id])
        else:
            ec2.start_instances(InstanceIds=[instance_id])
    except (ClientError, BotoCoreError) as exc:
        raise map_error(exc, aws.profile) from exc


def wait_state(
    aws: AwsSession,
    region: str,
    instance_id: str,
    wanted: str,
    *,
    deadline_s: float = STATE_DEADLINE_S,
    sleep: Callable[[float], None] = time.sleep,
) -> InstanceInfo:
    """Poll DescribeInstances until the instance is ``wanted`` (running: with a public IP)."""
    started = time.monotonic()
    while True:
        info = describe_instance(aws, region, instance_id)
        if info is not None and info.state == wanted and (wanted != "running" or info.public_ip):
            return info
        waited = time.monotonic() - started
        if waited >= deadline_s:
            raise AwsError(
                "power.timeout",
                instance=instance_id,
                state=info.state if info else "?",
                seconds=int(waited),
            )
        sleep(POLL_S)


def stop(aws: AwsSession, region: str, instance_id: str, **kw: object) -> InstanceInfo:
    """StopInstances, then wait until ``stopped``."""
    _change(aws, region, instance_id, "stop")
    return wait_state(aws, region, instance_id, "stopped", **kw)  # type: ignore[arg-type]


def start(aws: AwsSession, region: str, instance_id: str, **kw: object) -> InstanceInfo:
    """StartInstances, then wait until ``running`` with its (new) public IP."""
    _change(aws, region, instance_id, "start")
    return wait_state(aws, region, instance_id, "running", **kw)  # type: ignore[arg-type]


def restart_chroma(host: str, key_file: str, *, timeout_s: float = SSH_TIMEOUT_S) -> str:
    """Run the template's compose-up over SSH as ec2-user; returns its output.

    Raises ``ProbeError power.ssh.failed`` (with the command to run by hand) or
    ``power.ssh.host_key`` when the address presents another host key than recorded.
    """
    import paramiko  # ~0.2 s: only when a wake needs it

    command = ssh_command(host, key_file)
    known = known_hosts_file()
    known.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    known.touch(mode=0o600, exist_ok=True)
    client = paramiko.SSHClient()
    client.load_host_keys(str(known))  # accept-new: AutoAddPolicy saves to this file
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        key = paramiko.PKey.from_path(key_file)
        client.connect(
            host,
            port=ssh_port(),
            username=SSH_USER,
            pkey=key,
            timeout=timeout_s,
            banner_timeout=timeout_s,
            auth_timeout=timeout_s,
            allow_agent=False,
            look_for_keys=False,
        )
        _stdin, stdout, stderr = client.exec_command(RESTART_COMMAND, timeout=timeout_s)
        output = stdout.read().decode("utf-8", "replace") + stderr.read().decode("utf-8", "replace")
        status = stdout.channel.recv_exit_status()
    except paramiko.BadHostKeyException as exc:
        raise ProbeError(
            "power.ssh.host_key", raw=str(exc), host=host, known_hosts=str(known)
        ) from exc
    except (paramiko.SSHException, OSError, ValueError) as exc:
        raise ProbeError("power.ssh.failed", raw=f"{exc}", host=host, command=command) from exc
    finally:
        client.close()
    if status != 0:
        raise ProbeError(
            "power.ssh.failed", raw=f"exit {status}: {output.strip()}", host=host, command=command
        )
    return output
