"""Template checks before launch, the template's source, boot X-ray and the deployed version."""

from __future__ import annotations

from chroma_tui.i18n.rows import error_rows

_GITHUB_FIX = (
    "Use the template's file in chroma-core/chroma on GitHub ({path}): download it and pass "
    "--template FILE, or pass its raw URL: --template {raw_url}"
)
_GITHUB_FIX_ZH = (
    "改用 GitHub 上 chroma-core/chroma 仓库里的模板文件（{path}）：下载后用 --template FILE 传入，"
    "或直接传入它的 raw 地址：--template {raw_url}"
)

EN: dict[str, str] = {
    **error_rows(
        {
            "check.otel_safe": (
                "Safe OpenTelemetry values passed",
                "With its defaults this template writes blank OpenTelemetry values to Chroma's "
                ".env, and Chroma 1.x then panics at boot ({issue}). chroma-tui passes endpoint "
                "{endpoint} and service name {service} instead: Chroma boots and only warns "
                "that spans are dropped.",
                "To keep the traces, set your collector's endpoint (Options step, or "
                "--otel-endpoint).",
            ),
            "check.otel_hardcoded": (
                "This template starts a Chroma that crashes (OpenTelemetry)",
                "Its UserData writes blank OpenTelemetry values (CHROMA_OPEN_TELEMETRY__ENDPOINT, "
                "CHROMA_OPEN_TELEMETRY__SERVICE_NAME) to Chroma's .env whatever the parameters "
                "say, and Chroma 1.x panics on them at boot and never answers ({issue}).",
                "Use Chroma's current template (deployments/aws/chroma.cf.json in "
                "chroma-core/chroma), or change the UserData to write these lines from "
                "parameters (or not at all).",
            ),
            "check.otel_unsupported": (
                "This template takes no OpenTelemetry settings",
                "You set OpenTelemetry {options}, but the template does not declare "
                "{parameters}: the settings would be dropped silently.",
                "Remove the OpenTelemetry settings (Options step, or the --otel-* flags), or use "
                "a template that declares these parameters.",
            ),
            "check.al2_ended": (
                "Amazon Linux 2 is out of support",
                "The template's AMIs are Amazon Linux 2 (its UserData uses amazon-linux-extras), "
                "whose support ended on {date}: no more security updates.",
                "Fine for a trial; for anything lasting, use a template on a supported AMI "
                "such as Amazon Linux 2023.",
            ),
            "check.al2_ending": (
                "Amazon Linux 2 reaches end of support soon",
                "The template's AMIs are Amazon Linux 2 (its UserData uses amazon-linux-extras), "
                "whose support ends on {date}.",
                "Fine for a trial; for anything lasting, use a template on a supported AMI "
                "such as Amazon Linux 2023.",
            ),
            "check.version_old": (
                "The template's ChromaVersion default is old",
                "Its default is {default}, older than your chromadb client {client}.",
                "chroma-tui passes ChromaVersion {version} explicitly.",
            ),
            "check.version_placeholder": (
                "The template's ChromaVersion default is a placeholder",
                "Its default is '{default}', not a released version.",
                "chroma-tui passes ChromaVersion {version} explicitly.",
            ),
            "check.summary_only": (
                "Only the template's summary could be read",
                "Its body could not be downloaded, so its UserData was not checked.",
                "To have it checked, download the template and pass it with --template FILE.",
            ),
            "template.too_big": (
                "The template is too large",
                "'{source}' is {size} bytes; CloudFormation takes at most {max} bytes as "
                "TemplateBody (how a local file or a non-S3 URL is sent).",
                "Upload it to an S3 bucket and pass its S3 URL with --template (S3 URLs go as "
                "TemplateURL, up to 1 MB), or shorten it.",
            ),
            "template.official_403": (
                "Chroma's official template URL answers 403 Forbidden",
                "'{source}' refused the download (HTTP 403), and CloudFormation could not "
                "read it either.",
                _GITHUB_FIX,
            ),
            "template.official_404": (
                "Chroma's official template URL answers 404 Not Found",
                "There is no template at '{source}' any more (HTTP 404), and CloudFormation "
                "could not read it either.",
                _GITHUB_FIX,
            ),
            "template.official_unreachable": (
                "Chroma's official template cannot be reached",
                "'{source}' could not be downloaded, and CloudFormation could not read it either.",
                "Check your network; or " + _GITHUB_FIX[0].lower() + _GITHUB_FIX[1:],
            ),
            "boot.unknown_version": (
                "Chroma {version} does not exist",
                "The boot log says Docker could not pull Chroma's image for version {version} "
                "({line}).",
                "Launch again with a released version (Options step, or --chroma-version), and "
                "delete this stack.",
            ),
            "boot.pull": (
                "Chroma's image could not be pulled",
                "The boot log says Docker failed to pull the image ({line}).",
                "Check the version and the instance's internet access; delete this stack and "
                "launch again.",
            ),
            "boot.compose": (
                "The compose file is broken",
                "docker-compose could not read the compose file the instance downloaded "
                "({line}); the download most likely failed (an S3 403/404 page is XML, not YAML).",
                "The template's compose-file URL does not serve a compose file: use a template "
                "whose compose file can be downloaded, and delete this stack.",
            ),
            "boot.not_started": (
                "The boot finished without starting Chroma",
                "cloud-init finished, but the boot log never says Chroma's container started.",
                "Read the boot log's last lines; delete this stack, then launch again.",
            ),
            "boot.container_exited": (
                "Chroma's container exited",
                "The boot log says the container started (at {started} s), but port {port} "
                "still refuses connections {grace} s later: Chroma stopped.",
                "Launch again with another Chroma version, or delete this stack. Chroma's own "
                "output stays in the container (over SSH: docker logs ec2-user-server-1).",
            ),
            "boot.otel_crash": (
                "Chroma's container exited: blank OpenTelemetry values",
                "The container started (at {started} s), but port {port} still refuses "
                "connections {grace} s later. This stack's .env has blank OpenTelemetry values, "
                "and Chroma 1.x panics on them at boot ({issue}).",
                "Launch again with safe values (an OpenTelemetry endpoint such as "
                "http://127.0.0.1:4317 and a service name; chroma-tui passes them when the "
                "template takes them as parameters), or delete this stack.",
            ),
        }
    ),
    "check.source.line": "Template: {source} ({how}); its ChromaVersion default: {default}",
    "check.source.s3": "S3, sent as TemplateURL",
    "check.source.summary": "S3, summary only (GetTemplateSummary), sent as TemplateURL",
    "check.source.https": "downloaded over HTTPS, sent as TemplateBody",
    "check.source.file": "local file, sent as TemplateBody",
    "check.source.no_version": "none (no ChromaVersion parameter)",
    "check.finding": "{title}: {body} {fix}",
    "check.refused_header": "Cannot launch with this template:",
    # boot X-ray
    "boot.phase.docker": "Docker installed",
    "boot.phase.compose": "Compose file fetched",
    "boot.phase.pulled": "Chroma image pulled",
    "boot.phase.started": "Container started",
    "boot.phase.finished": "Boot finished",
    "boot.phase.done": "✓ {label}  (at {at} s)",
    "boot.phase.todo": "· {label}",
    "boot.header": "Boot, from the instance's console:",
    "boot.reading": "Reading the boot log…",
    "boot.no_log": "Boot log not available yet ({problem}).",
    "boot.health": "Status checks: instance {instance}, system {system}.",
    "boot.health_failed": (
        "Status checks FAILED: instance {instance}, system {system}. AWS sees a problem with the "
        "instance or its host; the EC2 console shows the details."
    ),
    "boot.refused": (
        "The container started; port {port} still refuses connections (Chroma may still be "
        "starting)."
    ),
    "boot.silent": (
        "The container started, but port {port} does not answer at all (no refusal): a firewall "
        "or the IP lock may be dropping the traffic. Waiting until the deadline."
    ),
    "boot.last_lines": "The boot log's last lines:",
    "boot.key.relaunch": "Relaunch",
    # headless
    "cli.check.note": "Note: {text}",
    "cli.check.warn": "Warning: {text}",
    "cli.check.source": "{text}",
    "cli.boot.phase": "Boot: {label} (at {at} s)",
    "cli.boot.line": "  {line}",
    # connected
    "conn.latency": "Round trip {ms} ms",
    "conn.version.line": "Chroma {deployed} deployed (ChromaVersion); the server reports API "
    "version {reported}",
    "conn.version.unknown": "Deployed Chroma version unknown; the server reports API version "
    "{reported}",
    "conn.version.mismatch": (
        "Your chromadb client is {client} but the server runs Chroma {deployed}: keep them "
        "matched (pip install chromadb-client=={deployed}, or deploy {client})."
    ),
}

