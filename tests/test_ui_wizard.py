"""Pilot tests of the app shell and the six wizard steps, against the FakeBackend."""

from __future__ import annotations

from typing import Any

import pytest
from fakes import FROZEN_NOW, FakeBackend, settle
from textual.widgets import Button, Collapsible, DataTable, Input, OptionList, Select, Static

from chroma_tui import i18n
from chroma_tui.core.errors import CredentialsError, TemplateError
from chroma_tui.core.models import LaunchPlan
from chroma_tui.core.wizard import KeyChoice
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.credentials import CredentialsScreen
from chroma_tui.ui.screens.instance_type import InstanceTypeScreen
from chroma_tui.ui.screens.key_pair import KeyPairScreen
from chroma_tui.ui.screens.options import OptionsScreen
from chroma_tui.ui.screens.region import RegionScreen
from chroma_tui.ui.screens.review import ReviewScreen
from chroma_tui.ui.widgets import ConfirmModal, ErrorPanel, StepHeader

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


def make_app(backend: FakeBackend, lang: str = "en") -> ChromaTuiApp:
    return ChromaTuiApp(backend, lang=lang, clock=lambda: FROZEN_NOW)


def texts(app: ChromaTuiApp) -> str:
    """All the text of the Statics on the active screen, joined."""
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def advance(pilot: Any, to: type, presses: int = 6) -> None:
    """Press Next (ctrl+n, the key the footer shows) until the screen ``to`` is active."""
    for _ in range(presses):
        await settle(pilot)
        if isinstance(pilot.app.screen, to):
            return
        await pilot.press("ctrl+n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, to), type(pilot.app.screen)


# -- shell --------------------------------------------------------------------------------


async def test_starts_on_the_wizard_when_nothing_is_saved(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        assert backend.called("deployments") == [()]
        assert "Step 1 of 6" in str(app.screen.query_one(StepHeader).render())


async def test_starts_on_deployments_when_some_are_saved(backend: FakeBackend) -> None:
    backend.save(
        backend.launch(LaunchPlan("us-east-1", "my-chroma-stack", "t3.small", "1.5.9", _template()))
    )
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "DeploymentsScreen"
        assert not backend.called("who_am_i")


def _template():
    from fakes import official_template

    return official_template()


async def test_q_quits_and_a_quit_guard_keeps_the_app(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        guarded: list[bool] = []

        def guard() -> bool:
            guarded.append(True)
            return True

        app.screen.quit_guard = guard  # type: ignore[attr-defined]
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert guarded == [True]
        assert app.is_running
        del app.screen.quit_guard  # type: ignore[attr-defined]
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_command_palette_lists_translated_actions(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Back", "Next", "Retry", "Quit", "中文"} <= set(titles)
        await pilot.press("f2")
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"上一步", "下一步", "重试", "退出", "English"} <= set(titles)


async def test_footer_labels_are_translated(backend: FakeBackend) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(backend, lang="zh-CN")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        labels = {key.description for key in app.screen.query(FooterKey)}
        assert {"上一步", "下一步", "重试", "退出", "English"} <= labels
        assert not any(label.startswith(("common.", "wizard.")) for label in labels)


# -- 1 credentials ------------------------------------------------------------------------


async def test_credentials_ok_shows_identity_masked(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = texts(app)
        assert "123456789012" in shown
        assert "arn:aws:iam::123456789012:user/demo" in shown
        assert "AKIA************MPLE" in shown
        assert "Credentials from: environment variables" in shown
        assert not app.screen.query_one("#nav-next", Button).disabled
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, RegionScreen)
        assert app.wizard.identity == backend.identity


async def test_credentials_failure_shows_fix_and_blocks_next(backend: FakeBackend) -> None:
    backend.fail("who_am_i", CredentialsError("cred.none"))
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(ErrorPanel)
        assert panel.error.key == "cred.none"
        shown = texts(app)
        assert "No AWS credentials found" in shown
        assert "export AWS_ACCESS_KEY_ID=" in shown
        assert app.screen.query_one("#nav-next", Button).disabled
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)


async def test_credentials_retry_after_fixing(backend: FakeBackend) -> None:
    backend.fail("who_am_i", CredentialsError("cred.invalid_key_id", raw="InvalidClientTokenId"))
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "InvalidClientTokenId" in texts(app)
        backend.heal("who_am_i")
        await pilot.press("r")
        await settle(pilot)
        assert not app.screen.query(ErrorPanel)
        assert "123456789012" in texts(app)
        assert len(backend.called("who_am_i")) == 2


async def test_credentials_profile_picker_switches_and_rechecks(backend: FakeBackend) -> None:
    backend.fail("who_am_i", CredentialsError("cred.none"), times=1)
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        picker = app.screen.query_one("#profile", Select)
        picker.value = "work-sso"
        await settle(pilot)
        assert backend.profile == "work-sso"
        assert ("set_profile", ("work-sso",)) in backend.calls
        assert "Profile: work-sso" in texts(app)
        assert not app.screen.query_one("#nav-next", Button).disabled


async def test_back_on_the_first_step_stays(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)


# -- 2 region -----------------------------------------------------------------------------


async def test_region_preselects_default_and_greys_unsupported(backend: FakeBackend) -> None:
    backend.default_region_name = "eu-west-1"
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, RegionScreen)
        options = app.screen.query_one("#regions", OptionList)
        highlighted = options.get_option_at_index(options.highlighted or 0)
        assert highlighted.id == "eu-west-1"
        unsupported = options.get_option("af-south-1")
        assert unsupported.disabled
        assert "no AMI" in str(unsupported.prompt)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, InstanceTypeScreen)
        assert app.wizard.region == "eu-west-1"
        assert backend.called("has_default_vpc") == [("eu-west-1",)]


