"""The sandbox instance boots like EC2: its own 127.0.0.N:8000, the UserData interpreted (never
run by a shell), the image version that runs, the serial console and the status checks."""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from sandbox_helpers import (
    SAFE_OTEL,
    TEMPLATE_URL,
    cfn_parameters,
    client,
    heartbeat,
    outputs,
    wait_stack,
)

from chroma_tui.sandbox import chroma, compose, userdata
from chroma_tui.sandbox.instance import loopback_endpoint
from chroma_tui.sandbox.loopback import AddressPool, NoFreeAddress
from chroma_tui.sandbox.sandbox import sandbox_env

STAMP = re.compile(r"^\[\s*(\d+\.\d{6})\] ")
CLOUD_INIT = "cloud-init[2210]: "


# -- helpers ----------------------------------------------------------------------------------
def launch(cf, name: str, params: dict[str, str] | None = None, **kw) -> dict:
    """Create a stack from the sandbox's template; wait for CREATE_COMPLETE."""
    kw.setdefault("TemplateURL", TEMPLATE_URL)
    stack_id = cf.create_stack(StackName=name, Parameters=cfn_parameters(params or {}), **kw)[
        "StackId"
    ]
    stack = wait_stack(cf, stack_id)
    assert stack["StackStatus"] == "CREATE_COMPLETE", stack
    return stack


def instance_id(cf, name: str) -> str:
    rows = cf.describe_stack_resources(StackName=name, LogicalResourceId="ChromaInstance")
    return rows["StackResources"][0]["PhysicalResourceId"]


def console(ec2, iid: str, latest: bool = True) -> list[str]:
    answer = ec2.get_console_output(InstanceId=iid, Latest=latest)
    return answer.get("Output", "").splitlines()


def wait_console(ec2, iid: str, marker: str, deadline_s: float = 60.0) -> list[str]:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        lines = console(ec2, iid)
        if any(marker in line for line in lines):
            return lines
        time.sleep(0.1)
    raise AssertionError(f"{marker!r} never in the console output:\n" + "\n".join(lines))


def index_of(lines: list[str], marker: str) -> int:
    return next(i for i, line in enumerate(lines) if marker in line)


def refuses(host: str, port: int = 8000) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) != 0


def instance_info(sandbox, iid: str) -> dict:
    with urllib.request.urlopen(f"{sandbox.endpoint_url}/_sandbox/instances", timeout=5) as resp:
        rows = json.loads(resp.read())["instances"]
    return next(r for r in rows if r["instance_id"] == iid)


def user_data_template(lines: list[object]) -> str:
    """A small template of our own whose instance runs ``lines`` (Fn::Join'd, Fn::Sub allowed)."""
    return json.dumps(
        {
            "Parameters": {"ChromaVersion": {"Type": "String", "Default": "1.5.9"}},
            "Resources": {
                "ChromaInstance": {
                    "Type": "AWS::EC2::Instance",
                    "Properties": {
                        "ImageId": "ami-04681a1dbd79675a5",
                        "InstanceType": "t3.small",
                        "UserData": {"Fn::Base64": {"Fn::Join": ["", lines]}},
                    },
                }
            },
            "Outputs": {"ServerIp": {"Value": {"Fn::GetAtt": ["ChromaInstance", "PublicIp"]}}},
        }
    )


# -- loopback addresses -----------------------------------------------------------------------
def test_addresses_are_distinct_skip_busy_ones_and_come_back_when_freed():
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("127.0.0.240", 8000))  # someone else's server on .240
        busy.listen()
        mine, other = AddressPool(240, 243), AddressPool(240, 243)  # two sandboxes
        a = mine.allocate()
        b = other.allocate()
        assert "127.0.0.240" not in (a, b)
        assert a != b and {a, b} <= {"127.0.0.241", "127.0.0.242", "127.0.0.243"}
        assert mine.held() == [a]
        mine.free(a)
        assert mine.held() == []
        assert other.allocate() == a  # free again: the lowest free one
        other.free_all()
        assert other.held() == []


def test_no_free_address_is_an_error():
    with socket.socket() as busy:
        busy.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        busy.bind(("127.0.0.244", 8000))
        busy.listen()
        with pytest.raises(NoFreeAddress):
            AddressPool(244, 244).allocate()


