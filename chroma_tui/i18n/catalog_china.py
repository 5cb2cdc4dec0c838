"""Chinese first: Textual's own words, AWS's reasons in plain words, AWS China, small labels.

``textual.*`` keys translate the binding descriptions of Textual's widgets (shown in the command
palette); the key is the description in lower case with ``_`` for every run of other characters.
``gloss.*`` keys explain AWS's raw reasons (core/glossary.py picks one).
"""

from __future__ import annotations

# Textual's binding descriptions (English as Textual writes them) and their Chinese.
_TEXTUAL = {
    "Bottom": "到底部",
    "Copy selected text": "复制所选文本",
    "Cursor down": "光标下移",
    "Cursor left": "光标左移",
    "Cursor right": "光标右移",
    "Cursor up": "光标上移",
    "Cut selected text": "剪切所选文本",
    "Delete all to the left": "删除左侧全部内容",
    "Delete all to the right": "删除右侧全部内容",
    "Delete character left": "删除左侧字符",
    "Delete character right": "删除右侧字符",
    "Delete left to start of word": "向左删除到词首",
    "Delete right to start of word": "向右删除到下一个词首",
    "Dismiss menu": "关闭菜单",
    "Down": "向下",
    "End": "到末尾",
    "First": "第一项",
    "Focus Next": "聚焦下一项",
    "Focus Previous": "聚焦上一项",
    "Go to end": "移到末尾",
    "Go to start": "移到开头",
    "Home": "到开头",
    "Last": "最后一项",
    "Maximize": "最大化",
    "Minimize": "还原",
    "Move cursor left": "光标左移",
    "Move cursor left a word": "光标左移一个词",
    "Move cursor left a word and select": "光标左移一个词并选中",
    "Move cursor left and select": "光标左移并选中",
    "Move cursor right a word": "光标右移一个词",
    "Move cursor right a word and select": "光标右移一个词并选中",
    "Move cursor right and select": "光标右移并选中",
    "Move cursor right or accept the completion suggestion": "光标右移，或接受补全建议",
    "Next option": "下一个选项",
    "Page Down": "向下翻页",
    "Page Left": "向左翻页",
    "Page Right": "向右翻页",
    "Page Up": "向上翻页",
    "Paste text from the clipboard": "从剪贴板粘贴",
    "Press button": "按下按钮",
    "Previous option": "上一个选项",
    "Quit": "退出",
    "Screenshot": "截图",
    "Scroll Down": "向下滚动",
    "Scroll End": "滚动到底部",
    "Scroll Home": "滚动到顶部",
    "Scroll Left": "向左滚动",
    "Scroll Right": "向右滚动",
    "Scroll Up": "向上滚动",
    "Select": "选择",
    "Select all": "全选",
    "Select line end": "选中到行尾",
    "Select line start": "选中到行首",
    "Show menu": "显示菜单",
    "Submit": "提交",
    "Toggle": "切换",
    "Toggle collapsible": "展开或收起",
    "Top": "到顶部",
    "Up": "向上",
}


def textual_key(description: str) -> str:
    """``"Focus Next"`` → ``"textual.focus_next"``."""
    slug = "".join(c if c.isalnum() else "_" for c in description.lower())
    return "textual." + "_".join(part for part in slug.split("_") if part)


_NEAREST_EN = (
    "ap-northeast-1 (Tokyo), ap-northeast-2 (Seoul), ap-southeast-1 (Singapore) or "
    "ap-northeast-3 (Osaka)"
)
_NEAREST_ZH = (
    "ap-northeast-1（东京）、ap-northeast-2（首尔）、ap-southeast-1（新加坡）或 "
    "ap-northeast-3（大阪）"
)
_CHINA_WHAT_EN = (
    "AWS China (Beijing cn-north-1 and Ningxia cn-northwest-1) is a separate partition of AWS, "
    "run by local operators: it has its own accounts, its own console (console.amazonaws.cn) and "
    "ARNs that begin with arn:aws-cn:. Keys of one partition do not work in the other. Chroma's "
    "official template cannot run there: its Region2AMI map has no AMI for any China region, and "
    "the Chroma server image comes from ghcr.io."
)
_CHINA_WHAT_ZH = (
    "AWS 中国区域（北京 cn-north-1 和宁夏 cn-northwest-1）是独立的 AWS 分区，由本地运营商运营："
    "它有自己的账户、自己的控制台（console.amazonaws.cn），ARN 以 arn:aws-cn: 开头。"
    "一个分区的密钥在另一个分区中无效。Chroma 官方模板无法在那里运行："
    "模板的 Region2AMI 映射中没有任何中国区域的 AMI，Chroma 服务器镜像也来自 ghcr.io。"
)
_CHINA_FIX_EN = (
    "Use an account of global AWS (aws.amazon.com) in one of the regions nearest to China: "
    + _NEAREST_EN
    + ". Export that account's keys (an AWS China account's keys do not work there), then "
    "try again."
)
_CHINA_FIX_ZH = (
    "请使用 AWS 全球区域的账户（aws.amazon.com），并选择离中国最近的受支持区域："
    + _NEAREST_ZH
    + "。导出该账户的访问密钥（AWS 中国区域账户的密钥在那里无效），然后重试。"
)

