"""Messages of the UI-free core (first half): credentials, template, regions, instance types,
prices, key pairs, input checks and saved state. Errors have ``.title``, ``.body`` and ``.fix``."""

from __future__ import annotations

from chroma_tui.i18n.rows import error_rows

_GUIDE_EXPORTS = (
    "export AWS_ACCESS_KEY_ID=<your access key id>\n"
    "export AWS_SECRET_ACCESS_KEY=<your secret access key>\n"
    "export AWS_REGION=us-east-1"
)
_GUIDE_EXPORTS_ZH = (
    "export AWS_ACCESS_KEY_ID=<你的访问密钥 ID>\n"
    "export AWS_SECRET_ACCESS_KEY=<你的秘密访问密钥>\n"
    "export AWS_REGION=us-east-1"
)


EN: dict[str, str] = {
    # Short reasons shown next to a region or an instance type in a list.
    "region.not_enabled": "not enabled in your account",
    "region.no_ami": "the template has no AMI for this region",
    "instance.too_small": "under 2 GiB of memory: Chroma will not run",
    "instance.arm_only": "Arm (Graviton) only: the template's AMI is x86_64",
    "instance.not_offered": "not offered in this region",
    "price.note.api": (
        "estimate: AWS price list, on-demand Linux, plus the 24 GiB disk and the public IPv4 "
        "address"
    ),
    "price.note.table": (
        "estimate: us-east-1 on-demand list price, plus the 24 GiB disk and the public IPv4 address"
    ),
    "price.note.table_other_region": (
        "rough estimate: us-east-1 list price (prices differ by region), plus the 24 GiB disk "
        "and the public IPv4 address"
    ),
    **error_rows(
        {
            "cred.none": (
                "No AWS credentials found",
                "chroma-tui looked in the environment, the AWS config files and SSO, and found "
                "no access key to use.",
                "As in Chroma's guide, export your access key in this shell:\n"
                + _GUIDE_EXPORTS
                + "\nor run `aws configure` once, then try again.",
            ),
            "cred.profile_unknown": (
                "Unknown AWS profile",
                "The profile '{profile}' is not in your AWS config or credentials file. "
                "Known profiles: {known}.",
                "Pick one of the known profiles (--profile NAME), or create it with "
                "`aws configure --profile {profile}`.",
            ),
            "cred.sso_expired": (
                "Your AWS SSO session has expired",
                "The profile '{profile}' signs in through AWS IAM Identity Center (SSO) and its "
                "token is missing or expired.",
                "Run `aws sso login --profile {profile}`, then try again.",
            ),
            "cred.partial": (
                "Incomplete AWS credentials",
                "Only half of an access key was found (an access key id without its secret, or "
                "the other way round).",
                "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run `aws configure`.",
            ),
            "cred.retrieval_failed": (
                "Could not get AWS credentials",
                "The credential source of profile '{profile}' failed (a credential_process or "
                "an assumed role).",
                "Check the profile in ~/.aws/config, or use an access key instead.",
            ),
            "cred.invalid_key_id": (
                "AWS does not know this access key",
                "The access key id was rejected: it is mistyped, deleted or deactivated.",
                "Check AWS_ACCESS_KEY_ID (or the profile's key); create a new access key in "
                "the IAM console if needed.",
            ),
            "cred.bad_signature": (
                "The secret access key is wrong",
                "AWS knows the access key id, but the request signature does not match: the "
                "secret access key does not belong to it.",
                "Copy the secret access key again (no spaces or line breaks) into "
                "AWS_SECRET_ACCESS_KEY, or run `aws configure`.",
            ),
            "cred.expired_token": (
                "Your temporary AWS credentials have expired",
                "The session token that came with these credentials is no longer valid.",
                "Get fresh credentials (`aws sso login`, or a new session token) and try again.",
            ),
            "cred.clock_skew": (
                "This computer's clock is wrong",
                "AWS refused the request because its time differs from AWS's by more than a few "
                "minutes.",
                "Turn on automatic time (NTP) on this machine, then try again.",
            ),
            "cred.rejected": (
                "AWS refused these credentials",
                "Asking AWS who you are (sts:GetCallerIdentity) failed.",
                "Check the credentials, or try another profile.",
            ),
            "aws.unreachable": (
                "Cannot reach AWS",
                "No answer from {endpoint}: the network is down, a proxy or firewall blocks it, "
                "or the endpoint is wrong.",
                "Check your internet connection (and AWS_ENDPOINT_URL if you set it), then retry.",
            ),
            "aws.access_denied": (
                "Not allowed by AWS",
                "Your AWS user or role lacks a permission this step needs.",
                "Ask your AWS administrator for the permission named below, or use a profile "
                "that has it.",
            ),
            "aws.throttled": (
                "AWS is rate-limiting requests",
                "AWS answered 'Rate exceeded' even after retrying.",
                "Wait a minute and retry.",
            ),
            "aws.failed": (
                "AWS request failed",
                "AWS returned an error for this step.",
                "Read AWS's message below; retry, or check the AWS console.",
            ),
            "template.not_found": (
                "Template file not found",
                "There is no file at '{source}'.",
                "Check the path, or leave it empty to use Chroma's official template.",
            ),
            "template.unreadable": (
                "Cannot read the template file",
                "'{source}' exists but cannot be read.",
                "Check the file's permissions.",
            ),
            "template.not_json": (
                "The template is not JSON",
                "'{source}' could not be parsed as JSON. chroma-tui reads JSON templates only "
                "(Chroma's official template is JSON); YAML is not supported.",
                "Use a JSON template (convert YAML with `cfn-flip`), or Chroma's official one.",
            ),
            "template.not_template": (
                "This is not a CloudFormation template",
                "'{source}' is JSON but has no Resources section.",
                "Point chroma-tui at Chroma's CloudFormation template (chroma.cf.json).",
            ),
            "template.missing_parameter": (
                "The template lacks a parameter chroma-tui needs",
                "'{source}' does not declare the parameter {name}.",
                "Use Chroma's official template, or add {name} to yours.",
            ),
            "template.unreachable": (
                "Cannot read the template",
                "'{source}' could not be fetched from S3 or over HTTPS, and CloudFormation "
                "could not summarise it either.",
                "Check your network and the URL; or download the template and pass the file "
                "path instead.",
            ),
            "instance.unknown": (
                "Unknown instance type",
                "EC2 does not know an instance type named '{name}' in {region}.",
                "Check the spelling (e.g. t3.small, m5.4xlarge), or pick one from the list.",
            ),
            "instance.too_small": (
                "Not enough memory for Chroma",
                "{name} has {memory} GiB of memory. Chroma needs at least 2 GB, so the 1 GiB "
                "free-tier types will not run it.",
                "Pick t3.small (2 GiB, the guide's choice) or larger.",
            ),
            "instance.arm_only": (
                "Arm instance types cannot boot this template",
                "{name} runs only Arm (Graviton) images ({arch}); the template's AMI is x86_64.",
                "Pick an Intel/AMD type such as t3.small, t3.medium or m5.large.",
            ),
            "instance.not_offered": (
                "Instance type not offered in this region",
                "{name} exists, but AWS does not offer it in {region}.",
                "Pick another instance type, or another region.",
            ),
            "keypair.bad_type": (
                "Unknown key type",
                "'{key_type}' is not a key pair type EC2 can create.",
                "Use one of: {types}.",
            ),
            "keypair.file_exists": (
                "A private key file is already there",
                "{path} exists; chroma-tui never overwrites a key file. Nothing was created "
                "in AWS.",
                "Choose another key pair name, or move that file away first.",
            ),
            "keypair.exists": (
                "Key pair name already taken",
                "A key pair named '{name}' already exists in {region}; its private key cannot "
                "be downloaded again.",
                "Select it from the list (if you have its .pem file), or choose a new name.",
            ),
            "keypair.write_failed": (
                "Could not save the private key",
                "Writing {path} failed, so the new key pair was deleted in AWS again (a key "
                "pair without its private key is useless).",
                "Check the disk space and the permissions of that folder, then retry.",
            ),
            "validation.stack_name.empty": (
                "Stack name is empty",
                "A stack needs a name.",
                "Type a name such as my-chroma-stack.",
            ),
            "validation.stack_name.starts_digit": (
                "Stack name starts with a digit",
                "'{name}' starts with '{char}'; a stack name must start with a letter.",
                "Put a letter first, e.g. {suggestion}.",
            ),
            "validation.stack_name.bad_start": (
                "Stack name must start with a letter",
                "'{name}' starts with '{char}'.",
                "Start it with a letter (A–Z or a–z), e.g. {suggestion}.",
            ),
            "validation.stack_name.bad_char": (
                "Stack name has a character that is not allowed",
                "Character {position} of '{name}' is '{char}'. Only letters, digits and "
                "hyphens (-) are allowed.",
                "Replace '{char}' with a hyphen, or remove it, e.g. {suggestion}.",
            ),
            "validation.stack_name.too_long": (
                "Stack name is too long",
                "'{name}' has {length} characters; the limit is {max}.",
                "Shorten it to {max} characters or fewer.",
            ),
            "validation.key_name.empty": (
                "Key pair name is empty",
                "A key pair needs a name.",
                "Type a name such as chroma-key, or choose no key pair (no SSH).",
            ),
            "validation.key_name.bad_char": (
                "Key pair name has a character that is not allowed",
                "Character {position} of the name is '{char}'; EC2 accepts only printable ASCII "
                "characters.",
                "Use letters, digits, '-' and '_'.",
            ),
            "validation.key_name.too_long": (
                "Key pair name is too long",
                "The name has {length} characters; the limit is {max}.",
                "Shorten it.",
            ),
            "validation.instance_type.empty": (
                "Instance type is empty",
                "Choose the instance type the server runs on.",
                "Type one such as t3.small, or pick one from the list.",
            ),
            "validation.instance_type.shape": (
                "That is not an instance type name",
                "'{name}' does not look like family.size.",
                "Instance types are written like t3.small or m5.4xlarge.",
            ),
            "validation.chroma_version": (
                "Not a Chroma version",
                "'{version}' is neither a release number like 1.5.9 nor 'latest'.",
                "Type a Chroma release (e.g. 1.5.9) or 'latest'. Matching your client's version "
                "is best.",
            ),
            "validation.otel_headers.syntax": (
                "OpenTelemetry headers cannot be read",
                "'{text}' is not a JSON object.",
                'Write them like {{"x-honeycomb-team": "abc"}} (the guide\'s '
                "{{'x-honeycomb-team': 'abc'}} works too), or leave the field empty.",
            ),
            "validation.otel_headers.not_object": (
                "OpenTelemetry headers must be an object",
                "'{text}' is valid, but not a set of name: value pairs.",
                'Write them like {{"x-honeycomb-team": "abc"}}, or leave the field empty.',
            ),
            "validation.otel_headers.not_strings": (
                "OpenTelemetry header values must be text",
                "The header '{name}' has a value that is not a string.",
                'Quote every value, e.g. {{"x-honeycomb-team": "abc"}}.',
            ),
            "state.unreadable": (
                "Cannot read saved deployments",
                "Reading {path} failed.",
                "Check the permissions of chroma-tui's state folder.",
            ),
            "state.unwritable": (
                "Cannot save the deployment record",
                "Writing {path} failed.",
                "Check the disk space and the permissions of chroma-tui's state folder.",
            ),
            "state.bad_id": (
                "Invalid deployment id",
                "'{deployment_id}' cannot be a saved deployment's id.",
                "Pick a deployment from the list.",
            ),
        }
    ),
}