async def test_region_without_default_vpc_offers_to_create_it(backend: FakeBackend) -> None:
    backend.no_default_vpc = {"us-east-1"}
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, RegionScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, RegionScreen)
        assert "No default VPC for this user" in texts(app)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # said no: nothing created
        await settle(pilot)
        assert not backend.called("create_default_vpc")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert backend.called("create_default_vpc") == [("us-east-1",)]
        assert "has a default VPC" in texts(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, InstanceTypeScreen)


async def test_region_without_vpc_can_continue_anyway(backend: FakeBackend) -> None:
    backend.no_default_vpc = {"us-east-1"}
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, RegionScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press("ctrl+n")  # Next again never steps past the warning
        await settle(pilot)
        assert isinstance(app.screen, RegionScreen)
        await pilot.press("a")  # its own key: continue anyway
        await settle(pilot)
        assert isinstance(app.screen, InstanceTypeScreen)
        assert not backend.called("create_default_vpc")


async def test_region_back_returns_to_credentials(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, RegionScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)


# -- 3 instance type ----------------------------------------------------------------------


async def test_instance_type_defaults_to_t3_small(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, InstanceTypeScreen)
        table = app.screen.query_one("#types", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "t3.small"
        assert "≈245k embeddings" in str(table.get_row("t3.small")[-1])
        assert "Selected: t3.small" in texts(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.wizard.instance_type is not None
        assert app.wizard.instance_type.name == "t3.small"


async def test_refused_type_cannot_be_chosen(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, InstanceTypeScreen)
        table = app.screen.query_one("#types", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index("t3.micro"))
        await settle(pilot)
        assert "t3.micro cannot be used" in texts(app)
        assert app.screen.query_one("#nav-next", Button).disabled
        await pilot.press("enter")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, InstanceTypeScreen)


async def test_custom_instance_type_is_checked(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, InstanceTypeScreen)
        app.screen.query_one("#custom", Input).focus()
        await pilot.press(*"c5.xlarge", "enter")
        await settle(pilot)
        assert backend.called("check_instance_type") == [("us-east-1", "c5.xlarge")]
        assert "c5.xlarge can be used here" in texts(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, KeyPairScreen)
        assert app.wizard.instance_type is not None
        assert app.wizard.instance_type.name == "c5.xlarge"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("x9.huge", "Unknown instance type"),
        ("t4g.medium", "Arm"),
        ("hello", "instance type"),
    ],
)
async def test_custom_instance_type_errors(backend: FakeBackend, typed: str, expected: str) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, InstanceTypeScreen)
        app.screen.query_one("#custom", Input).focus()
        await pilot.press(*typed, "enter")
        await settle(pilot)
        message = str(app.screen.query_one("#custom-msg", Static).render())
        assert expected.lower() in message.lower()
        assert app.wizard.instance_type is None
        # the table's choice is untouched
        assert "Selected: t3.small" in texts(app)


