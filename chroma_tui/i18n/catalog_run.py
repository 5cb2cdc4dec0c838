"""The run screens: deployments, launch, waiting, connected, failure, cleanup."""

EN = {
    # durations
    "run.duration.s": "{s} s",
    "run.duration.ms": "{m} min {s} s",
    "run.duration.hm": "{h} h {m} min",
    "run.error.unexpected.title": "Something unexpected went wrong",
    "run.error.unexpected.body": "chroma-tui hit an error it does not know. Nothing was deleted.",
    "run.error.unexpected.fix": "Try again; if it keeps happening, report it with the text below.",
    # keys
    "run.key.open": "Open",
    "run.key.watch": "Watch",
    "run.key.connect": "Connect",
    "run.key.delete": "Delete",
    "run.key.forget": "Forget",
    "run.key.new": "New",
    "run.key.refresh": "Refresh",
    "run.key.resume": "Resume",
    "run.key.back_to_wizard": "Back to the wizard",
    "run.key.deployments": "Deployments",
    "run.key.delete_stack": "Delete",
    "run.key.copy_python": "Copy Py",
    "run.key.copy_ts": "Copy TS",
    "run.key.copy_ssh": "Copy SSH",
    "run.key.copy_widen": "Copy widen cmd",
    "run.key.lock": "Lock to my IP",
    "run.key.fix": "Fix it",
    "run.key.delete_failed": "Delete failed stack",
    "run.key.confirm_delete": "Delete",
    "run.key.delete_key": "Delete key pair",
    # event table and stream
    "run.events.time": "Time",
    "run.events.resource": "Resource",
    "run.events.type": "Type",
    "run.events.status": "Status",
    "run.events.reason": "Reason",
    "run.stream.stack_line": "Stack: {symbol} {status}   elapsed {elapsed}",
    "run.stream.progress": "{done}/{total} done",
    "run.stream.starting": "Connecting to CloudFormation…",
    "run.stream.watching": "Watching stack events (checked every 2 s).",
    "run.stream.throttled": "AWS is throttling us, waiting {s} s before asking again.",
    "run.stream.reconnecting": "Connection lost, reconnecting… ({problem})",
    "run.stream.paused": "Paused. Fix the credentials as shown, then press r to resume.",
    "run.stream.error": "Stopped. Press r to try again.",
    "run.stream.done": "Finished.",
    # launch
    "run.launch.title": "Launching stack {name} in {region}",
    "run.launch.creating": "Creating the stack… (saved first, so it can be resumed)",
    "run.launch.finishing": "Stack complete. Saving its address…",
    "run.launch.locking": "Limiting ports 8000 and 22 to your IP…",
    "run.quit.title": "The stack is still being created",
    "run.quit.body": (
        "Leave it running: AWS carries on and you can watch it later from Deployments "
        "(it costs money while it runs). Or delete it now."
    ),
    "run.quit.leave": "Leave it running",
    "run.quit.delete": "Delete it",
    # waiting
    "run.wait.title": "Stack {name} is ready; waiting for Chroma",
    "run.wait.address": "Address: {host}:{port}",
    "run.wait.progress": "Heartbeat attempts: {attempts}   elapsed {elapsed}",
    "run.wait.no_answer_yet": "No answer yet.",
    "run.wait.last_error": "Last try: {error}",
    "run.wait.why": (
        "Why this takes minutes: the instance is up, but it still installs Docker, pulls the "
        "Chroma image and starts it. The guide says Chroma may need a few more minutes after "
        "the IP address is available."
    ),
    # connected
    "run.conn.title": "Connected to Chroma on {host}:{port} ({name})",
    "run.conn.heartbeat": "Heartbeat {ns} ns = {time}",
    "run.conn.latency": "Server version {version}   round trip {ms} ms",
    "run.conn.beat_failed": "last heartbeat failed: {error}",
    "run.conn.python": "Python (pip install chromadb-client):",
    "run.conn.typescript": "TypeScript (npm install chromadb):",
    "run.conn.ssh": "SSH into the instance:",
    "run.conn.copy_hint": "Press p or t to copy the Python or TypeScript snippet.",
    "run.conn.copy_hint_ssh": "s copies the SSH command.",
    "run.conn.copy_hint_widen": "w copies the command below.",
    "run.conn.copied": "Copied the {what} to the clipboard (through your terminal; paste it).",
    "run.conn.what.python": "Python snippet",
    "run.conn.what.typescript": "TypeScript snippet",
    "run.conn.what.ssh": "SSH command",
    "run.conn.what.widen": "command that opens port 8000 again",
    "run.conn.locked": "Ports 8000 and 22 are open only to your IP {ip}.",
    "run.conn.open": (
        "Ports 8000 and 22 are open to the whole internet. Press l to limit them to your IP."
    ),
    "run.conn.locking": "Limiting ports 8000 and 22 to your IP…",
    "run.conn.lock_failed": "Could not limit access: {error}",
    "run.conn.widen": "To open port 8000 to everyone again (not recommended):",
    "run.conn.no_auth": (
        "Chroma 1.x has no authentication: anyone who can reach port 8000 can read and "
        "change your data."
    ),
    "run.conn.cleanup": (
        "When you are done, press d to delete the stack (it costs money while it runs)."
    ),
    # failure
    "run.fail.title": "Stack {name} in {region} failed: {status}",
    "run.fail.diagnosing": "Looking for the root cause…",
    "run.fail.unknown": "AWS did not say which resource failed.",
    "run.fail.raw": "AWS said: {raw}",
    "run.fail.raw_from": "AWS said ({resource}): {raw}",
    "run.fail.fix_label": "How to fix it:",
    "run.fail.console": "VPC console: {url}",
    "run.fail.hint.vpc": (
        "Press f: chroma-tui creates the default VPC in {region}, deletes the failed stack "
        "and launches it again with the same settings."
    ),
    "run.fail.hint.wizard": (
        "Press f to choose again in the wizard; press x to delete the failed stack."
    ),
    "run.fail.hint.delete": (
        "Press x to delete the failed stack: a stack in ROLLBACK_COMPLETE must be deleted "
        "before its name can be used again."
    ),
    "run.fail.step.vpc": "Create the default VPC",
    "run.fail.step.delete": "Delete the failed stack",
    "run.fail.step.create": "Launch the stack again",
    # cleanup
    "run.clean.title": "Delete stack {name} in {region}",
    "run.clean.warning": (
        "This deletes the instance and its disk: all data in Chroma is lost unless you have "
        "made a snapshot or backup."
    ),
    "run.clean.type_name": "Type the stack name {name} to confirm:",
    "run.clean.delete_button": "Delete stack",
    "run.clean.mismatch": "That is not the stack name. Type {name} exactly (case matters).",
    "run.clean.starting": "Ready to delete.",
    "run.clean.sending": "Asking CloudFormation to delete the stack…",
    "run.clean.done": "Stack {name} is deleted. AWS no longer bills for it.",
    "run.clean.failed": "The delete did not finish: {status} {reason}",
    "run.clean.retry": "Press r to try the delete again.",
    "run.clean.key_offer": (
        "chroma-tui created the key pair {name} for this stack. Press k to delete it in AWS "
        "and its private key file {file}."
    ),
    "run.clean.key_deleting": "Deleting key pair {name}…",
    "run.clean.key_deleted": "Key pair {name} and the file {file} are deleted.",
    "run.clean.key_failed": "Could not delete key pair {name}: {error}",
    # deployments
    "run.deps.title": "Your Chroma deployments",
    "run.deps.stack": "Stack",
    "run.deps.region": "Region",
    "run.deps.status": "Status",
    "run.deps.address": "Address",
    "run.deps.created": "Created",
    "run.deps.loading": "Reading saved deployments…",
    "run.deps.empty": "No deployments saved. Press n to start one.",
    "run.deps.help": (
        "Enter opens the selected deployment; s lists snapshots, r refreshes; ctrl+p lists "
        "every key."
    ),
    "run.deps.store_warning": "A damaged saved file was set aside: {warning}",
    "run.deps.no_address": "This stack has no address yet: watch it until it is complete.",
    "run.deps.forget_first": "Delete the stack first; only deleted stacks can be forgotten.",
}

