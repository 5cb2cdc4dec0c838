"""``Sandbox``: moto's server, the CloudFormation engine and the front server, as one object."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import threading
import urllib.request
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from botocore.exceptions import ClientError

import chroma_tui.sandbox.compose as compose
import chroma_tui.sandbox.firewall as firewall
import chroma_tui.sandbox.s3url as s3url
import chroma_tui.sandbox.scenarios as scenarios
from chroma_tui.core import paths
from chroma_tui.sandbox.chroma import client_version, provision_chroma, ready_chroma, version_of
from chroma_tui.sandbox.ec2api import Ec2Api
from chroma_tui.sandbox.ec2world import FAKE_KEY_ID, FAKE_SECRET, Ec2World
from chroma_tui.sandbox.engine import CloudFormation
from chroma_tui.sandbox.front import MY_IP, Control, FrontServer
from chroma_tui.sandbox.power import Power
from chroma_tui.sandbox.timelines import Runtime

log = logging.getLogger(__name__)

TEMPLATE_BUCKET = "public.trychroma.com"
TEMPLATE_KEY = "cloudformation/latest/chroma.cf.json"
TEMPLATE_URL = f"https://s3.amazonaws.com/{TEMPLATE_BUCKET}/{TEMPLATE_KEY}"
SSH_PORT_VARIABLE = "CHROMA_TUI_SSH_PORT"  # core/power.py reads it
DEFAULT_REGION = "us-east-1"
SCENARIOS = scenarios.SCENARIOS
BOOT_GRACE_VARIABLE = "CHROMA_TUI_BOOT_GRACE_S"
BOOT_GRACE_S = 90.0  # on AWS: how long port 8000 may refuse after the container started
MIN_BOOT_GRACE_S = 3.0
INSTANCE_LOGS = "sandbox-instances"


def template_body() -> str:
    """The shipped template with ChromaVersion defaulting to the installed client's version."""
    text = resources.files("chroma_tui.sandbox").joinpath("template.json").read_text("utf-8")
    data = json.loads(text)
    data["Parameters"]["ChromaVersion"]["Default"] = client_version()
    return json.dumps(data, indent=2)


def boot_grace_s(speed: float) -> float:
    """The boot grace period scaled by the speed factor (90 s / speed, at least 3 s)."""
    return max(BOOT_GRACE_S / max(speed, 1e-6), MIN_BOOT_GRACE_S)


def sandbox_env(endpoint_url: str, speed: float = 1.0) -> dict[str, str]:
    """The environment that points boto3 (and the app) at a sandbox endpoint."""
    return {
        BOOT_GRACE_VARIABLE: f"{boot_grace_s(speed):g}",
        "AWS_ENDPOINT_URL": endpoint_url,
        "AWS_ACCESS_KEY_ID": FAKE_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET,
        "AWS_REGION": DEFAULT_REGION,
        "AWS_DEFAULT_REGION": DEFAULT_REGION,  # plain boto3 reads only this one
        "CHROMA_TUI_MY_IP_URL": f"{endpoint_url}/_sandbox/myip",
        # Each instance's sshd listens on its own 127.0.0.N at the front server's port number
        # (port 22 needs privileges): see sshd.py.
        SSH_PORT_VARIABLE: str(urlsplit(endpoint_url).port or 22),
    }


