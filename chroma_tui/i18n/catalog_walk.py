"""A first-time user's walk, its rough edges fixed (issue 10 item 6): keys, refusals, cost."""

EN = {
    # -- region: the missing default VPC has its own key -------------------------------------
    "walk.region.anyway": "Continue",
    "walk.region.anyway_button": "Continue anyway (a)",
    "walk.region.vpc_keys": (
        "{region} has no default VPC: press c to create it (free), or a to continue anyway "
        "(the stack will fail)."
    ),
    "walk.review.no_vpc": (
        '⚠ {region} has no default VPC: this stack will fail with "No default VPC for this '
        'user". Fix: go back to the Region step (esc, one step at a time) and press c to create '
        "it (free), or run `aws ec2 create-default-vpc --region {region}`."
    ),
    # -- credentials -----------------------------------------------------------------------
    "walk.credentials.still_checking": "Still checking your credentials: wait a moment.",
    "walk.credentials.next_blocked": (
        "Next needs working credentials ({title}). Follow the fix above, then press r to "
        "check again."
    ),
    # -- cleanup ---------------------------------------------------------------------------
    "walk.clean.warning_no_data": (
        "The stack is {status}: its create failed, so no instance and no data were kept. "
        "Deleting it removes what is left and frees the name."
    ),
    "walk.clean.empty": "Type the stack name {name} first, then press ctrl+d.",
    # -- deployments -----------------------------------------------------------------------
    "walk.deps.gone_title.deleted": "Deleted",
    "walk.deps.gone_title.absent": "Not in AWS",
    "walk.deps.gone_open": (
        "{name} is {status}: nothing runs or bills, so there is nothing to open. "
        "Press f to forget the record, or r to ask AWS again."
    ),
    # -- cost ------------------------------------------------------------------------------
    "walk.cost.breakdown": (
        "about {monthly}/month ({hourly}/h): instance {instance} + {gib} GiB volume {volume} "
        "+ public IPv4 {ipv4}"
    ),
    "walk.cost.price": "Price: {breakdown}",
    "walk.cost.price_unknown": "Price: unknown (no price for this instance type)",
    "walk.review.cost": "Estimated cost: {breakdown}. AWS bills what you really use.",
    # -- quitting --------------------------------------------------------------------------
    "walk.quit.rate": "about {hourly}/h ({monthly}/month)",
    "walk.quit.rate_unknown": "at an unknown rate",
    "walk.quit.connected.title": "Quit and leave the stack running?",
    "walk.quit.connected.body": (
        "Stack {name} keeps running and billing, {rate}, until you delete it. "
        "y quits and leaves it running (chroma-tui shows it again next time); n stays, "
        "then d deletes it."
    ),
    "walk.quit.wizard.title": "Quit the wizard?",
    "walk.quit.wizard.body": (
        "The answers you gave are lost and nothing is launched. y quits; n stays."
    ),
}

