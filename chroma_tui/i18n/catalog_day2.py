"""Keep the data (EBS snapshots before a delete) and sleep and wake (stop / start), issue 12."""

EN = {
    # -- keep the data: the snapshot before a delete ---------------------------------------
    "snap.opt.snapshot": "first take an EBS snapshot of the server's volume, tagged with the "
    "stack name (the default: the data is kept)",
    "snap.opt.no_snapshot": "delete without a snapshot: Chroma's data is gone with the stack",
    "snap.opt.delete": "delete this snapshot (one of chroma-tui's)",
    "snap.cli.help": "list chroma-tui's EBS snapshots (stack, size, date, state, monthly cost), "
    "or delete one with --delete ID",
    "snap.taking": "Taking a snapshot of {name}'s volume before the delete…",
    "snap.started": "Snapshot {snapshot} started ({state}): {size} GiB, at most {cost} per month "
    "while you keep it.",
    "snap.nothing": "No snapshot: the stack {name} has no instance (nothing to keep).",
    "snap.kept": "Your data is kept in snapshot {snapshot}. To stop paying for it: {command}",
    "snap.cli.stopped": "The stack was NOT deleted. To delete it without a snapshot: {command}",
    "snap.cli.unknown": "Snapshot {snapshot} is not among chroma-tui's; give --region.",
    "snap.cli.confirm": "This deletes snapshot {snapshot} (stack {name}): its data cannot be "
    "recovered.",
    "snap.cli.type_id": "Type the snapshot id to confirm: ",
    "snap.deleted": "Snapshot {snapshot} deleted.",
    "snap.list.header": "SNAPSHOT                 STACK                    REGION          "
    "SIZE      STARTED           STATE      COST",
    "snap.list.monthly": "{cost}/month",
    "snap.list.total": "{count} snapshots, at most {cost} per month in all.",
    "snap.list.none": "No chroma-tui snapshots in {regions}.",
    "snap.price_note": "Price: EBS snapshot storage, $0.05 per GB-month (us-east-1, standard "
    "tier); snapshots bill only the blocks in use, so this is the most it costs.",
    "snap.error.no_volume.title": "The server has no volume to snapshot",
    "snap.error.no_volume.body": "The instance {instance} of stack {name} has no EBS volume "
    "attached, so there is nothing to snapshot.",
    "snap.error.no_volume.fix": "Delete without a snapshot, or check the instance in the EC2 "
    "console first.",
    "snap.error.refused.title": "EC2 refused the snapshot",
    "snap.error.refused.body": "The snapshot of {name}'s volume was not started, so the stack "
    "was not deleted.",
    "snap.error.refused.fix": "Read AWS's reason below (often a missing ec2:CreateSnapshot "
    "permission or a snapshot limit); try again, or delete without a snapshot.",
    "snap.error.failed.title": "The snapshot failed",
    "snap.error.failed.body": "EC2 reports snapshot {snapshot} of {name} as failed, so the stack "
    "was not deleted.",
    "snap.error.failed.fix": "Try again, or delete without a snapshot.",
    "snap.error.unknown.title": "No such snapshot",
    "snap.error.unknown.body": "Snapshot {snapshot} was not found in {region}.",
    "snap.error.unknown.fix": "List them with `chroma-tui snapshots`.",
    "snap.error.not_ours.title": "Not one of chroma-tui's snapshots",
    "snap.error.not_ours.body": "Snapshot {snapshot} in {region} was not taken by chroma-tui, so "
    "it is left alone.",
    "snap.error.not_ours.fix": "Delete it in the EC2 console if you mean to.",
    # Cleanup and the Snapshots view
    "snap.ui.checkbox": "Snapshot the disk first (keeps the data): at most {cost}/month",
    "snap.ui.taking": "Taking a snapshot of the server's volume; the stack is deleted once it "
    "has started…",
    "snap.ui.without": "Delete without snapshot",
    "snap.state.pending": "pending",
    "snap.state.completed": "completed",
    "snap.state.error": "failed",
    "snap.ui.kept_where": "It is listed under Snapshots (key s on Deployments), where it can be "
    "deleted.",
    "snap.ui.failed_hint": "The stack was NOT deleted. Press r to try the snapshot again, or "
    "n to delete without it.",
    "snap.ui.title": "Snapshots (chroma-tui's, in {regions})",
    "snap.ui.loading": "Reading the snapshots…",
    "snap.ui.none": "No snapshots: chroma-tui keeps one when you delete a stack with the box "
    "ticked.",
    "snap.ui.total": "{count} snapshots, at most {cost} per month in all. Press x to delete "
    "the highlighted one.",
    "snap.ui.confirm": "Delete snapshot {snapshot} of {name}? Its data cannot be recovered. "
    "Press x again to confirm, esc to keep it.",
    "snap.ui.deleted": "Snapshot {snapshot} deleted.",
    "snap.col.snapshot": "Snapshot",
    "snap.col.stack": "Stack",
    "snap.col.size": "Size",
    "snap.col.started": "Started",
    "snap.col.state": "State",
    "snap.col.cost": "Monthly",
    "snap.key.snapshots": "Snapshots",
    "snap.key.delete": "Delete snapshot",
    "snap.key.back": "Back",
    "snap.key.without": "Delete without",
    # -- sleep and wake ------------------------------------------------------------------------
    "power.cli.stop_help": "stop the instance: no compute billed while stopped (its volume "
    "still is); Chroma stays down until `start`",
    "power.cli.start_help": "start a stopped instance: new address saved, ports locked again, "
    "Chroma restarted over SSH (with the key file), then the heartbeat",
    "power.opt.no_wait": "do not wait for Chroma's heartbeat after the restart",
    "power.means": "With Chroma's official template: a stopped instance bills no compute, but "
    "its 24 GiB volume still costs about $2.40 per month; on start it gets a NEW public IP "
    "address, and Chroma does not come back by itself (the container has no restart policy), so "
    "it is started again over SSH.",
    "power.stopping": "Stopping the instance of {name}…",
    "power.stopped": "Stopped. {name} bills no compute now; its volume still costs about {cost} "
    "per month. Start it again with: {command}",
    "power.starting": "Starting the instance of {name}…",
    "power.started": "Running again at a new address: {host} (was {old}).",
    "power.relocking": "Locking ports 22 and 8000 to your IP again…",
    "power.relocked": "Ports 22 and 8000 open to {ip} only.",
    "power.relock_failed": "The ports lock was not applied again: {problem}. Run: {command}",
    "power.restarting": "Starting Chroma again over SSH: {command}",
    "power.restarted": "Chroma's container is starting again.",
    "power.restart_failed": "Chroma could not be started over SSH: {problem}",
    "power.waiting": "Waiting for Chroma's heartbeat at {host}:{port}…",
    "power.awake": "Chroma answers again at {host}:{port} ({ms} ms).",
    "power.not_awake": "Chroma does not answer at {host}:{port} yet: {problem}",
    "power.already": "The instance of {name} is already {state}.",
    "power.no_instance.title": "The stack has no instance",
    "power.no_instance.body": "Stack {name} in {region} has no running or stopped instance to "
    "stop or start.",
    "power.no_instance.fix": "Check the stack with `chroma-tui status`.",
    "power.timeout.title": "The instance did not change state in time",
    "power.timeout.body": "The instance {instance} is still {state} after {seconds} s.",
    "power.timeout.fix": "Look again in a minute with `chroma-tui status`, or in the EC2 console.",
    "power.ssh.failed.title": "SSH to the server failed",
    "power.ssh.failed.body": "chroma-tui could not run the restart command on {host} as ec2-user.",
    "power.ssh.failed.fix": "Check the key file and that port 22 is open to your IP, then run "
    "the command yourself: {command}",
    "power.ssh.host_key.title": "The server's SSH host key changed",
    "power.ssh.host_key.body": "{host} presented a different host key than the one recorded in "
    "{known_hosts}: it may be another machine.",
    "power.ssh.host_key.fix": "If the address was reused by a new instance, remove its line "
    "from {known_hosts} and try again.",
    "power.no_key.title": "No key file for SSH",
    "power.no_key.body": "Deployment {name} has no private key file (or no address), so "
    "chroma-tui cannot run commands on the server.",
    "power.no_key.fix": "Start Chroma by hand with your own key, or through EC2 Instance Connect.",
    "power.key.stop": "Stop (sleep)",
    "power.key.start": "Start (wake)",
    "power.ui.confirm_stop": "Stop {name}? {means} Press z again to stop.",
    "power.ui.sleep_hint": "Not using it for a while? z stops the instance (sleep): no compute "
    "bill.",
    "power.ui.confirm_stop_here": "Stop {name}? {means} Press z again to stop, or another key "
    "to keep it running.",
}

