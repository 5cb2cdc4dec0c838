"""Texts of the sandbox's Chroma server provisioning (shown while the sandbox gets ready)."""

EN = {
    "sandbox.provision.unfinished": (
        "Removing an unfinished install of the Chroma server {version} and starting again…"
    ),
    "sandbox.provision.start_uv": (
        "Installing the Chroma server {version} for the sandbox with uv (once; usually under a "
        "minute)…"
    ),
    "sandbox.provision.start_pip": (
        "Installing the Chroma server {version} for the sandbox with pip (once; a minute or "
        "two; install uv to make it faster)…"
    ),
    "sandbox.provision.installing": "Chroma server {version}: installing packages… ({elapsed} s)",
    "sandbox.provision.packages": (
        "Chroma server {version}: {count} packages so far ({elapsed} s)"
    ),
    "sandbox.provision.done": "Chroma server {version} installed ({elapsed} s).",
    "sandbox.provision.failed": (
        "The Chroma server {version} could not be installed ({elapsed} s); the details are in "
        "the log file."
    ),
    "sandbox.progress.background": (
        "The sandbox is ready; its Chroma server {version} is being installed in the background "
        "(once). A first deployment waits for it; progress in {log}."
    ),
}

ZH = {
    "sandbox.provision.unfinished": "正在删除未完成的 Chroma 服务器 {version} 安装并重新开始…",
    "sandbox.provision.start_uv": (
        "正在用 uv 为沙盒安装 Chroma 服务器 {version}（仅一次，通常不到一分钟）…"
    ),
    "sandbox.provision.start_pip": (
        "正在用 pip 为沙盒安装 Chroma 服务器 {version}（仅一次，需要一两分钟；安装 uv 可以更快）…"
    ),
    "sandbox.provision.installing": "Chroma 服务器 {version}：正在安装软件包…（{elapsed} 秒）",
    "sandbox.provision.packages": (
        "Chroma 服务器 {version}：已处理 {count} 个软件包（{elapsed} 秒）"
    ),
    "sandbox.provision.done": "Chroma 服务器 {version} 已安装（{elapsed} 秒）。",
    "sandbox.provision.failed": (
        "Chroma 服务器 {version} 安装失败（{elapsed} 秒），详情见日志文件。"
    ),
    "sandbox.progress.background": (
        "沙盒已就绪；它的 Chroma 服务器 {version} 正在后台安装（仅一次）。"
        "首次部署会等待安装完成；进度见 {log}。"
    ),
}
