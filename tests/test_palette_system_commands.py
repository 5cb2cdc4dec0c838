"""Textual's own system commands (Keys, Screenshot, Maximize...) in the palette, translated."""

from __future__ import annotations

from fakes import FROZEN_NOW, FakeBackend, settle
from textual.app import App

from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.widgets.palette import TEXTUAL_TITLES


async def test_every_textual_system_command_is_mapped_and_offered_translated() -> None:
    app = ChromaTuiApp(FakeBackend(), lang="zh-CN", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # What the installed Textual lists itself (its English titles), in two states.
        textual = {c.title for c in App.get_system_commands(app, app.screen)}
        app.action_show_help_panel()
        await pilot.pause(0.1)
        textual |= {c.title for c in App.get_system_commands(app, app.screen)}
        assert {"Keys", "Screenshot", "Theme", "Quit"} <= textual
        assert textual <= set(TEXTUAL_TITLES), "a new Textual system command needs a translation"
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert "按键" in titles and titles["按键"] == "隐藏按键和控件帮助面板"  # panel shown now
        assert "截图" in titles and "主题" in " ".join(titles)
        assert not textual & set(titles)  # no English title left
        app.action_hide_help_panel()
        await pilot.pause(0.1)
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert titles["按键"] == "显示当前焦点控件的帮助和按键一览"
        assert list(titles).count("退出") == 1  # q's binding already offers Quit


async def test_english_titles_in_english() -> None:
    app = ChromaTuiApp(FakeBackend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Keys" in titles and "Screenshot" in titles
