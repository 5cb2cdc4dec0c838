"""Headless: the template check before CreateStack, boot X-ray lines, the deployed version."""

from __future__ import annotations

import io
import socket
from pathlib import Path
from types import SimpleNamespace

import boot_templates
import pytest
from fakes import saved_deployment
from test_boot_log import HEALTHY, PULL_ERROR
from test_headless import run

from chroma_tui.console import FAILED, OK, Console
from chroma_tui.console_boot import boot_printer, print_boot_error
from chroma_tui.core import boot_watch
from chroma_tui.core.backend import Backend
from chroma_tui.core.boot_log import BootError, BootReport, parse_console
from chroma_tui.core.journey import Journey
from chroma_tui.core.models import ChromaConnection
from chroma_tui.core.state import DeploymentStore
from chroma_tui.headless import JourneyPrinter

pytestmark = pytest.mark.timeout(180)


def write(tmp_path: Path, document: dict, name: str = "t.json") -> str:
    path = tmp_path / name
    path.write_text(boot_templates.text(document))
    return str(path)


def test_hardcoded_blank_otel_is_refused_before_create_stack(sandbox, tmp_path):
    path = write(tmp_path, boot_templates.hardcoded_blank_otel())
    code, out, err = run("deploy", "--yes", "--stack-name", "hb1", "--template", path)
    assert code == 2
    assert "OpenTelemetry" in err and "chroma-core/chroma#4609" in err
    assert f"Template: {path} (local file, sent as TemplateBody)" in out
    assert DeploymentStore().list() == []  # nothing created, nothing to pay for


def test_otel_flags_for_a_template_without_otel_parameters_are_refused(sandbox, tmp_path):
    path = write(tmp_path, boot_templates.without_otel())
    code, _, err = run(
        "deploy", "--yes", "--stack-name", "hb2", "--template", path,
        "--otel-endpoint", "http://127.0.0.1:4317",
    )  # fmt: skip
    assert code == 2
    assert "takes no OpenTelemetry settings" in err and "ChromaOtelCollectionEndpoint" in err
    assert DeploymentStore().list() == []


def test_blank_defaults_get_safe_values_said_and_passed(sandbox, tmp_path):
    path = write(tmp_path, boot_templates.with_otel_parameters("1.0.0"))
    code, out, err = run(
        "deploy", "--yes", "--stack-name", "hb3", "--template", path, "--no-wait",
        "--chroma-version", "1.5.9",
    )  # fmt: skip
    assert code == OK, err
    assert "Safe OpenTelemetry values passed" in out and "http://127.0.0.1:4317" in out
    assert "its ChromaVersion default: 1.0.0" in out
    assert "ChromaVersion default is old" in err and "Amazon Linux 2" in err
    saved = DeploymentStore().list()[0]
    assert saved.parameters["ChromaOtelCollectionEndpoint"] == "http://127.0.0.1:4317"
    assert saved.parameters["ChromaOtelServiceName"] == "chroma"
    live = Backend().session(region="us-east-1").client("cloudformation", "us-east-1")
    stack = live.describe_stacks(StackName=saved.stack_id)["Stacks"][0]
    passed = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    assert passed["ChromaOtelCollectionEndpoint"] == "http://127.0.0.1:4317"


def test_a_too_big_template_file_is_refused_with_the_fix(sandbox, tmp_path):
    document = boot_templates.with_otel_parameters()
    document["Metadata"] = {"padding": "x" * 52_000}
    path = write(tmp_path, document)
    code, _, err = run("deploy", "--yes", "--stack-name", "hb4", "--template", path)
    assert code != 0
    assert "too large" in err and "51200" in err and "S3" in err
    assert DeploymentStore().list() == []


# -- boot X-ray through the real Backend, a refusing port and a scripted boot log ----------
def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def scripted_boot(monkeypatch, text: str, cause: str | None = None) -> None:
    monkeypatch.setattr(boot_watch.BootWatcher, "poll", lambda self: parse_console(text))
    monkeypatch.setattr(boot_watch.BootWatcher, "known_cause", lambda self: cause)


