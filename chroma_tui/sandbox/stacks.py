"""The sandbox's stack records: status, resources, events (append-only, oldest first)."""

from __future__ import annotations

import random
import string
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from chroma_tui.sandbox.cfn_template import ParsedTemplate

if TYPE_CHECKING:
    from chroma_tui.sandbox.instance import Instance

ACCOUNT_ID = "123456789012"
STACK_TYPE = "AWS::CloudFormation::Stack"
PUBLIC_IP = "127.0.0.1"  # the "instance" is this machine


def now() -> datetime:
    return datetime.now(timezone.utc)


def stack_arn(region: str, name: str) -> str:
    return f"arn:aws:cloudformation:{region}:{ACCOUNT_ID}:stack/{name}/{uuid.uuid4()}"


def random_suffix(length: int = 13) -> str:
    return "".join(random.choices(string.ascii_uppercase + string.digits, k=length))


@dataclass(frozen=True)
class Event:
    event_id: str
    stack_id: str
    stack_name: str
    logical_id: str
    physical_id: str
    resource_type: str
    status: str
    reason: str
    timestamp: datetime
    token: str | None


@dataclass
class Resource:
    logical_id: str
    resource_type: str
    status: str = ""  # "" until CloudFormation touches it
    reason: str = ""
    physical_id: str = ""
    updated: datetime = field(default_factory=now)

    @property
    def exists(self) -> bool:
        """Created in EC2 (or being created) and not yet deleted."""
        return bool(self.physical_id) and self.status not in ("DELETE_COMPLETE", "")


@dataclass
class Stack:
    stack_id: str
    name: str
    region: str
    template: ParsedTemplate
    parameters: dict[str, str]
    tags: dict[str, str]
    token: str | None
    on_failure: str
    order: list[str]
    status: str = "CREATE_IN_PROGRESS"
    reason: str = ""
    creation_time: datetime = field(default_factory=now)
    deletion_time: datetime | None = None
    last_updated: datetime | None = None
    outputs: dict[str, str] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    resources: dict[str, Resource] = field(default_factory=dict)
    delete_token: str | None = None
    delete_requested: bool = False
    instance: Instance | None = None  # the running EC2 instance, until terminated
    cancel: threading.Event = field(default_factory=threading.Event)
    threads: list[threading.Thread] = field(default_factory=list)

    @property
    def deleted(self) -> bool:
        return self.status == "DELETE_COMPLETE"

    def stack_event(self, status: str, reason: str = "", token: str | None = None) -> Event:
        """Record a stack-level status change as an event."""
        self.status = status
        self.reason = reason
        self.last_updated = now()
        event = Event(
            event_id=str(uuid.uuid4()),
            stack_id=self.stack_id,
            stack_name=self.name,
            logical_id=self.name,
            physical_id=self.stack_id,
            resource_type=STACK_TYPE,
            status=status,
            reason=reason,
            timestamp=self.last_updated,
            token=token,
        )
        self.events.append(event)
        return event

    def resource_event(
        self, resource: Resource, status: str, reason: str = "", token: str | None = None
    ) -> Event:
        resource.status = status
        resource.reason = reason
        resource.updated = now()
        stamp = resource.updated.strftime("%Y-%m-%dT%H:%M:%S.%f")
        event = Event(
            event_id=f"{resource.logical_id}-{status}-{stamp}-{len(self.events)}",
            stack_id=self.stack_id,
            stack_name=self.name,
            logical_id=resource.logical_id,
            physical_id=resource.physical_id,
            resource_type=resource.resource_type,
            status=status,
            reason=reason,
            timestamp=resource.updated,
            token=token,
        )
        self.events.append(event)
        return event
