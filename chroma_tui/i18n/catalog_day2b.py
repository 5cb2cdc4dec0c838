"""Day two, second pass (issue 12): what a stopped deployment costs (its volume only), and how
to bring Chroma back after a wake without a key file (EC2 Instance Connect)."""

EN = {
    # -- cost so far, a deployment that was stopped -----------------------------------------
    "cost.so_far_ran": "Cost so far: {total} in {hours} h, {ran} h of it running (instance "
    "{instance}, volume {volume}, public IPv4 {ipv4}); now {hourly}/h, {daily}/day",
    "cost.so_far_stopped": "Cost so far: {total} in {hours} h, {ran} h of it running (instance "
    "{instance}, volume {volume}, public IPv4 {ipv4}); stopped now, volume only: {hourly}/h, "
    "{daily}/day",
    # -- leaving the app ------------------------------------------------------------------------
    "cost.fleet_running": "{count} deployments still running: about {hourly}/h, {daily}/day "
    "(instance, volume, public IPv4).",
    "cost.fleet_stopped": "{count} stopped: about {hourly}/h, {daily}/day (volume only: no "
    "compute, no public IPv4).",
    "cost.fleet_delete": "Delete them with `chroma-tui delete --stack-name NAME` when done.",
    # -- waking without a key file: EC2 Instance Connect ------------------------------------
    "power.eic.manual": "There is no key file here, so chroma-tui cannot start Chroma over SSH.\n"
    "{steps}",
    "power.eic.steps": "Start it with EC2 Instance Connect (no key needed): in the EC2 console "
    "({console}) select the instance of stack {name} (tag aws:cloudformation:stack-name), choose "
    "Connect → EC2 Instance Connect → Connect (user ec2-user), then run:\n{command}",
    "power.eic.locked": "Ports 22 and 8000 are locked to {ip}, so port 22 is closed to EC2 "
    "Instance Connect's own addresses and its Connect fails. First allow them: an inbound rule "
    "on the stack's security group, SSH (TCP 22) from the prefix list {prefix_list} (the "
    "instance's Security tab → the group → Edit inbound rules → Add rule; a later lock keeps "
    "it), or run:\n{command}",
    "power.eic.your_ip": "your IP",
    "power.eic.own_key": "Or, with your private key of key pair {key}:\n{command}",
}

ZH = {
    "cost.so_far_ran": "至今费用：{total}，共 {hours} 小时，其中运行 {ran} 小时（实例 {instance}，"
    "卷 {volume}，公网 IPv4 {ipv4}）；当前 {hourly}/小时，{daily}/天",
    "cost.so_far_stopped": "至今费用：{total}，共 {hours} 小时，其中运行 {ran} 小时（实例 "
    "{instance}，卷 {volume}，公网 IPv4 {ipv4}）；现已停止，仅卷计费：{hourly}/小时，{daily}/天",
    "cost.fleet_running": "仍有 {count} 个部署在运行：约 {hourly}/小时，{daily}/天"
    "（实例、卷、公网 IPv4）。",
    "cost.fleet_stopped": "{count} 个已停止：约 {hourly}/小时，{daily}/天"
    "（仅卷计费：没有计算费用，也没有公网 IPv4）。",
    "cost.fleet_delete": "用完后用 `chroma-tui delete --stack-name NAME` 删除。",
    "power.eic.manual": "这里没有密钥文件，chroma-tui 无法通过 SSH 启动 Chroma。\n{steps}",
    "power.eic.steps": "请用 EC2 Instance Connect 启动（无需密钥）：在 EC2 控制台（{console}）"
    "中选择堆栈 {name} 的实例（标签 aws:cloudformation:stack-name），选择“连接”→"
    "“EC2 Instance Connect”→“连接”（用户 ec2-user），然后运行：\n{command}",
    "power.eic.locked": "22 和 8000 端口已锁定到 {ip}，因此 22 端口对 EC2 Instance Connect "
    "自己的地址关闭，连接会失败。请先放行：在堆栈的安全组中添加入站规则 SSH（TCP 22），来源为"
    "前缀列表 {prefix_list}（实例的“安全”选项卡→该安全组→“编辑入站规则”→“添加规则”；"
    "之后重新锁定时该规则保留），或运行：\n{command}",
    "power.eic.your_ip": "你的 IP",
    "power.eic.own_key": "或者用密钥对 {key} 的私钥：\n{command}",
}
