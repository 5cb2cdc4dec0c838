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

Without a key file (no key pair, or its private key is not on this machine) chroma-tui cannot
log in, so it says how to do it without one: EC2 Instance Connect from the EC2 console (it
pushes a one-minute key itself; AWS pre-installs its agent on Amazon Linux 2 AMIs since
2.0.20190618, and the template's AMI ids date from 2024-10, PR #2906). Its browser session comes
from EC2 Instance Connect's own address range for the region (the AWS-managed prefix list
``com.amazonaws.<region>.ec2-instance-connect``, service ``EC2_INSTANCE_CONNECT`` in
ip-ranges.json), not from the user's IP. The official template opens 22 to 0.0.0.0/0 whether
KeyName is empty or not, so that works as launched; once the ports are locked to the user's IP,
22 is closed to that range until a rule allows it (chroma-tui's lock only revokes the world and
its own address rules, so such a rule survives a re-lock).
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
from chroma_tui.core.models import Deployment, InstanceInfo
from chroma_tui.i18n import t

SSH_PORT_VARIABLE = "CHROMA_TUI_SSH_PORT"
SSH_USER = "ec2-user"
RESTART_COMMAND = "cd /home/ec2-user && docker-compose up -d"
POLL_S = 2.0
STATE_DEADLINE_S = 600.0
SSH_TIMEOUT_S = 20.0
INSTANCE_CONNECT_PREFIX_LIST = "com.amazonaws.{region}.ec2-instance-connect"


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


def has_key_file(deployment: Deployment) -> bool:
    """True when the deployment's private key is on this machine (SSH can be used)."""
    return bool(deployment.key_file) and os.path.exists(deployment.key_file or "")


def instance_connect_prefix_list(region: str) -> str:
    """The AWS-managed prefix list of EC2 Instance Connect's addresses in ``region``."""
    return INSTANCE_CONNECT_PREFIX_LIST.format(region=region)


def console_instances_url(region: str) -> str:
    return f"https://{region}.console.aws.amazon.com/ec2/home?region={region}#Instances:"


def allow_instance_connect_command(deployment: Deployment) -> str:
    """An AWS CLI command adding SSH (22) from EC2 Instance Connect's prefix list to the stack's
    security group (both looked up by name, so it runs as shown)."""
    region = deployment.region
    group = (
        f"$(aws ec2 describe-security-groups --region {region} "
        f"--filters Name=tag:aws:cloudformation:stack-name,Values={deployment.stack_name} "
        "--query 'SecurityGroups[0].GroupId' --output text)"
    )
    prefix_list = (
        f"$(aws ec2 describe-managed-prefix-lists --region {region} "
        f"--filters Name=prefix-list-name,Values={instance_connect_prefix_list(region)} "
        "--query 'PrefixLists[0].PrefixListId' --output text)"
    )
    return (
        f"aws ec2 authorize-security-group-ingress --region {region} --group-id {group} "
        f'--ip-permissions "IpProtocol=tcp,FromPort=22,ToPort=22,'
        f'PrefixListIds=[{{PrefixListId={prefix_list}}}]"'
    )


def locked(deployment: Deployment) -> bool:
    """Ports 22/8000 are (meant to be) locked to the user's IP: 22 is closed to everyone else."""
    return bool(deployment.lock_to_my_ip or deployment.ip_locked_to)


def instance_connect_text(deployment: Deployment) -> str:
    """How to start Chroma again without a key file: EC2 Instance Connect, and when the ports
    are locked, the rule to add first (port 22 is then closed to Instance Connect)."""
    parts = []
    if locked(deployment):  # first, or the console's Connect cannot reach port 22
        parts.append(
            t(
                "power.eic.locked",
                ip=deployment.ip_locked_to or t("power.eic.your_ip"),
                prefix_list=instance_connect_prefix_list(deployment.region),
                command=allow_instance_connect_command(deployment),
            )
        )
    parts.append(
        t(
            "power.eic.steps",
            name=deployment.stack_name,
            console=console_instances_url(deployment.region),
            command=RESTART_COMMAND,
        )
    )
    if deployment.key_name:
        parts.append(
            t(
                "power.eic.own_key",
                key=deployment.key_name,
                command=ssh_command(deployment.server_host or "<address>", None),
            )
        )
    return "\n".join(parts)  # each command ends its part, on a line of its own: copied whole


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
