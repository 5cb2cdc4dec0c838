"""The CloudFormation template: where it is read from and what it declares.

Order of attempts for a URL: S3 GetObject through boto3 (so any endpoint serves it), a plain
HTTPS GET with a short timeout, and when the body still cannot be read, CloudFormation's
GetTemplateSummary for the parameters plus the 17 documented regions. A local path is read
from disk. Only JSON templates are understood (the official one is JSON).
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui import __version__
from chroma_tui.core.aws import AwsSession, error_message, map_error
from chroma_tui.core.errors import CredentialsError, TemplateError
from chroma_tui.core.models import TemplateInfo, TemplateParameter

log = logging.getLogger(__name__)

OFFICIAL_TEMPLATE_URL = (
    "https://s3.amazonaws.com/public.trychroma.com/cloudformation/latest/chroma.cf.json"
)
FALLBACK_REGIONS: tuple[str, ...] = (
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-southeast-1",
    "ap-southeast-2",
)
REQUIRED_PARAMETERS = ("InstanceType",)
REGION_MAPPING = "Region2AMI"
HTTP_TIMEOUT_S = 5.0
MAX_TEMPLATE_BYTES = 1_000_000  # CloudFormation's own limit for a TemplateURL body
MAX_BODY_BYTES = 51_200  # CloudFormation's limit for TemplateBody (file or non-S3 URL)
GITHUB_TEMPLATE_PATH = "deployments/aws/chroma.cf.json"
GITHUB_RAW_URL = (
    "https://raw.githubusercontent.com/chroma-core/chroma/main/deployments/aws/chroma.cf.json"
)

_PATH_STYLE = re.compile(r"^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$")
_VIRTUAL_HOST = re.compile(r"^(?P<bucket>.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$")


def is_url(source: str) -> bool:
    return source.startswith(("https://", "http://", "s3://"))


def parse_s3_url(url: str) -> tuple[str, str] | None:
    """(bucket, key) of an S3 URL in path style, virtual-host style or ``s3://``; else None."""
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    path = unquote(parsed.path).lstrip("/")
    if parsed.scheme == "s3":
        return (host, path) if host and path else None
    if _PATH_STYLE.match(host):
        bucket, _, key = path.partition("/")
        return (bucket, key) if bucket and key else None
    match = _VIRTUAL_HOST.match(host)
    if match and path:
        return match.group("bucket"), path
    return None


def s3_region(url: str, fallback: str) -> str:
    """The region named in an S3 URL's host (``s3.eu-west-1.amazonaws.com``); the global
    ``s3.amazonaws.com`` endpoint is us-east-1; anything else gives ``fallback``."""
    host = (urlparse(url).hostname or "").lower()
    if host == "s3.amazonaws.com" or host.endswith(".s3.amazonaws.com"):
        return "us-east-1"
    match = re.search(r"(?:^|\.)s3[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com", host)
    return match.group(1) if match else fallback


def load_template(
    aws: AwsSession, source: str = OFFICIAL_TEMPLATE_URL, region: str = "us-east-1"
) -> TemplateInfo:
    """Read the template at ``source`` (URL or local path); raises TemplateError with a fix."""
    source = source.strip()
    if not source:
        raise TemplateError("template.not_found", source=source)
    if not is_url(source):
        body = _read_file(source)
        return parse_template(fits_body(body, source), source=source, url=None)
    fetched, problems = _fetch_body(aws, source, region)
    if fetched is not None:
        if parse_s3_url(source) is None:  # CreateStack takes TemplateURL from S3 only
            return parse_template(fits_body(fetched, source), source=source, url=None)
        return parse_template(fetched, source=source, url=_template_url(source))
    log.info("template body unreadable (%s); asking GetTemplateSummary", "; ".join(problems))
    return _from_summary(aws, source, region, problems)


def fits_body(body: str, source: str) -> str:
    """A template sent as TemplateBody must be at most 51,200 bytes (CloudFormation's limit)."""
    size = len(body.encode("utf-8"))
    if size > MAX_BODY_BYTES:
        raise TemplateError("template.too_big", source=source, size=size, max=MAX_BODY_BYTES)
    return body


def _template_url(source: str) -> str:
    """CreateStack wants an https URL; ``s3://bucket/key`` is turned into the path-style form."""
    if source.startswith("s3://"):
        bucket, key = parse_s3_url(source) or ("", "")
        return f"https://s3.amazonaws.com/{bucket}/{key}"
    return source


def _read_file(source: str) -> str:
    path = Path(source).expanduser()
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise TemplateError("template.not_found", raw=str(exc), source=source) from exc
    except OSError as exc:
        raise TemplateError("template.unreadable", raw=str(exc), source=source) from exc
    return _decode(data, source)


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TemplateError("template.not_json", raw=str(exc), source=source) from exc


