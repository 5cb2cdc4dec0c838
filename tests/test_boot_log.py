"""Boot X-ray: console text -> phases and failures; BootMonitor's decisions with a fake clock."""

from __future__ import annotations

import base64

import pytest

from chroma_tui.core.boot_log import (
    BootError,
    BootMonitor,
    BootReport,
    grace_s,
    parse_console,
)
from chroma_tui.core.boot_watch import decode_output
from chroma_tui.core.errors import ProbeError

P = "cloud-init[2210]: "
HEAD = f"""[    0.000000] Linux version 5.10.228-219.884.amzn2.x86_64 (mockbuild@ip-10-0-1-1)
[    1.204113] ACPI Error: AE_NOT_FOUND, while evaluating (20200925/psparse-529)
[    8.512034] {P}Cloud-init v. 19.3-46.amzn2.0.2 running 'modules:final' at Tue. Up 8.50 seconds.
[   22.741120] {P}Installed:
[   22.741190] {P}  docker.x86_64 0:25.0.8-1.amzn2.0.4
[   22.741230] {P}Complete!
[   24.100000] {P}Created symlink from /etc/systemd/system/multi-user.target.wants/docker.service to /usr/lib/systemd/system/docker.service.
[   25.300000] {P}  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current
[   25.900000] {P}100   345  100   345    0     0   4312      0 --:--:-- --:--:-- --:--:--  4312
[   26.200000] {P} server Pulling
"""  # noqa: E501
HEALTHY = (
    HEAD
    + f"""[   48.000000] {P} server Pulled
[   48.400000] {P} Network ec2-user_net  Created
[   48.700000] {P} Container ec2-user-server-1  Created
[   49.100000] {P} Container ec2-user-server-1  Started
[   49.300000] {P}Cloud-init v. 19.3-46.amzn2.0.2 finished at Tue. Datasource DataSourceEc2.  Up 49.30 seconds
"""  # noqa: E501
)
PULL_ERROR = (
    HEAD
    + f"""[   27.000000] {P} server Error manifest for ghcr.io/chroma-core/chroma:9.9.9 not found: manifest unknown: manifest unknown
[   27.100000] {P}Error response from daemon: manifest for ghcr.io/chroma-core/chroma:9.9.9 not found: manifest unknown: manifest unknown
[   27.300000] {P}Cloud-init v. 19.3-46.amzn2.0.2 finished at Tue. Datasource DataSourceEc2.  Up 27.30 seconds
"""  # noqa: E501
)
YAML_ERROR = f"""[   22.741120] {P}Installed:
[   22.741230] {P}Complete!
[   25.900000] {P}100   243  100   243    0     0   3012      0 --:--:-- --:--:-- --:--:--  3012
[   26.000000] {P}yaml: line 1: did not find expected key
[   26.300000] {P}Cloud-init v. 19.3-46.amzn2.0.2 finished at Tue. Datasource DataSourceEc2.  Up 26.30 seconds
"""  # noqa: E501


def names(report: BootReport) -> list[str]:
    return [p.name for p in report.phases]


def test_healthy_boot_has_every_phase_with_its_time() -> None:
    report = parse_console(HEALTHY)
    assert names(report) == ["docker", "compose", "pulled", "started", "finished"]
    assert [p.at_s for p in report.phases] == [22.74123, 25.9, 48.0, 49.1, 49.3]
    assert report.failure is None and report.container_started
    assert report.last_lines[-1].startswith("[    49.3] Cloud-init")
    assert "cloud-init[2210]" not in report.last_lines[-1]


def test_a_boot_in_progress_has_only_the_phases_so_far() -> None:
    report = parse_console(HEAD)
    assert names(report) == ["docker", "compose"]
    assert report.failure is None and not report.container_started


def test_kernel_errors_are_not_boot_failures() -> None:
    assert parse_console(HEAD).failure is None  # "ACPI Error" is a kernel line


def test_pull_error_names_the_unknown_version() -> None:
    report = parse_console(PULL_ERROR)
    assert report.failure is not None
    assert report.failure.kind == "unknown_version" and report.failure.version == "9.9.9"
    assert "manifest unknown" in report.failure.line
    assert "started" not in names(report)


def test_yaml_error_is_a_broken_compose_file() -> None:
    report = parse_console(YAML_ERROR)
    assert report.failure is not None and report.failure.kind == "compose"


def test_finished_without_started_is_a_failure() -> None:
    text = HEAD + f"[   30.000000] {P}Cloud-init v. 19.3 finished at Tue. Up 30.00 seconds\n"
    report = parse_console(text)
    assert report.failure is not None and report.failure.kind == "not_started"


