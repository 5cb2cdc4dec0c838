"""The first run (issue 11, item 5): start.py fetching uv, and falling back to pip."""

EN = {
    # -- start.py (README's first command) ------------------------------------------------------
    "firstrun.start.fetching_uv": "Fetching uv, a fast installer (once): {seconds} s…",
    "firstrun.start.no_uv": "Could not fetch uv: installing with pip instead, which is slower "
    "(why: {log}).",
    "firstrun.start.old_python": "chroma-tui needs Python 3.10 or newer; this is {version}. "
    "Run start.py with a newer one, e.g. python3.11 start.py --sandbox.",
    "firstrun.start.uv_failed": "uv could not install chroma-tui: trying pip instead (why: {log}).",
    # -- the sandbox's Chroma server ----------------------------------------------------------
    "firstrun.provision.uv_failed": "Chroma server {version}: uv could not install it, trying pip "
    "instead… ({elapsed} s)",
}

ZH = {
    # -- start.py (README's first command) ------------------------------------------------------
    "firstrun.start.fetching_uv": "正在获取 uv（一个快速的安装工具，仅此一次）：{seconds} 秒…",
    "firstrun.start.no_uv": "无法获取 uv：改用 pip 安装，速度较慢（原因见 {log}）。",
    "firstrun.start.old_python": "chroma-tui 需要 Python 3.10 或更新版本，当前是 {version}。"
    "请用更新的 Python 运行 start.py，例如 python3.11 start.py --sandbox。",
    "firstrun.start.uv_failed": "uv 无法安装 chroma-tui：改用 pip 重试（原因见 {log}）。",
    # -- the sandbox's Chroma server ----------------------------------------------------------
    "firstrun.provision.uv_failed": "Chroma 服务器 {version}：uv 无法安装，"
    "改用 pip 重试…（{elapsed} 秒）",
}