# -- 4 key pair ---------------------------------------------------------------------------


async def test_key_pair_none_by_default(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, KeyPairScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.wizard.key == KeyChoice()


async def test_key_pair_existing(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, KeyPairScreen)
        await pilot.click("#mode-existing")
        await settle(pilot)
        assert app.screen.query_one("#existing", Select).value == "mykey"
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.wizard.key == KeyChoice(name="mykey")


async def test_key_pair_create_validates_and_shows_path(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, KeyPairScreen)
        await pilot.click("#mode-create")
        await settle(pilot)
        assert app.screen.query_one("#nav-next", Button).disabled
        field = app.screen.query_one("#new-name", Input)
        field.focus()
        await pilot.press("é")
        await settle(pilot)
        assert str(app.screen.query_one("#name-error", Static).render())
        await pilot.press("backspace", *"mykey", "enter")
        await settle(pilot)
        assert app.screen.query_one(ErrorPanel).error.key == "keypair.exists"
        await pilot.press(*"2", "enter")
        await settle(pilot)
        assert backend.called("create_key_pair")[-1] == ("us-east-1", "mykey2", "ed25519")
        created = str(app.screen.query_one("#created", Static).render())
        assert "/home/demo/.local/share/chroma-tui/keys/mykey2.pem" in created
        assert "0600" in created
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.wizard.key == KeyChoice(
            "mykey2", "/home/demo/.local/share/chroma-tui/keys/mykey2.pem", created=True
        )


# -- 5 options ----------------------------------------------------------------------------


async def test_options_collapsed_with_valid_defaults(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, OptionsScreen)
        assert app.screen.query_one("#advanced", Collapsible).collapsed
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        options = app.wizard.options
        assert options is not None
        assert options.stack_name.startswith("chroma-")
        assert options.otel_headers == ""


async def test_options_invalid_stack_name_refuses_next(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, OptionsScreen)
        app.screen.query_one("#advanced", Collapsible).collapsed = False
        await settle(pilot)
        field = app.screen.query_one("#stack_name", Input)
        field.value = "1-chroma"
        await settle(pilot)
        message = str(app.screen.query_one("#stack_name-msg", Static).render())
        assert "1" in message and app.screen.errors["stack_name"]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, OptionsScreen)
        field.value = "my-chroma-stack"
        await settle(pilot)
        app.screen.query_one("#otel_headers", Input).value = "{'x-honeycomb-team': 'abc'}"
        app.screen.query_one("#otel_endpoint", Input).value = "https://api.honeycomb.com"
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        options = app.wizard.options
        assert options is not None
        assert options.stack_name == "my-chroma-stack"
        assert options.otel_endpoint == "https://api.honeycomb.com"
        assert "x-honeycomb-team" in options.otel_headers


async def test_options_bad_headers_refused(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, OptionsScreen)
        app.screen.query_one("#otel_headers", Input).value = "{not json"
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, OptionsScreen)
        assert not app.screen.query_one("#advanced", Collapsible).collapsed


# -- 6 review -----------------------------------------------------------------------------


async def test_review_launches_the_plan(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, ReviewScreen)
        shown = texts(app)
        assert "about $21.23/month ($0.0291/h): instance $15.18" in shown
        assert "22" in shown and "8000" in shown and "no authentication" in shown
        cli = str(app.screen.query_one("#cli", Static).render())
        assert "aws cloudformation create-stack" in cli
        assert "ParameterKey=InstanceType,ParameterValue=t3.small" in cli
        await pilot.click("#lock-ip")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        (plan,) = backend.called("launch")[0]
        assert isinstance(plan, LaunchPlan)
        assert plan.region == "us-east-1"
        assert plan.instance_type == "t3.small"
        assert plan.key_name is None
        assert plan.lock_to_my_ip is False
        assert type(app.screen).__name__ != "ReviewScreen"