ZH = {
    "walk.region.anyway": "仍然继续",
    "walk.region.anyway_button": "仍然继续（a）",
    "walk.region.vpc_keys": (
        "{region} 没有默认 VPC：按 c 创建（免费），或按 a 仍然继续（堆栈会失败）。"
    ),
    "walk.review.no_vpc": (
        "⚠ {region} 没有默认 VPC：此堆栈会失败，报错“No default VPC for this user”。"
        "解决：按 esc 逐步返回区域步骤，按 c 创建默认 VPC（免费），"
        "或运行 `aws ec2 create-default-vpc --region {region}`。"
    ),
    "walk.credentials.still_checking": "仍在检查你的凭证，请稍候。",
    "walk.credentials.next_blocked": (
        "下一步需要可用的凭证（{title}）。请按上面的方法修复，然后按 r 重新检查。"
    ),
    "walk.clean.warning_no_data": (
        "此堆栈的状态是 {status}：创建失败，没有保留实例，也没有数据。"
        "删除它会清除剩下的资源并释放这个名称。"
    ),
    "walk.clean.empty": "请先输入堆栈名称 {name}，再按 ctrl+d。",
    "walk.deps.gone_title.deleted": "已删除",
    "walk.deps.gone_title.absent": "AWS 中不存在",
    "walk.deps.gone_open": (
        "{name} 的状态是 {status}：没有在运行，也不计费，所以没有可打开的内容。"
        "按 f 忘记这条记录，或按 r 重新向 AWS 查询。"
    ),
    "walk.cost.breakdown": (
        "每月约 {monthly}（{hourly}/小时）：实例 {instance} + {gib} GiB 卷 {volume} "
        "+ 公网 IPv4 {ipv4}"
    ),
    "walk.cost.price": "价格：{breakdown}",
    "walk.cost.price_unknown": "价格：未知（没有此实例类型的价格）",
    "walk.review.cost": "估算费用：{breakdown}。AWS 按实际用量计费。",
    "walk.quit.rate": "约 {hourly}/小时（每月 {monthly}）",
    "walk.quit.rate_unknown": "费率未知",
    "walk.quit.connected.title": "退出并让堆栈继续运行？",
    "walk.quit.connected.body": (
        "堆栈 {name} 会继续运行并计费，{rate}，直到你删除它。"
        "按 y 退出并保留它（下次 chroma-tui 会再显示它）；按 n 留下，再按 d 删除它。"
    ),
    "walk.quit.wizard.title": "退出向导？",
    "walk.quit.wizard.body": "你填写的答案会丢失，也不会创建任何东西。按 y 退出；按 n 留下。",
}

EN.update(
    {
        # -- the Chroma version chosen, against what the template boots ---------------------
        "check.version_pre_1.title": "Chroma {version} is a 0.x release",
        "check.version_pre_1.body": (
            "The template's compose file and config are written for the 1.x server "
            "(1.x images start at 1.0.0): a 0.x image is not started the way it expects."
        ),
        "check.version_pre_1.fix": "Choose 1.0.0 or later on the Options step, e.g. {client}.",
        "check.version_unknown.title": "Chroma {version} may not exist",
        "check.version_unknown.body": (
            "It is newer than any release chroma-tui knows ({client}). If no such image "
            'exists, the pull fails with "manifest unknown" and the server never starts.'
        ),
        "check.version_unknown.fix": (
            "Check the releases at https://github.com/chroma-core/chroma/releases, or use {client}."
        ),
    }
)

ZH.update(
    {
        "check.version_pre_1.title": "Chroma {version} 是 0.x 版本",
        "check.version_pre_1.body": (
            "模板的 compose 文件和配置是为 1.x 服务器编写的（1.x 镜像从 1.0.0 开始）："
            "0.x 镜像不会按它预期的方式启动。"
        ),
        "check.version_pre_1.fix": "请在选项步骤中选择 1.0.0 或更高版本，例如 {client}。",
        "check.version_unknown.title": "Chroma {version} 可能不存在",
        "check.version_unknown.body": (
            "它比 chroma-tui 已知的任何版本（{client}）都新。如果没有这个镜像，"
            "拉取会失败并报错“manifest unknown”，服务器永远不会启动。"
        ),
        "check.version_unknown.fix": (
            "请查看 https://github.com/chroma-core/chroma/releases 中的版本，或使用 {client}。"
        ),
    }
)

EN.update(
    {
        "walk.options.otel_endpoint_fix": (
            "Fill in the OpenTelemetry endpoint, or clear the headers and the service name."
        ),
    }
)
ZH.update({"walk.options.otel_endpoint_fix": "请填写 OpenTelemetry 端点，或清空请求头和服务名称。"})

EN.update(
    {
        "walk.key.copy": "Copy",
        "walk.key.lock": "Lock IP",
        "walk.key.check": "Check",
        "walk.key.delete": "Delete",
        "walk.key.list": "List",
    }
)
ZH.update(
    {
        "walk.key.copy": "复制",
        "walk.key.lock": "锁定 IP",
        "walk.key.check": "检查",
        "walk.key.delete": "删除",
        "walk.key.list": "列表",
    }
)
