"""Defects from the round-4 new-user walk: the OpenTelemetry endpoint checked, the safe-value
note saying only what chroma-tui chose, regional price labels."""


def _errors(rows: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (title, body, fix) in rows.items():
        out[f"{key}.title"] = title
        out[f"{key}.body"] = body
        out[f"{key}.fix"] = fix
    return out


EN: dict[str, str] = {
    **_errors(
        {
            "validation.otel_endpoint": (
                "The OpenTelemetry endpoint is not a URL",
                "'{endpoint}' has no http:// or https://: Chroma would boot but never send a "
                "trace.",
                "Type the collector's URL with its scheme, for example {example}, or leave the "
                "field empty.",
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
    **_errors(
        {
            "validation.otel_endpoint": (
                "OpenTelemetry 端点不是 URL",
                "'{endpoint}' 没有 http:// 或 https://：Chroma 能启动，但不会发送任何追踪数据。",
                "请输入带协议的收集器 URL，例如 {example}，或留空。",
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
