"""Child process for the start-up benchmark: run an app on a terminal, note its first frames.

``python benchmarks/startup_child.py app|empty OUT``. Patches ``App._display`` (called once per
frame written to the terminal) to record when each screen first reaches the terminal, and an
import hook that counts botocore clients created before the first frame. Exits the process as
soon as the first interactive screen is drawn, writing the figures to OUT.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import json
import os
import sys
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

HEAVY = ("chromadb", "boto3", "botocore", "moto", "httpx", "numpy")
TIMEOUT_S = 20.0
clients: list[dict[str, Any]] = []


class _Recorder:
    def __init__(self, mode: str, out: Path) -> None:
        self.mode = mode
        self.out = out
        self.frames: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    def frame(self, screen_name: str) -> None:
        now = time.time()
        with self.lock:
            if any(name == screen_name for _, name in self.frames):
                return
            self.frames.append((now, screen_name))
            interactive = self.mode == "empty" or screen_name != "HomeScreen"
        if interactive:
            self.finish(now)

    def finish(self, at: float | None) -> None:
        data = {
            "interactive_at": at,
            "first_frame_at": self.frames[0][0] if self.frames else None,
            "frames": self.frames,
            "modules": {name: name in sys.modules for name in HEAVY},
            "clients": list(clients),
            "clients_before_frame": sum(1 for c in clients if at and c["at"] <= at),
        }
        self.out.write_text(json.dumps(data), "utf-8")
        os._exit(0 if at else 3)


class _ClientCounter(importlib.abc.MetaPathFinder):
    """Wraps ``botocore.session.Session.create_client`` when (if ever) botocore is imported."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name != "botocore.session":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original_exec = loader.exec_module  # type: ignore[attr-defined]

        def exec_module(module: ModuleType) -> None:
            original_exec(module)
            session_cls = module.Session
            create = session_cls.create_client

            def create_client(self: Any, service_name: str, *args: Any, **kw: Any) -> Any:
                clients.append(
                    {
                        "service": service_name,
                        "at": time.time(),
                        "thread": threading.current_thread().name,
                    }
                )
                return create(self, service_name, *args, **kw)

            session_cls.create_client = create_client

        loader.exec_module = exec_module  # type: ignore[attr-defined]
        return spec


def main() -> None:
    mode, out = sys.argv[1], Path(sys.argv[2])
    recorder = _Recorder(mode, out)
    sys.meta_path.insert(0, _ClientCounter())
    threading.Timer(TIMEOUT_S, recorder.finish, (None,)).start()

    from textual.app import App

    display = App._display

    def _display(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None and not self.is_headless:
            recorder.frame(type(screen).__name__)

    App._display = _display  # type: ignore[method-assign]

    if mode == "empty":
        from textual.widgets import Static

        class Empty(App[None]):
            def compose(self) -> Any:
                yield Static("hello")

        Empty().run()
        return
    cli = Path(__file__).resolve().parent.parent / "chroma_tui" / "cli.py"
    if cli.exists():
        import runpy

        sys.argv = ["chroma-tui"]
        runpy.run_module("chroma_tui", run_name="__main__", alter_sys=True)
    else:  # before cli.py exists: the same app, built the way the cli builds it
        from chroma_tui.core.backend import Backend
        from chroma_tui.ui import run_app

        run_app(Backend())


if __name__ == "__main__":
    main()