# -- UserData and the compose file, read without a shell --------------------------------------
SCRIPT = """#!/bin/bash
amazon-linux-extras install docker -y
usermod -a -G docker ec2-user
curl -L https://github.com/docker/compose/releases/latest/download/dc-$(uname -s) -o /usr/bin/dc
curl -o /home/ec2-user/docker-compose.yml https://s3.amazonaws.com/b/compose.yml
sed -i 's/CHROMA_VERSION/1.5.9/g' /home/ec2-user/docker-compose.yml
# a comment
echo 'CHROMA_OPEN_TELEMETRY__ENDPOINT=' >> /home/ec2-user/.env
echo 'OTEL_EXPORTER_OTLP_HEADERS={"k": "v"}' >> /home/ec2-user/.env
rm -rf /
cd /home/ec2-user
sudo -u ec2-user docker-compose up -d
"""


def test_userdata_steps_are_modelled_or_skipped():
    encoded = base64.b64encode(SCRIPT.encode()).decode()
    steps = userdata.parse(userdata.decode(encoded)).steps
    assert [s.kind for s in steps] == [
        "install-docker",
        "skip",
        "skip",  # a download whose name needs $(...): never evaluated
        "fetch",
        "sed",
        "append",
        "append",
        "skip",
        "compose-up",
    ]
    fetch, sed, first, second = steps[3], steps[4], steps[5], steps[6]
    assert (fetch.url, fetch.path) == (
        "https://s3.amazonaws.com/b/compose.yml",
        "/home/ec2-user/docker-compose.yml",
    )
    assert (sed.old, sed.new, sed.path) == (
        "CHROMA_VERSION",
        "1.5.9",
        "/home/ec2-user/docker-compose.yml",
    )
    assert first.new == "CHROMA_OPEN_TELEMETRY__ENDPOINT=" and first.path == "/home/ec2-user/.env"
    assert steps[-1].cwd == "/home/ec2-user"
    env = userdata.env_lines(first.new + "\n# note\n\n" + second.new + "\n")
    assert env == {
        "CHROMA_OPEN_TELEMETRY__ENDPOINT": "",
        "OTEL_EXPORTER_OTLP_HEADERS": '{"k": "v"}',
    }


def test_the_seeded_compose_file_and_a_broken_download():
    service = compose.read(compose.COMPOSE_FILE.replace("CHROMA_VERSION", "1.5.9"))
    assert service.image == "ghcr.io/chroma-core/chroma:1.5.9"
    assert (service.repository, service.tag) == (compose.CHROMA_IMAGE, "1.5.9")
    assert service.host_port == 8000 and service.env_files == (".env",)
    assert service.volumes == ("index_data",)
    assert "restart" not in compose.COMPOSE_FILE
    s3_error = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code></Error>'
    with pytest.raises(compose.ComposeError, match=r"^yaml: line \d+: did not find expected key"):
        compose.read(s3_error)


def test_non_loopback_otel_endpoints_are_kept_on_this_machine():
    assert loopback_endpoint("") == ""  # blank stays blank: the real panic still happens
    assert loopback_endpoint("http://127.0.0.1:4317") == "http://127.0.0.1:4317"
    assert loopback_endpoint("https://api.honeycomb.io") == "https://127.0.0.1:4317"
    assert loopback_endpoint("api.honeycomb.io") == "http://127.0.0.1:4317"


def test_boot_grace_is_scaled_with_a_floor():
    assert sandbox_env("http://127.0.0.1:1", 1.0)["CHROMA_TUI_BOOT_GRACE_S"] == "90"
    assert sandbox_env("http://127.0.0.1:1", 10.0)["CHROMA_TUI_BOOT_GRACE_S"] == "9"
    assert sandbox_env("http://127.0.0.1:1", 40.0)["CHROMA_TUI_BOOT_GRACE_S"] == "3"


def test_offline_an_unprovisioned_version_never_reaches_pip(monkeypatch):
    monkeypatch.delenv("CHROMA_TUI_CHROMA_BIN", raising=False)
    monkeypatch.setenv("CHROMA_TUI_SANDBOX_OFFLINE", "1")
    monkeypatch.setattr(chroma, "_stream", lambda cmd, progress: pytest.fail(f"ran {cmd}"))
    with pytest.raises(chroma.ProvisionError):
        chroma.provision_chroma(version="1.4.0")
    with pytest.raises(chroma.ProvisionError):
        chroma.provision_chroma(version="1.5.9; rm -rf /")  # not a version: never handed on


