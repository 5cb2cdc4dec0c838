"""Round-5 polish: texts that fit 80 columns, plurals by count, one key-hint style in Chinese,
costs whose parts add up as shown."""

from __future__ import annotations

EN: dict[str, str] = {
    # The boot phase "finished" already names the boot: printed once, not "Boot: Boot finished".
    "polish5.cli.boot.finished": "Boot finished (at {at} s)",
    # Deployments at 80 columns: short key labels (the first z explains what a stop means),
    # the stopped tag where the address would be, a refresh problem after the status.
    "polish5.key.stop": "Stop",
    "polish5.key.start": "Start",
    "polish5.deps.stopped": "stopped",
    "polish5.deps.problem": " ({problem})",
    # A part of a cost that rounds to nothing at the precision shown (core.cost.money_parts).
    "polish5.cost.below": "< {amount}",
    # Singular forms (i18n.plural): the plural is the key without ".one".
    "cost.fleet_running.one": "{count} deployment still running: about {hourly}/h, {daily}/day "
    "(instance, volume, public IPv4).",
    "snap.list.total.one": "{count} snapshot, at most {cost} per month.",
    "snap.ui.total.one": "{count} snapshot, at most {cost} per month. Press x to delete it.",
}

ZH: dict[str, str] = {
    "polish5.cli.boot.finished": "启动完成（第 {at} 秒）",
    "polish5.key.stop": "停止",
    "polish5.key.start": "启动",
    "polish5.deps.stopped": "已停止",
    "polish5.deps.problem": "（{problem}）",
    "polish5.cost.below": "不到 {amount}",
    # 中文单复数同形：与不带 .one 的键相同。
    "cost.fleet_running.one": "仍有 {count} 个部署在运行：约 {hourly}/小时，{daily}/天"
    "（实例、卷、公网 IPv4）。",
    "snap.list.total.one": "共 {count} 个快照，每月最多 {cost}。",
    "snap.ui.total.one": "共 {count} 个快照，每月最多 {cost}。按 x 删除选中的快照。",
}