def test_curl_progress_redrawn_with_carriage_returns() -> None:
    text = f"[   25.9] {P}  0   345    0     0 --:--\r100   345  100   345    0     0   4312\n"
    assert names(parse_console(text)) == ["compose"]


def test_otel_headers_never_shown() -> None:
    text = f'[   30.0] {P}OTEL_EXPORTER_OTLP_HEADERS={{"x-api-key": "s3cr3t"}}\n'
    report = parse_console(text)
    assert "s3cr3t" not in "\n".join(report.last_lines)


def test_console_output_is_base64_on_the_wire() -> None:
    encoded = base64.b64encode(HEALTHY.encode()).decode()
    assert decode_output(encoded) == HEALTHY
    assert decode_output("plain [ text") == "plain [ text"


def test_grace_from_the_environment() -> None:
    assert grace_s({}) == 90.0
    assert grace_s({"CHROMA_TUI_BOOT_GRACE_S": "4.5"}) == 4.5
    assert grace_s({"CHROMA_TUI_BOOT_GRACE_S": "soon"}) == 90.0


# -- BootMonitor ---------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


REFUSED = ProbeError("probe.refused", host="127.0.0.2", port=8000)
TIMEOUT = ProbeError("probe.timeout", host="127.0.0.2", port=8000, seconds=3)


def monitor(texts: list[str], clock: Clock, cause: str | None = None, **kw: object):
    reports: list[BootReport] = []
    it = iter(texts)
    last = {"text": ""}

    def poll() -> BootReport:
        last["text"] = next(it, last["text"])
        return parse_console(last["text"])

    mon = BootMonitor(
        poll,
        grace=90,
        poll_every_s=3,
        clock=clock,
        known_cause=lambda: cause,
        on_report=reports.append,
        **kw,  # type: ignore[arg-type]
    )
    return mon, reports


def test_refused_after_started_for_the_grace_period_means_the_container_exited() -> None:
    clock = Clock()
    mon, reports = monitor([HEAD, HEALTHY], clock)
    mon(REFUSED)  # still pulling: refusals do not count yet
    clock.now += 60
    mon(REFUSED)  # Started seen now: the grace period starts here
    assert reports[-1].container_started and reports[-1].port == "refused"
    clock.now += 89
    mon(REFUSED)
    clock.now += 1
    with pytest.raises(BootError) as caught:
        mon(REFUSED)
    err = caught.value
    assert err.key == "boot.container_exited"
    assert err.params["started"] == "49" and err.params["grace"] == "90"
    assert err.report.last_lines


def test_blank_otel_is_named_as_the_cause() -> None:
    clock = Clock()
    mon, _ = monitor([HEALTHY], clock, cause="blank_otel")
    mon(REFUSED)
    clock.now += 91
    with pytest.raises(BootError) as caught:
        mon(REFUSED)
    assert caught.value.key == "boot.otel_crash"
    assert "OpenTelemetry" in caught.value.title() and "4609" in caught.value.body()


def test_silence_is_not_refusal_and_keeps_waiting() -> None:
    clock = Clock()
    mon, reports = monitor([HEALTHY], clock)
    mon(REFUSED)
    for _ in range(10):
        clock.now += 60
        mon(TIMEOUT)  # a firewall or the IP lock: never ends the wait early
    assert reports[-1].port == "silent"
    clock.now += 60
    mon(REFUSED)  # the refusal streak starts again from here
    clock.now += 30
    mon(REFUSED)


def test_pull_error_ends_the_wait_at_once() -> None:
    clock = Clock()
    mon, reports = monitor([PULL_ERROR], clock)
    with pytest.raises(BootError) as caught:
        mon(REFUSED)
    assert caught.value.key == "boot.unknown_version"
    assert "9.9.9" in caught.value.title()
    assert reports and reports[-1].failure is not None


def test_polls_are_rate_limited_and_a_failed_read_keeps_the_last_report() -> None:
    clock = Clock()
    calls: list[float] = []
    answers = [parse_console(HEAD), BootReport(problem="Throttling")]

    def poll() -> BootReport:
        calls.append(clock.now)
        return answers[min(len(calls) - 1, 1)]

    mon = BootMonitor(poll, grace=90, poll_every_s=3, clock=clock)
    mon(REFUSED)
    clock.now += 1
    mon(REFUSED)
    assert len(calls) == 1
    clock.now += 3
    mon(REFUSED)
    assert len(calls) == 2
    assert names(mon.report) == ["docker", "compose"] and mon.report.problem == "Throttling"
