"""Output for scripts (--json), "my IP changed", glosses in headless lines (issues 11, 12)."""

EN = {
    # -- --json -------------------------------------------------------------------------------
    "scripts.opt.json": "write one JSON object per line on stdout (events, the result, errors "
    "with their fix) and nothing else; the human text goes to stderr",
    "scripts.usage": "The command line is not valid: {problem}. See chroma-tui --help.",
    # -- glosses under headless event lines ---------------------------------------------------
    "scripts.gloss_line": "          ↳ {gloss}",
    # -- my IP changed --------------------------------------------------------------------------
    "scripts.ip_moved.title": "Your IP address changed",
    "scripts.ip_moved.body": "Ports 22 and 8000 of {name} are locked to {locked}, but this "
    "machine's public address is now {current}: AWS drops its connections, so nothing answers.",
    "scripts.ip_moved.fix": "Move the rule to {current} (the old address loses access): "
    "run {command}, or press l in the app.",
    "scripts.ip_moved.tui": "Your IP address changed: the ports are locked to {locked}, this "
    "machine is now {current}. Press l to move the rule to {current}.",
    "scripts.ip_moved.checking": "No heartbeat: checking whether your IP address changed…",
    "scripts.lock.moved": "The rule moved from {old} to {new}: {old} has no access any more.",
    "scripts.key.move_lock": "Relock",
    # -- Textual's own system commands in the palette ---------------------------------------
    "scripts.palette.quit": "Quit",
    "scripts.palette.quit.help": "Leave chroma-tui (asks first while a stack is changing)",
    "scripts.palette.keys": "Keys",
    "scripts.palette.keys.help": "Show help for the focused widget and a summary of the keys",
    "scripts.palette.keys.hide": "Hide the keys and widget help panel",
    "scripts.palette.minimize": "Minimize",
    "scripts.palette.minimize.help": "Restore the maximized widget to its normal size",
    "scripts.palette.maximize": "Maximize",
    "scripts.palette.maximize.help": "Maximize the focused widget",
    "scripts.palette.screenshot": "Screenshot",
    "scripts.palette.screenshot.help": "Save an SVG screenshot of the current screen "
    "(in the current directory)",
    "scripts.boot.pulling": "  … pulling the image: {layers} layers so far, {done} complete",
    # -- README's first command (start.py) ---------------------------------------------------
    "scripts.start.installing": "Installing chroma-tui once (with {tool}): {packages} packages, "
    "{seconds} s…",
    "scripts.start.done": "chroma-tui installed in {seconds} s (installer output: {log}).",
    "scripts.start.failed": "Installing chroma-tui failed. The installer's output is in {log}.",
}

ZH = {
    # -- --json -------------------------------------------------------------------------------
    "scripts.opt.json": "在标准输出上每行写一个 JSON 对象（事件、结果、错误及其解决办法），"
    "不写其他内容；给人看的文字写到标准错误",
    "scripts.usage": "命令行无效：{problem}。请查看 chroma-tui --help。",
    # -- glosses under headless event lines ---------------------------------------------------
    "scripts.gloss_line": "          ↳ {gloss}",
    # -- my IP changed --------------------------------------------------------------------------
    "scripts.ip_moved.title": "你的 IP 地址变了",
    "scripts.ip_moved.body": "{name} 的 22 和 8000 端口只对 {locked} 开放，但本机现在的公网地址是 "
    "{current}：AWS 会丢弃它的连接，所以没有任何响应。",
    "scripts.ip_moved.fix": "把规则移到 {current}（旧地址将失去访问权限）：运行 {command}，"
    "或在应用中按 l。",
    "scripts.ip_moved.tui": "你的 IP 地址变了：端口只对 {locked} 开放，本机现在是 {current}。"
    "按 l 把规则移到 {current}。",
    "scripts.ip_moved.checking": "没有心跳：正在检查你的 IP 地址是否变了…",
    "scripts.lock.moved": "规则已从 {old} 移到 {new}：{old} 不再能访问。",
    "scripts.key.move_lock": "限制到本机",
    # -- Textual's own system commands in the palette ---------------------------------------
    "scripts.palette.quit": "退出",
    "scripts.palette.quit.help": "离开 chroma-tui（堆栈变更进行中时会先询问）",
    "scripts.palette.keys": "按键",
    "scripts.palette.keys.help": "显示当前焦点控件的帮助和按键一览",
    "scripts.palette.keys.hide": "隐藏按键和控件帮助面板",
    "scripts.palette.minimize": "还原",
    "scripts.palette.minimize.help": "把最大化的控件还原到正常大小",
    "scripts.palette.maximize": "最大化",
    "scripts.palette.maximize.help": "最大化当前焦点控件",
    "scripts.palette.screenshot": "截图",
    "scripts.palette.screenshot.help": "把当前画面保存为 SVG 截图（保存在当前目录）",
    "scripts.boot.pulling": "  … 正在拉取镜像：已有 {layers} 层，完成 {done} 层",
    # -- README's first command (start.py) ---------------------------------------------------
    "scripts.start.installing": "正在安装 chroma-tui（仅此一次，使用 {tool}）：{packages} 个包，"
    "{seconds} 秒…",
    "scripts.start.done": "chroma-tui 已安装，用时 {seconds} 秒（安装程序的输出：{log}）。",
    "scripts.start.failed": "安装 chroma-tui 失败。安装程序的输出在 {log}。",
}
