"""Round-6 texts: singular forms that were still missing."""

from __future__ import annotations

EN: dict[str, str] = {
    # Singular forms (i18n.plural): the plural is the key without ".one".
    "sandbox.provision.packages.one": (
        "Chroma server {version}: {count} package so far ({elapsed} s)"
    ),
}

ZH: dict[str, str] = {
    # 中文单复数同形：与不带 .one 的键相同。
    "sandbox.provision.packages.one": (
        "Chroma 服务器 {version}：已处理 {count} 个软件包（{elapsed} 秒）"
    ),
}
