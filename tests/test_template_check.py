"""template_check: the .env the boot writes, safe OpenTelemetry values, refusals, stale warnings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from pathlib import Path

import boot_templates
import pytest

from chroma_tui.core import template_check
from chroma_tui.core.models import LaunchPlan, TemplateInfo, TemplateParameter
from chroma_tui.core.template import parse_template
from chroma_tui.core.template_check import (
    SAFE_OTEL_ENDPOINT,
    SAFE_OTEL_SERVICE_NAME,
    check_plan,
    env_lines,
    source_text,
    user_data,
)
from chroma_tui.i18n import t

TODAY = date(2026, 12, 1)


Info = Callable[[dict], TemplateInfo]


@pytest.fixture
def info(tmp_path: Path) -> Info:
    """A template from a local file (``--template ./chroma.cf.json``), parsed."""

    def parse(document: dict) -> TemplateInfo:
        path = tmp_path / "chroma.cf.json"
        text = boot_templates.text(document)
        path.write_text(text, encoding="utf-8")
        return parse_template(text, source=str(path), url=None)

    return parse


def plan(template: TemplateInfo, **kw: object) -> LaunchPlan:
    base = LaunchPlan(
        region="us-east-1",
        stack_name="my-chroma-stack",
        instance_type="t3.small",
        chroma_version="1.5.9",
        template=template,
    )
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def kinds(check: template_check.TemplateCheck) -> set[str]:
    return {f.kind for f in check.findings}


def test_userdata_is_resolved_like_cloudformation() -> None:
    document = boot_templates.with_otel_parameters()
    script = user_data(document, {"ChromaVersion": "1.4.0", "ChromaOtelCollectionEndpoint": "e"})
    assert script is not None
    assert "s/CHROMA_VERSION/1.4.0/g" in script
    assert "echo 'CHROMA_OPEN_TELEMETRY__ENDPOINT=e' >> /home/ec2-user/.env" in script
    env = env_lines(script)
    assert env["CHROMA_OPEN_TELEMETRY__ENDPOINT"] == "e"
    assert env["CHROMA_OPEN_TELEMETRY__SERVICE_NAME"] == "<ChromaOtelServiceName>"


def test_env_lines_read_echo_and_heredoc_and_ignore_other_files() -> None:
    script = (
        'echo "A=1" >> /home/ec2-user/.env\n'
        "echo 'B=' > .env\n"
        "echo 'C=3' >> /etc/other\n"
        "cat <<EOF > /home/ec2-user/.env\nD=4\nE=\nEOF\n"
        "echo done\n"
    )
    assert env_lines(script) == {"A": "1", "B": "", "D": "4", "E": ""}


def test_official_shape_on_defaults_gets_safe_values(info: Info) -> None:
    check = check_plan(plan(info(boot_templates.with_otel_parameters())), today=TODAY)
    assert check.plan.otel_endpoint == SAFE_OTEL_ENDPOINT
    assert check.plan.otel_service_name == SAFE_OTEL_SERVICE_NAME
    params = check.plan.parameters()
    assert params["ChromaOtelCollectionEndpoint"] == "http://127.0.0.1:4317"
    assert params["ChromaOtelServiceName"] == "chroma"
    assert (
        check.env is not None and check.env["CHROMA_OPEN_TELEMETRY__ENDPOINT"] == SAFE_OTEL_ENDPOINT
    )
    assert "otel_safe" in kinds(check) and not check.refusals
    note = next(f for f in check.findings if f.kind == "otel_safe")
    assert "http://127.0.0.1:4317" in note.text() and "chroma-core/chroma#4609" in note.text()


def test_user_endpoint_is_kept_and_only_the_blank_service_name_filled(info: Info) -> None:
    chosen = plan(info(boot_templates.with_otel_parameters()), otel_endpoint="https://otel.example")
    check = check_plan(chosen, today=TODAY)
    assert check.plan.otel_endpoint == "https://otel.example"
    assert check.plan.otel_service_name == "chroma"
    # The note says what chroma-tui chose (the service name), not that it chose the endpoint
    assert "otel_safe" not in kinds(check)
    note = next(f for f in check.findings if f.kind == "otel_safe_service")
    assert "https://otel.example" in note.text() and "service name chroma" in note.text()
    assert "passes endpoint" not in note.text()


def test_user_values_need_nothing(info: Info) -> None:
    chosen = plan(
        info(boot_templates.with_otel_parameters()),
        otel_endpoint="https://otel.example",
        otel_service_name="mine",
    )
    check = check_plan(chosen, today=TODAY)
    assert check.plan == chosen
    assert "otel_safe" not in kinds(check) and not check.refusals


def test_hardcoded_blank_values_are_refused_whatever_is_passed(info: Info) -> None:
    check = check_plan(plan(info(boot_templates.hardcoded_blank_otel())), today=TODAY)
    assert [f.kind for f in check.refusals] == ["otel_hardcoded"]
    assert check.blank_otel
    words = check.refusals[0].text()
    assert "OpenTelemetry" in words and "chroma-core/chroma#4609" in words
    # Setting an endpoint does not help: the UserData ignores it.
    again = check_plan(
        plan(info(boot_templates.hardcoded_blank_otel()), otel_endpoint="http://x:4317"),
        today=TODAY,
    )
    assert "otel_hardcoded" in kinds(again)


def test_otel_options_for_a_template_without_them_are_refused(info: Info) -> None:
    template = info(boot_templates.without_otel())
    check = check_plan(plan(template, otel_endpoint="http://x:4317"), today=TODAY)
    refusal = check.refusals[0]
    assert refusal.kind == "otel_unsupported"
    assert "ChromaOtelCollectionEndpoint" in refusal.body() and "endpoint" in refusal.body()
    # Without OTel options the 2024 template is fine (its blank auth lines boot).
    quiet = check_plan(plan(template), today=TODAY)
    assert not quiet.refusals and "otel_safe" not in kinds(quiet)


def test_stale_template_warnings(info: Info) -> None:
    check = check_plan(
        plan(info(boot_templates.without_otel())), today=TODAY, client_version="1.5.9"
    )
    assert {"al2_ended", "version_placeholder"} <= kinds(check)
    placeholder = next(f for f in check.findings if f.kind == "version_placeholder")
    assert "LATEST_VERSION" in placeholder.body() and "1.5.9" in placeholder.fix()
    old = check_plan(
        plan(info(boot_templates.with_otel_parameters("1.0.0"))),
        today=TODAY,
        client_version="1.5.9",
    )
    assert "version_old" in kinds(old)
    before = check_plan(plan(info(boot_templates.with_otel_parameters())), today=date(2026, 1, 1))
    assert "al2_ending" in kinds(before) and "al2_ended" not in kinds(before)
    current = check_plan(
        plan(info(boot_templates.with_otel_parameters("1.5.9"))), client_version="1.5.9"
    )
    assert not kinds(current) & {"version_old", "version_placeholder"}


def test_summary_only_official_template_gets_safe_values() -> None:
    summary = TemplateInfo(
        source="https://s3.amazonaws.com/b/t.json",
        url="https://s3.amazonaws.com/b/t.json",
        body=None,
        parameters=(
            TemplateParameter("InstanceType", "t3.small"),
            TemplateParameter("ChromaVersion", "1.5.9"),
            TemplateParameter("ChromaOtelCollectionEndpoint", ""),
            TemplateParameter("ChromaOtelServiceName", ""),
        ),
        regions=("us-east-1",),
        outputs=(),
    )
    check = check_plan(plan(summary), today=TODAY)
    assert check.plan.otel_endpoint == SAFE_OTEL_ENDPOINT
    assert {"otel_safe", "summary_only"} <= kinds(check)


@pytest.mark.parametrize(
    ("source", "url", "body", "how"),
    [
        ("https://s3.amazonaws.com/b/t.json", "https://s3.amazonaws.com/b/t.json", "{}", "s3"),
        ("https://s3.amazonaws.com/b/t.json", "https://s3.amazonaws.com/b/t.json", None, "summary"),
        ("https://example.com/t.json", None, "{}", "https"),
        ("./chroma.cf.json", None, "{}", "file"),
    ],
)
def test_source_text(source: str, url: str | None, body: str | None, how: str) -> None:
    template = TemplateInfo(
        source=source,
        url=url,
        body=body,
        parameters=(TemplateParameter("ChromaVersion", "1.5.9"),),
        regions=("us-east-1",),
        outputs=(),
    )
    line = source_text(template)
    assert source in line and "1.5.9" in line and t(f"check.source.{how}") in line


def test_deployed_env_finds_blank_otel(tmp_path: Path) -> None:
    body = boot_templates.text(boot_templates.with_otel_parameters())
    blank = template_check.deployed_env(
        body, {"ChromaOtelCollectionEndpoint": "", "ChromaVersion": "1.5.9"}
    )
    assert template_check.blank_otel_in(blank)
    fine = template_check.deployed_env(
        body, {"ChromaOtelCollectionEndpoint": "http://e", "ChromaOtelServiceName": "s"}
    )
    assert not template_check.blank_otel_in(fine)


def test_why_a_url_could_not_be_read() -> None:
    from chroma_tui.core.template import unavailable_reason

    assert unavailable_reason(["S3 GetObject: HTTP 403 AccessDenied: Access Denied"]) == "403"
    assert unavailable_reason(["HTTPS GET: HTTP 404 Not Found", "S3 GetObject: x"]) == "404"
    assert unavailable_reason(["HTTPS GET: <urlopen error timed out>"]) == "unreachable"


def test_relaunch_sends_a_non_s3_url_as_the_body(monkeypatch) -> None:
    from chroma_tui.core import stacks
    from chroma_tui.core import template as template_module

    body = boot_templates.text(boot_templates.with_otel_parameters())
    monkeypatch.setattr(template_module, "http_get", lambda url, timeout_s=5.0: body.encode())
    assert stacks.template_args(None, None, "https://example.com/t.json") == {"TemplateBody": body}
    s3 = "https://s3.amazonaws.com/b/t.json"
    assert stacks.template_args(None, None, s3) == {"TemplateURL": s3}
