"""What happens after CreateStack / DeleteStack: events over time, resources made in moto.

Each operation runs on its own thread. Waits are scaled by the speed factor and end early when
the stack is cancelled (DeleteStack during a create) or the sandbox halts (reset, stop).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chroma_tui.sandbox.scenarios as scenarios
from chroma_tui.sandbox.cfn_template import Resolver
from chroma_tui.sandbox.ec2world import (
    Ec2World,
    ResourceFailure,
    capacity_reason,
    missing_key_reason,
)
from chroma_tui.sandbox.instance import BootHooks, Instance
from chroma_tui.sandbox.loopback import AddressPool, NoFreeAddress
from chroma_tui.sandbox.stacks import PUBLIC_IP, Resource, Stack, random_suffix

log = logging.getLogger(__name__)

SG_TYPE = "AWS::EC2::SecurityGroup"
INSTANCE_TYPE = "AWS::EC2::Instance"
CANCELLED = "Resource creation cancelled"

# Seconds at speed 1 (about 45 s for a create): before CREATE_IN_PROGRESS, before
# "Resource creation Initiated", before CREATE_COMPLETE; and how long a delete takes.
CREATE_STEPS: dict[str, tuple[float, float, float]] = {
    SG_TYPE: (1.0, 0.5, 5.0),
    INSTANCE_TYPE: (1.0, 1.5, 32.0),
}
GENERIC_STEPS = (1.0, 0.5, 2.0)
DELETE_S: dict[str, float] = {SG_TYPE: 3.0, INSTANCE_TYPE: 15.0}
STACK_STEP_S = 1.0


@dataclass
class Runtime:
    """What the timelines share with the engine."""

    world: Ec2World
    scenario: scenarios.ScenarioState
    speed: float
    lock: threading.RLock
    chroma_for: Callable[[str, Callable[[str], None]], Path]  # version -> chroma (raises)
    fetch: Callable[[str], tuple[int, bytes] | None]  # what curl gets from a URL
    log_dir: Callable[[], Path]  # where each instance's Chroma log goes
    pool: AddressPool = field(default_factory=AddressPool)
    instances: dict[str, Instance] = field(default_factory=dict)  # by instance id, kept
    halt: threading.Event = field(default_factory=threading.Event)
    install_progress: Callable[[str], int | None] = field(default=lambda version: None)
    on_instance: Callable[[Instance], None] = field(default=lambda instance: None)  # sshd, IP

    def hooks(self) -> BootHooks:
        return BootHooks(
            fetch=self.fetch,
            chroma_for=self.chroma_for,
            slow_pull=lambda: self.scenario.name == "slow-boot",
            halt=lambda: self.halt.is_set(),
            install_progress=self.install_progress,
        )


class Cancelled(Exception):
    pass


class Timelines:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    # -- helpers --------------------------------------------------------------------------
    def _pause(self, stack: Stack, seconds: float, *, cancellable: bool = True) -> None:
        """Wait ``seconds / speed``; raise Cancelled if the stack is cancelled or halted."""
        deadline = seconds / max(self.rt.speed, 1e-6)
        halt = self.rt.halt
        step = 0.05
        waited = 0.0
        while waited < deadline:
            if halt.is_set() or (cancellable and stack.cancel.is_set()):
                raise Cancelled
            chunk = min(step, deadline - waited)
            halt.wait(chunk)
            waited += chunk
        if halt.is_set() or (cancellable and stack.cancel.is_set()):
            raise Cancelled

    def _resolver(self, stack: Stack) -> Resolver:
        def ref(name: str) -> str:
            return stack.resources[name].physical_id

        def get_att(name: str, attr: str) -> str:
            if attr == "PublicIp" or attr == "PrivateIp":
                return stack.instance.address if stack.instance else PUBLIC_IP
            if attr.endswith("DnsName"):
                return "localhost"
            if attr == "GroupId":
                return stack.resources[name].physical_id
            return ""

        pseudo = {
            "AWS::Region": stack.region,
            "AWS::StackName": stack.name,
            "AWS::StackId": stack.stack_id,
            "AWS::AccountId": "123456789012",
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
        return Resolver(stack.template, stack.parameters, pseudo, ref, get_att)

    # -- create ---------------------------------------------------------------------------
    def create(self, stack: Stack) -> None:
        """The create timeline; on failure, the rollback (or what OnFailure says)."""
        token = stack.token
        try:
            for logical_id in stack.order:
                res = stack.resources[logical_id]
                before, initiated, done = CREATE_STEPS.get(res.resource_type, GENERIC_STEPS)
                self._pause(stack, before)
                with self.rt.lock:
                    _still_wanted(stack)
                    stack.resource_event(res, "CREATE_IN_PROGRESS", "", token)
                self._pause(stack, initiated)
                try:
                    physical = self._provision(stack, res)
                except ResourceFailure as failure:
                    with self.rt.lock:
                        stack.resource_event(res, "CREATE_FAILED", failure.reason, token)
                    self._fail(stack, [logical_id])
                    return
                with self.rt.lock:
                    res.physical_id = physical  # first: a delete must find it in EC2
                    _still_wanted(stack)
                    stack.resource_event(
                        res, "CREATE_IN_PROGRESS", "Resource creation Initiated", token
                    )
                self._pause(stack, done)
                with self.rt.lock:
                    _still_wanted(stack)
                    stack.resource_event(res, "CREATE_COMPLETE", "", token)
            self._pause(stack, STACK_STEP_S)
            resolver = self._resolver(stack)
            with self.rt.lock:
                _still_wanted(stack)
                stack.outputs = self._outputs(stack, resolver)
                stack.stack_event("CREATE_COMPLETE", "", token)
            self._after_complete(stack)
        except Cancelled:
            with self.rt.lock:
                for res in stack.resources.values():
                    if res.status == "CREATE_IN_PROGRESS":
                        stack.resource_event(res, "CREATE_FAILED", CANCELLED, token)
        except Exception:  # a broken moto call must not kill the sandbox silently
            log.exception("create timeline of %s failed", stack.name)

    def _provision(self, stack: Stack, res: Resource) -> str:
        props = self._resolver(stack).properties(res.logical_id)
        world = self.rt.world
        if res.resource_type == SG_TYPE:
            name = f"{stack.name}-{res.logical_id}-{random_suffix()}"
            return world.create_security_group(stack.region, name, props)
        if res.resource_type == INSTANCE_TYPE:
            itype = str(props.get("InstanceType", "m1.small"))
            world.check_instance_type(stack.region, itype, str(props.get("ImageId", "")))
            key = props.get("KeyName")
            if key:
                if self.rt.scenario.name == "missing-key-pair":
                    world.delete_key(stack.region, str(key))  # the key "vanished"
                if not world.key_exists(stack.region, str(key)):
                    raise ResourceFailure(missing_key_reason(str(key)))
            if self.rt.scenario.name == "insufficient-capacity":
                raise ResourceFailure(capacity_reason(itype, stack.region))
            try:
                address = self.rt.pool.allocate()
            except NoFreeAddress:
                raise ResourceFailure(capacity_reason(itype, stack.region)) from None
            try:
                instance_id = world.run_instance(stack.region, props, stack.tags)
            except Exception:
                self.rt.pool.free(address)
                raise
            instance = Instance(
                instance_id=instance_id,
                stack_name=stack.name,
                region=stack.region,
                address=address,
                user_data=str(props.get("UserData", "")),
                speed=self.rt.speed,
                log_dir=self.rt.log_dir(),
                security_groups=[str(g) for g in props.get("SecurityGroups") or []],
            )
            instance.key_name = str(key or "")
            with self.rt.lock:
                self.rt.instances[instance_id] = instance
                stack.instance = instance
            self.rt.on_instance(instance)
            log.info("stack %s: instance %s at %s", stack.name, instance_id, address)
            return instance_id
        return f"{stack.name}-{res.logical_id}-{random_suffix()}"

    def _after_complete(self, stack: Stack) -> None:
        """CREATE_COMPLETE: the instance runs its UserData now (on its own thread)."""
        if stack.instance is not None:
            stack.instance.start_boot(self.rt.hooks())

    def _outputs(self, stack: Stack, resolver: Resolver) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, spec in stack.template.outputs.items():
            out[key] = str(resolver.value(spec.get("Value", "")))
        return out

    def _fail(self, stack: Stack, failed: list[str]) -> None:
        token = stack.token
        failed_text = f"The following resource(s) failed to create: [{', '.join(failed)}]."
        with self.rt.lock:
            for res in stack.resources.values():
                if res.status == "CREATE_IN_PROGRESS":
                    stack.resource_event(res, "CREATE_FAILED", CANCELLED, token)
            if stack.delete_requested:
                return  # DeleteStack came first: the delete timeline cleans up
        self._pause(stack, 0.5, cancellable=False)
        if stack.on_failure == "DO_NOTHING":
            with self.rt.lock:
                stack.stack_event(
                    "CREATE_FAILED",
                    f"{failed_text} ",
                    token,
                )
            return
        if stack.on_failure == "DELETE":
            with self.rt.lock:
                stack.stack_event(
                    "DELETE_IN_PROGRESS",
                    f"{failed_text} Delete requested by user.",
                    token,
                )
            self._teardown(stack, token)
            with self.rt.lock:
                stack.deletion_time = stack.last_updated
                stack.stack_event("DELETE_COMPLETE", "", token)
            return
        with self.rt.lock:
            stack.stack_event(
                "ROLLBACK_IN_PROGRESS",
                f"{failed_text} Rollback requested by user.",
                token,
            )
        self._teardown(stack, token)
        with self.rt.lock:
            stack.stack_event("ROLLBACK_COMPLETE", "", token)

    # -- delete ---------------------------------------------------------------------------
    def delete(self, stack: Stack, wait_for: list[threading.Thread]) -> None:
        for thread in wait_for:
            thread.join()
        token = stack.delete_token
        try:
            with self.rt.lock:
                if stack.deleted:
                    return
                if stack.status != "DELETE_IN_PROGRESS":  # else announced by DeleteStack
                    stack.stack_event("DELETE_IN_PROGRESS", "User Initiated", token)
            self._pause(stack, STACK_STEP_S, cancellable=False)
            self._teardown(stack, token)
            with self.rt.lock:
                stack.deletion_time = stack.last_updated
                stack.stack_event("DELETE_COMPLETE", "", token)
        except Cancelled:
            pass
        except Exception:
            log.exception("delete timeline of %s failed", stack.name)

    def _teardown(self, stack: Stack, token: str | None) -> None:
        """Delete resources in reverse order, each with its events, and from moto."""
        for logical_id in reversed(stack.order):
            res = stack.resources[logical_id]
            if res.status == "CREATE_FAILED" and not res.physical_id:
                with self.rt.lock:
                    stack.resource_event(res, "DELETE_COMPLETE", "", token)
                continue
            if not res.exists:
                continue
            self._pause(stack, 0.5, cancellable=False)
            with self.rt.lock:
                stack.resource_event(res, "DELETE_IN_PROGRESS", "", token)
            self._destroy(stack, res)
            self._pause(stack, DELETE_S.get(res.resource_type, 1.0), cancellable=False)
            with self.rt.lock:
                stack.resource_event(res, "DELETE_COMPLETE", "", token)

    def _destroy(self, stack: Stack, res: Resource) -> None:
        if res.resource_type == INSTANCE_TYPE:
            self.rt.world.terminate(stack.region, res.physical_id)
            stop_instance(stack, self.rt.pool)
        elif res.resource_type == SG_TYPE:
            self.rt.world.delete_security_group(stack.region, res.physical_id)


def _still_wanted(stack: Stack) -> None:
    """Call under the lock before a create event: stop if DeleteStack came in meanwhile."""
    if stack.delete_requested:
        raise Cancelled


def announce_delete(stack: Stack) -> None:
    """DeleteStack's immediate effect (under the lock): DELETE_IN_PROGRESS, unless a rollback
    runs; then the delete timeline announces it once the rollback is over."""
    if stack.status not in ("ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS"):
        stack.stack_event("DELETE_IN_PROGRESS", "User Initiated", stack.delete_token)


def stop_instance(stack: Stack, pool: AddressPool) -> None:
    """Terminate the stack's instance: its Chroma stops and its address is free again."""
    instance, stack.instance = stack.instance, None
    if instance is not None:
        instance.terminate()
        pool.free(instance.address)


def start_thread(stack: Stack, target: Callable[..., Any], *args: Any) -> threading.Thread:
    thread = threading.Thread(
        target=target, args=(stack, *args), name=f"sandbox-{stack.name}", daemon=True
    )
    stack.threads.append(thread)
    thread.start()
    return thread
