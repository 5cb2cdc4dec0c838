"""A first-time user's walk through the wizard and the run screens (issue 10 item 6): each
test presses the keys that user pressed and checks the rough edge they met is gone."""

from __future__ import annotations

from typing import Any

import pytest
from fakes import FROZEN_NOW, FakeBackend, RunFakeBackend, saved_deployment, settle
from textual import events
from textual.widgets import DataTable, Input, OptionList, RadioSet, Static

from chroma_tui import i18n
from chroma_tui.core.errors import CredentialsError
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.credentials import CredentialsScreen
from chroma_tui.ui.screens.deployments import DeploymentsScreen
from chroma_tui.ui.screens.instance_type import InstanceTypeScreen
from chroma_tui.ui.screens.key_pair import KeyPairScreen
from chroma_tui.ui.screens.options import OptionsScreen
from chroma_tui.ui.screens.region import RegionScreen
from chroma_tui.ui.screens.review import ReviewScreen
from chroma_tui.ui.widgets import ConfirmModal

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


def make_app(backend: Any, lang: str = "en") -> ChromaTuiApp:
    return ChromaTuiApp(backend, lang=lang, clock=lambda: FROZEN_NOW)


def texts(screen: Any) -> str:
    return "\n".join(str(w.render()) for w in screen.query(Static))


def footer_keys(screen: Any) -> dict[str, str]:
    """What the footer shows: key display -> description (as the user reads it)."""
    from textual.widgets._footer import FooterKey

    return {key.key_display: key.description for key in screen.query(FooterKey)}


async def reach(pilot: Any, to: type, presses: int = 8) -> None:
    """Next (ctrl+n, the key the footer shows) until the screen ``to`` is on top."""
    for _ in range(presses):
        await settle(pilot)
        if isinstance(pilot.app.screen, to):
            return
        await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, to), type(pilot.app.screen)


# -- lists take the arrow keys at once -------------------------------------------------------
async def test_region_list_has_focus_as_soon_as_the_step_opens() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, RegionScreen)
        regions = app.screen.query_one("#regions", OptionList)
        assert regions.has_focus
        start = regions.highlighted
        await pilot.press("down")
        assert regions.highlighted == (start or 0) + 1


async def test_instance_table_has_focus_and_down_moves_the_choice() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, InstanceTypeScreen)
        table = app.screen.query_one("#types", DataTable)
        assert table.has_focus
        await pilot.press("down")
        await settle(pilot)
        assert app.screen.selected == "t3.medium"


async def test_key_pair_highlight_stays_on_the_choice_made() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, KeyPairScreen)
        screen = app.screen
        assert screen.query_one("#mode", RadioSet).has_focus
        await pilot.press("down", "enter")  # "existing"
        await settle(pilot)
        assert screen.mode == "existing"
        await pilot.press("down", "enter")  # the next row: "create", not "existing" again
        await settle(pilot)
        assert screen.mode == "create"


# -- keys: letters only where no text field can take them ------------------------------------
async def test_review_footer_shows_the_launch_key_and_n_never_launches() -> None:
    fake = FakeBackend()
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, ReviewScreen)
        await settle(pilot)
        keys = footer_keys(app.screen)
        assert keys.get("l") == "Launch", keys
        await pilot.press("n", "ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen) and not fake.called("launch")


async def test_letters_are_text_on_a_step_with_a_field() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, OptionsScreen)
        screen = app.screen
        await pilot.press("n")  # no field focused: still not a command on a step with fields
        await settle(pilot)
        assert app.screen is screen
        assert footer_keys(screen).get("^n") == "Next"


async def test_vpc_warning_has_its_own_key_and_review_repeats_it() -> None:
    fake = FakeBackend()
    fake.no_default_vpc = {"us-east-1"}
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, RegionScreen)
        await pilot.press("n")
        await settle(pilot)
        assert "No default VPC" in texts(app.screen)
        await pilot.press("n", "n")  # Next again: the warning is not skipped
        await settle(pilot)
        assert isinstance(app.screen, RegionScreen)
        assert footer_keys(app.screen).get("a") == "Continue"
        await pilot.press("a")
        await reach(pilot, ReviewScreen)
        await settle(pilot)
        shown = texts(app.screen)
        assert "us-east-1 has no default VPC" in shown
        assert "aws ec2 create-default-vpc --region us-east-1" in shown


# -- cleanup ---------------------------------------------------------------------------------
async def test_cleanup_wrong_name_and_ctrl_d_says_what_to_type() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.saved = [d]
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        await pilot.press(*"wrong", "ctrl+d")
        await settle(pilot)
        assert "Type my-chroma-stack exactly" in texts(app.screen)
        assert not fake.called("delete")


async def test_cleanup_name_and_ctrl_d_in_one_burst_deletes() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.saved = [d]
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        # As tmux send-keys delivers them: every key queued at once, none waited for (pilot.press
        # waits for each key, so it would hide the bug).
        for char in "my-chroma-stack":
            app.post_message(events.Key(char, char))
        app.post_message(events.Key("ctrl+d", None))
        await settle(pilot)
        assert len(fake.called("delete")) == 1


