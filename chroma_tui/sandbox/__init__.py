"""A local AWS for chroma-tui: moto plus a CloudFormation engine with real timelines and Chroma.

See docs/sandbox.md. Import what you need from here; the heavy parts (moto) load on start.
"""

from __future__ import annotations

from chroma_tui.sandbox.chroma import ChromaServer, free_port, provision_chroma
from chroma_tui.sandbox.daemon import ensure_daemon, run_command, stop_daemon
from chroma_tui.sandbox.faults import FaultProxy
from chroma_tui.sandbox.sandbox import SCENARIOS, TEMPLATE_URL, Sandbox, sandbox_env

__all__ = [
    "SCENARIOS",
    "TEMPLATE_URL",
    "ChromaServer",
    "FaultProxy",
    "Sandbox",
    "ensure_daemon",
    "free_port",
    "provision_chroma",
    "run_command",
    "sandbox_env",
    "stop_daemon",
]