def deployment(port: int):
    d = saved_deployment(host="127.0.0.1")
    return d.evolve(server_port=port, parameters={"ChromaVersion": "1.5.9"})


def connect(backend, d, con: Console) -> int:  # type: ignore[no-untyped-def]
    """The journey's wait step for a completed deployment, printed the way headless prints it."""
    printer = JourneyPrinter(con, on_note=boot_printer(con, d.server_port or 8000))
    try:
        Journey(backend, on_event=printer).wait(d)
    except BootError as exc:
        print_boot_error(con, exc, d)
        return FAILED
    return OK


def console() -> tuple[Console, io.StringIO, io.StringIO]:
    out, err = io.StringIO(), io.StringIO()
    return Console(out, err, io.StringIO()), out, err


def test_container_exited_after_the_grace_period(monkeypatch):
    monkeypatch.setenv("CHROMA_TUI_BOOT_GRACE_S", "1.5")
    scripted_boot(monkeypatch, HEALTHY, cause="blank_otel")
    port = closed_port()
    con, out, err = console()
    code = connect(Backend(), deployment(port), con)
    assert code == FAILED
    text = out.getvalue()
    assert "Boot: Docker installed (at 23 s)" in text
    assert "Boot: Container started (at 49 s)" in text
    assert "still refuses connections" in text
    assert "Chroma's container exited: blank OpenTelemetry values" in err.getvalue()
    assert "chroma-core/chroma#4609" in err.getvalue()
    assert "The boot log's last lines:" in err.getvalue()
    assert "chroma-tui delete --stack-name" in err.getvalue()


def test_pull_error_ends_the_wait_at_once(monkeypatch):
    scripted_boot(monkeypatch, PULL_ERROR)
    con, _, err = console()
    code = connect(Backend(), deployment(closed_port()), con)
    assert code == FAILED
    assert "Chroma 9.9.9 does not exist" in err.getvalue()
    assert "manifest unknown" in err.getvalue()


def test_boot_error_reaches_the_caller_of_backend_wait(monkeypatch):
    monkeypatch.setenv("CHROMA_TUI_BOOT_GRACE_S", "1")
    scripted_boot(monkeypatch, HEALTHY)
    seen: list[BootReport] = []
    with pytest.raises(BootError) as caught:
        Backend().wait_for_chroma(
            "127.0.0.1", closed_port(), deployment=deployment(0), on_boot=seen.append
        )
    assert caught.value.key == "boot.container_exited"
    assert seen and seen[-1].port == "refused"


def test_version_mismatch_is_warned(monkeypatch):
    con, out, err = console()
    fake = SimpleNamespace(
        wait_for_chroma=lambda *a, **k: ChromaConnection("127.0.0.1", 8000, 1, "1.0.0", 1, 1, 0),
        record_heartbeat=lambda d: d,
        my_ip=lambda: "203.0.113.7",
    )
    monkeypatch.setattr("chroma_tui.core.deployed_version.default_chroma_version", lambda: "1.5.9")
    d = deployment(8000).evolve(parameters={"ChromaVersion": "1.4.0"})
    assert connect(fake, d, con) == OK  # type: ignore[arg-type]
    assert "Chroma 1.4.0 deployed (ChromaVersion); the server reports API version 1.0.0" in (
        out.getvalue()
    )
    assert "client is 1.5.9 but the server runs Chroma 1.4.0" in err.getvalue()


def test_failed_status_checks_are_printed_once():
    from chroma_tui.console_boot import boot_printer
    from chroma_tui.core.boot_log import InstanceHealth

    con, out, err = console()
    show = boot_printer(con, 8000)
    report = parse_console(HEALTHY)
    bad = BootReport(phases=report.phases, health=InstanceHealth("impaired", "ok"))
    show(bad)
    show(bad)
    assert err.getvalue().count("Status checks FAILED: instance impaired, system ok.") == 1
    assert out.getvalue().count("Boot: Chroma image pulled (at 48 s)") == 1