async def test_review_template_error_then_retry(backend: FakeBackend) -> None:
    backend.fail("template", TemplateError("template.unreachable", source="x"), times=1)
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, ReviewScreen)
        assert app.screen.query_one(ErrorPanel).error.key == "template.unreachable"
        assert app.screen.query_one("#nav-next", Button).disabled
        await pilot.press("r")
        await settle(pilot)
        assert not app.screen.query(ErrorPanel)
        assert app.screen.query_one("#cli", Static)


async def test_back_keeps_earlier_answers(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, KeyPairScreen)
        await pilot.click("#mode-existing")
        await settle(pilot)
        await pilot.press("ctrl+n")
        await advance(pilot, OptionsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, KeyPairScreen)
        assert app.screen.mode == "existing"
        assert app.screen.query_one("#mode-existing").value


# -- language -----------------------------------------------------------------------------


async def test_language_switch_is_live_and_keeps_input(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, OptionsScreen)
        app.screen.query_one("#advanced", Collapsible).collapsed = False
        await settle(pilot)
        app.screen.query_one("#stack_name", Input).value = "kept-name"
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert i18n.get_language() == "zh-CN"
        assert "第 5 步" in str(app.screen.query_one(StepHeader).render())
        assert app.screen.query_one("#stack_name", Input).value == "kept-name"
        assert not app.screen.query_one("#advanced", Collapsible).collapsed
        assert "堆栈名称" in texts(app)
        await pilot.press("f2")
        await settle(pilot)
        assert "Step 5 of 6" in str(app.screen.query_one(StepHeader).render())


async def test_lang_argument_and_environment(backend: FakeBackend, monkeypatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    ChromaTuiApp(backend)
    assert i18n.get_language() == "zh-CN"
    ChromaTuiApp(backend, lang="en")
    assert i18n.get_language() == "en"


async def test_small_terminal_does_not_crash(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=(60, 20)) as pilot:
        await advance(pilot, ReviewScreen, presses=7)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_wizard_from_deployments_goes_back_to_them(backend: FakeBackend) -> None:
    backend.launch(LaunchPlan("us-east-1", "old-stack", "t3.small", "1.5.9", _template()))
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        deployments = app.screen
        assert type(deployments).__name__ == "DeploymentsScreen"
        app.navigator.start_wizard()
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is deployments


async def test_after_launch_the_answers_stay_but_the_stack_name_is_new(
    backend: FakeBackend,
) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, ReviewScreen)
        await pilot.press("l")
        await settle(pilot)
        (plan,) = backend.called("launch")[0]
        assert app.wizard.region == "us-east-1"
        assert app.wizard.options is not None
        assert app.wizard.options.stack_name != plan.stack_name


# -- repeated key presses ---------------------------------------------------------------------


async def test_two_quick_backs_never_pop_the_screen_beneath(backend: FakeBackend) -> None:
    # Given the wizard on its second step
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, RegionScreen)
        depth = len(app.screen_stack)
        # When Back is asked twice before the first one has taken effect
        step = app.screen
        step.action_back()
        step.action_back()
        await settle(pilot)
        # Then exactly one step was left: the credentials step is shown on the same base
        assert isinstance(app.screen, CredentialsScreen)
        assert len(app.screen_stack) == depth


async def test_enter_never_presses_the_back_button(backend: FakeBackend) -> None:
    # Given the region step (its list may still be loading)
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, RegionScreen)
        # Then the navigation buttons are for the mouse: esc and n are the keys
        for button in app.screen.query(Button):
            if button.id in ("nav-back", "nav-next"):
                assert not button.can_focus
        assert app.focused is None or app.focused.id != "nav-back"


# -- choosing again after a failure (Failure's f) ----------------------------------------------

KEY_REASON = (
    "The key pair 'gone' does not exist (Service: AmazonEC2; Error Code: InvalidKeyPair.NotFound)"
)
CAPACITY_REASON = (
    "We currently do not have sufficient t3.medium capacity in the Availability Zone you "
    "requested. (Error Code: InsufficientInstanceCapacity)"
)
REGION_REASON = "Unable to find the AMI for region af-south-1 (Region2AMI mapping)"


