"""The commands Connected shows for reaching a deployment by hand: log in over SSH, and open a
port to everyone again after the lock. Pure string builders (no AWS call).

Light on purpose: power.py (whose ``ssh_command`` is another command, Chroma's restart over SSH)
imports botocore and the AWS session, which the UI must not load when its screens are imported.
"""

from __future__ import annotations

import shlex

from chroma_tui.core.models import Deployment

SSH_USER = "ec2-user"  # Amazon Linux 2's user (power.SSH_USER, the same account)


def ssh_command(deployment: Deployment) -> str | None:
    """A login shell, only when a key pair was chosen."""
    if not deployment.key_name or not deployment.server_host:
        return None
    key = deployment.key_file or f"~/.ssh/{deployment.key_name}.pem"
    return f"ssh -i {shlex.quote(key)} {SSH_USER}@{deployment.server_host}"


def widen_command(deployment: Deployment, port: int) -> str:
    """How to open a port to everyone again (the template's default), looked up by stack tag."""
    region = deployment.region
    group = (
        f"$(aws ec2 describe-security-groups --region {region} "
        f"--filters Name=tag:aws:cloudformation:stack-name,Values={deployment.stack_name} "
        "--query 'SecurityGroups[0].GroupId' --output text)"
    )
    return (
        f"aws ec2 authorize-security-group-ingress --region {region} --group-id {group} "
        f"--protocol tcp --port {port} --cidr 0.0.0.0/0"
    )
