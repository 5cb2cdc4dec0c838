"""Stack operations, the root-cause diagnosis and the Chroma probe (core/stacks, events,
diagnosis, probe, deploy)."""

EN = {
    # -- stack errors ---------------------------------------------------------------------
    "stack.error.no_template.title": "No template to launch",
    "stack.error.no_template.body": "The CloudFormation template {source} could not be read.",
    "stack.error.no_template.fix": "Check the template URL or file (--template) and try again.",
    "stack.error.rejected.title": "CloudFormation refused the stack",
    "stack.error.rejected.body": "AWS did not accept stack {name} in region {region}.",
    "stack.error.rejected.fix": "Read AWS's reason below; fix that choice and launch again.",
    "stack.error.name_taken.title": "Stack name already in use",
    "stack.error.name_taken.body": "A stack named {name} already exists in this region and was "
    "not made by this deployment.",
    "stack.error.name_taken.fix": "Choose another stack name.",
    "stack.error.rollback_complete.title": "The old stack must be deleted first",
    "stack.error.rollback_complete.body": "Stack {name} failed earlier and is in "
    "ROLLBACK_COMPLETE. CloudFormation only allows deleting it; the name is free again after.",
    "stack.error.rollback_complete.fix": "Delete the failed stack {name} (chroma-tui delete "
    "--stack-name {name} --region {region}), then launch again.",
    "stack.error.not_found.title": "Stack not found",
    "stack.error.not_found.body": "No stack for deployment {name} was found in AWS.",
    "stack.error.not_found.fix": "It may never have been created or was deleted already; check "
    "the CloudFormation console.",
    "stack.error.secret_lost.title": "The OpenTelemetry headers are needed again",
    "stack.error.secret_lost.body": "chroma-tui never saves the OpenTelemetry headers of stack "
    "{name} (they may hold an API key), and the failed stack that still had them is gone.",
    "stack.error.secret_lost.fix": "Start a new deployment (n on the Deployments screen) and "
    "enter the headers again.",
    "stack.error.cancelled.title": "Stopped",
    "stack.error.cancelled.body": "Watching stack {name} was stopped before it finished.",
    "stack.error.cancelled.fix": "Watch it again later; the stack keeps going in AWS.",
    "stack.error.delete_failed.title": "The stack could not be deleted",
    "stack.error.delete_failed.body": "Deleting stack {name} ended in DELETE_FAILED.",
    "stack.error.delete_failed.fix": "Open the CloudFormation console, look at the failed "
    "resource, and delete the stack again.",
    "stack.error.no_security_group.title": "Security group not found",
    "stack.error.no_security_group.body": "Stack {name} has no ChromaInstanceSecurityGroup.",
    "stack.error.no_security_group.fix": "Restrict the ports by hand in the EC2 console.",
    "deploy.error.my_ip.title": "Could not find your public IP",
    "deploy.error.my_ip.body": "Asking {url} for this machine's public IP address failed.",
    "deploy.error.my_ip.fix": "Check the network, or restrict ports 22 and 8000 yourself in the "
    "EC2 console (security group of the stack).",
    # -- diagnosis ------------------------------------------------------------------------
    "diagnosis.no-default-vpc.title": "No default VPC in {region}",
    "diagnosis.no-default-vpc.body": "The template's security group needs the region's default "
    'VPC, and this account has none in {region} (AWS: "No default VPC for this user").',
    "diagnosis.no-default-vpc.fix": "Create a default VPC for your user in the AWS VPC console: "
    "{console_url} (or let chroma-tui create it), then delete the failed stack and launch again.",
    "diagnosis.missing-key-pair.title": "Key pair not found",
    "diagnosis.missing-key-pair.body": "The key pair {key_name} does not exist in {region}, so "
    "the instance could not start.",
    "diagnosis.missing-key-pair.fix": "Choose an existing key pair in {region}, create one, or "
    "launch without SSH.",
    "diagnosis.insufficient-capacity.title": "AWS has no capacity for this instance type",
    "diagnosis.insufficient-capacity.body": "AWS does not have enough {instance_type} capacity "
    "right now in the Availability Zone it picked.",
    "diagnosis.insufficient-capacity.fix": "Try again later, choose another instance type, or "
    "another region.",
    "diagnosis.unsupported-instance-type.title": "Instance type not supported here",
    "diagnosis.unsupported-instance-type.body": "The instance type cannot be used in {region} "
    "with the template's x86_64 image.",
    "diagnosis.unsupported-instance-type.fix": "Choose another instance type (x86_64, at least "
    "2 GiB, e.g. {alternative}).",
    "diagnosis.unsupported-region.title": "Region not supported by the template",
    "diagnosis.unsupported-region.body": "The template has no Chroma image for {region}.",
    "diagnosis.unsupported-region.fix": "Choose one of the template's regions, e.g. "
    "{other_region}.",
    "diagnosis.access-denied.title": "Permission denied",
    "diagnosis.access-denied.body": "These credentials may not do what the stack needs "
    "{action}. Creating it needs CloudFormation, EC2 instance and security group permissions.",
    "diagnosis.access-denied.fix": "Ask your AWS administrator for these permissions (IAM), or "
    "use a profile that has them.",
    "diagnosis.unknown.title": "The stack failed",
    "diagnosis.unknown.body": "Resource {resource} failed; AWS's reason is below.",
    "diagnosis.unknown.fix": "Read AWS's reason, fix the cause, delete the failed stack and "
    "launch again.",
    # -- probe ----------------------------------------------------------------------------
    "probe.refused.title": "Connection refused",
    "probe.refused.body": "Nothing accepts connections on {host}:{port} yet.",
    "probe.refused.fix": "Chroma starts a few minutes after the stack completes; wait.",
    "probe.timeout.title": "No answer in {seconds} s",
    "probe.timeout.body": "{host}:{port} did not answer within {seconds} seconds.",
    "probe.timeout.fix": "The server may still be starting, or a firewall drops the traffic.",
    "probe.closed.title": "Connection closed",
    "probe.closed.body": "{host}:{port} closed the connection without an answer.",
    "probe.closed.fix": "The server may still be starting; wait.",
    "probe.not_chroma.title": "Something else is on this port",
    "probe.not_chroma.body": "{host}:{port} answered, but not like a Chroma server.",
    "probe.not_chroma.fix": "Check the address and port; Chroma listens on 8000.",
    "probe.unreachable.title": "Host unreachable",
    "probe.unreachable.body": "{host}:{port} cannot be reached.",
    "probe.unreachable.fix": "Check the address and your network.",
    "probe.http_error.title": "HTTP {status}",
    "probe.http_error.body": "{host}:{port} answered the heartbeat with HTTP {status}.",
    "probe.http_error.fix": "The server may still be starting; wait.",
    "probe.client_timeout.title": "The Chroma client did not answer",
    "probe.client_timeout.body": "The heartbeat answered, but the Chroma client got no answer "
    "from {host}:{port} within {seconds} s.",
    "probe.client_timeout.fix": "Try connecting again in a moment.",
    "probe.client_failed.title": "The Chroma client failed",
    "probe.client_failed.body": "The heartbeat answered, but the Chroma client could not talk to "
    "{host}:{port}.",
    "probe.client_failed.fix": "Check that the server's Chroma version matches the client's.",
    "probe.cancelled.title": "Stopped waiting",
    "probe.cancelled.body": "Stopped waiting for Chroma at {host}:{port}.",
    "probe.cancelled.fix": "Connect again from the deployments list when you are ready.",
    "probe.deadline.title": "Chroma did not answer",
    "probe.deadline.body": "Chroma at {host}:{port} did not answer in {seconds} s "
    "({attempts} tries).",
    "probe.deadline.fix": "Docker may still be pulling the image: try again in a few minutes. If "
    "it never answers, check the instance (SSH, `docker ps`).",
}

