"""Texts of the sandbox (the local AWS used for trying chroma-tui and for tests)."""

EN = {
    "sandbox.progress.reusing": "Using the sandbox already running at {endpoint}",
    "sandbox.progress.starting": "Starting the local AWS sandbox…",
    "sandbox.progress.ready": "Sandbox ready at {endpoint} (scenario: {scenario})",
    "sandbox.cli.help": (
        "Run a local AWS sandbox: moto plus CloudFormation with realistic timelines and a real "
        "Chroma server behind each stack."
    ),
    "sandbox.cli.scenario": "what the sandbox does (default: ok)",
    "sandbox.cli.speed": "time factor: 1 is about 45 s per stack, 20 is about 2 s",
    "sandbox.cli.provision": "only install the Chroma server (once, cached) and exit",
    "sandbox.cli.stop": "stop the sandbox running in the background",
    "sandbox.cli.stopped": "Sandbox stopped.",
    "sandbox.cli.none_running": "No sandbox is running.",
    "sandbox.cli.chroma_at": "Chroma server executable: {path}",
    "sandbox.cli.bad_speed": "--speed must be a positive number.",
    "sandbox.cli.already": (
        "A sandbox is already running at {endpoint} (pid {pid}). Stop it with "
        "`chroma-tui sandbox --stop`, or use it."
    ),
    "sandbox.cli.exports": (
        "Sandbox running (scenario {scenario}, speed {speed}). In another shell, paste:"
    ),
    "sandbox.cli.serving": "Serving. Press Ctrl-C to stop.",
    "sandbox.unknown_scenario.title": "Unknown sandbox scenario",
    "sandbox.unknown_scenario.body": "The sandbox has no scenario called “{name}”.",
    "sandbox.unknown_scenario.fix": (
        "Use one of: ok, no-default-vpc, missing-key-pair, insufficient-capacity, slow-boot, "
        "throttle."
    ),
    "sandbox.start_failed.title": "The sandbox did not start",
    "sandbox.start_failed.body": "The local AWS sandbox exited or did not answer in time.",
    "sandbox.start_failed.fix": "See its log at {log}, then try `chroma-tui sandbox` to watch it.",
}

ZH = {
    "sandbox.progress.reusing": "使用已在 {endpoint} 运行的沙盒",
    "sandbox.progress.starting": "正在启动本地 AWS 沙盒…",
    "sandbox.progress.ready": "沙盒已就绪：{endpoint}（场景：{scenario}）",
    "sandbox.cli.help": (
        "运行本地 AWS 沙盒：moto 加上带真实时间线的 CloudFormation，每个堆栈背后都有一个真实的 "
        "Chroma 服务器。"
    ),
    "sandbox.cli.scenario": "沙盒的行为场景（默认：ok）",
    "sandbox.cli.speed": "时间倍率：1 约为每个堆栈 45 秒，20 约为 2 秒",
    "sandbox.cli.provision": "只安装 Chroma 服务器（仅一次，会缓存）然后退出",
    "sandbox.cli.stop": "停止在后台运行的沙盒",
    "sandbox.cli.stopped": "沙盒已停止。",
    "sandbox.cli.none_running": "没有正在运行的沙盒。",
    "sandbox.cli.chroma_at": "Chroma 服务器可执行文件：{path}",
    "sandbox.cli.bad_speed": "--speed 必须是正数。",
    "sandbox.cli.already": (
        "已有沙盒在 {endpoint} 运行（pid {pid}）。"
        "可用 `chroma-tui sandbox --stop` 停止它，或直接使用它。"
    ),
    "sandbox.cli.exports": (
        "沙盒正在运行（场景 {scenario}，倍率 {speed}）。请在另一个 Shell 中粘贴："
    ),
    "sandbox.cli.serving": "运行中。按 Ctrl-C 停止。",
    "sandbox.unknown_scenario.title": "未知的沙盒场景",
    "sandbox.unknown_scenario.body": "沙盒没有名为“{name}”的场景。",
    "sandbox.unknown_scenario.fix": (
        "请使用以下之一：ok、no-default-vpc、missing-key-pair、insufficient-capacity、slow-boot、"
        "throttle。"
    ),
    "sandbox.start_failed.title": "沙盒未能启动",
    "sandbox.start_failed.body": "本地 AWS 沙盒已退出，或未在限定时间内响应。",
    "sandbox.start_failed.fix": "请查看日志 {log}，然后运行 `chroma-tui sandbox` 观察它。",
}