def _failed(reason: str, **kw: Any) -> tuple[Any, list[Any]]:
    """A ROLLBACK_COMPLETE deployment in eu-west-1 on t3.medium and its failed event."""
    from fakes import saved_deployment

    from chroma_tui.core.models import StackEvent

    d = saved_deployment("ROLLBACK_COMPLETE", region="eu-west-1", **kw)
    d = d.evolve(parameters={"InstanceType": "t3.medium", "ChromaVersion": "1.0.0"})
    event = StackEvent(
        "ev-fail", d.stack_id or "", d.stack_name, "ChromaInstance", "", "AWS::EC2::Instance",
        "CREATE_FAILED", reason, FROZEN_NOW,
    )  # fmt: skip
    return d, [event]


async def _open_failure(pilot: Any, backend: FakeBackend, reason: str, **kw: Any) -> Any:
    from chroma_tui.core.diagnosis import cause_from_reason
    from chroma_tui.ui.screens.failure import FailureScreen

    d, events = _failed(reason, **kw)
    backend.cause = cause_from_reason(reason, d.region, "ChromaInstance", "AWS::EC2::Instance")
    backend.saved = [d]
    await settle(pilot)
    pilot.app.push_screen(FailureScreen(d, events))
    await settle(pilot)
    return d


async def test_missing_key_pair_fix_opens_the_key_step_and_keeps_the_answers(
    backend: FakeBackend,
) -> None:
    # Given a fresh app (as after a restart) showing a missing-key-pair failure in eu-west-1
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        d = await _open_failure(pilot, backend, KEY_REASON, key_name="gone")
        # When f is pressed
        await pilot.press("f")
        await settle(pilot)
        # Then the key pair step opens directly, the credentials checked silently
        assert isinstance(app.screen, KeyPairScreen)
        assert "Step 4 of 6" in str(app.screen.query_one(StepHeader).render())
        assert app.wizard.identity == backend.identity
        assert app.wizard.region == "eu-west-1"
        assert app.wizard.instance_type is not None
        assert app.wizard.instance_type.name == "t3.medium"
        assert backend.called("key_pairs") == [("eu-west-1",)]
        # the missing key is not offered: an existing one is preselected
        assert app.screen.mode == "existing"
        assert app.screen.query_one("#existing", Select).value == "mykey"
        # And continuing reaches Review with the kept values and a new stack name
        await advance(pilot, ReviewScreen)
        shown = texts(app)
        assert "Region: eu-west-1" in shown
        assert "t3.medium" in shown
        await pilot.press("l")
        await settle(pilot)
        (plan,) = backend.called("launch")[0]
        assert (plan.region, plan.instance_type) == ("eu-west-1", "t3.medium")
        assert plan.key_name == "mykey"
        assert plan.chroma_version == "1.0.0"
        assert plan.stack_name != d.stack_name
        assert not backend.called("relaunch")


async def test_after_the_fix_back_walks_the_earlier_steps(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await _open_failure(pilot, backend, KEY_REASON, key_name="gone")
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, KeyPairScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InstanceTypeScreen)
        assert "Selected: t3.medium" in texts(app)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, RegionScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        await pilot.press("escape")  # the Deployments list is beneath
        await settle(pilot)
        assert type(app.screen).__name__ == "DeploymentsScreen"


@pytest.mark.parametrize(
    ("reason", "screen", "step"),
    [
        (CAPACITY_REASON, InstanceTypeScreen, "Step 3 of 6"),
        (REGION_REASON, RegionScreen, "Step 2 of 6"),
    ],
)
async def test_other_fixes_open_their_step(
    backend: FakeBackend, reason: str, screen: type, step: str
) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await _open_failure(pilot, backend, reason)
        assert app.screen.check_action("fix", ()) is True
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, screen)
        assert step in str(app.screen.query_one(StepHeader).render())
        assert app.wizard.region == "eu-west-1"