ZH: dict[str, str] = {
    "region.not_enabled": "你的账户未启用该区域",
    "region.no_ami": "模板中没有该区域的 AMI",
    "instance.too_small": "内存不足 2 GiB：Chroma 无法运行",
    "instance.arm_only": "仅支持 Arm（Graviton）：模板的 AMI 是 x86_64",
    "instance.not_offered": "该区域不提供此实例类型",
    "price.note.api": "估算：AWS 价格表，按需 Linux，另加 24 GiB 磁盘和公网 IPv4 地址",
    "price.note.table": "估算：us-east-1 按需标价，另加 24 GiB 磁盘和公网 IPv4 地址",
    "price.note.table_other_region": (
        "粗略估算：us-east-1 标价（各区域价格不同），另加 24 GiB 磁盘和公网 IPv4 地址"
    ),
    **error_rows(
        {
            "cred.none": (
                "未找到 AWS 凭证",
                "chroma-tui 检查了环境变量、AWS 配置文件和 SSO，没有找到可用的访问密钥。",
                "按照 Chroma 指南，在当前终端中导出访问密钥：\n"
                + _GUIDE_EXPORTS_ZH
                + "\n或运行一次 `aws configure`，然后重试。",
            ),
            "cred.profile_unknown": (
                "未知的 AWS 配置文件",
                "AWS 配置或凭证文件中没有名为 '{profile}' 的配置文件。已有的配置文件：{known}。",
                "选择一个已有的配置文件（--profile 名称），或用 "
                "`aws configure --profile {profile}` 创建它。",
            ),
            "cred.sso_expired": (
                "AWS SSO 会话已过期",
                "配置文件 '{profile}' 通过 AWS IAM Identity Center（SSO）登录，"
                "其令牌缺失或已过期。",
                "运行 `aws sso login --profile {profile}`，然后重试。",
            ),
            "cred.partial": (
                "AWS 凭证不完整",
                "只找到了一半访问密钥（有访问密钥 ID 但没有秘密访问密钥，或反之）。",
                "同时设置 AWS_ACCESS_KEY_ID 和 AWS_SECRET_ACCESS_KEY，或运行 `aws configure`。",
            ),
            "cred.retrieval_failed": (
                "无法获取 AWS 凭证",
                "配置文件 '{profile}' 的凭证来源（credential_process 或代入角色）失败。",
                "检查 ~/.aws/config 中的该配置文件，或改用访问密钥。",
            ),
            "cred.invalid_key_id": (
                "AWS 不认识这个访问密钥",
                "访问密钥 ID 被拒绝：可能拼写错误、已删除或已停用。",
                "检查 AWS_ACCESS_KEY_ID（或配置文件中的密钥）；"
                "必要时在 IAM 控制台创建新的访问密钥。",
            ),
            "cred.bad_signature": (
                "秘密访问密钥不正确",
                "AWS 认识该访问密钥 ID，但请求签名不匹配：秘密访问密钥与它不对应。",
                "重新复制秘密访问密钥（不要带空格或换行）到 AWS_SECRET_ACCESS_KEY，"
                "或运行 `aws configure`。",
            ),
            "cred.expired_token": (
                "临时 AWS 凭证已过期",
                "随这些凭证一起的会话令牌已失效。",
                "获取新的凭证（`aws sso login` 或新的会话令牌）后重试。",
            ),
            "cred.clock_skew": (
                "本机时钟不准",
                "本机时间与 AWS 相差超过几分钟，AWS 拒绝了请求。",
                "开启本机的自动校时（NTP），然后重试。",
            ),
            "cred.rejected": (
                "AWS 拒绝了这些凭证",
                "向 AWS 查询你的身份（sts:GetCallerIdentity）失败。",
                "检查凭证，或换一个配置文件。",
            ),
            "aws.unreachable": (
                "无法连接 AWS",
                "{endpoint} 没有响应：网络断开、被代理或防火墙拦截，或端点地址错误。",
                "检查网络连接（如设置了 AWS_ENDPOINT_URL 也请检查它），然后重试。",
            ),
            "aws.access_denied": (
                "AWS 不允许此操作",
                "你的 AWS 用户或角色缺少此步骤所需的权限。",
                "请 AWS 管理员授予下方列出的权限，或使用拥有该权限的配置文件。",
            ),
            "aws.throttled": (
                "AWS 正在限制请求速率",
                "重试后 AWS 仍然返回 'Rate exceeded'。",
                "等一分钟后重试。",
            ),
            "aws.failed": (
                "AWS 请求失败",
                "AWS 在此步骤返回了错误。",
                "阅读下方 AWS 的原始信息；重试，或查看 AWS 控制台。",
            ),
            "template.not_found": (
                "找不到模板文件",
                "'{source}' 处没有文件。",
                "检查路径，或留空以使用 Chroma 官方模板。",
            ),
            "template.unreadable": (
                "无法读取模板文件",
                "'{source}' 存在但无法读取。",
                "检查文件权限。",
            ),
            "template.not_json": (
                "模板不是 JSON",
                "无法将 '{source}' 解析为 JSON。chroma-tui 只读取 JSON 模板"
                "（Chroma 官方模板是 JSON），不支持 YAML。",
                "使用 JSON 模板（可用 `cfn-flip` 转换 YAML），或使用 Chroma 官方模板。",
            ),
            "template.not_template": (
                "这不是 CloudFormation 模板",
                "'{source}' 是 JSON，但没有 Resources 部分。",
                "请指向 Chroma 的 CloudFormation 模板（chroma.cf.json）。",
            ),
            "template.missing_parameter": (
                "模板缺少 chroma-tui 需要的参数",
                "'{source}' 没有声明参数 {name}。",
                "使用 Chroma 官方模板，或在你的模板中加入 {name}。",
            ),
            "template.unreachable": (
                "无法读取模板",
                "无法从 S3 或通过 HTTPS 获取 '{source}'，CloudFormation 也无法读取它的摘要。",
                "检查网络和 URL；或下载模板后改为传入文件路径。",
            ),
            "instance.unknown": (
                "未知的实例类型",
                "EC2 在 {region} 中没有名为 '{name}' 的实例类型。",
                "检查拼写（例如 t3.small、m5.4xlarge），或从列表中选择。",
            ),
            "instance.too_small": (
                "内存不足以运行 Chroma",
                "{name} 只有 {memory} GiB 内存。Chroma 至少需要 2GB 内存，"
                "因此无法在免费套餐的 1GB 实例上运行。",
                "选择 t3.small（2 GiB，指南推荐的类型）或更大的实例类型。",
            ),
            "instance.arm_only": (
                "Arm 实例类型无法启动此模板",
                "{name} 只能运行 Arm（Graviton）镜像（{arch}）；模板的 AMI 是 x86_64。",
                "选择 Intel/AMD 实例类型，例如 t3.small、t3.medium 或 m5.large。",
            ),
            "instance.not_offered": (
                "该区域不提供此实例类型",
                "{name} 存在，但 AWS 在 {region} 中不提供它。",
                "选择其他实例类型或其他区域。",
            ),
            "keypair.bad_type": (
                "未知的密钥类型",
                "EC2 无法创建 '{key_type}' 类型的密钥对。",
                "请使用以下之一：{types}。",
            ),
            "keypair.file_exists": (
                "私钥文件已存在",
                "{path} 已存在；chroma-tui 从不覆盖密钥文件。AWS 中没有创建任何东西。",
                "换一个密钥对名称，或先把该文件移走。",
            ),
            "keypair.exists": (
                "密钥对名称已被占用",
                "{region} 中已存在名为 '{name}' 的密钥对；它的私钥无法再次下载。",
                "如果你有它的 .pem 文件，请从列表中选择它；否则换一个新名称。",
            ),
            "keypair.write_failed": (
                "无法保存私钥",
                "写入 {path} 失败，因此已在 AWS 中删除新建的密钥对（没有私钥的密钥对毫无用处）。",
                "检查磁盘空间和该文件夹的权限，然后重试。",
            ),
            "validation.stack_name.empty": (
                "堆栈名称为空",
                "堆栈需要一个名称。",
                "输入名称，例如 my-chroma-stack。",
            ),
            "validation.stack_name.starts_digit": (
                "堆栈名称以数字开头",
                "'{name}' 以 '{char}' 开头；堆栈名称必须以字母开头。",
                "在开头加一个字母，例如 {suggestion}。",
            ),
            "validation.stack_name.bad_start": (
                "堆栈名称必须以字母开头",
                "'{name}' 以 '{char}' 开头。",
                "以字母（A–Z 或 a–z）开头，例如 {suggestion}。",
            ),
            "validation.stack_name.bad_char": (
                "堆栈名称包含不允许的字符",
                "'{name}' 的第 {position} 个字符是 '{char}'。只允许字母、数字和连字符（-）。",
                "把 '{char}' 换成连字符，或删除它，例如 {suggestion}。",
            ),
            "validation.stack_name.too_long": (
                "堆栈名称太长",
                "'{name}' 有 {length} 个字符；上限是 {max}。",
                "缩短到 {max} 个字符以内。",
            ),
            "validation.key_name.empty": (
                "密钥对名称为空",
                "密钥对需要一个名称。",
                "输入名称，例如 chroma-key；或选择不使用密钥对（无 SSH）。",
            ),
            "validation.key_name.bad_char": (
                "密钥对名称包含不允许的字符",
                "名称的第 {position} 个字符是 '{char}'；EC2 只接受可打印的 ASCII 字符。",
                "使用字母、数字、'-' 和 '_'。",
            ),
            "validation.key_name.too_long": (
                "密钥对名称太长",
                "名称有 {length} 个字符；上限是 {max}。",
                "缩短名称。",
            ),
            "validation.instance_type.empty": (
                "实例类型为空",
                "请选择服务器运行的实例类型。",
                "输入例如 t3.small，或从列表中选择。",
            ),
            "validation.instance_type.shape": (
                "这不是实例类型名称",
                "'{name}' 不符合 系列.规格 的格式。",
                "实例类型写作 t3.small 或 m5.4xlarge 这样的形式。",
            ),
            "validation.chroma_version": (
                "不是有效的 Chroma 版本",
                "'{version}' 既不是 1.5.9 这样的版本号，也不是 'latest'。",
                "输入 Chroma 版本号（例如 1.5.9）或 'latest'。最好与客户端版本一致。",
            ),
            "validation.otel_headers.syntax": (
                "无法解析 OpenTelemetry 请求头",
                "'{text}' 不是 JSON 对象。",
                '请写成 {{"x-honeycomb-team": "abc"}}（指南中的 '
                "{{'x-honeycomb-team': 'abc'}} 也可以），或留空。",
            ),
            "validation.otel_headers.not_object": (
                "OpenTelemetry 请求头必须是对象",
                "'{text}' 格式正确，但不是由“名称: 值”对组成的对象。",
                '请写成 {{"x-honeycomb-team": "abc"}}，或留空。',
            ),
            "validation.otel_headers.not_strings": (
                "OpenTelemetry 请求头的值必须是文本",
                "请求头 '{name}' 的值不是字符串。",
                '给每个值加上引号，例如 {{"x-honeycomb-team": "abc"}}。',
            ),
            "state.unreadable": (
                "无法读取已保存的部署",
                "读取 {path} 失败。",
                "检查 chroma-tui 状态文件夹的权限。",
            ),
            "state.unwritable": (
                "无法保存部署记录",
                "写入 {path} 失败。",
                "检查磁盘空间和 chroma-tui 状态文件夹的权限。",
            ),
            "state.bad_id": (
                "无效的部署 ID",
                "'{deployment_id}' 不能作为已保存部署的 ID。",
                "从列表中选择一个部署。",
            ),
        }
    ),
}
