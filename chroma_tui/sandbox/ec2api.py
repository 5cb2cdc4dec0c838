"""The EC2 calls the sandbox answers itself for its instances: GetConsoleOutput and
DescribeInstanceStatus (EC2's query protocol, XML). Any other call, or one about an instance the
sandbox did not boot, goes on to moto unchanged (``None``)."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from xml.sax.saxutils import escape

from chroma_tui.sandbox.instance import Instance

EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
STATES = {"running": (16, "running"), "terminated": (48, "terminated")}


def _ids(params: Mapping[str, str]) -> list[str]:
    found = []
    for key, value in params.items():
        match = re.match(r"^InstanceId\.(\d+)$", key)
        if match:
            found.append((int(match.group(1)), value))
    return [v for _, v in sorted(found)]


def _true(value: str | None) -> bool:
    return (value or "").lower() == "true"


class Ec2Api:
    def __init__(self, instances: dict[str, Instance], lock: threading.RLock) -> None:
        self.instances = instances
        self.lock = lock

    def handle(self, region: str, params: Mapping[str, str]) -> tuple[int, str] | None:
        action = params.get("Action", "")
        if action == "GetConsoleOutput":
            return self._console_output(params)
        if action == "DescribeInstanceStatus":
            return self._instance_status(region, params)
        return None

    def _get(self, instance_id: str) -> Instance | None:
        with self.lock:
            return self.instances.get(instance_id)

    def _console_output(self, params: Mapping[str, str]) -> tuple[int, str] | None:
        instance = self._get(params.get("InstanceId", ""))
        if instance is None:
            return None
        output = instance.console.output_b64(latest=_true(params.get("Latest")))
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<GetConsoleOutputResponse xmlns="{EC2_NS}">'
            f"<requestId>{uuid.uuid4()}</requestId>"
            f"<instanceId>{escape(instance.instance_id)}</instanceId>"
            f"<timestamp>{now}</timestamp>"
            + (f"<output>{output}</output>" if output else "")
            + "</GetConsoleOutputResponse>"
        )
        return 200, body

    def _instance_status(self, region: str, params: Mapping[str, str]) -> tuple[int, str] | None:
        ids = _ids(params)
        with self.lock:
            if ids:
                found = [self.instances.get(i) for i in ids]
                if any(i is None for i in found):
                    return None  # not all ours: moto answers
                chosen = [i for i in found if i is not None]
            else:
                chosen = [i for i in self.instances.values() if i.region == region]
                if not chosen:
                    return None
        include_all = _true(params.get("IncludeAllInstances"))
        items = "".join(_status_item(i) for i in chosen if include_all or not i.terminated)
        body = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<DescribeInstanceStatusResponse xmlns="{EC2_NS}">'
            f"<requestId>{uuid.uuid4()}</requestId>"
            f"<instanceStatusSet>{items}</instanceStatusSet>"
            "</DescribeInstanceStatusResponse>"
        )
        return 200, body


def _status_item(instance: Instance) -> str:
    code, name = STATES["terminated" if instance.terminated else "running"]
    status = instance.status()
    detail = {"initializing": "initializing", "ok": "passed"}.get(status, "")
    details = (
        f"<details><item><name>reachability</name><status>{detail}</status></item></details>"
        if detail
        else ""
    )
    check = f"<status>{status}</status>{details}"
    return (
        f"<item><instanceId>{escape(instance.instance_id)}</instanceId>"
        f"<availabilityZone>{escape(instance.region)}a</availabilityZone>"
        f"<instanceState><code>{code}</code><name>{name}</name></instanceState>"
        f"<systemStatus>{check}</systemStatus><instanceStatus>{check}</instanceStatus></item>"
    )