async def test_deleting_a_failed_create_does_not_warn_of_data_loss() -> None:
    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = RunFakeBackend()
    fake.saved = [d]
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        shown = texts(app.screen)
        assert "data in Chroma is lost" not in shown
        assert "no instance and no data were kept" in shown


# -- credentials -----------------------------------------------------------------------------
async def test_next_on_failed_credentials_says_why_and_what_to_do() -> None:
    fake = FakeBackend()
    fake.fail("who_am_i", CredentialsError("cred.none"))
    app = make_app(fake)
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        app.notify = lambda message, **_: notes.append(str(message))  # type: ignore[method-assign]
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        assert any("press r to check again" in note for note in notes), notes


# -- deployments -----------------------------------------------------------------------------
async def test_enter_on_a_deleted_deployment_says_what_can_be_done() -> None:
    fake = RunFakeBackend()
    fake.saved = [saved_deployment("DELETE_COMPLETE", id="dep-old", name="old-stack")]
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)
        await pilot.press("enter")
        await settle(pilot)
        # On the result line (a toast would sit on top of it), with what to do
        help_line = str(app.screen.query_one("#deps-help", Static).render())
        assert help_line.startswith("Deleted: old-stack is DELETE_COMPLETE"), help_line
        assert "Press f to forget" in help_line
        assert not app._notifications


# -- quitting --------------------------------------------------------------------------------
async def test_q_on_connected_asks_and_names_the_price() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.saved = [d]
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "keeps running and billing, about $0.0291/h" in texts(app.screen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ConnectedScreen)
        assert app.is_running


async def test_q_in_the_wizard_with_answers_asks() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, InstanceTypeScreen)  # a region was chosen
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, InstanceTypeScreen)


async def test_q_on_the_first_step_quits_at_once() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        await pilot.press("q")
        await settle(pilot)
        assert not app.is_running or app.return_code == 0


# -- the name field is focused where a name is typed -----------------------------------------
async def test_cleanup_name_field_has_focus() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.saved = [d]
    app = make_app(fake)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        assert app.screen.query_one("#clean-name", Input).has_focus


# -- the footer on Connected fits 80 columns --------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("locked", [None, "203.0.113.7"])
async def test_connected_footer_shows_the_language_key_whole(lang: str, locked: str | None) -> None:
    from textual.widgets._footer import FooterKey

    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10", key_name="k", locked=locked)
    fake = RunFakeBackend()
    fake.saved = [d]
    app = make_app(fake, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))
        language = next(k for k in keys if k.key == "f2")
        palette = next(k for k in keys if k.key == "ctrl+p")
        quit_key = next(k for k in keys if k.key == "q")
        assert language.region.right <= palette.region.x, (language.region, palette.region)
        assert quit_key.region.width > 0 and language.region.width >= len(" f2 中文 ")


# -- refusals say how to fix them -------------------------------------------------------------
async def test_refused_instance_type_says_how_to_fix_it() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, InstanceTypeScreen)
        await pilot.press("tab")  # to "Other type"
        assert app.screen.query_one("#custom", Input).has_focus
        await pilot.press(*"t4g.medium", "enter")
        await settle(pilot)
        message = str(app.screen.query_one("#custom-msg", Static).render())
        assert "Arm" in message and "Pick an Intel/AMD type such as t3.small" in message
        table = app.screen.query_one("#types", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("t3.micro"))
        await settle(pilot)
        line = str(app.screen.query_one("#selected-line", Static).render())
        assert "t3.micro cannot be used" in line and "Pick t3.small" in line


async def test_otel_headers_without_an_endpoint_are_refused_with_the_fix() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, OptionsScreen)
        screen = app.screen
        screen.query_one("#otel_headers", Input).value = "{'x-honeycomb-team': 'abc'}"
        await settle(pilot)
        message = str(screen.query_one("#otel_endpoint-msg", Static).render())
        assert "without an endpoint" in message and "Fill in the OpenTelemetry endpoint" in message
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen is screen  # nothing goes on to Review with headers that would be lost
        screen.query_one("#otel_endpoint", Input).value = "https://api.honeycomb.io"
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.wizard.options is not None
        assert app.wizard.options.otel_endpoint == "https://api.honeycomb.io"


async def test_an_otel_endpoint_that_is_not_a_url_is_refused_with_the_fix() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, OptionsScreen)
        screen = app.screen
        screen.query_one("#otel_endpoint", Input).value = "1.5.9"
        await settle(pilot)
        message = str(screen.query_one("#otel_endpoint-msg", Static).render())
        assert "never send a trace" in message and "http://collector.example.com:4317" in message
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen is screen  # Review never claims a value the boot cannot use
        screen.query_one("#otel_endpoint", Input).value = "http://collector.example.com:4317"
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_opening_the_advanced_options_focuses_the_first_field() -> None:
    app = make_app(FakeBackend())
    async with app.run_test(size=SIZE) as pilot:
        await reach(pilot, OptionsScreen)
        await pilot.press("tab", "enter")  # the "Advanced options" title, opened
        await settle(pilot)
        assert app.screen.query_one("#stack_name", Input).has_focus
