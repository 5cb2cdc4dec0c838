"""Records that belong to an endpoint and an account, bad state, empty flags, more diagnoses."""

EN = {
    # -- empty flags and region names (issue 9 item 4) ------------------------------------
    "records.empty_flag.title": "Empty value for {flag}",
    "records.empty_flag.body": "{flag} was given, but with nothing in it; chroma-tui never "
    "replaces what you typed with a default.",
    "records.empty_flag.fix": "Give {flag} a value, or leave {flag} out ({default}).",
    "records.empty_flag.default.stack_name": "then a name such as chroma-ab12cd is picked",
    "records.empty_flag.default.instance_type": "then t3.small is used",
    "records.empty_flag.default.key_name": "then the server has no SSH key pair",
    "records.empty_flag.default.chroma_version": "then your client's version, or latest",
    "records.empty_flag.default.region": "then AWS_REGION or your profile's region is used",
    "records.empty_flag.default.profile": "then the default credentials are used",
    "records.empty_flag.default.template": "then Chroma's official template is used",
    "records.empty_flag.default.otel_endpoint": "then no OpenTelemetry is sent",
    "records.empty_flag.default.otel_service_name": "then no OpenTelemetry is sent",
    "records.empty_flag.default.otel_headers": "then no headers are sent",
    "records.region.shape.title": "Not a region name",
    "records.region.shape.body": "'{region}' does not look like an AWS region name such as "
    "us-east-1.",
    "records.region.shape.fix": "Did you mean {nearest}? Write it like --region us-east-1.",
    "records.region.unknown.title": "Unknown region",
    "records.region.unknown.body": "AWS has no region named '{region}'.",
    "records.region.unknown.fix": "Did you mean {nearest}?",
    "records.region.unsupported.title": "Region not supported by the template",
    "records.region.unsupported.body": "The template has no Chroma image for {region}.",
    "records.region.unsupported.fix": "Use a region the template supports; nearest: {nearest} "
    "(all: {regions}).",
    # -- records belong to an endpoint and an account (item 2) ----------------------------
    "records.elsewhere.title": "This deployment belongs elsewhere",
    "records.elsewhere.body": "{name} was made through {endpoint} in account {account}; asked "
    "from here, AWS would not know it, so chroma-tui leaves its record as it is.",
    "records.elsewhere.fix": "Use the endpoint (AWS_ENDPOINT_URL) and credentials it was made "
    "with to watch or delete it.",
    "records.status.elsewhere": "{status} (belongs to {endpoint}, account {account}; not checked)",
    "records.deps.elsewhere": "elsewhere: {endpoint}, {account}",
    # -- bad state (item 5) -----------------------------------------------------------------
    "records.aside.stack": "The saved deployment {original} could not be read and was set aside "
    "as {file}. It seems to describe stack {stack} in {region}, which may still be running (and "
    "billed). Check it (aws cloudformation describe-stacks --stack-name {stack} --region "
    "{region}); then repair the file and rename it back to {original}, or delete it.",
    "records.aside.unknown": "The saved deployment {original} could not be read and was set "
    "aside as {file}; it may describe a stack that is still running. Look inside it; then "
    "repair it and rename it back to {original}, or delete it.",
    "records.unsaved": "The record of {name} could not be saved in {path} ({problem}); the "
    "deployment went on. Free the disk or fix that folder's permissions, then run "
    "chroma-tui status.",
    "records.log_unwritable": "Warning: the log file {path} cannot be written ({problem}); "
    "carrying on without a log.",
}

ZH = {
    # -- empty flags and region names -------------------------------------------------------
    "records.empty_flag.title": "{flag} 的值为空",
    "records.empty_flag.body": "给出了 {flag}，但没有值；chroma-tui 从不用默认值替换你输入的内容。",
    "records.empty_flag.fix": "为 {flag} 提供一个值，或去掉 {flag}（{default}）。",
    "records.empty_flag.default.stack_name": "这样会选用 chroma-ab12cd 这样的名称",
    "records.empty_flag.default.instance_type": "这样会使用 t3.small",
    "records.empty_flag.default.key_name": "这样服务器没有 SSH 密钥对",
    "records.empty_flag.default.chroma_version": "这样会使用客户端的版本，或 latest",
    "records.empty_flag.default.region": "这样会使用 AWS_REGION 或配置文件中的区域",
    "records.empty_flag.default.profile": "这样会使用默认凭证",
    "records.empty_flag.default.template": "这样会使用 Chroma 官方模板",
    "records.empty_flag.default.otel_endpoint": "这样不会发送 OpenTelemetry 数据",
    "records.empty_flag.default.otel_service_name": "这样不会发送 OpenTelemetry 数据",
    "records.empty_flag.default.otel_headers": "这样不会发送请求头",
    "records.region.shape.title": "不是区域名称",
    "records.region.shape.body": "'{region}' 不像 us-east-1 这样的 AWS 区域名称。",
    "records.region.shape.fix": "你是否想输入 {nearest}？写法如 --region us-east-1。",
    "records.region.unknown.title": "未知区域",
    "records.region.unknown.body": "AWS 没有名为 '{region}' 的区域。",
    "records.region.unknown.fix": "你是否想输入 {nearest}？",
    "records.region.unsupported.title": "模板不支持该区域",
    "records.region.unsupported.body": "模板中没有 {region} 的 Chroma 镜像。",
    "records.region.unsupported.fix": "请使用模板支持的区域；最接近的：{nearest}"
    "（全部：{regions}）。",
    # -- records belong to an endpoint and an account ---------------------------------------
    "records.elsewhere.title": "此部署属于别处",
    "records.elsewhere.body": "{name} 是通过 {endpoint} 在账户 {account} 中创建的；从这里询问，"
    "AWS 不会认识它，因此 chroma-tui 保留其记录不变。",
    "records.elsewhere.fix": "请使用创建它时的端点（AWS_ENDPOINT_URL）和凭证来查看或删除它。",
    "records.status.elsewhere": "{status}（属于 {endpoint}，账户 {account}；未检查）",
    "records.deps.elsewhere": "别处：{endpoint}，{account}",
    # -- bad state ----------------------------------------------------------------------------
    "records.aside.stack": "无法读取已保存的部署 {original}，已将其移到 {file}。它似乎记录的是 "
    "{region} 中的堆栈 {stack}，该堆栈可能仍在运行（并计费）。请检查（aws cloudformation "
    "describe-stacks --stack-name {stack} --region {region}）；然后修复该文件并改回 {original}，"
    "或删除它。",
    "records.aside.unknown": "无法读取已保存的部署 {original}，已将其移到 {file}；它可能记录着"
    "仍在运行的堆栈。请查看其内容；然后修复并改回 {original}，或删除它。",
    "records.unsaved": "无法在 {path} 中保存 {name} 的记录（{problem}）；部署仍在继续。请释放"
    "磁盘空间或修正该文件夹的权限，然后运行 chroma-tui status。",
    "records.log_unwritable": "警告：无法写入日志文件 {path}（{problem}）；将在没有日志的情况下"
    "继续。",
}
