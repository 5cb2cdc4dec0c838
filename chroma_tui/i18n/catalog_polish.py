"""Defects from the round-4 new-user walk: the OpenTelemetry endpoint checked, the safe-value
note saying only what chroma-tui chose, regional price labels."""

from __future__ import annotations

from chroma_tui.i18n.rows import error_rows

EN: dict[str, str] = {
    "polish.cost.fleet_delete_key": "Delete one with d (highlighted) when you are done with it.",
    "polish.power.stopped_tui": (
        "Stopped (sleeping). {name} bills no compute now; its volume still costs about {cost} "
        "per month. Press u to wake it."
    ),
    "polish.key.create_first": (
        "Create the key pair first: type its name and press Enter (or the Create key pair "
        "button); Next then goes on with it."
    ),
    "polish.key.still_creating": "The key pair is being created: Next goes on once it is saved.",
    "polish.key.pick_first": "Pick one of your key pairs from the list first.",
    "polish.instance.intro_table": (
        "Chroma needs at least 2 GiB of memory. t3.small is the guide's choice. Prices are a "
        "rough estimate: us-east-1 list prices (no price list for {region} could be read; "
        "prices differ by region)."
    ),
    **error_rows(
        {
            "validation.otel_endpoint": (
                "The OpenTelemetry endpoint is not a URL",
                "'{endpoint}' has no http:// or https://: Chroma would boot but never send a "
                "trace.",
                "Type the collector's URL with its scheme, for example {example}, or leave the "
                "field empty.",
            ),
            "polish.error.stopped": (
                "{name} is stopped",
                "Its instance is stopped (sleeping), so it has no address and Chroma does not "
                "answer.",
                "Start it first: press u on Deployments, or run {command}.",
            ),
            "check.otel_safe_service": (
                "A safe OpenTelemetry service name passed",
                "You set an OpenTelemetry endpoint ({endpoint}) but no service name. With a "
                "blank service name Chroma 1.x panics at boot ({issue}), so chroma-tui passes "
                "service name {service} with your endpoint.",
                "To choose the name your traces carry, set the service name.",
            ),
        }
    ),
}

ZH: dict[str, str] = {
    "polish.cost.fleet_delete_key": "用完后选中它并按 d 删除。",
    "polish.power.stopped_tui": (
        "已停止（休眠）。{name} 现在不按计算计费；其卷每月仍约 {cost}。按 u 唤醒。"
    ),
    "polish.key.create_first": (
        "请先创建密钥对：输入名称后按 Enter（或点“创建密钥对”按钮），然后“下一步”才会继续。"
    ),
    "polish.key.still_creating": "正在创建密钥对：保存完成后“下一步”即可继续。",
    "polish.key.pick_first": "请先从列表中选择一个你的密钥对。",
    "polish.instance.intro_table": (
        "Chroma 至少需要 2 GiB 内存。指南使用 t3.small。价格为粗略估算：us-east-1 的标价"
        "（未能读取 {region} 的价格表；各区域价格不同）。"
    ),
    **error_rows(
        {
            "validation.otel_endpoint": (
                "OpenTelemetry 端点不是 URL",
                "'{endpoint}' 没有 http:// 或 https://：Chroma 能启动，但不会发送任何追踪数据。",
                "请输入带协议的收集器 URL，例如 {example}，或留空。",
            ),
            "polish.error.stopped": (
                "{name} 已停止",
                "它的实例已停止（休眠），因此没有地址，Chroma 也不会应答。",
                "请先启动它：在部署列表按 u，或运行 {command}。",
            ),
            "check.otel_safe_service": (
                "已传入安全的 OpenTelemetry 服务名",
                "你设置了 OpenTelemetry 端点（{endpoint}），但没有设置服务名。"
                "服务名为空时 Chroma 1.x 会在启动时崩溃（{issue}），"
                "因此 chroma-tui 会在你的端点之外传入服务名 {service}。",
                "如需自定义追踪数据所带的名称，请设置服务名。",
            ),
        }
    ),
}
