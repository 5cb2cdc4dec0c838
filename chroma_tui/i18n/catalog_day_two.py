"""Day two: the "it works" check, snippets that run as shown, the cost meter (issue 12)."""

EN = {
    # -- snippets that run as shown -----------------------------------------------------------
    "snippet.python.embeddings": "Text in add/query needs an embedding function: "
    "pip install chromadb (full) or pass embedding_function=...",
    "snippet.ts.save": "Save as chroma.mjs; npm install chromadb; node chroma.mjs",
    "snippet.ts.embeddings": "Text in add/query needs: npm install @chroma-core/default-embed",
    # -- the "it works" check --------------------------------------------------------------
    "smoke.step.connect": "0/4 reach the server",
    "smoke.step.create": "1/4 create a temporary collection",
    "smoke.step.add": "2/4 add three records (given embeddings)",
    "smoke.step.query": "3/4 query: the nearest is the expected record",
    "smoke.step.delete": "4/4 delete the collection",
    "smoke.passed": "  ✓ {step}: {ms} ms",
    "smoke.failed": "  ✗ {step}: failed after {ms} ms: {error}",
    "smoke.ok": "It works: create, add, query and delete all passed in {ms} ms.",
    "smoke.not_ok": "The check failed at step {step}.",
    "smoke.leftover": "The temporary collection {collection} may be left on the server; "
    'delete it with `client.delete_collection("{collection}")`.',
    "smoke.timeout": "no answer within {seconds} s",
    "smoke.running": "Checking that it works: create, add, query, delete…",
    "smoke.hint": "Press k to check that it works (a temporary collection, three records, "
    "a query, then it is deleted).",
    "smoke.key": "Check it works",
    "smoke.cli.help": 'also run the "it works" check (create, add, query, delete) on '
    "each deployment that is up",
    "smoke.cli.header": "Check of {name} ({host}:{port}):",
    # -- cost meter ------------------------------------------------------------------------
    "cost.so_far": "Cost so far: {total} in {hours} h (instance {instance}, volume {volume}, "
    "public IPv4 {ipv4}); now {hourly}/h, {daily}/day",
    "cost.unknown": "Cost so far: unknown (no price for this instance type)",
    "cost.fleet_unpriced": "({count} without a known price not included.)",
    "cost.status_line": "  {name}: {cost}",
}

ZH = {
    "snippet.python.embeddings": "add/query 使用文本需要嵌入函数："
    "pip install chromadb（完整包）或传入 embedding_function=...",
    "snippet.ts.save": "保存为 chroma.mjs；npm install chromadb；node chroma.mjs",
    "snippet.ts.embeddings": "add/query 使用文本需要：npm install @chroma-core/default-embed",
    "smoke.step.connect": "0/4 连接服务器",
    "smoke.step.create": "1/4 创建临时集合",
    "smoke.step.add": "2/4 添加三条记录（给定嵌入向量）",
    "smoke.step.query": "3/4 查询：最近的是预期的记录",
    "smoke.step.delete": "4/4 删除集合",
    "smoke.passed": "  ✓ {step}：{ms} 毫秒",
    "smoke.failed": "  ✗ {step}：{ms} 毫秒后失败：{error}",
    "smoke.ok": "可以正常使用：创建、添加、查询、删除全部通过，共 {ms} 毫秒。",
    "smoke.not_ok": "检查在步骤 {step} 失败。",
    "smoke.leftover": "临时集合 {collection} 可能留在服务器上；"
    '可用 `client.delete_collection("{collection}")` 删除。',
    "smoke.timeout": "{seconds} 秒内没有应答",
    "smoke.running": "正在检查能否正常使用：创建、添加、查询、删除……",
    "smoke.hint": "按 k 检查能否正常使用（临时集合、三条记录、一次查询，随后删除）。",
    "smoke.key": "检查可用",
    "smoke.cli.help": "同时对每个已就绪的部署运行“能否正常使用”检查（创建、添加、查询、删除）",
    "smoke.cli.header": "检查 {name}（{host}:{port}）：",
    "cost.so_far": "至今费用：{total}，共 {hours} 小时（实例 {instance}，卷 {volume}，"
    "公网 IPv4 {ipv4}）；当前 {hourly}/小时，{daily}/天",
    "cost.unknown": "至今费用：未知（没有此实例类型的价格）",
    "cost.fleet_unpriced": "（另有 {count} 个价格未知，未计入。）",
    "cost.status_line": "  {name}：{cost}",
}
