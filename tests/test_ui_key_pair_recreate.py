"""Key pair step: a key pair AWS made whose private key never arrived is recreated with ``x``
(the same name and type, through ``recreate_key_pair``), and the new file is shown."""

from __future__ import annotations

import pytest
from fakes import FROZEN_NOW, FakeBackend, settle
from textual.widgets import Input, Static

from chroma_tui import i18n
from chroma_tui.core.errors import AwsError
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.key_pair import ORPHANED, KeyPairScreen
from chroma_tui.ui.widgets import ErrorPanel

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


async def test_lost_private_key_is_recreated_with_x() -> None:
    backend = FakeBackend()
    backend.fail(
        "create_key_pair",
        AwsError(ORPHANED, raw="read timeout", name="lost", region="us-east-1"),
        1,
    )
    app = ChromaTuiApp(backend, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(6):  # Next until the key pair step
            await settle(pilot)
            if isinstance(app.screen, KeyPairScreen):
                break
            await pilot.press("ctrl+n")
        assert isinstance(app.screen, KeyPairScreen)
        await pilot.click("#mode-create")
        await settle(pilot)
        app.screen.query_one("#new-name", Input).focus()
        await pilot.press(*"lost", "enter")
        await settle(pilot)
        # Given: AWS made the pair, its private key never arrived; nothing recreated yet
        assert app.screen.query_one(ErrorPanel).error.key == ORPHANED
        assert backend.called("recreate_key_pair") == []
        # When: x, with no text field taking the letter
        app.screen.set_focus(None)
        await pilot.press("x")
        await settle(pilot)
        # Then: the same name and type are recreated and the new file is shown
        assert backend.called("recreate_key_pair") == [("us-east-1", "lost", "ed25519")]
        assert not app.screen.query(ErrorPanel)
        created = str(app.screen.query_one("#created", Static).render())
        assert "/home/demo/.local/share/chroma-tui/keys/lost.pem" in created
