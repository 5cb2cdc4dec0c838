"""The deployment journey: its errors, the lock, watch/lock commands, interruption, exit codes."""

from __future__ import annotations

EN: dict[str, str] = {
    # -- errors ---------------------------------------------------------------------------
    "journey.error.stack_failed.title": "Stack {name} ended in {status}",
    "journey.error.stack_failed.body": "The stack did not reach CREATE_COMPLETE.",
    "journey.error.stack_failed.fix": "Read the cause below; delete the stack before using the "
    "name again.",
    "journey.error.stopped.title": "Stopped watching {name}",
    "journey.error.stopped.body": "The stack keeps going in AWS; its record is kept.",
    "journey.error.stopped.fix": "Watch it again with: chroma-tui watch --stack-name {name}",
    "journey.error.no_address.title": "No address for {name}",
    "journey.error.no_address.body": "The stack has no ServerIp output, so there is no Chroma "
    "server to wait for.",
    "journey.error.no_address.fix": "Check the stack's outputs in the CloudFormation console.",
    "journey.error.answer_lost.title": "No answer to CreateStack for {name}",
    "journey.error.answer_lost.body": "The request was sent but its answer was lost, an error "
    "page or unreadable: the stack may exist all the same. Its record is kept, with the "
    "request's token, and the stack has not been found by that token yet.",
    "journey.error.answer_lost.fix": "Run chroma-tui status (it looks the stack up by its token), "
    "or launch the same stack again: the retry reuses the token, so it never makes a second "
    "stack.",
    "journey.ip.invalid.title": "Not an IP address: {ip}",
    "journey.ip.invalid.body": "The what-is-my-IP service answered something that is not an "
    "address.",
    "journey.ip.invalid.fix": "Set CHROMA_TUI_MY_IP_URL to a service that answers your public "
    "IPv4 address, or restrict ports 22 and 8000 in the EC2 console.",
    "journey.ip.not_public.title": "{ip} is not a public address",
    "journey.ip.not_public.body": "Ports 22 and 8000 are only locked to a public IPv4 address; "
    "{ip} is private, loopback, link-local, multicast, reserved or unspecified, so locking to it "
    "would shut you out.",
    "journey.ip.not_public.fix": "Set CHROMA_TUI_MY_IP_URL to a service that sees your public "
    "address (e.g. https://checkip.amazonaws.com), then run chroma-tui lock.",
    "journey.ip.ipv6_only.title": "{ip} is an IPv6 address",
    "journey.ip.ipv6_only.body": "The instance has no IPv6 address, so a rule for {ip} would "
    "never let you in.",
    "journey.ip.ipv6_only.fix": "Use a what-is-my-IP service that answers IPv4 "
    "(CHROMA_TUI_MY_IP_URL=https://checkip.amazonaws.com), then run chroma-tui lock.",
    "journey.lock.not_applied.title": "The lock of {name} did not hold",
    "journey.lock.not_applied.body": "After the change the security group still does not admit "
    "only {ip} on ports 22 and 8000.",
    "journey.lock.not_applied.fix": "Check the stack's security group in the EC2 console, then "
    "run chroma-tui lock again.",
    "journey.keypair.orphaned.title": "Key pair {name} exists without its private key",
    "journey.keypair.orphaned.body": "AWS created key pair {name} in {region}, but its answer, "
    "which carries the private key, never arrived. AWS gives the private key only once, so this "
    "key pair can never be used to log in.",
    "journey.keypair.orphaned.fix": "Delete it and create it again (press x here), or by hand: "
    "aws ec2 delete-key-pair --key-name {name} --region {region}",
    # -- headless lines -------------------------------------------------------------------
    "journey.interrupted": "Interrupted. Saved deployments are kept: chroma-tui status shows "
    "where each stands.",
    "journey.interrupted.launch": "Interrupted while CreateStack was on its way; the record is "
    "kept: chroma-tui status finds the stack by its token.",
    "journey.interrupted.watch": "Interrupted; the stack keeps going in AWS and its record is "
    "kept. Resume with: {command}",
    "journey.resume": "Once fixed, resume with: {command}",
    "journey.no_wait": "Not waiting for Chroma. Follow it with: {command}",
    "journey.lock.pending": "Ports 22 and 8000 are still open to the internet. Finish the lock "
    "with: {command}",
    "journey.lock.reachable": "Chroma answers at {host}:{port} after the lock ({ms} ms).",
    "journey.lock.unreachable": "Chroma does not answer at {host}:{port} after the lock "
    "({problem}): it may still be starting, or your traffic leaves from another address.",
    "journey.status.pending": "  {name}: CreateStack got no answer; looked up by its token on "
    "every status.",
    "journey.watch.help": "follow a saved deployment again: stream, lock if still due, wait for "
    "Chroma",
    "journey.lock.help": "restrict ports 22 and 8000 of a deployment to this machine's current "
    "public IP",
    "journey.exit_codes": "exit codes:\n"
    "  0    success\n"
    "  1    the stack or Chroma failed (the cause is printed)\n"
    "  2    bad input, or refused (nothing was sent to AWS)\n"
    "  3    credentials missing, wrong or expired\n"
    "  4    ports 22/8000 were to be locked to your IP and are not: run the printed\n"
    "       chroma-tui lock --stack-name NAME\n"
    "  130  interrupted (Ctrl-C); saved deployments are kept",
    # -- TUI ------------------------------------------------------------------------------
    "journey.quit_delete.title": "The delete is under way",
    "journey.quit_delete.body": "AWS goes on deleting the stack without chroma-tui. Its record is "
    "kept; open chroma-tui again to see the delete finish.",
    "journey.quit_delete.leave": "Quit, let it finish",
    "journey.quit_delete.stay": "Stay",
    "journey.keypair.recreate": "Delete and recreate",
    "journey.lock.tui_pending": "Ports 22 and 8000 are NOT locked ({problem}). Finish with: "
    "{command}",
}

