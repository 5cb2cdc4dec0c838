"""Strings of the live resource view (estimate, event-log key, end-of-run notification)."""

from __future__ import annotations

EN: dict[str, str] = {
    "resview.key.log": "event log",
    "resview.estimate.left": "About {left} left (typical durations, refined by your past runs).",
    "resview.estimate.overdue": (
        "Taking longer than usual; at least {left} left. AWS is still working."
    ),
    "resview.estimate.late": "Taking longer than usual; it should end soon. AWS is still working.",
    "resview.boot.at": "  (at {at} s)",
    "resview.end.connected": "{name}: Chroma is answering. Done.",
    "resview.end.deleted": "{name}: the stack is deleted.",
}

ZH: dict[str, str] = {
    "resview.key.log": "事件日志",
    "resview.estimate.left": "预计还需约 {left}（按典型耗时估算，并参考你以往的部署）。",
    "resview.estimate.overdue": "比平常慢；至少还需 {left}。目前没有出错：AWS 仍在处理。",
    "resview.estimate.late": "比平常慢；应该很快结束。AWS 仍在处理。",
    "resview.boot.at": "（第 {at} 秒）",
    "resview.end.connected": "{name}：Chroma 已响应，部署完成。",
    "resview.end.deleted": "{name}：堆栈已删除。",
}