class Sandbox:
    """Local AWS for chroma-tui: point boto3 at :attr:`endpoint_url` with :meth:`env`."""

    def __init__(
        self,
        scenario: str = "ok",
        speed: float = 1.0,
        chroma_bin: Path | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        """``chroma_bin``: the server for the client's version; without one (and none cached)
        it is provisioned in the background once the sandbox started, ``progress`` getting
        short lines in the app's language (pip's own output goes to the log)."""
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self.chroma_bin = chroma_bin
        self._progress = progress or (lambda line: log.info("%s", line))
        self._default_ready = threading.Event()
        self._provision_state: dict[str, Any] = {"version": client_version(), "ready": False}
        self._scenario = scenarios.ScenarioState(scenario)
        self._lock = threading.RLock()
        self._moto: Any = None
        self._front: FrontServer | None = None
        self._engine: CloudFormation | None = None
        self._world: Ec2World | None = None
        self._runtime: Runtime | None = None
        self._vpc_lock = threading.Lock()
        self._strip_vpcs = scenario == "no-default-vpc"
        self._stripped: set[str] = set()
        self._my_ip = MY_IP  # this machine's "public address", as /_sandbox/myip answers
        self._installing: dict[str, int] = {}  # version -> packages its install named so far

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> Sandbox:
        if self._front is not None:
            return self
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        from moto.server import ThreadedMotoServer  # heavy: only when a sandbox starts

        if self.chroma_bin is None:
            self.chroma_bin = ready_chroma()
        if self.chroma_bin is not None:
            self._provision_state["ready"] = True
            self._default_ready.set()
        else:  # the first run: start now, install the server while the user walks the wizard
            threading.Thread(
                target=self._provision_default, name="sandbox-provision", daemon=True
            ).start()
        self._moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._moto.start()
        host, port = self._moto.get_host_and_port()
        self.moto_url = f"http://{host}:{port}"
        self._world = Ec2World(self.moto_url)
        runtime = Runtime(
            world=self._world,
            scenario=self._scenario,
            speed=self.speed,
            lock=self._lock,
            chroma_for=self._chroma_for,
            fetch=self._fetch,
            log_dir=lambda: paths.log_dir() / INSTANCE_LOGS,
            install_progress=self.install_progress,
        )
        self._runtime = runtime
        self._engine = CloudFormation(runtime)
        ec2api = Ec2Api(runtime.instances, self._lock)
        power: list[Power] = []  # made once the front server's port (sshd's port) is known

        def ec2(region: str, params: dict[str, str]) -> tuple[int, str] | None:
            answer = power[0].handle(region, params) if power else None
            return answer if answer is not None else ec2api.handle(region, params)

        control = Control(
            self._engine.handle,
            self.health,
            self.set_scenario,
            self.reset,
            self.touch_region,
            ec2=ec2,
            instances=self.instances,
            my_ip=lambda: self._my_ip,
            set_my_ip=self.set_my_ip,
            rules_changed=lambda region: self.apply_firewall(),
        )
        self._front = FrontServer("127.0.0.1", 0, (host, port), control)
        power.append(
            Power(self._world, runtime.pool, runtime.instances, self._lock, self._front.port)
        )
        runtime.on_instance = power[0].on_instance
        self._front.start()
        self._seed()
        return self

    def stop(self) -> None:
        if self._engine is not None:
            self._engine.shutdown()
        if self._front is not None:
            self._front.stop()
            self._front = None
        if self._moto is not None:
            self._moto.stop()
            self._moto = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- what clients use -----------------------------------------------------------------
    @property
    def endpoint_url(self) -> str:
        if self._front is None:
            raise RuntimeError("the sandbox is not running")
        return f"http://127.0.0.1:{self._front.port}"

    def env(self) -> dict[str, str]:
        return sandbox_env(self.endpoint_url, self.speed)

    @property
    def scenario(self) -> str:
        return self._scenario.name

    def set_scenario(self, name: str) -> None:
        """Switch scenario now. ``no-default-vpc`` removes every region's default VPC.

        Removal happens the first time a request touches a region (moto builds regions
        lazily, and building all of them costs seconds), before that request is served.
        Leaving ``no-default-vpc`` puts a default VPC back in every region it emptied, so
        ``ok`` always means a working account.
        """
        self._scenario.set(name)
        with self._vpc_lock:
            leaving = self._strip_vpcs and name != "no-default-vpc"
            self._strip_vpcs = name == "no-default-vpc"
            stripped, self._stripped = sorted(self._stripped), set()
            if leaving and self._world is not None:
                for region in stripped:
                    self._world.restore_default_vpc(region)

    def touch_region(self, region: str) -> None:
        """Called before serving any AWS request for ``region``."""
        if not self._strip_vpcs or self._world is None:
            return
        with self._vpc_lock:
            if self._strip_vpcs and region not in self._stripped:
                self._stripped.add(region)
                self._world.remove_default_vpc(region)

    @property
    def my_ip(self) -> str:
        return self._my_ip

    def set_my_ip(self, ip: str) -> None:
        """Change this machine's "public address" (a router or VPN that changed it): what
        ``/_sandbox/myip`` answers from now on; every instance's group is checked against it.
        Raises ValueError for text that is not an IP address."""
        self._my_ip = str(ipaddress.ip_address(ip.strip()))
        self.apply_firewall()

    def apply_firewall(self) -> None:
        """Pause the Chroma of every instance whose group does not let "my IP" reach 8000,
        resume the others (``firewall.py``)."""
        if self._runtime is None or self._world is None:
            return
        with self._lock:
            live = [i for i in self._runtime.instances.values() if not i.terminated]
        for instance in live:
            if not instance.security_groups:
                continue
            try:
                ec2 = self._world.client("ec2", instance.region)
                rules = firewall.group_permissions(ec2, instance.security_groups)
            except ClientError as exc:
                log.info("firewall: groups of %s unreadable: %s", instance.instance_id, exc)
                continue
            if rules is not None:
                instance.set_blocked(not firewall.covers(rules, self._my_ip))

    def reset(self) -> None:
        """Forget every stack, stop their Chroma servers, reset moto, seed again ("my IP"
        back to its default)."""
        if self._engine is None:
            return
        self._my_ip = MY_IP
        self._engine.shutdown()
        with urllib.request.urlopen(
            urllib.request.Request(f"{self.moto_url}/moto-api/reset", method="POST"), timeout=30
        ):
            pass
        self._seed()

    def instances(self) -> list[dict[str, Any]]:
        """Every instance the sandbox booted since the last reset (terminated ones too)."""
        if self._runtime is None:
            return []
        with self._lock:
            return [i.describe() for i in self._runtime.instances.values()]

    def _provision_default(self) -> None:
        state = self._provision_state

        def report(line: str) -> None:
            state["last"] = line
            self._progress(line)

        version = str(state["version"])
        self._installing[version] = 0
        try:
            self.chroma_bin = provision_chroma(
                report, version=version, on_package=lambda name: self._count(version)
            )
            state["ready"] = True
        except (RuntimeError, OSError) as exc:
            state["error"] = str(exc)
            log.warning("provisioning the Chroma server failed: %s", exc)
        finally:
            self._installing.pop(version, None)
            self._default_ready.set()

    def _count(self, version: str) -> None:
        self._installing[version] = self._installing.get(version, 0) + 1

    def install_progress(self, version: str) -> int | None:
        """Packages the install of ``version`` has named so far; None when none runs (an
        instance's pull shows them as image layers, as a slow docker pull would)."""
        return self._installing.get(version)

    def _chroma_for(self, version: str, progress: Any) -> Path:
        """The ``chroma`` serving ``version``: this sandbox's own (waiting for its background
        install if it is still running), else provisioned (cached)."""
        if version == self._provision_state["version"] and not self._default_ready.is_set():
            progress("waiting for the background install of the Chroma server")
            self._default_ready.wait()
        if self.chroma_bin is not None and version == version_of(self.chroma_bin):
            return self.chroma_bin
        self._installing.setdefault(version, 0)
        try:
            return provision_chroma(
                progress, version=version, on_package=lambda name: self._count(version)
            )
        finally:
            self._installing.pop(version, None)

    def _fetch(self, url: str) -> tuple[int, bytes] | None:
        """What ``curl`` gets from ``url``: S3 objects from moto; any other host is unknown."""
        where = s3url.split(url)
        if where is None or self._world is None:
            return None
        bucket, key = where
        try:
            obj = self._world.client("s3", DEFAULT_REGION).get_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 403))
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>'
                f"{error.get('Code', 'AccessDenied')}</Code><Message>"
                f"{error.get('Message', 'Access Denied')}</Message></Error>"
            )
            return status, body.encode("utf-8")
        return 200, bytes(obj["Body"].read())

    def health(self) -> dict[str, Any]:
        stacks = self._engine.stacks if self._engine else []
        return {
            "ok": True,
            "pid": os.getpid(),
            "scenario": self.scenario,
            "speed": self.speed,
            "stacks": sum(1 for s in stacks if not s.deleted),
            "chroma": dict(self._provision_state),
            "my_ip": self._my_ip,
            "endpoint": self.endpoint_url if self._front else None,
        }

    def _seed(self) -> None:
        assert self._world is not None
        s3 = self._world.client("s3", DEFAULT_REGION)
        s3.create_bucket(Bucket=TEMPLATE_BUCKET)
        s3.put_object(
            Bucket=TEMPLATE_BUCKET,
            Key=TEMPLATE_KEY,
            Body=template_body().encode("utf-8"),
            ContentType="application/json",
        )
        s3.put_object(
            Bucket=compose.ASSETS_BUCKET,
            Key=compose.ASSETS_KEY,
            Body=compose.COMPOSE_FILE.encode("utf-8"),
            ContentType="application/x-yaml",
        )
        with self._vpc_lock:
            self._stripped.clear()  # moto's reset brought the default VPCs back
