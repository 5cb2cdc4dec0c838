"""A Footer whose binding descriptions are i18n keys, translated each time it is composed.

Textual's ``Binding.description`` is static text. Our bindings use an i18n key as description
(e.g. ``"common.back"``); this footer translates it when it builds its keys, so a language switch
(which recomposes the screen, and with it the footer) relabels every key. Descriptions that are not
keys (Textual's own bindings, e.g. "Focus Next") are looked up as ``textual.<slug>`` keys
(i18n/catalog_china.py), so the command palette lists them in the app's language too.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from chroma_tui.i18n import get_language, has, t
from chroma_tui.i18n.catalog_china import textual_key

#: Textual's built-in binding descriptions and the keys that translate them.
BUILTIN_DESCRIPTIONS = {"palette": "wizard.footer.palette", "Quit": "common.quit"}


def translate_description(description: str) -> str:
    """Our key, or Textual's own English description, in the current language."""
    key = BUILTIN_DESCRIPTIONS.get(description, description)
    if has(key):
        return t(key)
    slug = textual_key(description)
    return t(slug) if has(slug) else description


class I18nFooter(Footer):
    """Recomposed only when the keys it shows change: a run screen refreshes its bindings on
    every state change, and each recompose mounts and styles every key again (a stall)."""

    _shown: tuple[object, ...] | None = None
    _recompose_pending = False

    def _keys_shown(self) -> tuple[object, ...]:
        return (
            get_language(),
            tuple(
                (binding.key, binding.action, binding.description, enabled, tooltip)
                for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show
            ),
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """One rebuild per burst: a new screen signals its bindings several times before the
        first refresh, and Textual's footer would rebuild every key once per signal."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._recompose_pending:
            return
        if self._shown is not None and self._keys_shown() == self._shown:
            return
        self._recompose_pending = True
        self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._recompose_pending = False
        if not self.is_attached:  # its screen closed meanwhile
            return
        if self._shown is not None and self._keys_shown() == self._shown:
            return
        await self.recompose()

    def on_mount(self) -> None:
        super().on_mount()
        # A footer mounted by a recompose missed the screen's last bindings signal: ask again.
        self.screen.refresh_bindings()

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._keys_shown()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Born with the footer's compactness: Textual's default (True) would otherwise
                # restyle each key twice on mount (its watcher, then the binding to ours),
                # ~3 ms a key, a stall on every screen's first frame.
                # (The palette key is not bound to the footer: it keeps Textual's default.)
                compact = True if widget.has_class("-command-palette") else self.compact
                widget.set_reactive(FooterKey.compact, compact)
                widget.set_class(compact, "-compact", update=False)
                widget.description = translate_description(widget.description)
                if isinstance(widget.tooltip, str):
                    widget.tooltip = translate_description(widget.tooltip)
            yield widget
