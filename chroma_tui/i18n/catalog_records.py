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
    # -- diagnosis (item 9): each a plain cause and a fix -----------------------------------
    "diagnosis.vcpu-limit.title": "vCPU quota reached",
    "diagnosis.vcpu-limit.body": "The account may run only a limited number of vCPUs of this "
    "kind in {region} (AWS: limit {limit}); this instance would go over it. New accounts often "
    "start with a small quota.",
    "diagnosis.vcpu-limit.fix": "Choose a smaller instance type (e.g. {alternative}), stop "
    "instances you do not need, or ask for more in Service Quotas: "
    "https://{region}.console.aws.amazon.com/servicequotas/home/services/ec2/quotas",
    "diagnosis.instance-limit.title": "Instance quota reached",
    "diagnosis.instance-limit.body": "The account may not run any more instances of this type "
    "in {region}.",
    "diagnosis.instance-limit.fix": "Terminate instances you no longer need, or ask for a "
    "higher quota in Service Quotas: "
    "https://{region}.console.aws.amazon.com/servicequotas/home/services/ec2/quotas",
    "diagnosis.pending-verification.title": "AWS is still verifying the account",
    "diagnosis.pending-verification.body": "AWS is validating this account for {region} and "
    "launches no instances until it has finished (usually minutes, at most a few hours).",
    "diagnosis.pending-verification.fix": "Wait for AWS's e-mail that the account is ready, "
    "then delete the failed stack and launch again; if it takes longer than 4 hours, contact "
    "AWS Support.",
    "diagnosis.opt-in-required.title": "The account must opt in first",
    "diagnosis.opt-in-required.body": "AWS says this account is not signed up for EC2 in "
    "{region}: the region is not enabled for it, or the account's sign-up (payment method, "
    "verification) is not finished.",
    "diagnosis.opt-in-required.fix": "Enable {region} under Account > AWS Regions, or finish "
    "the sign-up in the billing console; or choose a region that is already enabled.",
    "diagnosis.invalid-block-device.title": "EC2 refused the server's disk settings",
    "diagnosis.invalid-block-device.body": "The template's 24 GiB root volume does not fit the "
    "image the template maps for {region} (AWS: InvalidBlockDeviceMapping).",
    "diagnosis.invalid-block-device.fix": "The template's image for {region} may be outdated: "
    "try another region, or pass an up-to-date template with --template.",
    "diagnosis.unsupported-in-zone.title": "Instance type not offered in that zone",
    "diagnosis.unsupported-in-zone.body": "AWS does not offer {instance_type} in the "
    "Availability Zone {zone} it picked for the server.",
    "diagnosis.unsupported-in-zone.fix": "Choose another instance type, e.g. {alternative}; or "
    "delete the failed stack and launch again (AWS may pick another zone).",
    "diagnosis.token-exists.title": "That request was already made",
    "diagnosis.token-exists.body": "CloudFormation already had a request with this "
    "deployment's token, with other details.",
    "diagnosis.token-exists.fix": "Run chroma-tui status to see what the first request made; "
    "then launch again (a new launch gets a new token).",
    "diagnosis.insufficient-capabilities.title": "The template creates IAM resources",
    "diagnosis.insufficient-capabilities.body": "This template needs CAPABILITY_IAM, which "
    "chroma-tui never grants (Chroma's official template does not need it).",
    "diagnosis.insufficient-capabilities.fix": "Use Chroma's official template, or remove the "
    "IAM resources from yours.",
    "diagnosis.stack-limit.title": "Too many stacks",
    "diagnosis.stack-limit.body": "The account reached a CloudFormation limit in {region} "
    "(usually the number of stacks).",
    "diagnosis.stack-limit.fix": "Delete stacks you no longer need (aws cloudformation "
    "list-stacks --region {region}), or ask for a higher quota in Service Quotas.",
    # -- API errors of CreateStack and friends (item 9) --------------------------------------
    "records.api.token_exists.title": "That request was already made",
    "records.api.token_exists.body": "CloudFormation already had a request with this token, "
    "with other details.",
    "records.api.token_exists.fix": "Run chroma-tui status to see what the first request made; "
    "then launch again (a new launch gets a new token).",
    "records.api.capabilities.title": "The template creates IAM resources",
    "records.api.capabilities.body": "This template needs CAPABILITY_IAM, which chroma-tui "
    "never grants (Chroma's official template does not need it).",
    "records.api.capabilities.fix": "Use Chroma's official template, or remove the IAM "
    "resources from yours.",
    "records.api.limit_exceeded.title": "A CloudFormation limit is reached",
    "records.api.limit_exceeded.body": "The account reached a CloudFormation limit (usually the "
    "number of stacks in the region).",
    "records.api.limit_exceeded.fix": "Delete stacks you no longer need (aws cloudformation "
    "list-stacks), or ask for a higher quota in Service Quotas.",
    "records.name_taken_ours.title": "You already have a deployment with that name",
    "records.name_taken_ours.body": "A stack named {name} already exists in {region}: one of "
    "your chroma-tui deployments (status {status}).",
    "records.name_taken_ours.fix": "Choose another stack name, or manage that one: chroma-tui "
    "status, or chroma-tui delete --stack-name {name} --region {region}.",
    "records.precheck_denied": "Could not check {check} ({problem}); going on, CloudFormation "
    "will say if it is wrong.",
    "records.check.instance_type": "the instance type",
    "records.check.key_pair": "the key pair",
    # -- secrets on screen (item 8) ----------------------------------------------------------
    "records.options.reveal": "Show the headers",
    "records.copy.title": "Copy the OpenTelemetry headers too?",
    "records.copy.body": "The command holds your OpenTelemetry headers, which often carry an API "
    "key. Yes copies them as they are; No copies the command with **** in their place.",
    "records.copy.masked": "Copied, with **** for the OpenTelemetry header values: put yours "
    "back before running it.",
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
    # -- diagnosis ---------------------------------------------------------------------------
    "diagnosis.vcpu-limit.title": "已达 vCPU 配额",
    "diagnosis.vcpu-limit.body": "该账户在 {region} 中只能运行有限数量的此类 vCPU（AWS：上限 "
    "{limit}）；此实例会超出上限。新账户的配额通常很小。",
    "diagnosis.vcpu-limit.fix": "请选择更小的实例类型（例如 {alternative}），停止不需要的实例，"
    "或在 Service Quotas 中申请提高配额："
    "https://{region}.console.aws.amazon.com/servicequotas/home/services/ec2/quotas",
    "diagnosis.instance-limit.title": "已达实例配额",
    "diagnosis.instance-limit.body": "该账户在 {region} 中不能再运行更多此类型的实例。",
    "diagnosis.instance-limit.fix": "请终止不再需要的实例，或在 Service Quotas 中申请提高配额："
    "https://{region}.console.aws.amazon.com/servicequotas/home/services/ec2/quotas",
    "diagnosis.pending-verification.title": "AWS 仍在验证该账户",
    "diagnosis.pending-verification.body": "AWS 正在为 {region} 验证该账户，验证完成前不会启动"
    "任何实例（通常几分钟，最多几小时）。",
    "diagnosis.pending-verification.fix": "等收到 AWS 告知账户已就绪的邮件后，删除失败的堆栈并"
    "重新启动；如果超过 4 小时，请联系 AWS Support。",
    "diagnosis.opt-in-required.title": "账户需要先开通",
    "diagnosis.opt-in-required.body": "AWS 表示该账户尚未在 {region} 开通 EC2：该区域未为账户"
    "启用，或账户注册（付款方式、验证）尚未完成。",
    "diagnosis.opt-in-required.fix": "在“账户 > AWS 区域”中启用 {region}，或在账单控制台完成"
    "注册；也可以选择已启用的区域。",
    "diagnosis.invalid-block-device.title": "EC2 拒绝了服务器的磁盘设置",
    "diagnosis.invalid-block-device.body": "模板的 24 GiB 根卷与模板为 {region} 指定的镜像不"
    "匹配（AWS：InvalidBlockDeviceMapping）。",
    "diagnosis.invalid-block-device.fix": "模板中 {region} 的镜像可能已过时：请换一个区域，或用 "
    "--template 传入最新的模板。",
    "diagnosis.unsupported-in-zone.title": "该可用区不提供此实例类型",
    "diagnosis.unsupported-in-zone.body": "AWS 在为服务器选择的可用区 {zone} 中不提供 "
    "{instance_type}。",
    "diagnosis.unsupported-in-zone.fix": "请选择其他实例类型，例如 {alternative}；或删除失败的"
    "堆栈后重新启动（AWS 可能会选择其他可用区）。",
    "diagnosis.token-exists.title": "该请求已经发送过",
    "diagnosis.token-exists.body": "CloudFormation 已收到过带有此部署令牌、但内容不同的请求。",
    "diagnosis.token-exists.fix": "运行 chroma-tui status 查看第一次请求创建了什么；然后重新"
    "启动（新的启动使用新的令牌）。",
    "diagnosis.insufficient-capabilities.title": "模板会创建 IAM 资源",
    "diagnosis.insufficient-capabilities.body": "此模板需要 CAPABILITY_IAM，而 chroma-tui 从不"
    "授予（Chroma 官方模板不需要）。",
    "diagnosis.insufficient-capabilities.fix": "请使用 Chroma 官方模板，或从你的模板中删除 IAM "
    "资源。",
    "diagnosis.stack-limit.title": "堆栈太多",
    "diagnosis.stack-limit.body": "该账户在 {region} 中达到了 CloudFormation 的上限（通常是堆栈"
    "数量）。",
    "diagnosis.stack-limit.fix": "请删除不再需要的堆栈（aws cloudformation list-stacks --region "
    "{region}），或在 Service Quotas 中申请提高配额。",
    # -- API errors ---------------------------------------------------------------------------
    "records.api.token_exists.title": "该请求已经发送过",
    "records.api.token_exists.body": "CloudFormation 已收到过带有此令牌、但内容不同的请求。",
    "records.api.token_exists.fix": "运行 chroma-tui status 查看第一次请求创建了什么；然后重新"
    "启动（新的启动使用新的令牌）。",
    "records.api.capabilities.title": "模板会创建 IAM 资源",
    "records.api.capabilities.body": "此模板需要 CAPABILITY_IAM，而 chroma-tui 从不授予（Chroma "
    "官方模板不需要）。",
    "records.api.capabilities.fix": "请使用 Chroma 官方模板，或从你的模板中删除 IAM 资源。",
    "records.api.limit_exceeded.title": "已达 CloudFormation 上限",
    "records.api.limit_exceeded.body": "该账户达到了 CloudFormation 的上限（通常是区域内的堆栈"
    "数量）。",
    "records.api.limit_exceeded.fix": "请删除不再需要的堆栈（aws cloudformation list-stacks），"
    "或在 Service Quotas 中申请提高配额。",
    "records.name_taken_ours.title": "你已有同名的部署",
    "records.name_taken_ours.body": "{region} 中已存在名为 {name} 的堆栈：它是你的一个 "
    "chroma-tui 部署（状态 {status}）。",
    "records.name_taken_ours.fix": "请换一个堆栈名称，或管理那个部署：chroma-tui status，或 "
    "chroma-tui delete --stack-name {name} --region {region}。",
    "records.precheck_denied": "无法检查{check}（{problem}）；继续进行，如有问题 CloudFormation "
    "会报告。",
    "records.check.instance_type": "实例类型",
    "records.check.key_pair": "密钥对",
    # -- secrets on screen --------------------------------------------------------------------
    "records.options.reveal": "显示请求头",
    "records.copy.title": "也复制 OpenTelemetry 请求头吗？",
    "records.copy.body": "该命令包含你的 OpenTelemetry 请求头，其中常有 API 密钥。选“是”原样复制；"
    "选“否”则用 **** 代替它们。",
    "records.copy.masked": "已复制，OpenTelemetry 请求头的值以 **** 代替：运行前请换回你的值。",
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
