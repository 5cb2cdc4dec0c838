"""Round-6 texts: singular forms still missing, Review's OpenTelemetry line, screenshot notes."""

from __future__ import annotations

EN: dict[str, str] = {
    # The palette's Screenshot command (saved in the current folder).
    "round6.screenshot.saved": "Screenshot saved: {path}",
    "round6.screenshot.failed": (
        "The screenshot could not be saved in {folder} ({problem}). Start chroma-tui from a "
        "folder you can write to."
    ),
    # Review, OpenTelemetry left off: what is passed instead, and why (the finding below).
    "round6.review.otel_placeholder": (
        "off (the placeholder {endpoint} is passed so that Chroma 1.x boots; see below)"
    ),
    # Singular forms (i18n.plural): the plural is the key without ".one".
    "sandbox.provision.packages.one": (
        "Chroma server {version}: {count} package so far ({elapsed} s)"
    ),
}

ZH: dict[str, str] = {
    "round6.screenshot.saved": "截图已保存：{path}",
    "round6.screenshot.failed": (
        "无法在 {folder} 保存截图（{problem}）。请在你有写入权限的文件夹中启动 chroma-tui。"
    ),
    "round6.review.otel_placeholder": (
        "关闭（为让 Chroma 1.x 正常启动，传入占位端点 {endpoint}；详见下文）"
    ),
    # 中文单复数同形：与不带 .one 的键相同。
    "sandbox.provision.packages.one": (
        "Chroma 服务器 {version}：已处理 {count} 个软件包（{elapsed} 秒）"
    ),
}
