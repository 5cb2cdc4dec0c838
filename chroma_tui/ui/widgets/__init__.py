"""Widgets shared by every screen."""

from chroma_tui.ui.widgets.confirm import ConfirmModal
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.footer import I18nFooter
from chroma_tui.ui.widgets.step_header import StepHeader

__all__ = ["ConfirmModal", "ErrorPanel", "I18nFooter", "StepHeader"]
