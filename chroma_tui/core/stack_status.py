"""Every rule about a CloudFormation status, in one place: the UI, headless, the journey, the
event stream, cost and the saved records all ask here.

Stack statuses are CloudFormation's own (``STACK_STATUSES``: the API's complete list). Saved
records add three of ours (``RECORD_STATUSES``): ``PENDING`` (CreateStack sent, no answer
yet), ``NOT_CREATED`` (CreateStack refused: there is no stack) and ``NOT_FOUND`` (the stack
could not be found any more). Resource events use the same words plus ``*_SKIPPED``.
"""

from __future__ import annotations

from typing import Literal

STACK_STATUSES: tuple[str, ...] = (
    "CREATE_IN_PROGRESS",
    "CREATE_FAILED",
    "CREATE_COMPLETE",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_FAILED",
    "ROLLBACK_COMPLETE",
    "DELETE_IN_PROGRESS",
    "DELETE_FAILED",
    "DELETE_COMPLETE",
    "UPDATE_IN_PROGRESS",
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_COMPLETE",
    "UPDATE_FAILED",
    "UPDATE_ROLLBACK_IN_PROGRESS",
    "UPDATE_ROLLBACK_FAILED",
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_COMPLETE",
    "REVIEW_IN_PROGRESS",
    "IMPORT_IN_PROGRESS",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_IN_PROGRESS",
    "IMPORT_ROLLBACK_FAILED",
    "IMPORT_ROLLBACK_COMPLETE",
)
RECORD_STATUSES: tuple[str, ...] = ("PENDING", "NOT_CREATED", "NOT_FOUND")

CREATED = "CREATE_COMPLETE"
DELETED = "DELETE_COMPLETE"

#: CloudFormation is done with the stack: nothing changes until someone acts.
TERMINAL = frozenset(s for s in STACK_STATUSES if not s.endswith("_IN_PROGRESS"))

#: A stack event with one of these opens an operation (a rollback belongs to its create).
OPERATION_STARTS = frozenset(
    {"CREATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "IMPORT_IN_PROGRESS"}
)

#: No stack exists for the record: nothing to watch, delete or pay for.
GONE = frozenset({DELETED, "NOT_CREATED", "NOT_FOUND"})

#: The instance, its volume and its public address may exist (and bill). A stack that rolled
#: back its creation (ROLLBACK_COMPLETE) holds nothing; one whose rollback failed may.
BILLABLE = frozenset(
    {
        "CREATE_IN_PROGRESS",
        "CREATE_FAILED",  # only with rollback disabled, and then the resources stay
        CREATED,
        "ROLLBACK_IN_PROGRESS",
        "ROLLBACK_FAILED",
        "DELETE_IN_PROGRESS",
        "DELETE_FAILED",
        *(s for s in STACK_STATUSES if s.startswith(("UPDATE_", "IMPORT_"))),
    }
)

Tone = Literal["failed", "rollback", "progress", "done", "other"]


def is_terminal(status: str) -> bool:
    """CloudFormation has finished the stack's operation."""
    return status in TERMINAL


def in_progress(status: str) -> bool:
    """An operation is running (a stack or resource status)."""
    return status.endswith("_IN_PROGRESS")


def failed(status: str) -> bool:
    """The operation did not do what was asked: it failed, or is (was) rolled back."""
    return "FAILED" in status or "ROLLBACK" in status


def resource_failed(status: str) -> bool:
    """A resource (or stack) event reporting a failure itself (``*_FAILED``)."""
    return status.endswith("_FAILED")


def rolling_back(status: str) -> bool:
    return "ROLLBACK" in status


def gone(status: str) -> bool:
    """No stack exists for this record (deleted, never created, or lost)."""
    return status in GONE


def deleting(status: str) -> bool:
    """A delete was sent and has not ended well (in progress, or failed: retry it)."""
    return status in ("DELETE_IN_PROGRESS", "DELETE_FAILED")


def deletable(status: str) -> bool:
    """DeleteStack is worth sending now: the stack may exist and no delete is running."""
    return not gone(status) and status != "DELETE_IN_PROGRESS"


def billable(status: str) -> bool:
    """The stack's instance may exist and cost money."""
    return status in BILLABLE


def operation_start(status: str) -> bool:
    """A stack event with this status opens a new operation."""
    return status in OPERATION_STARTS


def tone(status: str) -> Tone:
    """How a status is shown: failed, rolling back, in progress, done, or neither."""
    if status.endswith("_FAILED"):
        return "failed"
    if "ROLLBACK" in status:
        return "rollback"
    if status.endswith("_IN_PROGRESS"):
        return "progress"
    if status.endswith(("_COMPLETE", "_SKIPPED")):
        return "done"
    return "other"