ZH = {
    "stack.error.no_template.title": "没有可用的模板",
    "stack.error.no_template.body": "无法读取 CloudFormation 模板 {source}。",
    "stack.error.no_template.fix": "检查模板 URL 或文件（--template）后重试。",
    "stack.error.rejected.title": "CloudFormation 拒绝了该堆栈",
    "stack.error.rejected.body": "AWS 未接受区域 {region} 中的堆栈 {name}。",
    "stack.error.rejected.fix": "阅读下方 AWS 给出的原因，修改相应选项后重新启动。",
    "stack.error.name_taken.title": "堆栈名称已被使用",
    "stack.error.name_taken.body": "此区域已存在名为 {name} 的堆栈，且不是本次部署创建的。",
    "stack.error.name_taken.fix": "请换一个堆栈名称。",
    "stack.error.rollback_complete.title": "必须先删除旧堆栈",
    "stack.error.rollback_complete.body": "堆栈 {name} 之前创建失败，处于 ROLLBACK_COMPLETE "
    "状态。CloudFormation 只允许删除它，删除后名称才能再次使用。",
    "stack.error.rollback_complete.fix": "删除失败的堆栈 {name}（chroma-tui delete "
    "--stack-name {name} --region {region}），然后重新启动。",
    "stack.error.not_found.title": "找不到堆栈",
    "stack.error.not_found.body": "在 AWS 中找不到部署 {name} 的堆栈。",
    "stack.error.not_found.fix": "它可能从未创建或已被删除；请在 CloudFormation 控制台中查看。",
    "stack.error.secret_lost.title": "需要重新输入 OpenTelemetry 请求头",
    "stack.error.secret_lost.body": "chroma-tui 从不保存堆栈 {name} 的 OpenTelemetry 请求头"
    "（其中可能包含 API 密钥），而仍保存着它们的失败堆栈已不存在。",
    "stack.error.secret_lost.fix": "新建一个部署（在部署列表中按 n），并重新输入请求头。",
    "stack.error.cancelled.title": "已停止",
    "stack.error.cancelled.body": "在堆栈 {name} 完成之前停止了查看。",
    "stack.error.cancelled.fix": "稍后再查看；堆栈会在 AWS 中继续运行。",
    "stack.error.delete_failed.title": "无法删除堆栈",
    "stack.error.delete_failed.body": "删除堆栈 {name} 以 DELETE_FAILED 结束。",
    "stack.error.delete_failed.fix": "打开 CloudFormation 控"
    "制台，查看失败的资源，然后再次删除堆栈。",
    "stack.error.no_security_group.title": "找不到安全组",
    "stack.error.no_security_group.body": "堆栈 {name} 中没有 ChromaInstanceSecurityGroup。",
    "stack.error.no_security_group.fix": "请在 EC2 控制台中手动限制端口。",
    "deploy.error.my_ip.title": "无法获取你的公网 IP",
    "deploy.error.my_ip.body": "向 {url} 查询本机公网 IP 地址失败。",
    "deploy.error.my_ip.fix": "检查网络，或在 EC2 控制台中（堆栈的安"
    "全组）自行限制 22 和 8000 端口。",
    "diagnosis.no-default-vpc.title": "区域 {region} 中没有默认 VPC",
    "diagnosis.no-default-vpc.body": "模板中的安全组需要该区域的默认 VPC，而此账户在 {region} "
    '中没有默认 VPC（AWS："No default VPC for this user"）。',
    "diagnosis.no-default-vpc.fix": "请前往 AWS VPC 界面为你的用户创建一个默认的 VPC："
    "{console_url}（或让 chroma-tui 创建），然后删除失败的堆栈并重新启动。",
    "diagnosis.missing-key-pair.title": "找不到密钥对",
    "diagnosis.missing-key-pair.body": "密钥对 {key_name} 在 {region} 中不存在，实例无法启动。",
    "diagnosis.missing-key-pair.fix": "在 {region} 中选择已有的密钥"
    "对、新建一个，或不使用 SSH 启动。",
    "diagnosis.insufficient-capacity.title": "AWS 暂无该实例类型的容量",
    "diagnosis.insufficient-capacity.body": "AWS 在所选可用区中暂时没有足够的 "
    "{instance_type} 容量。",
    "diagnosis.insufficient-capacity.fix": "稍后重试，或选择其他实例类型或其他区域。",
    "diagnosis.unsupported-instance-type.title": "此处不支持该实例类型",
    "diagnosis.unsupported-instance-type.body": "该实例类型无法在 {region} 中与模板的 x86_64 "
    "镜像一起使用。",
    "diagnosis.unsupported-instance-type.fix": "请选择其他实例类型（x86_64，至少 2 GiB，例如 "
    "{alternative}）。",
    "diagnosis.unsupported-region.title": "模板不支持该区域",
    "diagnosis.unsupported-region.body": "模板中没有 {region} 的 Chroma 镜像。",
    "diagnosis.unsupported-region.fix": "请选择模板支持的区域，例如 {other_region}。",
    "diagnosis.access-denied.title": "权限不足",
    "diagnosis.access-denied.body": "这些凭证无权执行堆栈所需的操作 {action}。创建堆栈需要 "
    "CloudFormation、EC2 实例和安全组的权限。",
    "diagnosis.access-denied.fix": "请向 AWS 管理员申请这些权限（I"
    "AM），或使用具有这些权限的配置文件。",
    "diagnosis.unknown.title": "堆栈创建失败",
    "diagnosis.unknown.body": "资源 {resource} 失败；AWS 给出的原因见下方。",
    "diagnosis.unknown.fix": "阅读 AWS 给出的原因并修正，删除失败的堆栈后重新启动。",
    "probe.refused.title": "连接被拒绝",
    "probe.refused.body": "{host}:{port} 上还没有服务接受连接。",
    "probe.refused.fix": "堆栈完成后 Chroma 还需要几分钟才能启动；请稍候。",
    "probe.timeout.title": "{seconds} 秒内无响应",
    "probe.timeout.body": "{host}:{port} 在 {seconds} 秒内没有响应。",
    "probe.timeout.fix": "服务器可能仍在启动，或防火墙丢弃了流量。",
    "probe.closed.title": "连接已关闭",
    "probe.closed.body": "{host}:{port} 未作响应就关闭了连接。",
    "probe.closed.fix": "服务器可能仍在启动；请稍候。",
    "probe.not_chroma.title": "此端口上运行的是其他服务",
    "probe.not_chroma.body": "{host}:{port} 有响应，但不像是 Chroma 服务器。",
    "probe.not_chroma.fix": "检查地址和端口；Chroma 监听 8000 端口。",
    "probe.unreachable.title": "主机不可达",
    "probe.unreachable.body": "无法访问 {host}:{port}。",
    "probe.unreachable.fix": "检查地址和你的网络。",
    "probe.http_error.title": "HTTP {status}",
    "probe.http_error.body": "{host}:{port} 对心跳请求返回了 HTTP {status}。",
    "probe.http_error.fix": "服务器可能仍在启动；请稍候。",
    "probe.client_timeout.title": "Chroma 客户端无响应",
    "probe.client_timeout.body": "心跳有响应，但 Chroma 客户端在 {seconds} 秒内没有收到 "
    "{host}:{port} 的响应。",
    "probe.client_timeout.fix": "请稍后再次连接。",
    "probe.client_failed.title": "Chroma 客户端出错",
    "probe.client_failed.body": "心跳有响应，但 Chroma 客户端无法与 {host}:{port} 通信。",
    "probe.client_failed.fix": "检查服务器的 Chroma 版本是否与客户端一致。",
    "probe.cancelled.title": "已停止等待",
    "probe.cancelled.body": "已停止等待 {host}:{port} 上的 Chroma。",
    "probe.cancelled.fix": "准备好后，从部署列表中再次连接。",
    "probe.deadline.title": "Chroma 没有响应",
    "probe.deadline.body": "{host}:{port} 上的 Chroma 在 {sec"
    "onds} 秒内没有响应（尝试 {attempts} 次）。",
    "probe.deadline.fix": "Docker 可能仍在拉取镜像：请几分钟后重试。如果一直无响应，请检查实例"
    "（SSH，`docker ps`）。",
}
