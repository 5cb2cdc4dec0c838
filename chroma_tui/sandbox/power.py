"""StopInstances / StartInstances for the sandbox's instances, and their sshd.

EC2 semantics kept: a stop ends the instance's Chroma (the container does not survive it) and
releases its public address; a start gives it a NEW address (127.0.0.N, never the old one),
DescribeInstances reports it as the public IP, and Chroma stays down until something runs
``docker-compose up -d`` again (over SSH, see sshd.py). moto keeps the instance's state.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections.abc import Mapping

import paramiko
from botocore.exceptions import ClientError

from chroma_tui.sandbox.ec2api import EC2_NS, _ids
from chroma_tui.sandbox.ec2world import Ec2World
from chroma_tui.sandbox.instance import Instance
from chroma_tui.sandbox.loopback import AddressPool
from chroma_tui.sandbox.sshd import InstanceSshd, host_key

log = logging.getLogger(__name__)

CODES = {"pending": 0, "running": 16, "stopping": 64, "stopped": 80}


def set_public_ip(region: str, instance_id: str, address: str) -> None:
    """Make moto's DescribeInstances report the instance's loopback address as its public IP
    (moto runs in this process; it would otherwise invent a 54.x address)."""
    from moto.core import DEFAULT_ACCOUNT_ID  # heavy: loaded once a sandbox runs instances
    from moto.ec2.models import ec2_backends

    with contextlib.suppress(Exception):  # moto's internals: never break a sandbox call
        found = ec2_backends[DEFAULT_ACCOUNT_ID][region].get_instance(instance_id)
        for nic in found.nics.values():
            nic.public_ip = address
            break


class Power:
    def __init__(
        self,
        world: Ec2World,
        pool: AddressPool,
        instances: dict[str, Instance],
        lock: threading.RLock,
        ssh_port: int,
    ) -> None:
        self.world = world
        self.pool = pool
        self.instances = instances
        self.lock = lock
        self.ssh_port = ssh_port
        self._key: paramiko.PKey | None = None

    # -- every new instance -----------------------------------------------------------------
    def on_instance(self, instance: Instance) -> None:
        set_public_ip(instance.region, instance.instance_id, instance.address)
        self._sshd(instance)

    def _sshd(self, instance: Instance) -> None:
        if self._key is None:
            self._key = host_key()

        def authorized() -> str:
            if not instance.key_name:
                return ""
            try:
                pairs = self.world.client("ec2", instance.region).describe_key_pairs(
                    KeyNames=[instance.key_name], IncludePublicKey=True
                )["KeyPairs"]
            except ClientError:
                return ""
            return str(pairs[0].get("PublicKey", "")) if pairs else ""

        sshd = InstanceSshd(
            instance.address, self.ssh_port, authorized, lambda _c: instance.compose_up(), self._key
        )
        if sshd.start():
            instance.sshd = sshd

    # -- the EC2 calls ----------------------------------------------------------------------
    def handle(self, region: str, params: Mapping[str, str]) -> tuple[int, str] | None:
        action = params.get("Action", "")
        if action not in ("StopInstances", "StartInstances"):
            return None
        ids = _ids(params)
        with self.lock:
            found = [self.instances.get(i) for i in ids]
        if not ids or any(i is None or i.terminated for i in found):
            return None  # not all ours: moto answers
        items = []
        for instance in found:
            assert instance is not None
            if action == "StopInstances":
                items.append(self._stop(region, instance))
            else:
                items.append(self._start(region, instance))
        tag = "StopInstancesResponse" if action == "StopInstances" else "StartInstancesResponse"
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<{tag} xmlns="{EC2_NS}">'
            f"<requestId>{uuid.uuid4()}</requestId><instancesSet>{''.join(items)}</instancesSet>"
            f"</{tag}>"
        )
        return 200, body

    def _stop(self, region: str, instance: Instance) -> str:
        previous = "stopped" if instance.stopped else "running"
        self.world.client("ec2", region).stop_instances(InstanceIds=[instance.instance_id])
        if not instance.stopped:
            instance.power_off()
            log.info("instance %s stopped (Chroma stopped)", instance.instance_id)
        return _item(
            instance.instance_id, "stopping" if previous == "running" else "stopped", previous
        )

    def _start(self, region: str, instance: Instance) -> str:
        if not instance.stopped:
            return _item(instance.instance_id, "running", "running")
        old = instance.address
        new = self.pool.allocate()  # the old one is still held: the new address differs
        self.world.client("ec2", region).start_instances(InstanceIds=[instance.instance_id])
        instance.power_on(new)
        self.pool.free(old)
        set_public_ip(region, instance.instance_id, new)
        self._sshd(instance)
        log.info(
            "instance %s started at %s (was %s); Chroma stays down", instance.instance_id, new, old
        )
        return _item(instance.instance_id, "pending", "stopped")


def _item(instance_id: str, current: str, previous: str) -> str:
    return (
        f"<item><instanceId>{instance_id}</instanceId>"
        f"<currentState><code>{CODES[current]}</code><name>{current}</name></currentState>"
        f"<previousState><code>{CODES[previous]}</code><name>{previous}</name></previousState>"
        "</item>"
    )