def _fetch_body(aws: AwsSession, url: str, region: str) -> tuple[str | None, list[str]]:
    """The template text via S3, then HTTPS; the reasons each way failed when neither worked."""
    problems: list[str] = []
    location = parse_s3_url(url)
    if location is not None:
        bucket, key = location
        try:
            s3 = aws.client("s3", s3_region(url, region))
            reply = s3.get_object(Bucket=bucket, Key=key)
            return _decode(reply["Body"].read(MAX_TEMPLATE_BYTES + 1), url), problems
        except (BotoCoreError, ClientError) as exc:
            problems.append(f"S3 GetObject: {_http_status(exc)}{error_message(exc)}")
    if url.startswith(("https://", "http://")):
        try:
            return _decode(http_get(url), url), problems
        except urllib.error.HTTPError as exc:
            problems.append(f"HTTPS GET: HTTP {exc.code} {exc.reason}")
        except (OSError, ValueError) as exc:
            problems.append(f"HTTPS GET: {exc}")
    return None, problems


def _http_status(exc: BaseException) -> str:
    """'HTTP 403 AccessDenied: ' for an S3 error (its message alone may not say 403)."""
    if not isinstance(exc, ClientError):
        return ""
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    code = exc.response.get("Error", {}).get("Code", "")
    return f"HTTP {status} {code}: " if status else ""


def unavailable_reason(problems: list[str]) -> str:
    """'403', '404' or 'unreachable': what the failed reads of a URL amount to."""
    text = " ".join(problems)
    if re.search(r"\b404\b|NoSuchKey|NoSuchBucket|Not Found", text):
        return "404"
    if re.search(r"\b403\b|AccessDenied|Forbidden", text):
        return "403"
    return "unreachable"


def http_get(url: str, timeout_s: float = HTTP_TIMEOUT_S) -> bytes:
    """A plain bounded GET (module-level so tests can replace it)."""
    request = urllib.request.Request(url, headers={"User-Agent": f"chroma-tui/{__version__}"})
    with urllib.request.urlopen(request, timeout=timeout_s) as response:
        return response.read(MAX_TEMPLATE_BYTES + 1)


def parse_template(body: str, *, source: str, url: str | None) -> TemplateInfo:
    """Parameters (with defaults), Region2AMI regions and outputs of a JSON template."""
    try:
        document = json.loads(body)
    except json.JSONDecodeError as exc:
        raise TemplateError("template.not_json", raw=str(exc), source=source) from exc
    if not isinstance(document, dict) or not isinstance(document.get("Resources"), dict):
        raise TemplateError("template.not_template", source=source)
    raw_params = document.get("Parameters") or {}
    parameters = tuple(
        _parameter(name, spec) for name, spec in raw_params.items() if isinstance(spec, dict)
    )
    mapping = (document.get("Mappings") or {}).get(REGION_MAPPING)
    if isinstance(mapping, dict) and mapping:
        regions, fallback = tuple(sorted(mapping)), False
    else:
        regions, fallback = FALLBACK_REGIONS, True
    outputs = tuple(document.get("Outputs") or {})
    info = TemplateInfo(
        source=source,
        url=url,
        body=body,
        parameters=parameters,
        regions=regions,
        outputs=outputs,
        regions_from_fallback=fallback,
    )
    _check_required(info)
    return info


def _parameter(name: str, spec: dict[str, Any]) -> TemplateParameter:
    default = spec.get("Default")
    allowed = spec.get("AllowedValues") or ()
    return TemplateParameter(
        name=name,
        default=None if default is None else str(default),
        description=str(spec.get("Description", "")),
        allowed_values=tuple(str(v) for v in allowed),
    )


def _check_required(info: TemplateInfo) -> None:
    for name in REQUIRED_PARAMETERS:
        if not info.declares(name):
            raise TemplateError("template.missing_parameter", source=info.source, name=name)


def _from_summary(aws: AwsSession, url: str, region: str, problems: list[str]) -> TemplateInfo:
    try:
        summary = aws.client("cloudformation", region).get_template_summary(
            TemplateURL=_template_url(url)
        )
    except (BotoCoreError, ClientError) as exc:
        mapped = map_error(exc, aws.profile)
        if isinstance(mapped, CredentialsError):
            raise mapped from exc
        problems.append(f"GetTemplateSummary: {error_message(exc)}")
        if url == OFFICIAL_TEMPLATE_URL:
            reason = unavailable_reason(problems)
            raise TemplateError(
                f"template.official_{reason}",
                raw="; ".join(problems),
                source=url,
                path=GITHUB_TEMPLATE_PATH,
                raw_url=GITHUB_RAW_URL,
            ) from exc
        raise TemplateError("template.unreachable", raw="; ".join(problems), source=url) from exc
    parameters = tuple(
        TemplateParameter(
            name=str(p["ParameterKey"]),
            default=p.get("DefaultValue"),
            description=str(p.get("Description", "")),
            allowed_values=tuple(
                str(v) for v in (p.get("ParameterConstraints") or {}).get("AllowedValues", ())
            ),
        )
        for p in summary.get("Parameters", [])
    )
    info = TemplateInfo(
        source=url,
        url=_template_url(url),
        body=None,
        parameters=parameters,
        regions=FALLBACK_REGIONS,
        outputs=(),
        regions_from_fallback=True,
    )
    _check_required(info)
    return info
