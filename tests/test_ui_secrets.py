"""Issue 9, item 8: OpenTelemetry headers (often an API key) never shown in clear by the TUI:
the Options field types dots with a reveal toggle, Review's command preview masks them, and
copying the command asks first (No copies **** in their place). Checked on the rendered screen
(the text a terminal would show), not only on widget attributes."""

from __future__ import annotations

from typing import Any

from fakes import FROZEN_NOW, FakeBackend, official_template, settle
from textual.widgets import Checkbox, Collapsible, Input

from chroma_tui.core import validation
from chroma_tui.core.cli_preview import create_stack_command
from chroma_tui.core.errors import InputError
from chroma_tui.core.models import LaunchPlan
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.options import OptionsScreen
from chroma_tui.ui.screens.review import ReviewScreen
from chroma_tui.ui.widgets import ConfirmModal

SECRET = "hc-s3cr3t-api-key-0042"
HEADERS = "{'x-honeycomb-team': '" + SECRET + "'}"
SIZE = (100, 40)


def screen_text(app: ChromaTuiApp) -> str:
    """What the terminal shows right now (the screenshot's text)."""
    return app.export_screenshot()


async def advance(pilot: Any, to: type, presses: int = 6) -> None:
    for _ in range(presses):
        await settle(pilot)
        if isinstance(pilot.app.screen, to):
            return
        await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, to), type(pilot.app.screen)


async def to_review_with_headers(pilot: Any, app: ChromaTuiApp) -> None:
    await advance(pilot, OptionsScreen)
    app.screen.query_one("#advanced", Collapsible).collapsed = False
    await settle(pilot)
    app.screen.query_one("#otel_endpoint", Input).value = "https://api.honeycomb.io:443"
    app.screen.query_one("#otel_headers", Input).value = HEADERS
    await settle(pilot)


async def test_the_options_field_types_dots_until_revealed() -> None:
    app = ChromaTuiApp(FakeBackend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await to_review_with_headers(pilot, app)
        field = app.screen.query_one("#otel_headers", Input)
        assert field.password is True and field.value == HEADERS
        assert SECRET not in screen_text(app)
        # When the user ticks "Show the headers"
        app.screen.query_one("#otel_headers-reveal", Checkbox).value = True
        await settle(pilot)
        # Then they read what they typed; unticking hides it again
        assert field.password is False and SECRET in screen_text(app)
        app.screen.query_one("#otel_headers-reveal", Checkbox).value = False
        await settle(pilot)
        assert field.password is True and SECRET not in screen_text(app)


async def test_review_masks_the_preview_and_asks_before_copying_the_secret() -> None:
    app = ChromaTuiApp(FakeBackend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await to_review_with_headers(pilot, app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        preview = str(app.screen.query_one("#cli").render())
        assert "ChromaOtelCollectionHeaders" in preview and "x-honeycomb-team" in preview
        assert SECRET not in preview and "****" in preview
        assert SECRET not in screen_text(app)
        # When c is pressed it asks; No copies placeholders
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert SECRET not in app.clipboard and "****" in app.clipboard
        # And Yes copies the real values (the user asked for them)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert SECRET in app.clipboard


async def test_without_headers_copying_does_not_ask() -> None:
    app = ChromaTuiApp(FakeBackend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, ReviewScreen)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.clipboard.startswith("aws cloudformation create-stack")


def test_the_command_text_masks_unless_revealed() -> None:
    headers = validation.check_otel_headers(HEADERS)
    plan = LaunchPlan(
        "us-east-1", "s", "t3.small", "1.5.9", official_template(),
        otel_endpoint="https://api.honeycomb.io:443", otel_headers=headers,
    )  # fmt: skip
    assert SECRET not in create_stack_command(plan)
    assert SECRET in create_stack_command(plan, reveal=True)


def test_a_bad_headers_message_never_echoes_the_value() -> None:
    for typed in ("{'x-honeycomb-team': '" + SECRET + "'", "['" + SECRET + "']"):
        try:
            validation.check_otel_headers(typed)
        except InputError as error:
            shown = f"{error} {error.fix()}"
            assert SECRET not in shown
        else:
            raise AssertionError("bad headers accepted")