EN: dict[str, str] = {
    # The command palette.
    "palette.placeholder": "Search for commands…",
    "palette.no_matches": "No matches found",
    "palette.themes.placeholder": "Search for themes…",
    # Small shared shapes.
    "common.label": "{label}: {value}",
    # The event table's Type column (AWS::EC2::Instance → Instance).
    "run.events.reason_of": "{resource}: {raw}",
    "run.events.kind.Stack": "Stack",
    "run.events.kind.SecurityGroup": "Security group",
    "run.events.kind.Instance": "Instance",
    # AWS's reasons in plain words, shown under the raw reason.
    "gloss.line": "↳ {gloss}",
    "gloss.user": "You started this operation (chroma-tui sent it for you).",
    "gloss.creating": "AWS has started creating this resource.",
    "gloss.cancelled": "Not created: another resource failed first, so AWS stopped this one.",
    "gloss.failed_to_create": (
        "These resources failed, so AWS is removing everything this stack created (rollback). "
        '"Requested by user" is the default on-failure setting, not something you did.'
    ),
    "gloss.failed_to_delete": (
        "AWS could not delete these resources; the stack keeps them until they are deleted."
    ),
    "gloss.consistency": (
        "Created; AWS waits until every part of AWS sees the resource (usually seconds)."
    ),
    "gloss.retry": "AWS hit a temporary problem and is trying again by itself.",
    "gloss.handler": "The AWS service behind this resource refused the request; its words follow.",
    "gloss.no_default_vpc": (
        "This region has no default VPC, which the template's security group needs."
    ),
    "gloss.missing_key": "The key pair named here does not exist in this region.",
    "gloss.capacity": "AWS has no free capacity for this instance type in this zone right now.",
    "gloss.vcpu_limit": (
        "Your account's vCPU quota for this instance family is used up (new accounts start low)."
    ),
    "gloss.instance_limit": "Your account may not run more instances of this type here.",
    "gloss.pending_verification": (
        "AWS is still verifying this new account; instances can start once that is done."
    ),
    "gloss.opt_in": "This region (or service) must be enabled for your account first.",
    "gloss.no_mapping": "The template has no AMI for this region, so it cannot run here.",
    "gloss.unsupported": "This instance type is not offered in this Availability Zone.",
    "gloss.denied": "Your credentials lack a permission this step needs.",
    "gloss.throttled": "AWS is limiting the request rate; the request is retried.",
    # AWS China.
    "region.china": "AWS China: a separate partition the template cannot serve (see below)",
    "region.china.note": (
        "cn-north-1 and cn-northwest-1 are AWS China: a separate partition with its own "
        "accounts and console (console.amazonaws.cn), where the official template has no AMI. "
        "Use a global AWS account and a region near China: " + _NEAREST_EN + "."
    ),
    "china.partition.title": "These are AWS China credentials",
    "china.partition.body": _CHINA_WHAT_EN,
    "china.partition.fix": _CHINA_FIX_EN,
    "china.session_region.title": "{region} is an AWS China region",
    "china.session_region.body": _CHINA_WHAT_EN,
    "china.session_region.fix": (
        "Set AWS_REGION (or --region) to one of the regions nearest to China: "
        + _NEAREST_EN
        + ", with the keys of a global AWS account."
    ),
    "china.region.title": "{region} is an AWS China region: the template cannot run there",
    "china.region.body": _CHINA_WHAT_EN,
    "china.region.fix": (
        "Choose one of the regions nearest to China instead: "
        + _NEAREST_EN
        + ", with a global AWS account (an AWS China account's keys do not work there)."
    ),
    # Credentials and input wording.
    "cred.profile_none.title": "Unknown AWS profile",
    "cred.profile_none.body": (
        "The profile '{profile}' is not in your AWS config or credentials file, and those "
        "files hold no profile at all."
    ),
    "cred.profile_none.fix": (
        "Create it with `aws configure --profile {profile}`, or leave --profile out to use "
        "the access keys in your environment."
    ),
    "validation.stack_name.space.title": "Stack name has a character that is not allowed",
    "validation.stack_name.space.body": (
        "Character {position} of '{name}' is a space. Only letters, digits and hyphens (-) "
        "are allowed."
    ),
    "validation.stack_name.space.fix": (
        "Replace the space with a hyphen, or remove it, e.g. {suggestion}."
    ),
}