ZH = {
    "snap.opt.snapshot": "先为服务器的卷创建 EBS 快照，并以堆栈名称标记（默认：保留数据）",
    "snap.opt.no_snapshot": "不创建快照直接删除：Chroma 的数据随堆栈一起消失",
    "snap.opt.delete": "删除此快照（须为 chroma-tui 创建的快照）",
    "snap.cli.help": "列出 chroma-tui 的 EBS 快照（堆栈、大小、日期、状态、每月费用），"
    "或用 --delete ID 删除其中一个",
    "snap.taking": "删除前正在为 {name} 的卷创建快照…",
    "snap.started": "快照 {snapshot} 已开始（{state}）：{size} GiB，保留期间每月最多 {cost}。",
    "snap.nothing": "未创建快照：堆栈 {name} 没有实例（没有需要保留的数据）。",
    "snap.kept": "你的数据保留在快照 {snapshot} 中。如不想继续付费：{command}",
    "snap.cli.stopped": "堆栈未被删除。如要不创建快照直接删除：{command}",
    "snap.cli.unknown": "快照 {snapshot} 不在 chroma-tui 的快照中；请指定 --region。",
    "snap.cli.confirm": "这将删除快照 {snapshot}（堆栈 {name}）：其数据无法恢复。",
    "snap.cli.type_id": "输入快照 ID 以确认：",
    "snap.deleted": "快照 {snapshot} 已删除。",
    "snap.list.header": "快照                     堆栈                     区域            "
    "大小      开始时间          状态       费用",
    "snap.list.monthly": "{cost}/月",
    "snap.list.total": "共 {count} 个快照，合计每月最多 {cost}。",
    "snap.list.none": "{regions} 中没有 chroma-tui 的快照。",
    "snap.price_note": "价格：EBS 快照存储每 GB 每月 $0.05（us-east-1，标准层）；"
    "快照只按已使用的块计费，因此这是最高费用。",
    "snap.error.no_volume.title": "服务器没有可创建快照的卷",
    "snap.error.no_volume.body": "堆栈 {name} 的实例 {instance} 没有挂载 EBS 卷，无法创建快照。",
    "snap.error.no_volume.fix": "不创建快照直接删除，或先在 EC2 控制台检查该实例。",
    "snap.error.refused.title": "EC2 拒绝创建快照",
    "snap.error.refused.body": "{name} 的卷的快照未能开始，因此堆栈未被删除。",
    "snap.error.refused.fix": "请阅读下方 AWS 的原因（常见为缺少 ec2:CreateSnapshot "
    "权限或快照数量上限）；重试，或不创建快照直接删除。",
    "snap.error.failed.title": "快照失败",
    "snap.error.failed.body": "EC2 报告 {name} 的快照 {snapshot} 失败，因此堆栈未被删除。",
    "snap.error.failed.fix": "重试，或不创建快照直接删除。",
    "snap.error.unknown.title": "没有这个快照",
    "snap.error.unknown.body": "在 {region} 中找不到快照 {snapshot}。",
    "snap.error.unknown.fix": "用 `chroma-tui snapshots` 列出快照。",
    "snap.error.not_ours.title": "不是 chroma-tui 的快照",
    "snap.error.not_ours.body": "{region} 中的快照 {snapshot} 不是 chroma-tui 创建的，不做处理。",
    "snap.error.not_ours.fix": "如确有需要，请在 EC2 控制台中删除。",
    "snap.ui.checkbox": "先为磁盘创建快照（保留数据）：每月最多 {cost}",
    "snap.ui.taking": "正在为服务器的卷创建快照；快照开始后再删除堆栈…",
    "snap.ui.without": "不创建快照直接删除",
    "snap.state.pending": "进行中",
    "snap.state.completed": "已完成",
    "snap.state.error": "失败",
    "snap.ui.kept_where": "它列在“快照”中（在部署列表按 s），可在那里删除。",
    "snap.ui.failed_hint": "堆栈未被删除。按 r 重试快照，或按 n 不创建快照直接删除。",
    "snap.ui.title": "快照（chroma-tui 的，位于 {regions}）",
    "snap.ui.loading": "正在读取快照…",
    "snap.ui.none": "没有快照：勾选该选项后删除堆栈时，chroma-tui 会保留一个快照。",
    "snap.ui.total": "共 {count} 个快照，合计每月最多 {cost}。按 x 删除选中的快照。",
    "snap.ui.confirm": "删除 {name} 的快照 {snapshot}？其数据无法恢复。再按 x 确认，按 esc 保留。",
    "snap.ui.deleted": "快照 {snapshot} 已删除。",
    "snap.col.snapshot": "快照",
    "snap.col.stack": "堆栈",
    "snap.col.size": "大小",
    "snap.col.started": "开始时间",
    "snap.col.state": "状态",
    "snap.col.cost": "每月",
    "snap.key.snapshots": "快照",
    "snap.key.delete": "删除快照",
    "snap.key.back": "返回",
    "snap.key.without": "不创建快照删除",
    "power.cli.stop_help": "停止实例：停止期间不按计算计费（卷仍计费）；"
    "Chroma 在 `start` 之前保持停止",
    "power.cli.start_help": "启动已停止的实例：保存新地址、重新锁定端口、通过 SSH "
    "重启 Chroma（需密钥文件），然后检查心跳",
    "power.opt.no_wait": "重启后不等待 Chroma 的心跳",
    "power.means": "使用 Chroma 的官方模板时：已停止的实例不按计算计费，但其 24 GiB "
    "卷每月仍约 $2.40；启动后会获得新的公网 IP 地址，且 Chroma 不会自动恢复（容器没有重启策略），"
    "因此需要通过 SSH 重新启动。",
    "power.stopping": "正在停止 {name} 的实例…",
    "power.stopped": "已停止。{name} 现在不按计算计费；其卷每月仍约 {cost}。重新启动：{command}",
    "power.starting": "正在启动 {name} 的实例…",
    "power.started": "已重新运行，新地址：{host}（原为 {old}）。",
    "power.relocking": "正在重新将 22 和 8000 端口锁定到你的 IP…",
    "power.relocked": "22 和 8000 端口仅对 {ip} 开放。",
    "power.relock_failed": "端口锁定未重新应用：{problem}。请运行：{command}",
    "power.restarting": "正在通过 SSH 重新启动 Chroma：{command}",
    "power.restarted": "Chroma 的容器正在重新启动。",
    "power.restart_failed": "无法通过 SSH 启动 Chroma：{problem}",
    "power.waiting": "正在等待 {host}:{port} 上 Chroma 的心跳…",
    "power.awake": "Chroma 已在 {host}:{port} 重新响应（{ms} 毫秒）。",
    "power.not_awake": "Chroma 尚未在 {host}:{port} 响应：{problem}",
    "power.already": "{name} 的实例已是 {state} 状态。",
    "power.no_instance.title": "堆栈没有实例",
    "power.no_instance.body": "{region} 中的堆栈 {name} 没有可停止或启动的实例。",
    "power.no_instance.fix": "用 `chroma-tui status` 检查堆栈。",
    "power.timeout.title": "实例未能及时改变状态",
    "power.timeout.body": "实例 {instance} 在 {seconds} 秒后仍为 {state}。",
    "power.timeout.fix": "一分钟后用 `chroma-tui status` 再看，或在 EC2 控制台中查看。",
    "power.ssh.failed.title": "SSH 连接服务器失败",
    "power.ssh.failed.body": "chroma-tui 无法以 ec2-user 在 {host} 上运行重启命令。",
    "power.ssh.failed.fix": "检查密钥文件以及 22 端口是否对你的 IP 开放，然后自行运行：{command}",
    "power.ssh.host_key.title": "服务器的 SSH 主机密钥已改变",
    "power.ssh.host_key.body": "{host} 提供的主机密钥与 {known_hosts} 中记录的不同："
    "它可能是另一台机器。",
    "power.ssh.host_key.fix": "如果该地址被新实例重新使用，"
    "请从 {known_hosts} 中删除它的那一行，然后重试。",
    "power.no_key.title": "没有用于 SSH 的密钥文件",
    "power.no_key.body": "部署 {name} 没有私钥文件（或没有地址），"
    "chroma-tui 无法在服务器上运行命令。",
    "power.no_key.fix": "用你自己的密钥手动启动 Chroma，或通过 EC2 Instance Connect 启动。",
    "power.key.stop": "停止（休眠）",
    "power.key.start": "启动（唤醒）",
    "power.ui.confirm_stop": "停止 {name}？{means}再按 z 停止。",
    "power.ui.sleep_hint": "暂时不用？按 z 停止实例（休眠），不再产生计算费用。",
    "power.ui.confirm_stop_here": "停止 {name}？{means}再按 z 停止，按其他键保持运行。",
}