ZH: dict[str, str] = {
    **error_rows(
        {
            "check.otel_safe": (
                "已传入安全的 OpenTelemetry 值",
                "按默认参数，该模板会把空的 OpenTelemetry 值写入 Chroma 的 .env，Chroma 1.x 启动时"
                "会因此崩溃（{issue}）。chroma-tui 改为传入端点 {endpoint} 和服务名 {service}："
                "Chroma 可以启动，只会警告追踪数据被丢弃。",
                "如需保留追踪数据，请设置你自己的收集器端点（“选项”步骤，或 --otel-endpoint）。",
            ),
            "check.otel_hardcoded": (
                "该模板启动的 Chroma 会崩溃（OpenTelemetry）",
                "它的 UserData 不论参数如何，都把空的 OpenTelemetry 值"
                "（CHROMA_OPEN_TELEMETRY__ENDPOINT、CHROMA_OPEN_TELEMETRY__SERVICE_NAME）写入 "
                "Chroma 的 .env，Chroma 1.x 启动时会因此崩溃，永远不会应答（{issue}）。",
                "改用 Chroma 当前的模板（chroma-core/chroma 仓库中的 "
                "deployments/aws/chroma.cf.json），"
                "或修改 UserData，让这些行取自参数（或干脆不写）。",
            ),
            "check.otel_unsupported": (
                "该模板不接受 OpenTelemetry 设置",
                "你设置了 OpenTelemetry 的 {options}，但模板没有声明 {parameters}："
                "这些设置会被悄悄丢弃。",
                "删除 OpenTelemetry 设置（“选项”步骤，或 --otel-* 参数），"
                "或改用声明了这些参数的模板。",
            ),
            "check.al2_ended": (
                "Amazon Linux 2 已停止支持",
                "模板的 AMI 是 Amazon Linux 2（其 UserData 使用 amazon-linux-extras），"
                "它已于 {date} 停止支持：不再有安全更新。",
                "试用没有问题；长期使用请换用基于受支持 AMI（如 Amazon Linux 2023）的模板。",
            ),
            "check.al2_ending": (
                "Amazon Linux 2 即将停止支持",
                "模板的 AMI 是 Amazon Linux 2（其 UserData 使用 amazon-linux-extras），"
                "它将于 {date} 停止支持。",
                "试用没有问题；长期使用请换用基于受支持 AMI（如 Amazon Linux 2023）的模板。",
            ),
            "check.version_old": (
                "模板的 ChromaVersion 默认值较旧",
                "其默认值是 {default}，比你的 chromadb 客户端 {client} 旧。",
                "chroma-tui 会明确传入 ChromaVersion {version}。",
            ),
            "check.version_placeholder": (
                "模板的 ChromaVersion 默认值是占位符",
                "其默认值是“{default}”，不是已发布的版本。",
                "chroma-tui 会明确传入 ChromaVersion {version}。",
            ),
            "check.summary_only": (
                "只读到了模板的摘要",
                "无法下载模板正文，因此没有检查它的 UserData。",
                "如需检查，请下载模板并用 `--template FILE` 传入。",
            ),
            "template.too_big": (
                "模板太大",
                "“{source}”有 {size} 字节；CloudFormation 的 TemplateBody（本地文件或非 S3 地址"
                "都以此方式发送）最多 {max} 字节。",
                "把它上传到 S3 存储桶，再用 --template 传入其 S3 地址（S3 地址以 TemplateURL 发送，"
                "最大 1 MB），或精简模板。",
            ),
            "template.official_403": (
                "Chroma 官方模板地址返回 403 Forbidden",
                "“{source}”拒绝下载（HTTP 403），CloudFormation 也无法读取。",
                _GITHUB_FIX_ZH,
            ),
            "template.official_404": (
                "Chroma 官方模板地址返回 404 Not Found",
                "“{source}”上已经没有模板（HTTP 404），CloudFormation 也无法读取。",
                _GITHUB_FIX_ZH,
            ),
            "template.official_unreachable": (
                "无法访问 Chroma 官方模板",
                "无法下载“{source}”，CloudFormation 也无法读取。",
                "检查网络；或" + _GITHUB_FIX_ZH,
            ),
            "boot.unknown_version": (
                "Chroma {version} 不存在",
                "启动日志显示 Docker 无法拉取 Chroma {version} 版本的镜像（{line}）。",
                "用已发布的版本重新部署（“选项”步骤，或 --chroma-version），并删除这个堆栈。",
            ),
            "boot.pull": (
                "无法拉取 Chroma 镜像",
                "启动日志显示 Docker 拉取镜像失败（{line}）。",
                "检查版本和实例的外网访问；删除这个堆栈后重新部署。",
            ),
            "boot.compose": (
                "compose 文件已损坏",
                "docker-compose 无法读取实例下载的 compose 文件（{line}）；多半是下载失败了"
                "（S3 的 403/404 页面是 XML，不是 YAML）。",
                "模板中的 compose 文件地址提供的不是 compose 文件："
                "请改用 compose 文件可以下载的模板，"
                "并删除这个堆栈。",
            ),
            "boot.not_started": (
                "启动已结束，但 Chroma 没有启动",
                "cloud-init 已结束，但启动日志里从未出现 Chroma 容器已启动。",
                "查看启动日志的最后几行；删除这个堆栈，然后重新部署。",
            ),
            "boot.container_exited": (
                "Chroma 的容器已退出",
                "启动日志显示容器已启动（第 {started} 秒），但 {grace} 秒后端口 {port} "
                "仍然拒绝连接：Chroma 已停止。",
                "换一个 Chroma 版本重新部署，或删除这个堆栈。Chroma 自己的输出留在容器里"
                "（SSH 登录后执行 docker logs ec2-user-server-1）。",
            ),
            "boot.otel_crash": (
                "Chroma 的容器已退出：OpenTelemetry 值为空",
                "容器已启动（第 {started} 秒），但 {grace} 秒后端口 {port} 仍然拒绝连接。"
                "这个堆栈的 .env 中 OpenTelemetry 值为空，Chroma 1.x 启动时会因此崩溃（{issue}）。",
                "用安全的值重新部署（例如 OpenTelemetry 端点 http://127.0.0.1:4317 加一个服务名；"
                "模板把它们作为参数时 chroma-tui 会自动传入），或删除这个堆栈。",
            ),
        }
    ),
    "check.source.line": "模板：{source}（{how}）；其 ChromaVersion 默认值：{default}",
    "check.source.s3": "S3，以 TemplateURL 发送",
    "check.source.summary": "S3，仅摘要（GetTemplateSummary），以 TemplateURL 发送",
    "check.source.https": "通过 HTTPS 下载，以 TemplateBody 发送",
    "check.source.file": "本地文件，以 TemplateBody 发送",
    "check.source.no_version": "无（没有 ChromaVersion 参数）",
    "check.finding": "{title}：{body}{fix}",
    "check.refused_header": "无法用该模板部署：",
    "boot.phase.docker": "Docker 已安装",
    "boot.phase.compose": "compose 文件已下载",
    "boot.phase.pulled": "Chroma 镜像已拉取",
    "boot.phase.started": "容器已启动",
    "boot.phase.finished": "启动完成",
    "boot.phase.done": "✓ {label}（第 {at} 秒）",
    "boot.phase.todo": "· {label}",
    "boot.header": "启动过程（来自实例的控制台）：",
    "boot.reading": "正在读取启动日志…",
    "boot.no_log": "启动日志暂不可用（{problem}）。",
    "boot.health": "状态检查：实例 {instance}，系统 {system}。",
    "boot.health_failed": (
        "状态检查失败：实例 {instance}，系统 {system}。AWS 发现实例或其宿主机有问题；"
        "详情见 EC2 控制台。"
    ),
    "boot.refused": "容器已启动；端口 {port} 仍然拒绝连接（Chroma 可能还在启动）。",
    "boot.silent": (
        "容器已启动，但端口 {port} 完全没有响应（不是拒绝）：可能是防火墙或 IP 锁定丢弃了流量。"
        "将一直等到截止时间。"
    ),
    "boot.last_lines": "启动日志的最后几行：",
    "boot.key.relaunch": "重新部署",
    "cli.check.note": "提示：{text}",
    "cli.check.warn": "警告：{text}",
    "cli.check.source": "{text}",
    "cli.boot.phase": "启动：{label}（第 {at} 秒）",
    "cli.boot.line": "  {line}",
    "conn.version.line": (
        "已部署 Chroma {deployed}（ChromaVersion）；服务器报告的 API 版本为 {reported}"
    ),
    "conn.latency": "往返延迟 {ms} 毫秒",
    "conn.version.unknown": "已部署的 Chroma 版本未知；服务器报告的 API 版本为 {reported}",
    "conn.version.mismatch": (
        "你的 chromadb 客户端是 {client}，但服务器运行的是 Chroma {deployed}：请保持一致"
        "（pip install chromadb-client=={deployed}，或部署 {client}）。"
    ),
}