ZH = {
    "run.duration.s": "{s} 秒",
    "run.duration.ms": "{m} 分 {s} 秒",
    "run.duration.hm": "{h} 小时 {m} 分",
    "run.error.unexpected.title": "出现了意外错误",
    "run.error.unexpected.body": "chroma-tui 遇到了一个未知错误。没有删除任何东西。",
    "run.error.unexpected.fix": "请重试；如果反复出现，请附上下面的文字报告问题。",
    "run.key.open": "打开",
    "run.key.watch": "查看进度",
    "run.key.connect": "连接",
    "run.key.delete": "删除",
    "run.key.forget": "移除记录",
    "run.key.new": "新建",
    "run.key.refresh": "刷新",
    "run.key.resume": "继续",
    "run.key.back_to_wizard": "返回向导",
    "run.key.deployments": "部署列表",
    "run.key.delete_stack": "删除堆栈",
    "run.key.copy_python": "复制 Python",
    "run.key.copy_ts": "复制 TS",
    "run.key.copy_ssh": "复制 SSH",
    "run.key.copy_widen": "复制向所有人开放端口的命令",
    "run.key.lock": "仅限我的 IP",
    "run.key.fix": "修复",
    "run.key.delete_failed": "删除失败的堆栈",
    "run.key.confirm_delete": "删除",
    "run.key.delete_key": "删除密钥对",
    "run.events.time": "时间",
    "run.events.resource": "资源",
    "run.events.type": "类型",
    "run.events.status": "状态",
    "run.events.reason": "原因",
    "run.stream.stack_line": "堆栈：{symbol} {status}   已用时 {elapsed}",
    "run.stream.progress": "已完成 {done}/{total}",
    "run.stream.starting": "正在连接 CloudFormation…",
    "run.stream.watching": "正在跟踪堆栈事件（每 2 秒查询一次）。",
    "run.stream.throttled": "AWS 正在限流，等待 {s} 秒后再查询。",
    "run.stream.reconnecting": "连接中断，正在重新连接…（{problem}）",
    "run.stream.paused": "已暂停。请按提示处理凭证，然后按 r 继续。",
    "run.stream.error": "已停止。按 r 重试。",
    "run.stream.done": "已结束。",
    "run.launch.title": "正在 {region} 区域创建堆栈 {name}",
    "run.launch.creating": "正在创建堆栈…（已先保存记录，中断后可以继续）",
    "run.launch.finishing": "堆栈已创建完成，正在保存地址…",
    "run.launch.locking": "正在把 8000 和 22 端口限制为仅你的 IP 可访问…",
    "run.quit.title": "堆栈仍在创建中",
    "run.quit.body": (
        "保留运行：AWS 会继续创建，之后可以在部署列表中继续查看（运行期间会产生费用）。"
        "也可以现在删除它。"
    ),
    "run.quit.leave": "保留运行",
    "run.quit.delete": "删除堆栈",
    "run.wait.title": "堆栈 {name} 已就绪，正在等待 Chroma 启动",
    "run.wait.address": "地址：{host}:{port}",
    "run.wait.progress": "心跳尝试次数：{attempts}   已用时 {elapsed}",
    "run.wait.no_answer_yet": "尚未收到响应。",
    "run.wait.last_error": "上一次尝试：{error}",
    "run.wait.why": (
        "为什么要等几分钟：实例已经启动，但它还要安装 Docker、拉取 Chroma 镜像并启动。"
        "指南中也提到，即使 IP 地址已经可用，Chroma 仍可能需要几分钟才能完全启动。"
    ),
    "run.conn.title": "已连接到 {host}:{port} 上的 Chroma（{name}）",
    "run.conn.heartbeat": "心跳 {ns} 纳秒 = {time}",
    "run.conn.latency": "服务器版本 {version}   往返延迟 {ms} 毫秒",
    "run.conn.beat_failed": "上一次心跳失败：{error}",
    "run.conn.python": "Python 客户端（`pip install chromadb-client`）：",
    "run.conn.typescript": "TypeScript 客户端（`npm install chromadb`）：",
    "run.conn.ssh": "通过 SSH 登录实例：",
    "run.conn.copy_hint": "按 p 或 t 复制 Python 或 TypeScript 代码片段。",
    "run.conn.copy_hint_ssh": "按 s 复制 SSH 命令。",
    "run.conn.copy_hint_widen": "按 w 复制下面的命令。",
    "run.conn.copied": "已将{what}复制到剪贴板（通过终端复制，直接粘贴即可）。",
    "run.conn.what.python": " Python 代码片段",
    "run.conn.what.typescript": " TypeScript 代码片段",
    "run.conn.what.ssh": " SSH 命令",
    "run.conn.what.widen": "重新开放 8000 端口的命令",
    "run.conn.locked": "8000 和 22 端口仅对你的 IP {ip} 开放。",
    "run.conn.open": "8000 和 22 端口对整个互联网开放。按 l 可限制为仅你的 IP 可访问。",
    "run.conn.locking": "正在把 8000 和 22 端口限制为仅你的 IP 可访问…",
    "run.conn.lock_failed": "无法限制访问：{error}",
    "run.conn.widen": "如需重新向所有人开放 8000 端口（不推荐）：",
    "run.conn.no_auth": (
        "Chroma 1.x 没有身份验证：任何能访问 8000 端口的人都可以读取和修改你的数据。"
    ),
    "run.conn.cleanup": "用完后按 d 删除堆栈（运行期间会持续产生费用）。",
    "run.fail.title": "{region} 区域的堆栈 {name} 创建失败：{status}",
    "run.fail.diagnosing": "正在查找根本原因…",
    "run.fail.unknown": "AWS 没有说明是哪个资源失败。",
    "run.fail.raw": "AWS 原文：{raw}",
    "run.fail.raw_from": "AWS 原文（{resource}）：{raw}",
    "run.fail.fix_label": "解决方法：",
    "run.fail.console": "VPC 控制台：{url}",
    "run.fail.hint.vpc": (
        "按 f：chroma-tui 会在 {region} 区域创建默认 VPC，删除失败的堆栈，并用相同的设置重新创建。"
    ),
    "run.fail.hint.wizard": "按 f 回到向导重新选择；按 x 删除失败的堆栈。",
    "run.fail.hint.delete": (
        "按 x 删除失败的堆栈：处于 ROLLBACK_COMPLETE 状态的堆栈必须先删除，才能再次使用这个名称。"
    ),
    "run.fail.step.vpc": "创建默认 VPC",
    "run.fail.step.delete": "删除失败的堆栈",
    "run.fail.step.create": "重新创建堆栈",
    "run.clean.title": "删除 {region} 区域的堆栈 {name}",
    "run.clean.warning": (
        "这会删除实例及其磁盘：除非你已经做了快照或备份，否则 Chroma 中的所有数据都会丢失。"
    ),
    "run.clean.type_name": "请输入堆栈名称 {name} 以确认：",
    "run.clean.delete_button": "删除堆栈",
    "run.clean.mismatch": "与堆栈名称不一致。请准确输入 {name}（区分大小写）。",
    "run.clean.starting": "准备删除。",
    "run.clean.sending": "正在请求 CloudFormation 删除堆栈…",
    "run.clean.done": "堆栈 {name} 已删除，AWS 不再为它计费。",
    "run.clean.failed": "删除没有完成：{status} {reason}",
    "run.clean.retry": "按 r 再次尝试删除。",
    "run.clean.key_offer": (
        "密钥对 {name} 是 chroma-tui 为这个堆栈创建的。按 k 可在 AWS 中删除它，"
        "并删除私钥文件 {file}。"
    ),
    "run.clean.key_deleting": "正在删除密钥对 {name}…",
    "run.clean.key_deleted": "密钥对 {name} 和文件 {file} 已删除。",
    "run.clean.key_failed": "无法删除密钥对 {name}：{error}",
    "run.deps.title": "你的 Chroma 部署",
    "run.deps.stack": "堆栈",
    "run.deps.region": "区域",
    "run.deps.status": "状态",
    "run.deps.address": "地址",
    "run.deps.created": "创建时间",
    "run.deps.loading": "正在读取已保存的部署…",
    "run.deps.empty": "没有已保存的部署。按 n 新建一个。",
    "run.deps.help": "按回车打开所选部署；按 s 查看快照，按 r 刷新；按 ctrl+p 列出所有按键。",
    "run.deps.store_warning": "一个损坏的记录文件已被移到一旁：{warning}",
    "run.deps.no_address": "这个堆栈还没有地址：请先查看进度，等它创建完成。",
    "run.deps.forget_first": "请先删除堆栈；只有已删除的堆栈才能移除记录。",
}