# -- booting on the sandbox -------------------------------------------------------------------
def test_boot_phases_in_order_then_a_heartbeat_on_its_own_address(sandbox):
    cf, ec2 = client("cloudformation"), client("ec2")
    stack = launch(cf, "boot1", SAFE_OTEL)
    address = outputs(stack)["ServerIp"]
    assert re.fullmatch(r"127\.0\.0\.\d+", address) and address != "127.0.0.1"
    iid = instance_id(cf, "boot1")

    lines = wait_console(ec2, iid, "finished at")

    assert all(STAMP.match(line) for line in lines), lines
    stamps = [float(STAMP.match(line).group(1)) for line in lines]
    assert stamps == sorted(stamps)
    assert lines[0].endswith(
        "] Linux version 5.10.228-219.884.amzn2.x86_64 (mockbuild@ip-10-0-38-130) (gcc10-gcc "
        "(GCC) 10.5.0 20230707 (Red Hat 10.5.0-1), GNU ld version 2.35.2-9.amzn2.0.1) #1 SMP "
        "Tue Nov 5 22:00:06 UTC 2024"
    )
    order = [
        "running 'modules:final'",
        CLOUD_INIT + "Installed:",
        CLOUD_INIT + "Complete!",
        CLOUD_INIT + "100 ",
        CLOUD_INIT + " server Pulling",
        CLOUD_INIT + " server Pulled",
        CLOUD_INIT + " Network ec2-user_net  Created",
        CLOUD_INIT + ' Volume "ec2-user_index_data"  Created',
        CLOUD_INIT + " Container ec2-user-server-1  Created",
        CLOUD_INIT + " Container ec2-user-server-1  Started",
        "Datasource DataSourceEc2.  Up ",
    ]
    positions = [index_of(lines, marker) for marker in order]
    assert positions == sorted(positions)
    # a realistic boot: about 45 s of the scaled clock between cloud-init's start and the end
    assert stamps[positions[-1]] - stamps[positions[0]] > 40
    assert heartbeat(address)["nanosecond heartbeat"] > 0
    # Chroma's own output stays out of the serial console (docker-compose up -d is detached)
    text = "\n".join(lines)
    assert "chroma run" not in text and "OpenTelemetry" not in text
    info = instance_info(sandbox, iid)
    assert (info["address"], info["port"], info["version"]) == (address, 8000, "1.5.9")
    assert "usermod -a -G docker ec2-user" in info["skipped"]
    assert Path(info["log"]).read_text().startswith("$ ")  # Chroma's output: in its own log
    # without Latest: only what was buffered shortly after the start
    early = console(ec2, iid, latest=False)
    assert early and all("cloud-init" not in line for line in early)


def test_instance_status_initializing_then_ok(sandbox):
    cf, ec2 = client("cloudformation"), client("ec2")
    launch(cf, "status1", SAFE_OTEL)
    iid = instance_id(cf, "status1")

    def status() -> tuple[str, str, str]:
        rows = ec2.describe_instance_status(InstanceIds=[iid], IncludeAllInstances=True)
        row = rows["InstanceStatuses"][0]
        return (
            row["InstanceState"]["Name"],
            row["InstanceStatus"]["Status"],
            row["SystemStatus"]["Status"],
        )

    assert status() == ("running", "initializing", "initializing")
    deadline = time.monotonic() + 30
    while status() != ("running", "ok", "ok"):
        assert time.monotonic() < deadline, status()
        time.sleep(0.2)
    cf.delete_stack(StackName="status1")
    wait_stack(cf, cf.describe_stacks(StackName="status1")["Stacks"][0]["StackId"])
    rows = ec2.describe_instance_status(InstanceIds=[iid], IncludeAllInstances=True)
    assert rows["InstanceStatuses"][0]["InstanceState"]["Name"] == "terminated"
    assert ec2.describe_instance_status(InstanceIds=[iid])["InstanceStatuses"] == []


def test_blank_opentelemetry_values_start_the_container_and_the_port_refuses(sandbox):
    cf, ec2 = client("cloudformation"), client("ec2")
    stack = launch(cf, "blank1")  # the template's defaults: empty endpoint and service name
    address = outputs(stack)["ServerIp"]
    iid = instance_id(cf, "blank1")

    lines = wait_console(ec2, iid, "finished at")

    assert any("Container ec2-user-server-1  Started" in line for line in lines)
    deadline = time.monotonic() + 30
    while instance_info(sandbox, iid)["phase"] != "exited":  # the real Chroma 1.x panicked
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert refuses(address)
    log_text = Path(instance_info(sandbox, iid)["log"]).read_text()
    assert "could not build span exporter for tracing" in log_text
    assert "InvalidUri" not in "\n".join(console(ec2, iid))