ZH: dict[str, str] = {
    "palette.placeholder": "搜索命令…",
    "palette.no_matches": "没有匹配的命令",
    "palette.themes.placeholder": "搜索主题…",
    "common.label": "{label}：{value}",
    "run.events.reason_of": "{resource}：{raw}",
    "run.events.kind.Stack": "堆栈",
    "run.events.kind.SecurityGroup": "安全组",
    "run.events.kind.Instance": "EC2 实例",
    "gloss.line": "↳ {gloss}",
    "gloss.user": "这是你发起的操作（由 chroma-tui 代你发送）。",
    "gloss.creating": "AWS 已开始创建该资源。",
    "gloss.cancelled": "未创建：另一个资源先失败了，AWS 因此停止创建该资源。",
    "gloss.failed_to_create": (
        "列出的资源创建失败，AWS 正在删除该堆栈已创建的全部内容（回滚）。"
        "“requested by user”指创建时默认的失败处理方式，并不是你做了什么。"
    ),
    "gloss.failed_to_delete": "AWS 无法删除列出的资源；删除成功之前，堆栈会保留它们。",
    "gloss.consistency": "已创建，AWS 正在等待该资源在各处生效（通常只需几秒）。",
    "gloss.retry": "AWS 遇到临时问题，正在自动重试。",
    "gloss.handler": "该资源所属的 AWS 服务拒绝了请求，后面是它的原话。",
    "gloss.no_default_vpc": "该区域没有默认 VPC，而模板中的安全组需要它。",
    "gloss.missing_key": "这里指定的密钥对在该区域中不存在。",
    "gloss.capacity": "AWS 在该可用区暂时没有该实例类型的空闲容量。",
    "gloss.vcpu_limit": "你的账户在该实例系列上的 vCPU 配额已用完（新账户的配额较低）。",
    "gloss.instance_limit": "你的账户在这里不能再运行更多该类型的实例。",
    "gloss.pending_verification": "AWS 仍在验证这个新账户，验证完成后才能启动实例。",
    "gloss.opt_in": "需要先为你的账户启用该区域（或服务）。",
    "gloss.no_mapping": "模板中没有该区域的 AMI，无法在这里运行。",
    "gloss.unsupported": "该可用区不提供此实例类型。",
    "gloss.denied": "你的凭证缺少这一步所需的权限。",
    "gloss.throttled": "AWS 正在限制请求频率，请求会自动重试。",
    "region.china": "AWS 中国区域：独立分区，模板无法使用（见下方说明）",
    "region.china.note": (
        "cn-north-1 和 cn-northwest-1 属于 AWS 中国区域：这是独立的分区，有自己的账户和控制台"
        "（console.amazonaws.cn），官方模板在那里没有 AMI。请使用 AWS 全球区域的账户，"
        "并选择离中国较近的区域：" + _NEAREST_ZH + "。"
    ),
    "china.partition.title": "这是 AWS 中国区域的凭证",
    "china.partition.body": _CHINA_WHAT_ZH,
    "china.partition.fix": _CHINA_FIX_ZH,
    "china.session_region.title": "{region} 属于 AWS 中国区域",
    "china.session_region.body": _CHINA_WHAT_ZH,
    "china.session_region.fix": (
        "把 AWS_REGION（或 --region）设为离中国最近的受支持区域之一："
        + _NEAREST_ZH
        + "，并使用 AWS 全球区域账户的密钥。"
    ),
    "china.region.title": "{region} 属于 AWS 中国区域，模板无法在那里运行",
    "china.region.body": _CHINA_WHAT_ZH,
    "china.region.fix": (
        "请改用离中国最近的受支持区域之一："
        + _NEAREST_ZH
        + "，并使用 AWS 全球区域的账户（AWS 中国区域账户的密钥在那里无效）。"
    ),
    "cred.profile_none.title": "未知的 AWS 配置文件",
    "cred.profile_none.body": (
        "AWS 配置或凭证文件中没有名为 '{profile}' 的配置文件，而且这两个文件里一个配置文件都没有。"
    ),
    "cred.profile_none.fix": (
        "用 `aws configure --profile {profile}` 创建它，"
        "或去掉 --profile，改用环境变量中的访问密钥。"
    ),
    "validation.stack_name.space.title": "堆栈名称包含不允许的字符",
    "validation.stack_name.space.body": (
        "'{name}' 的第 {position} 个字符是空格。只允许字母、数字和连字符（-）。"
    ),
    "validation.stack_name.space.fix": "把空格换成连字符，或删除它，例如 {suggestion}。",
}

for _description, _chinese in _TEXTUAL.items():
    EN[textual_key(_description)] = _description
    ZH[textual_key(_description)] = _chinese
