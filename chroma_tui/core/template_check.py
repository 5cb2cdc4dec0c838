"""What the template will do at boot, judged before CreateStack costs anything.

The template's UserData is resolved the way CloudFormation would resolve it for the parameters
being passed (``Fn::Base64``, ``Fn::Join``, ``Fn::Sub``, ``Ref``, simple ``Fn::If``), and the
``.env`` lines it writes are read from its shell text. Known defects become findings:

- blank OpenTelemetry values make Chroma 1.x panic at boot (chroma-core/chroma#4609): when the
  blanks come from parameters left empty, safe non-empty values are passed instead; when the
  UserData hard-codes them, nothing can fix it through parameters (refused headless, warned in
  the TUI);
- OpenTelemetry options for a template that has no such parameters are refused, never dropped;
- stale templates (Amazon Linux 2, an old or placeholder ``ChromaVersion`` default) are warned.

When only GetTemplateSummary answered there is no UserData: the parameters' defaults are judged.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from chroma_tui.core.models import LaunchPlan, TemplateInfo
from chroma_tui.core.template import parse_s3_url
from chroma_tui.core.validation import default_chroma_version
from chroma_tui.i18n import t

SAFE_OTEL_ENDPOINT = "http://127.0.0.1:4317"
SAFE_OTEL_SERVICE_NAME = "chroma"
ENDPOINT_PARAMETER = "ChromaOtelCollectionEndpoint"
SERVICE_PARAMETER = "ChromaOtelServiceName"
HEADERS_PARAMETER = "ChromaOtelCollectionHeaders"
OTEL_PARAMETERS = (ENDPOINT_PARAMETER, SERVICE_PARAMETER, HEADERS_PARAMETER)
ENDPOINT_VARIABLE = "CHROMA_OPEN_TELEMETRY__ENDPOINT"
SERVICE_VARIABLE = "CHROMA_OPEN_TELEMETRY__SERVICE_NAME"
AL2_END_OF_SUPPORT = date(2026, 6, 30)
UPSTREAM_ISSUE = "chroma-core/chroma#4609"

Severity = Literal["refuse", "warn", "note"]
_VERSION = re.compile(r"^\d+(\.\d+)*$")
_SUB_FIELD = re.compile(r"\$\{([^}]*)\}")
_ENV_TARGET = re.compile(r"(?:^|/)\.env$")


@dataclass(frozen=True)
class Finding:
    """One thing the user must know about the template: ``check.<kind>.title/.body/.fix``."""

    kind: str
    severity: Severity
    params: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"check.{self.kind}"

    def title(self) -> str:
        return t(f"{self.key}.title", **self.params)

    def body(self) -> str:
        return t(f"{self.key}.body", **self.params)

    def fix(self) -> str:
        return t(f"{self.key}.fix", **self.params)

    def text(self) -> str:
        return f"{self.title()}: {self.body()} {self.fix()}"


@dataclass(frozen=True)
class TemplateCheck:
    """The plan to launch (safe values added) and what was found on the way."""

    plan: LaunchPlan
    findings: tuple[Finding, ...]
    env: dict[str, str] | None  # the .env the boot will write; None when not known

    @property
    def refusals(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "refuse")

    def has(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.findings)

    @property
    def blank_otel(self) -> bool:
        """Chroma will meet blank OpenTelemetry values at boot (nothing chroma-tui can pass)."""
        return self.has("otel_hardcoded")


# -- resolving the UserData ----------------------------------------------------------------
class _Unknown(Exception):
    """A value CloudFormation would know and we cannot (a condition we cannot evaluate)."""


def _resolve(node: Any, values: dict[str, str], conditions: dict[str, Any]) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, (int, float, bool)):
        return str(node).lower() if isinstance(node, bool) else str(node)
    if isinstance(node, list):
        return ",".join(_resolve(item, values, conditions) for item in node)
    if not isinstance(node, dict) or len(node) != 1:
        raise _Unknown(repr(node)[:60])
    ((name, arg),) = node.items()
    if name == "Ref":
        return values.get(str(arg), f"<{arg}>")
    if name == "Fn::Base64":
        return _resolve(arg, values, conditions)
    if name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
        delimiter, items = arg
        if isinstance(items, list):
            return str(delimiter).join(_resolve(i, values, conditions) for i in items)
    if name == "Fn::Sub":
        return _sub(arg, values, conditions)
    if name == "Fn::If" and isinstance(arg, list) and len(arg) == 3:
        chosen = arg[1] if _condition(arg[0], values, conditions) else arg[2]
        return _resolve(chosen, values, conditions)
    if name in ("Fn::GetAtt", "Fn::FindInMap", "Fn::ImportValue", "Fn::Select", "Fn::GetAZs"):
        return f"<{name}>"  # never an .env value we judge; kept non-empty
    raise _Unknown(name)


def _sub(arg: Any, values: dict[str, str], conditions: dict[str, Any]) -> str:
    if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
        text = str(arg[0])
        local = {**values, **{k: _resolve(v, values, conditions) for k, v in arg[1].items()}}
    elif isinstance(arg, str):
        text, local = arg, values
    else:
        raise _Unknown("Fn::Sub")

    def replace(match: re.Match[str]) -> str:
        inner = match.group(1)
        if inner.startswith("!"):
            return "${" + inner[1:] + "}"
        return local.get(inner, f"<{inner}>")

    return _SUB_FIELD.sub(replace, text)


def _condition(node: Any, values: dict[str, str], conditions: dict[str, Any]) -> bool:
    if isinstance(node, str):  # a condition's name
        if node not in conditions:
            raise _Unknown(node)
        return _condition(conditions[node], values, conditions)
    if not isinstance(node, dict) or len(node) != 1:
        raise _Unknown("condition")
    ((name, arg),) = node.items()
    if name == "Condition":
        return _condition(str(arg), values, conditions)
    if name == "Fn::Equals" and isinstance(arg, list) and len(arg) == 2:
        left, right = (_resolve(a, values, conditions) for a in arg)
        return left == right
    if name == "Fn::Not" and isinstance(arg, list) and len(arg) == 1:
        return not _condition(arg[0], values, conditions)
    if name == "Fn::And" and isinstance(arg, list):
        return all(_condition(a, values, conditions) for a in arg)
    if name == "Fn::Or" and isinstance(arg, list):
        return any(_condition(a, values, conditions) for a in arg)
    raise _Unknown(name)


def user_data(document: dict[str, Any], values: dict[str, str]) -> str | None:
    """The first EC2 instance's UserData as the boot would see it; None if not resolvable."""
    conditions = document.get("Conditions") or {}
    for resource in (document.get("Resources") or {}).values():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::EC2::Instance":
            continue
        node = (resource.get("Properties") or {}).get("UserData")
        if node is None:
            continue
        try:
            return _resolve(node, values, conditions)
        except _Unknown:
            return None
    return None