def test_an_unknown_version_fails_like_a_docker_pull(sandbox):
    cf, ec2 = client("cloudformation"), client("ec2")
    stack = launch(cf, "v999", {**SAFE_OTEL, "ChromaVersion": "9.9.9"})
    iid = instance_id(cf, "v999")

    lines = wait_console(ec2, iid, "finished at")

    manifest = (
        "manifest for ghcr.io/chroma-core/chroma:9.9.9 not found: manifest unknown: "
        "manifest unknown"
    )
    assert any(line.endswith(CLOUD_INIT + " server Error " + manifest) for line in lines)
    assert any(
        line.endswith(CLOUD_INIT + "Error response from daemon: " + manifest) for line in lines
    )
    assert index_of(lines, "Error response") < index_of(lines, "finished at")
    assert not any("Started" in line or "server Pulled" in line for line in lines)
    assert refuses(outputs(stack)["ServerIp"])


def test_the_version_the_userdata_asks_for_is_the_one_that_runs(sandbox, chroma_bin):
    # Given another version provisioned in this test's cache (its executable: the real server)
    venv = chroma.server_dir("1.5.8")
    (venv / "bin").mkdir(parents=True)
    (venv / "bin" / "chroma").symlink_to(chroma_bin)
    (venv / chroma.COMPLETE_MARKER).write_text("1.5.8\n")
    cf, ec2 = client("cloudformation"), client("ec2")
    stack = launch(cf, "v158", {**SAFE_OTEL, "ChromaVersion": "1.5.8"})
    iid = instance_id(cf, "v158")

    wait_console(ec2, iid, "finished at")

    heartbeat(outputs(stack)["ServerIp"])
    info = instance_info(sandbox, iid)
    assert info["version"] == "1.5.8"
    first = Path(info["log"]).read_text().splitlines()[0]
    assert first.startswith(f"$ {venv / 'bin' / 'chroma'} run ") and first.endswith("config.yaml")


def test_a_compose_download_that_fails_leaves_xml_and_no_container(sandbox):
    body = user_data_template(
        [
            "#!/bin/bash\n",
            "yum install -y docker\n",
            "curl -o /home/ec2-user/docker-compose.yml "
            "https://s3.amazonaws.com/public.trychroma.com/cloudformation/assets/missing.yml\n",
            "cd /home/ec2-user\n",
            "docker-compose up -d\n",
        ]
    )
    cf, ec2 = client("cloudformation"), client("ec2")
    launch(cf, "nocompose", TemplateBody=body)
    lines = wait_console(ec2, instance_id(cf, "nocompose"), "finished at")
    assert any("yaml: line 1: did not find expected key" in line for line in lines)
    assert not any("Started" in line for line in lines)


def test_userdata_is_never_run_by_a_shell(sandbox, tmp_path):
    witness = tmp_path / "pwned"
    body = user_data_template(
        [
            "#!/bin/bash\n",
            f"touch {witness}\n",
            f"echo 'x' > {witness}\n",
            {"Fn::Sub": f"echo '${{ChromaVersion}}' >> {witness}\n"},
        ]
    )
    cf, ec2 = client("cloudformation"), client("ec2")
    launch(cf, "noshell", TemplateBody=body)
    iid = instance_id(cf, "noshell")
    wait_console(ec2, iid, "finished at")
    assert not witness.exists()
    assert f"touch {witness}" in instance_info(sandbox, iid)["skipped"]


def test_leaving_no_default_vpc_brings_the_default_vpcs_back(sandbox):
    ec2 = client("ec2")
    only_default = [{"Name": "isDefault", "Values": ["true"]}]
    sandbox.set_scenario("no-default-vpc")
    assert ec2.describe_vpcs(Filters=only_default)["Vpcs"] == []

    sandbox.set_scenario("ok")

    assert len(ec2.describe_vpcs(Filters=only_default)["Vpcs"]) == 1
    cf = client("cloudformation")
    stack = launch(cf, "back-to-ok", SAFE_OTEL)
    assert heartbeat(outputs(stack)["ServerIp"])["nanosecond heartbeat"] > 0


# -- first run: provisioning in the background, in the app's language -------------------------
RAW_PIP = [
    "Collecting chromadb==1.5.9",
    "  Downloading chromadb-1.5.9-cp39-abi3-manylinux_2_17_x86_64.whl (19.8 MB)",
    "Collecting numpy>=1.22.5",
    "Installing collected packages: numpy, chromadb",
    "Successfully installed chromadb-1.5.9 numpy-2.1.0",
]


