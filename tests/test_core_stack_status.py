"""Every CloudFormation stack status (and our three record statuses) against every rule of
core/stack_status.py, in one table. The list itself is checked against botocore's own
CloudFormation model, so a status AWS adds fails here until the table says what it means."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.model import StringShape
from fakes import saved_deployment

from chroma_tui.core import stack_status as ss
from chroma_tui.core.cost import is_billable
from chroma_tui.core.models import StackSnapshot

T, F = True, False

# status: (terminal, in_progress, failed, rolling_back, gone, deletable, billable, tone)
TABLE: dict[str, tuple[bool, bool, bool, bool, bool, bool, bool, str]] = {
    "CREATE_IN_PROGRESS":               (F, T, F, F, F, T, T, "progress"),
    "CREATE_FAILED":                    (T, F, T, F, F, T, T, "failed"),
    "CREATE_COMPLETE":                  (T, F, F, F, F, T, T, "done"),
    "ROLLBACK_IN_PROGRESS":             (F, T, T, T, F, T, T, "rollback"),
    "ROLLBACK_FAILED":                  (T, F, T, T, F, T, T, "failed"),
    "ROLLBACK_COMPLETE":                (T, F, T, T, F, T, F, "rollback"),
    "DELETE_IN_PROGRESS":               (F, T, F, F, F, F, T, "progress"),
    "DELETE_FAILED":                    (T, F, T, F, F, T, T, "failed"),
    "DELETE_COMPLETE":                  (T, F, F, F, T, F, F, "done"),
    "UPDATE_IN_PROGRESS":               (F, T, F, F, F, T, T, "progress"),
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS": (F, T, F, F, F, T, T, "progress"),
    "UPDATE_COMPLETE":                  (T, F, F, F, F, T, T, "done"),
    "UPDATE_FAILED":                    (T, F, T, F, F, T, T, "failed"),
    "UPDATE_ROLLBACK_IN_PROGRESS":      (F, T, T, T, F, T, T, "rollback"),
    "UPDATE_ROLLBACK_FAILED":           (T, F, T, T, F, T, T, "failed"),
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS": (F, T, T, T, F, T, T, "rollback"),
    "UPDATE_ROLLBACK_COMPLETE":         (T, F, T, T, F, T, T, "rollback"),
    "REVIEW_IN_PROGRESS":               (F, T, F, F, F, T, F, "progress"),
    "IMPORT_IN_PROGRESS":               (F, T, F, F, F, T, T, "progress"),
    "IMPORT_COMPLETE":                  (T, F, F, F, F, T, T, "done"),
    "IMPORT_ROLLBACK_IN_PROGRESS":      (F, T, T, T, F, T, T, "rollback"),
    "IMPORT_ROLLBACK_FAILED":           (T, F, T, T, F, T, T, "failed"),
    "IMPORT_ROLLBACK_COMPLETE":         (T, F, T, T, F, T, T, "rollback"),
    # Our own, in saved records only (never terminal: no stack status at all).
    "PENDING":                          (F, F, F, F, F, T, F, "other"),
    "NOT_CREATED":                      (F, F, F, F, T, F, F, "other"),
    "NOT_FOUND":                        (F, F, F, F, T, F, F, "other"),
}  # fmt: skip


def cloudformation_enum(shape_name: str) -> list[str]:
    """The values botocore's CloudFormation model allows for ``shape_name``."""
    model = botocore.session.get_session().get_service_model("cloudformation")
    shape = model.shape_for(shape_name)
    assert isinstance(shape, StringShape)
    return list(shape.enum)


def test_the_table_covers_every_status_cloudformation_has() -> None:
    aws = set(cloudformation_enum("StackStatus"))
    assert set(ss.STACK_STATUSES) == aws
    assert set(TABLE) == aws | set(ss.RECORD_STATUSES)


@pytest.mark.parametrize("status", sorted(TABLE))
def test_each_rule_for_each_status(status: str) -> None:
    terminal, running, failed, rolling, gone, deletable, billable, tone = TABLE[status]
    assert ss.is_terminal(status) is terminal
    assert ss.in_progress(status) is running
    assert ss.failed(status) is failed
    assert ss.rolling_back(status) is rolling
    assert ss.gone(status) is gone
    assert ss.deletable(status) is deletable
    assert ss.billable(status) is billable
    assert ss.tone(status) == tone
    # The models and cost ask the same module (no second copy of a rule left behind).
    assert StackSnapshot("id", "name", status).terminal is terminal
    assert is_billable(saved_deployment(status)) is billable


def test_a_stack_is_never_both_terminal_and_in_progress() -> None:
    for status in ss.STACK_STATUSES:
        assert ss.is_terminal(status) != ss.in_progress(status), status


def test_operations_start_only_with_an_in_progress_status() -> None:
    assert {s for s in ss.STACK_STATUSES if ss.in_progress(s)} >= ss.OPERATION_STARTS
    assert not any(ss.operation_start(s) for s in ss.STACK_STATUSES if ss.rolling_back(s))


def test_resource_statuses_have_a_tone_too() -> None:
    for status in cloudformation_enum("ResourceStatus"):
        assert ss.tone(status) != "other", status
    assert ss.tone("DELETE_SKIPPED") == "done"
    assert ss.resource_failed("IMPORT_FAILED") and not ss.resource_failed("ROLLBACK_COMPLETE")