ZH: dict[str, str] = {
    "journey.error.stack_failed.title": "堆栈 {name} 以 {status} 结束",
    "journey.error.stack_failed.body": "堆栈没有到达 CREATE_COMPLETE。",
    "journey.error.stack_failed.fix": "请查看下面的原因；再次使用该名称前请先删除该堆栈。",
    "journey.error.stopped.title": "已停止查看 {name}",
    "journey.error.stopped.body": "堆栈会在 AWS 中继续运行；其记录已保留。",
    "journey.error.stopped.fix": "重新查看：chroma-tui watch --stack-name {name}",
    "journey.error.no_address.title": "{name} 没有地址",
    "journey.error.no_address.body": "堆栈没有 ServerIp 输出，因此没有可等待的 Chroma 服务器。",
    "journey.error.no_address.fix": "请在 CloudFormation 控制台中查看该堆栈的输出。",
    "journey.error.answer_lost.title": "{name} 的 CreateStack 没有收到应答",
    "journey.error.answer_lost.body": "请求已发出，但应答丢失、是错误页或无法解析：堆栈可能已经"
    "创建。其记录（含该请求的令牌）已保留，但尚未按该令牌找到堆栈。",
    "journey.error.answer_lost.fix": "运行 chroma-tui status（按令牌查找堆栈），或再次启动同一"
    "堆栈：重试会复用令牌，绝不会创建第二个堆栈。",
    "journey.ip.invalid.title": "不是 IP 地址：{ip}",
    "journey.ip.invalid.body": "查询公网 IP 的服务返回的不是地址。",
    "journey.ip.invalid.fix": "请把 CHROMA_TUI_MY_IP_URL 设为返回你公网 IPv4 地址的服务，"
    "或在 EC2 控制台中限制 22 和 8000 端口。",
    "journey.ip.not_public.title": "{ip} 不是公网地址",
    "journey.ip.not_public.body": "22 和 8000 端口只会限制为公网 IPv4 地址；{ip} 是私有、回环、"
    "链路本地、组播、保留或未指定地址，限制为它会把你自己挡在外面。",
    "journey.ip.not_public.fix": "请把 CHROMA_TUI_MY_IP_URL 设为能看到你公网地址的服务"
    "（如 https://checkip.amazonaws.com），然后运行 chroma-tui lock。",
    "journey.ip.ipv6_only.title": "{ip} 是 IPv6 地址",
    "journey.ip.ipv6_only.body": "实例没有 IPv6 地址，针对 {ip} 的规则永远不会放行你。",
    "journey.ip.ipv6_only.fix": "请使用返回 IPv4 的查询服务"
    "（CHROMA_TUI_MY_IP_URL=https://checkip.amazonaws.com），然后运行 chroma-tui lock。",
    "journey.lock.not_applied.title": "{name} 的端口限制没有生效",
    "journey.lock.not_applied.body": "修改后，安全组的 22 和 8000 端口仍不是只允许 {ip}。",
    "journey.lock.not_applied.fix": "请在 EC2 控制台中检查该堆栈的安全组，然后再次运行 "
    "chroma-tui lock。",
    "journey.keypair.orphaned.title": "密钥对 {name} 已存在，但没有私钥",
    "journey.keypair.orphaned.body": "AWS 已在 {region} 创建密钥对 {name}，但携带私钥的应答没有"
    "送达。AWS 只提供一次私钥，因此该密钥对永远无法用于登录。",
    "journey.keypair.orphaned.fix": "删除后重新创建（在此按 x），或手动执行："
    "aws ec2 delete-key-pair --key-name {name} --region {region}",
    "journey.interrupted": "已中断。已保存的部署均保留：chroma-tui status 显示各自的状态。",
    "journey.interrupted.launch": "CreateStack 发送途中被中断；记录已保留：chroma-tui status "
    "会按令牌找到堆栈。",
    "journey.interrupted.watch": "已中断；堆栈会在 AWS 中继续运行，记录已保留。继续查看：{command}",
    "journey.resume": "修复后继续：{command}",
    "journey.no_wait": "不等待 Chroma。继续查看：{command}",
    "journey.lock.pending": "22 和 8000 端口仍对互联网开放。完成限制：{command}",
    "journey.lock.reachable": "限制端口后，Chroma 在 {host}:{port} 响应（{ms} 毫秒）。",
    "journey.lock.unreachable": "限制端口后，Chroma 在 {host}:{port} 没有响应（{problem}）："
    "它可能仍在启动，或你的流量从另一个地址发出。",
    "journey.status.pending": "  {name}：CreateStack 没有收到应答；每次 status 都会按令牌查找。",
    "journey.watch.help": "重新查看已保存的部署：显示事件、按需限制端口、等待 Chroma",
    "journey.lock.help": "把部署的 22 和 8000 端口限制为本机当前的公网 IP",
    "journey.exit_codes": "退出码：\n"
    "  0    成功\n"
    "  1    堆栈或 Chroma 失败（会显示原因）\n"
    "  2    输入有误或已拒绝（没有向 AWS 发送任何请求）\n"
    "  3    凭证缺失、错误或已过期\n"
    "  4    本应把 22/8000 端口限制为你的 IP，但没有完成：请运行显示的\n"
    "       chroma-tui lock --stack-name NAME\n"
    "  130  已中断（Ctrl-C）；已保存的部署均保留",
    "journey.quit_delete.title": "删除正在进行",
    "journey.quit_delete.body": "即使退出 chroma-tui，AWS 也会继续删除该堆栈。其记录已保留；"
    "再次打开 chroma-tui 可查看删除完成。",
    "journey.quit_delete.leave": "退出，让它完成",
    "journey.quit_delete.stay": "留下",
    "journey.keypair.recreate": "删除并重新创建",
    "journey.lock.tui_pending": "22 和 8000 端口没有被限制（{problem}）。完成限制：{command}",
}
