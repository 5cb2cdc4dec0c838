"""A slow image pull shown while the app waits (issue 11: the sandbox's background install of
its Chroma server reaches the app as docker's layer lines in the console, as on EC2)."""

from __future__ import annotations

import io

from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment
from textual.widgets import Static

from chroma_tui.console import Console
from chroma_tui.console_boot import boot_printer
from chroma_tui.core.boot_log import BootPhase, BootReport, parse_console
from chroma_tui.core.json_lines import BootRecords
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.waiting import WaitingScreen

PREFIX = "cloud-init[2210]: "
CONSOLE = "\n".join(
    f"[{at:12.6f}] {PREFIX}{text}"
    for at, text in [
        (22.7, "Installed:"),
        (22.8, "Complete!"),
        (25.9, "100   345  100   345    0     0   4312      0 --:--:-- --:--:-- --:--:--  4312"),
        (26.2, " server Pulling"),
        (27.0, " 2d429b9e73a6 Pulling fs layer"),
        (27.1, " 8a1e25ce7c4f Pulling fs layer"),
        (28.0, " 2d429b9e73a6 Downloading [=>     ]  1.2MB/29.1MB"),
        (31.0, " 2d429b9e73a6 Pull complete"),
    ]
)


def test_layers_are_counted_while_the_image_is_pulled():
    report = parse_console(CONSOLE)
    assert [p.name for p in report.phases] == ["docker", "compose"]
    assert (report.layers, report.layers_done, report.pulling) == (2, 1, True)
    done = parse_console(CONSOLE + f"\n[   48.000000] {PREFIX} server Pulled")
    assert done.pulling is False and done.phase("pulled") is not None


def test_headless_and_json_say_the_pull():
    report = BootReport(
        phases=(BootPhase("docker", 22.8), BootPhase("compose", 25.9)), layers=12, layers_done=3
    )
    out = io.StringIO()
    on_boot = boot_printer(Console(out, io.StringIO(), io.StringIO()), 8000)
    on_boot(report)
    on_boot(report)  # said once
    assert out.getvalue().count("pulling the image: 12 layers so far, 3 complete") == 1
    records = BootRecords().records(report)
    assert ("boot_pull", {"layers": 12, "layers_done": 3}) in records


async def test_waiting_shows_the_pull_in_progress() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.saved = [d]
    fake.probe_blocks = True
    fake.boot_reports = [
        BootReport(
            phases=(BootPhase("docker", 22.8), BootPhase("compose", 25.9)),
            layers=7,
            layers_done=2,
        )
    ]
    app = ChromaTuiApp(fake, lang="zh-CN", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(WaitingScreen(d))
        text = ""
        for _ in range(100):
            await pilot.pause(0.02)
            text = "\n".join(str(w.render()) for w in app.screen.query(Static))
            if "正在拉取镜像" in text:
                break
        assert "正在拉取镜像：已有 7 层，完成 2 层" in text
        fake.probe_block.set()
