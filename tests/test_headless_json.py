"""``--json`` on deploy / watch / status / delete / lock: JSON lines only on stdout (issue 12).

Every stdout line must parse with ``json.loads`` and carry a ``type``; the human text goes to
stderr; exit codes are those of the plain commands; no secret reaches the JSON.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from chroma_tui import cli
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(180)

SAFE_OTEL_ARGS = (
    "--otel-endpoint",
    "http://127.0.0.1:4317",
    "--otel-service-name",
    "chroma-sandbox-test",
)


def run(*argv: str) -> tuple[int, list[dict[str, Any]], str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, lines(out.getvalue()), err.getvalue()


def lines(text: str) -> list[dict[str, Any]]:
    """Every line of stdout as JSON (fails on any line that is not an object with a type)."""
    records = []
    for line in text.splitlines():
        record = json.loads(line)
        assert isinstance(record, dict) and isinstance(record.get("type"), str), line
        records.append(record)
    return records


def types(records: list[dict[str, Any]]) -> list[str]:
    return [r["type"] for r in records]


def test_deploy_json_on_the_sandbox_ends_with_the_heartbeat_and_result(sandbox):
    secret = "api-key=s3cr3t-value"
    code, records, err = run(
        "deploy",
        "--json",
        "--yes",
        "--stack-name",
        "j1",
        "--region",
        "us-east-1",
        *SAFE_OTEL_ARGS,
        "--otel-headers",
        json.dumps({"x-honeycomb-team": secret}),
    )
    assert code == 0, err
    kinds = types(records)
    assert kinds[-2:] == ["heartbeat", "result"]
    assert kinds[0] == "identity" and "launched" in kinds
    beat, result = records[-2], records[-1]
    assert beat["heartbeat_ns"] > 1_600_000_000 * 10**9 and beat["host"].startswith("127.0.0.")
    assert result == {**result, "command": "deploy", "exit_code": 0, "ok": True}
    assert result["deployment"]["stack_name"] == "j1"
    assert result["deployment"]["last_heartbeat_at"]
    assert result["heartbeat"]["heartbeat_ns"] == beat["heartbeat_ns"]
    events = [r for r in records if r["type"] == "stack_event"]
    assert [(e["logical_id"], e["status"]) for e in events][-1] == ("j1", "CREATE_COMPLETE")
    assert events[0]["reason"] == "User Initiated" and events[0]["gloss"]  # raw + plain words
    assert {"boot_phase", "wait_started", "lock_done", "stack_completed"} <= set(kinds)
    phases = [r["phase"] for r in records if r["type"] == "boot_phase"]
    assert phases[:2] == ["docker", "compose"] and len(phases) == len(set(phases))
    whole = json.dumps(records)
    assert secret not in whole and "s3cr3t" not in whole
    assert "Heartbeat:" in err  # the human text went to stderr

    code, records, err = run("status", "--json")
    assert code == 0, err
    assert types(records) == ["deployment", "result"]
    row = records[0]
    assert row["stack_name"] == "j1" and row["status"] == "CREATE_COMPLETE"
    assert row["server_host"] == beat["host"] and row["ip_locked_to"]
    assert row["cost"]["hourly_usd"] > 0
    assert "s3cr3t" not in json.dumps(row)
    assert records[-1]["deployments"] == 1

    code, records, err = run("watch", "--json", "--stack-name", "j1")
    assert code == 0, err
    assert types(records)[-2:] == ["heartbeat", "result"]

    code, records, err = run("delete", "--json", "--stack-name", "j1", "--yes")
    assert code == 0, err
    kinds = types(records)
    assert kinds[-1] == "result" and records[-1]["status"] == "DELETE_COMPLETE"
    deleted = [r for r in records if r["type"] == "stack_event"]
    assert (deleted[-1]["logical_id"], deleted[-1]["status"]) == ("j1", "DELETE_COMPLETE")


@pytest.mark.parametrize(
    "argv",
    [
        ("deploy", "--json", "--yes", "--stack-name", "1-bad"),
        ("deploy", "--json", "--yes", "--stack-name", ""),
        ("deploy", "--json", "--yes", "--instance-type", "nope"),
        ("delete", "--json", "--yes", "--stack-name", "bad_name"),
        ("status", "--json", "--no-such-flag"),
        ("watch", "--json"),
    ],
)
def test_bad_input_is_one_json_error_and_exit_2(argv):
    code, records, err = run(*argv)
    assert code == 2
    errors = [r for r in records if r["type"] == "error"]
    assert len(errors) == 1, records
    assert errors[0]["title"] and errors[0]["fix"]
    assert records[-1]["type"] == "result" and records[-1]["exit_code"] == 2
    assert err  # and the human text on stderr


def test_without_yes_json_refuses_with_an_error_line(sandbox):
    code, records, _ = run("deploy", "--json", "--stack-name", "j2", *SAFE_OTEL_ARGS)
    assert code == 2
    error = next(r for r in records if r["type"] == "error")
    assert "--yes" in error["fix"]
    assert records[-1] == {**records[-1], "type": "result", "exit_code": 2, "ok": False}


def test_status_json_with_nothing_saved():
    code, records, _ = run("status", "--json")
    assert code == 0
    assert records == [
        {"type": "result", "command": "status", "exit_code": 0, "ok": True, "deployments": 0}
    ]


def test_stack_failure_json_names_the_root_cause(sandbox):
    sandbox.set_scenario("insufficient-capacity")
    code, records, _ = run(
        "deploy", "--json", "--yes", "--stack-name", "j3", "--region", "us-east-1", *SAFE_OTEL_ARGS
    )
    assert code == 1
    failed = next(r for r in records if r["type"] == "stack_failed")
    assert failed["status"] == "ROLLBACK_COMPLETE"
    assert failed["problem"] == "insufficient-capacity" and failed["fix"]
    assert "InsufficientInstanceCapacity" in failed["raw"]
    assert records[-1]["exit_code"] == 1