def env_lines(script: str) -> dict[str, str]:
    """``KEY=VALUE`` lines the script writes to a ``.env`` file (echo ... >> .env, heredocs)."""
    env: dict[str, str] = {}
    lines = script.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        words = _words(line)
        heredoc = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", line)
        if heredoc and _target(words):
            end = heredoc.group(1)
            while index < len(lines) and lines[index].strip() != end:
                _assign(env, lines[index].strip())
                index += 1
            index += 1
            continue
        if words[:1] == ["echo"] and _target(words):
            redirect = next(i for i, w in enumerate(words) if w in (">", ">>"))
            _assign(env, " ".join(w for w in words[1:redirect] if not w.startswith("-")))
    return env


def _words(line: str) -> list[str]:
    """Shell words, with redirections as their own words; [] for text shlex cannot split."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:
        return []


def _target(words: list[str]) -> bool:
    """The command redirects its output into a file named ``.env``."""
    for position, word in enumerate(words[:-1]):
        if word in (">", ">>") and _ENV_TARGET.search(words[position + 1]):
            return True
    return False


def _assign(env: dict[str, str], text: str) -> None:
    name, sep, value = text.partition("=")
    if sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        env[name] = value


# -- the check -----------------------------------------------------------------------------
def _document(template: TemplateInfo) -> dict[str, Any] | None:
    if template.body is None:
        return None
    try:
        document = json.loads(template.body)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


def _values(template: TemplateInfo, passed: dict[str, str], region: str) -> dict[str, str]:
    """What each parameter will be at boot: the value passed, else the template's default."""
    values = {p.name: p.default or "" for p in template.parameters}
    values.update(passed)
    values.update({"AWS::Region": region, "AWS::StackName": "<stack>"})
    return values


