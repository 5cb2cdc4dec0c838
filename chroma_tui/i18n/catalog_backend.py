"""The TUI's backend process (core/backend_remote.py): what is said when it ends unexpectedly."""

EN: dict[str, str] = {
    "backend.lost.title": "chroma-tui's AWS helper stopped",
    "backend.lost.body": (
        "The helper process that talks to AWS for chroma-tui ended while it was working. "
        "Your deployments are saved, and a call that creates something is never sent twice."
    ),
    "backend.lost.fix": (
        "Try again: chroma-tui starts the helper anew. If it stops again, its last words are "
        "in chroma-tui-aws.stderr in the log folder."
    ),
}

ZH: dict[str, str] = {
    "backend.lost.title": "chroma-tui 的 AWS 辅助进程已停止",
    "backend.lost.body": (
        "替 chroma-tui 与 AWS 通信的辅助进程在工作中退出了。你的部署记录都已保存，"
        "创建资源的请求也绝不会重复发送。"
    ),
    "backend.lost.fix": (
        "请重试：chroma-tui 会重新启动辅助进程。如果它再次停止，原因记录在日志目录的 "
        "chroma-tui-aws.stderr 中。"
    ),
}
