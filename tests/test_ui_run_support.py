"""Unit tests of the pure helpers behind the run screens (no Textual app needed)."""

from __future__ import annotations

from datetime import timedelta

from fakes import FROZEN_NOW, stack_events

from chroma_tui.core.access_commands import ssh_command, widen_command
from chroma_tui.core.models import Deployment
from chroma_tui.core.progress import overall_elapsed_s, progress, resource_timings
from chroma_tui.core.snippets import python_snippet, typescript_snippet
from chroma_tui.core.timefmt import duration
from chroma_tui.i18n import set_language
from chroma_tui.ui.widgets.event_table import status_mark

STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/s/1"


def test_progress_counts_resources_then_the_stack() -> None:
    events = stack_events("s", STACK_ID)
    # Given only the stack's first event: nothing done out of 2 resources + the stack.
    assert progress(events[:1], "CREATE_IN_PROGRESS") == (0, 3)
    # When the security group completes: 1 of 3.
    assert progress(events[:4], "CREATE_IN_PROGRESS") == (1, 3)
    # When the instance completes too but the stack has not: 2 of 3.
    assert progress(events[:7], "CREATE_IN_PROGRESS") == (2, 3)
    # Then the stack completes: all done.
    assert progress(events, "CREATE_COMPLETE") == (3, 3)


def test_progress_never_counts_a_failed_stack_as_done() -> None:
    events = stack_events("s", STACK_ID, final="ROLLBACK_COMPLETE")
    done, total = progress(events, "ROLLBACK_COMPLETE")
    assert total == 3 and done < total


def test_resource_timings_measure_each_resource_from_aws_time() -> None:
    events = stack_events("s", STACK_ID)
    timings = {timing.logical_id: timing for timing in resource_timings(events)}
    assert set(timings) == {"ChromaInstanceSecurityGroup", "ChromaInstance"}
    group = timings["ChromaInstanceSecurityGroup"]
    assert group.status == "CREATE_COMPLETE"
    assert group.elapsed_s(FROZEN_NOW + timedelta(hours=1)) == 8.0  # events 1..3, 4 s apart
    running = {t.logical_id: t for t in resource_timings(events[:5])}["ChromaInstance"]
    assert running.ended is None
    assert running.elapsed_s(events[4].timestamp + timedelta(seconds=30)) == 30.0


def test_overall_elapsed_stops_at_the_terminal_event() -> None:
    events = stack_events("s", STACK_ID)
    later = FROZEN_NOW + timedelta(hours=2)
    assert overall_elapsed_s(events, later, finished=events[-1].timestamp) == 28.0
    assert overall_elapsed_s([], later) == 0.0


def test_status_marks_have_a_symbol_for_each_kind() -> None:
    assert status_mark("CREATE_COMPLETE")[0] == "✓"
    assert status_mark("CREATE_FAILED")[0] == "✗"
    assert status_mark("CREATE_IN_PROGRESS")[0] == "…"
    assert status_mark("ROLLBACK_IN_PROGRESS")[0] == "↺"
    assert status_mark("ROLLBACK_FAILED")[0] == "✗"
    assert status_mark("DELETE_COMPLETE")[0] == "✓"


def test_durations_in_both_languages() -> None:
    set_language("en")
    assert duration(42) == "42 s"
    assert duration(185) == "3 min 05 s"
    assert duration(3720) == "1 h 02 min"
    set_language("zh-CN")
    try:
        assert duration(185) == "3 分 05 秒"
    finally:
        set_language("en")


def _deployment(**kw: object) -> Deployment:
    base = dict(
        id="d",
        stack_name="my-chroma-stack",
        region="eu-west-1",
        token="tok",
        created_at="2026-03-14T09:26:53+00:00",
        updated_at="2026-03-14T09:26:53+00:00",
        server_host="203.0.113.10",
        server_port=8000,
    )
    base.update(kw)
    return Deployment(**base)  # type: ignore[arg-type]


def test_snippets_carry_the_address() -> None:
    assert python_snippet("203.0.113.10", 8000).startswith(
        'import chromadb\nclient = chromadb.HttpClient(host="203.0.113.10", port=8000)\n'
        "print(client.heartbeat())\n# "
    )
    assert 'new ChromaClient({ host: "203.0.113.10", port: 8000 })' in typescript_snippet(
        "203.0.113.10", 8000
    )


def test_ssh_only_with_a_key_pair_and_quoted() -> None:
    assert ssh_command(_deployment()) is None
    with_key = _deployment(key_name="mykey", key_file="/home/me/my keys/mykey.pem")
    assert ssh_command(with_key) == "ssh -i '/home/me/my keys/mykey.pem' ec2-user@203.0.113.10"


def test_widen_command_targets_the_stack_security_group_in_its_region() -> None:
    command = widen_command(_deployment(), 8000)
    assert command.startswith("aws ec2 authorize-security-group-ingress --region eu-west-1")
    assert "Values=my-chroma-stack" in command
    assert command.endswith("--protocol tcp --port 8000 --cidr 0.0.0.0/0")


def test_every_run_key_used_exists_in_both_languages() -> None:
    import re
    import string
    from pathlib import Path

    from chroma_tui import i18n
    from chroma_tui.i18n import catalog_run

    root = Path(__file__).resolve().parent.parent / "chroma_tui" / "ui"
    files = [
        *(root / "screens" / f"{name}.py" for name in
          ("deployments", "launch", "waiting", "connected", "failure", "cleanup")),
        *(root / "screens" / "base" / f"{name}.py" for name in
          ("run", "streaming", "backend_calls")),
        root / "widgets" / "event_table.py",
        root.parent / "core" / "timefmt.py",
    ]  # fmt: skip
    used = set()
    for path in files:
        used |= set(re.findall(r"\"(run\.[a-z_.]+[a-z_])\"", path.read_text()))
    dynamic = {
        *(f"run.conn.what.{w}" for w in ("python", "typescript", "ssh", "widen")),
        *(f"run.stream.{s}" for s in ("starting", "watching", "done")),
        *(f"run.fail.step.{s}" for s in ("vpc", "delete", "create")),
        *(f"run.error.unexpected.{p}" for p in ("title", "body", "fix")),
    }
    assert len(used) > 80
    formatter = string.Formatter()
    merged = i18n.catalogues()  # later keys live in their own module (e.g. catalog_china)
    dynamic |= {f"run.events.kind.{k}" for k in ("Stack", "SecurityGroup", "Instance")}
    for key in used - {"run.error.unexpected"} | dynamic:
        assert key in merged["en"], key
        assert key in merged["zh-CN"], key
    for key, english in catalog_run.EN.items():
        chinese = catalog_run.ZH[key]
        assert english.strip() and chinese.strip(), key
        assert chinese != english, key
        names = {f[1] for f in formatter.parse(english) if f[1]}
        assert names == {f[1] for f in formatter.parse(chinese) if f[1]}, key
        # Chinese text has Chinese in it (names and AWS terms may stay as they are).
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), key