def fake_installer(calls: list[list[str]], raw: list[str]):
    def stream(cmd: list[str], line) -> None:
        calls.append(cmd)
        line("$ " + " ".join(cmd))
        if cmd[1:3] == ["-m", "venv"] or cmd[1] == "venv":
            (Path(cmd[-1]) / "bin").mkdir(parents=True)
            (Path(cmd[-1]) / "bin" / "chroma").write_text("#!/bin/sh\n")
        else:
            for text in raw:
                line(text)

    return stream


def test_provisioning_reports_in_the_apps_language_and_logs_pips_output(monkeypatch, caplog):
    from chroma_tui import i18n

    monkeypatch.delenv("CHROMA_TUI_CHROMA_BIN", raising=False)
    monkeypatch.delenv("CHROMA_TUI_SANDBOX_OFFLINE", raising=False)
    monkeypatch.setattr(chroma, "installer", lambda: None)
    calls: list[list[str]] = []
    monkeypatch.setattr(chroma, "_stream", fake_installer(calls, RAW_PIP))
    i18n.set_language("zh-CN")
    shown: list[str] = []
    with caplog.at_level("INFO", logger="chroma_tui.sandbox.chroma"):
        chroma.provision_chroma(shown.append, version="1.4.1")

    assert calls[0][1:3] == ["-m", "venv"] and calls[1][-1] == "chromadb==1.4.1"
    assert shown and all("Chroma 服务器 1.4.1" in line for line in shown)
    assert any("个软件包" in line for line in shown)  # the packages seen so far
    assert shown[-1].startswith("Chroma 服务器 1.4.1 已安装")
    assert not any(raw.strip() in line for raw in RAW_PIP for line in shown)
    assert all(raw in caplog.text for raw in RAW_PIP)  # the whole output: in the log file


def test_uv_is_used_when_it_is_installed(monkeypatch):
    monkeypatch.delenv("CHROMA_TUI_CHROMA_BIN", raising=False)
    monkeypatch.delenv("CHROMA_TUI_SANDBOX_OFFLINE", raising=False)
    monkeypatch.setattr(chroma, "installer", lambda: "/opt/fake/uv")
    calls: list[list[str]] = []
    monkeypatch.setattr(chroma, "_stream", fake_installer(calls, [" + chromadb==1.4.1"]))
    path = chroma.provision_chroma(version="1.4.1")
    venv = chroma.server_dir("1.4.1")
    assert calls[0][:2] == ["/opt/fake/uv", "venv"] and calls[0][-1] == str(venv)
    assert calls[1][:3] == ["/opt/fake/uv", "pip", "install"]
    assert calls[1][-1] == "chromadb==1.4.1" and str(venv / "bin" / "python") in calls[1]
    assert path == venv / "bin" / "chroma"


def test_the_sandbox_starts_at_once_and_a_boot_waits_for_its_chroma(chroma_bin, monkeypatch):
    from chroma_tui.sandbox import Sandbox
    from chroma_tui.sandbox import sandbox as sandbox_module

    monkeypatch.setenv("CHROMA_TUI_SANDBOX_OFFLINE", "1")
    installed = threading.Event()
    shown: list[str] = []

    def slow_install(progress, version=None):
        progress(f"installing {version}")
        assert installed.wait(60)
        return chroma_bin

    monkeypatch.setattr(sandbox_module, "ready_chroma", lambda version=None: None)
    monkeypatch.setattr(sandbox_module, "provision_chroma", slow_install)
    with Sandbox(speed=40, progress=shown.append) as box:
        assert box.health()["chroma"]["ready"] is False  # started before the server exists
        for name, value in box.env().items():
            monkeypatch.setenv(name, value)
        cf, ec2 = client("cloudformation"), client("ec2")
        stack = launch(cf, "first-run", SAFE_OTEL)
        iid = instance_id(cf, "first-run")
        wait_console(ec2, iid, " server Pulling")
        time.sleep(2)  # far longer than a pull at speed 40: it waits for the install
        assert not any("Pulled" in line for line in console(ec2, iid))

        installed.set()

        wait_console(ec2, iid, "Container ec2-user-server-1  Started")
        # "Started" is said once the server listens, as the image's server does at once
        socket.create_connection((outputs(stack)["ServerIp"], 8000), timeout=1).close()
        assert heartbeat(outputs(stack)["ServerIp"])["nanosecond heartbeat"] > 0
        assert box.health()["chroma"]["ready"] is True
        assert shown == [f"installing {chroma.client_version()}"]