def _blank_otel(env: dict[str, str]) -> bool:
    return any(
        name in env and not env[name].strip() for name in (ENDPOINT_VARIABLE, SERVICE_VARIABLE)
    )


def _env_for(plan: LaunchPlan, document: dict[str, Any]) -> dict[str, str] | None:
    script = user_data(document, _values(plan.template, plan.parameters(), plan.region))
    return None if script is None else env_lines(script)


def _with_safe_otel(plan: LaunchPlan) -> LaunchPlan:
    """Safe values for the OpenTelemetry parameters the user left empty."""
    if plan.otel_endpoint:
        return dataclasses.replace(
            plan, otel_service_name=plan.otel_service_name or SAFE_OTEL_SERVICE_NAME
        )
    return dataclasses.replace(
        plan,
        otel_endpoint=SAFE_OTEL_ENDPOINT,
        otel_service_name=plan.otel_service_name or SAFE_OTEL_SERVICE_NAME,
    )


def _otel_defaults_blank(template: TemplateInfo) -> bool:
    """Summary only: the parameters exist and default to empty (the official template)."""
    endpoint = template.parameter(ENDPOINT_PARAMETER)
    service = template.parameter(SERVICE_PARAMETER)
    return any(p is not None and not (p.default or "").strip() for p in (endpoint, service))


def _otel_findings(plan: LaunchPlan) -> tuple[LaunchPlan, list[Finding], dict[str, str] | None]:
    template = plan.template
    findings: list[Finding] = []
    asked = [
        flag
        for flag, value in (
            ("endpoint", plan.otel_endpoint),
            ("service-name", plan.otel_service_name),
            ("headers", plan.otel_headers),
        )
        if value
    ]
    missing = [name for name in OTEL_PARAMETERS if not template.declares(name)]
    if asked and missing:
        findings.append(
            Finding(
                "otel_unsupported",
                "refuse",
                {"options": ", ".join(asked), "parameters": ", ".join(missing)},
            )
        )
    document = _document(template)
    if document is None:
        if (
            template.body is None
            and _otel_defaults_blank(template)
            and not (plan.otel_endpoint and plan.otel_service_name)
        ):
            user_endpoint = bool(plan.otel_endpoint)
            plan = _with_safe_otel(plan)
            findings.append(_safe_note(plan, user_endpoint))
        return plan, findings, None
    env = _env_for(plan, document)
    if env is None or not _blank_otel(env):
        return plan, findings, env
    fixed = _with_safe_otel(plan)
    fixed_env = _env_for(fixed, document)
    if fixed_env is not None and not _blank_otel(fixed_env) and fixed != plan:
        findings.append(_safe_note(fixed, user_endpoint=bool(plan.otel_endpoint)))
        return fixed, findings, fixed_env
    findings.append(Finding("otel_hardcoded", "refuse", {"issue": UPSTREAM_ISSUE}))
    return plan, findings, env


def _safe_note(plan: LaunchPlan, user_endpoint: bool = False) -> Finding:
    """What chroma-tui chose, and only that: with the user's own endpoint, the service name."""
    return Finding(
        "otel_safe_service" if user_endpoint else "otel_safe",
        "note",
        {
            "endpoint": plan.otel_endpoint,
            "service": plan.otel_service_name,
            "issue": UPSTREAM_ISSUE,
        },
    )