async def test_capacity_fix_launches_another_type_under_a_new_name(backend: FakeBackend) -> None:
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        d = await _open_failure(pilot, backend, CAPACITY_REASON)
        await pilot.press("f")
        await settle(pilot)
        table = app.screen.query_one("#types", DataTable)
        assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value == "t3.medium"
        table.focus()
        table.move_cursor(row=table.get_row_index("t3.large"))
        await settle(pilot)
        await advance(pilot, ReviewScreen)
        await pilot.press("l")
        await settle(pilot)
        (plan,) = backend.called("launch")[0]
        assert (plan.region, plan.instance_type) == ("eu-west-1", "t3.large")
        assert plan.stack_name != d.stack_name


async def test_fix_with_unchecked_credentials_shows_them_then_jumps_back(
    backend: FakeBackend,
) -> None:
    # Given credentials that fail once: the silent check cannot pass through
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await _open_failure(pilot, backend, KEY_REASON, key_name="gone")
        backend.fail("who_am_i", CredentialsError("cred.expired"), times=1)
        await pilot.press("f")
        await settle(pilot)
        # Then the credentials step is shown (its own check now works) ...
        assert isinstance(app.screen, CredentialsScreen)
        await pilot.press("ctrl+n")
        await settle(pilot)
        # ... and Next goes straight back to the step being redone
        assert isinstance(app.screen, KeyPairScreen)
        assert app.wizard.instance_type is not None
        assert app.wizard.instance_type.name == "t3.medium"


async def test_fix_in_the_same_session_keeps_the_answers_given(backend: FakeBackend) -> None:
    # Given a wizard run in this session with OTel set, launched
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, OptionsScreen)
        app.screen.query_one("#otel_endpoint", Input).value = "https://api.honeycomb.com"
        await settle(pilot)
        await advance(pilot, ReviewScreen)
        await pilot.press("l")
        await settle(pilot)
        (first,) = backend.called("launch")[0]
        failed = backend.saved[0] if backend.saved else None
        assert failed is not None and failed.stack_name == first.stack_name
        # When its failure asks to choose the key pair again
        from chroma_tui.core.diagnosis import cause_from_reason
        from chroma_tui.ui.screens.failure import FailureScreen

        backend.cause = cause_from_reason(KEY_REASON, "us-east-1", "ChromaInstance")
        app.push_screen(FailureScreen(failed.evolve(status="ROLLBACK_COMPLETE")))
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, KeyPairScreen)
        # Then Review launches a second stack with the same choices and a new name
        await advance(pilot, ReviewScreen)
        await pilot.press("l")
        await settle(pilot)
        second = backend.called("launch")[1][0]
        assert second.stack_name != first.stack_name
        assert second.otel_endpoint == "https://api.honeycomb.com"
        assert second.region == first.region and second.instance_type == first.instance_type


async def test_a_refused_launch_reopens_the_wizard_at_options_with_answers_kept(
    backend: FakeBackend,
) -> None:
    # Given a launch that AWS refuses before any stack exists (the name is someone else's)
    from chroma_tui.core.errors import StackError

    backend.fail("launch", StackError("stack.error.name_taken", name="taken"), times=1)
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, ReviewScreen)
        await pilot.press("l")
        await settle(pilot)
        assert type(app.screen).__name__ == "LaunchScreen"
        # When the user goes back
        await pilot.press("escape")
        for _ in range(5):
            await settle(pilot)
        # Then the Options step (where the stack name is) opens, the earlier answers kept
        assert isinstance(app.screen, OptionsScreen)
        assert app.wizard.region == "us-east-1"
        assert app.wizard.instance_type is not None


async def test_region_keys_survive_a_rebuild_under_the_vpc_question(backend: FakeBackend) -> None:
    """A rebuild that runs while the "create the default VPC?" question is on top (a slow
    machine runs it late) must not leave the step, once shown again, deaf to its own keys."""
    backend.no_default_vpc = {"us-east-1"}
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, RegionScreen)
        region = app.screen
        assert isinstance(region, RegionScreen)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        region.rebuild()  # late: it runs beneath the question
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        await pilot.pause(0.2)
        assert app.screen is region and region.vpc.get("us-east-1") is True
        assert region.focused is None or region.focused.is_attached
        assert {"n", "escape"} <= set(region.active_bindings)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, InstanceTypeScreen)
