"""How a screen ended, as typed messages: screens post them (``RunScreen.go``), the app's
navigator (ui/navigator.py) decides which screen comes next. No screen opens another screen.

Each outcome says what happened, not where to go: "the stack is complete", not "open Waiting".
Posted to the app; ``origin`` is the screen that posted it (set by ``go``), so the navigator can
drop an outcome whose screen has already been left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import ChromaConnection, Deployment, LaunchPlan, StackEvent

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(eq=False)
class Outcome(Message):
    """The base of every outcome; the app hands each one to its navigator."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.origin: Screen[Any] | None = None


# -- the run flow ---------------------------------------------------------------------------
@dataclass(eq=False)
class LaunchSucceeded(Outcome):
    """CREATE_COMPLETE, the address recorded; ``lock_error`` if the ports could not be locked."""

    deployment: Deployment
    lock_error: ChromaTuiError | None = None
    events: Sequence[StackEvent] = ()  # the launch's: the rows the boot phases continue


@dataclass(eq=False)
class LaunchFailed(Outcome):
    """The stack rolled back or failed: the events explain why."""

    deployment: Deployment
    events: Sequence[StackEvent] = ()
    plan: LaunchPlan | None = None


@dataclass(eq=False)
class LaunchNotStarted(Outcome):
    """The launch itself was refused (no stack exists): the user goes back to choose again."""


@dataclass(eq=False)
class LaunchCancelled(Outcome):
    """The user quit mid-launch and chose to delete the stack being created."""

    deployment: Deployment


@dataclass(eq=False)
class Relaunched(Outcome):
    """A fix (e.g. the default VPC) deleted the failed stack and created it again."""

    deployment: Deployment
    plan: LaunchPlan | None = None


@dataclass(eq=False)
class ChromaAnswered(Outcome):
    """Chroma answered its heartbeat: the deployment is usable."""

    deployment: Deployment
    connection: ChromaConnection
    lock_error: ChromaTuiError | None = None


# -- what the user asked for ----------------------------------------------------------------
@dataclass(eq=False)
class ShowDeployments(Outcome):
    """Back to the list of saved deployments."""


@dataclass(eq=False)
class WatchRequested(Outcome):
    """Follow this deployment's stack (a create, or a delete under way)."""

    deployment: Deployment


@dataclass(eq=False)
class ConnectRequested(Outcome):
    """Connect to this deployment's Chroma (waiting for it first)."""

    deployment: Deployment


@dataclass(eq=False)
class CleanupRequested(Outcome):
    """Delete this deployment's stack; ``confirmed``: the user already said yes."""

    deployment: Deployment
    confirmed: bool = False


@dataclass(eq=False)
class SnapshotsRequested(Outcome):
    """The Snapshots view (the data kept before deletes); back with esc."""


@dataclass(eq=False)
class NewDeploymentRequested(Outcome):
    """Run the wizard from its first step."""


@dataclass(eq=False)
class ChooseAgain(Outcome):
    """Run the wizard again at ``step`` for a deployment that failed (its answers kept)."""

    step: str
    failed: Deployment


#: Outcomes of a key the user pressed: acted on only while their screen is on top, so a key
#: pressed twice before the next screen opened does not open it twice (the others wait for
#: the screens above theirs to close: ``RunScreen.go``).
USER_ASKED = (CleanupRequested, ConnectRequested, NewDeploymentRequested, WatchRequested)