def version_tuple(version: str) -> tuple[int, ...] | None:
    return tuple(int(p) for p in version.split(".")) if _VERSION.match(version) else None


def _stale_findings(plan: LaunchPlan, client_version: str, today: date) -> list[Finding]:
    template = plan.template
    findings: list[Finding] = []
    document = _document(template) or {}
    description = str(document.get("Description", ""))
    script = user_data(document, _values(template, plan.parameters(), plan.region)) or ""
    if "amazon-linux-extras" in script or "amazon linux 2" in description.lower():
        ended = today > AL2_END_OF_SUPPORT
        findings.append(
            Finding(
                "al2_ended" if ended else "al2_ending", "warn", {"date": str(AL2_END_OF_SUPPORT)}
            )
        )
    parameter = template.parameter("ChromaVersion")
    default = (parameter.default or "") if parameter else ""
    if parameter is not None:
        params = {
            "default": default or "-",
            "client": client_version,
            "version": plan.chroma_version,
        }
        default_v, client_v = version_tuple(default), version_tuple(client_version)
        if default_v is None and default.lower() != "latest":
            findings.append(Finding("version_placeholder", "warn", params))
        elif default_v is not None and client_v is not None and default_v < client_v:
            findings.append(Finding("version_old", "warn", params))
    findings += _chosen_version_findings(plan.chroma_version, client_version)
    return findings


def _chosen_version_findings(version: str, client_version: str) -> list[Finding]:
    """The version the user chose, against what the template can boot.

    Chroma's 1.x images start from 1.0.0 and the template's compose file and config are written
    for the 1.x server, so a 0.x release is warned about; a version newer than any chroma-tui
    knows may not exist (the pull then fails with "manifest unknown"): a warning, not a
    refusal, since a release newer than this client may well be out.
    """
    chosen, client = version_tuple(version), version_tuple(client_version)
    params = {"version": version, "client": client_version}
    if chosen is None:
        return []  # "latest" or a shape the input check already refused
    if chosen < (1,):
        return [Finding("version_pre_1", "warn", params)]
    if client is not None and chosen > client:
        return [Finding("version_unknown", "warn", params)]
    return []


def check_plan(
    plan: LaunchPlan, *, client_version: str | None = None, today: date | None = None
) -> TemplateCheck:
    """The plan to launch (with safe OpenTelemetry values when needed) and every finding."""
    checked, findings, env = _otel_findings(plan)
    if plan.template.body is None:
        findings.append(Finding("summary_only", "note"))
    findings += _stale_findings(
        checked, client_version or default_chroma_version(), today or date.today()
    )
    return TemplateCheck(plan=checked, findings=tuple(findings), env=env)


def deployed_env(template_body: str, parameters: dict[str, str]) -> dict[str, str] | None:
    """The .env a deployed stack wrote (its template and its live parameters)."""
    try:
        document = json.loads(template_body)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    script = user_data(document, dict(parameters))
    return None if script is None else env_lines(script)


def blank_otel_in(env: dict[str, str] | None) -> bool:
    return env is not None and _blank_otel(env)


# -- where the template came from ----------------------------------------------------------
def how_sent(template: TemplateInfo) -> str:
    """An i18n key: how the template travels to CloudFormation."""
    if template.url:
        return "check.source.summary" if template.body is None else "check.source.s3"
    source = template.source
    if source.startswith(("http://", "https://")) and parse_s3_url(source) is None:
        return "check.source.https"
    return "check.source.file"


def source_text(template: TemplateInfo) -> str:
    """'Template: <where> (<how it is sent>); ChromaVersion default: <x>'."""
    parameter = template.parameter("ChromaVersion")
    default = (parameter.default or "-") if parameter else t("check.source.no_version")
    return t(
        "check.source.line", source=template.source, how=t(how_sent(template)), default=default
    )
