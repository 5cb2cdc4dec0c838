"""The TUI's backend process when it ended: its exit code and where its last words are
(core/backend_remote.py). Not "AWS said": AWS said nothing."""

EN: dict[str, str] = {
    "backend.lost.body_exit": (
        "The helper process that talks to AWS for chroma-tui ended (exit code {code}) while it "
        "was working. Your deployments are saved, and a call that creates something is never "
        "sent twice."
    ),
    "backend.lost.fix_file": (
        "Try again: chroma-tui starts the helper anew. If it stops again, its last words are "
        "in {path}."
    ),
}

ZH: dict[str, str] = {
    "backend.lost.body_exit": (
        "替 chroma-tui 与 AWS 通信的辅助进程在工作中退出了（退出码 {code}）。你的部署记录都已保存，"
        "创建资源的请求也绝不会重复发送。"
    ),
    "backend.lost.fix_file": (
        "请重试：chroma-tui 会重新启动辅助进程。如果它再次停止，原因记录在 {path} 中。"
    ),
}
