"""Issue 4, item 7: the bad-input catalogue (docs/bad-input.md), each caught before AWS.

Every AwsSession the app makes gets a botocore ``before-send`` handler that records each request
sent. Bad typing must send nothing at all; choices that need a read-only AWS look-up (instance
type, region, key pair, template) must send nothing that changes the account.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chroma_tui import headless
from chroma_tui.cli import build_parser
from chroma_tui.core import aws as core_aws
from chroma_tui.core import validation
from chroma_tui.core.backend import Backend
from chroma_tui.core.errors import ChromaTuiError, InputError, TemplateError
from chroma_tui.core.models import Deployment, LaunchPlan
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language, t
from chroma_tui.sandbox import free_port

pytestmark = pytest.mark.timeout(60)

REGION = "us-east-1"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")  # an unfilled catalogue parameter
MUTATING = {
    "CreateStack",
    "DeleteStack",
    "UpdateStack",
    "CreateKeyPair",
    "ImportKeyPair",
    "DeleteKeyPair",
    "CreateDefaultVpc",
    "AuthorizeSecurityGroupIngress",
    "RevokeSecurityGroupIngress",
    "RunInstances",
}


@pytest.fixture(autouse=True)
def english() -> Any:
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every AWS request any AwsSession sends, as its Action (or method and path)."""
    requests: list[str] = []
    original = core_aws.AwsSession.__init__

    def record(request: Any, **_: Any) -> None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body or "")
        action = next((p[7:] for p in body.split("&") if p.startswith("Action=")), "")
        requests.append(action or f"{request.method} {request.url}")

    def patched(self: core_aws.AwsSession, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.boto.events.register("before-send", record)

    monkeypatch.setattr(core_aws.AwsSession, "__init__", patched)
    return requests


def caught(call: Callable[[], object]) -> ChromaTuiError:
    with pytest.raises(ChromaTuiError) as info:
        call()
    return info.value


def assert_clear(error: ChromaTuiError) -> None:
    """A headline, what happened and how to fix it, every placeholder filled, in EN and ZH."""
    for lang in ("en", "zh-CN"):
        set_language(lang)
        for text in (error.title(), error.body(), error.fix()):
            assert text.strip() and not text.startswith(error.key), text
            assert not PLACEHOLDER.search(text), text
    set_language("en")


def deploy(args: list[str]) -> tuple[int, str, str]:
    """``chroma-tui deploy --yes <args>`` in-process; (exit code, stdout, stderr)."""
    opts = build_parser().parse_args(["deploy", "--yes", *args])
    out, err = io.StringIO(), io.StringIO()
    code = headless.deploy(Backend(region=REGION), opts, headless.Console(out, err, io.StringIO()))
    return code, out.getvalue(), err.getvalue()


# -- typed input: nothing is sent at all ---------------------------------------------------
STACK, KEY = validation.check_stack_name, validation.check_key_name
ITYPE, VERSION = validation.check_instance_type_name, validation.check_chroma_version
OTEL = validation.check_otel_headers
TYPED = [  # (case, check, value, catalogue key after "validation.")
    ("stack-digit-first", STACK, "1chroma", "stack_name.starts_digit"),
    ("stack-symbol-first", STACK, "-chroma", "stack_name.bad_start"),
    ("stack-symbols", STACK, "my_stack!", "stack_name.bad_char"),
    ("stack-space", STACK, "my stack", "stack_name.space"),
    ("stack-129", STACK, "a" * 129, "stack_name.too_long"),
    ("stack-empty", STACK, "", "stack_name.empty"),
    ("key-empty", KEY, "  ", "key_name.empty"),
    ("key-non-ascii", KEY, "clé", "key_name.bad_char"),
    ("key-256", KEY, "k" * 256, "key_name.too_long"),
    ("type-empty", ITYPE, "", "instance_type.empty"),
    ("type-shape", ITYPE, "t3 small", "instance_type.shape"),
    ("version", VERSION, "one.two", "chroma_version"),
    ("otel-syntax", OTEL, "{'a': ", "otel_headers.syntax"),
    ("otel-list", OTEL, "[1, 2]", "otel_headers.not_object"),
    ("otel-number", OTEL, '{"a": 1}', "otel_headers.not_strings"),
]


@pytest.mark.parametrize(
    ("check", "value", "key"), [c[1:] for c in TYPED], ids=[c[0] for c in TYPED]
)
def test_typed_input_is_refused_with_a_fix(check, value: str, key: str, sent: list[str]) -> None:
    error = caught(lambda: check(value))
    assert isinstance(error, InputError) and error.key == f"validation.{key}"
    assert_clear(error)
    assert sent == []


HEADLESS = [
    ("stack-digit-first", ["--stack-name", "1chroma"], "validation.stack_name.starts_digit"),
    ("stack-symbols", ["--stack-name", "my_stack!"], "validation.stack_name.bad_char"),
    ("stack-129", ["--stack-name", "a" * 129], "validation.stack_name.too_long"),
    ("stack-blank", ["--stack-name", "   "], "validation.stack_name.empty"),
    ("key-non-ascii", ["--key-name", "clé"], "validation.key_name.bad_char"),
    ("type-shape", ["--instance-type", "banana"], "validation.instance_type.shape"),
    ("version", ["--chroma-version", "one.two"], "validation.chroma_version"),
    ("otel-syntax", ["--otel-endpoint", "http://otel:4317", "--otel-headers", "{'a': "],
     "validation.otel_headers.syntax"),
    ("otel-no-endpoint", ["--otel-headers", '{"a": "b"}'], "cli.error.otel_endpoint"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "key"), [c[1:] for c in HEADLESS], ids=[c[0] for c in HEADLESS])
def test_headless_deploy_refuses_typed_input_before_any_aws_call(
    args: list[str], key: str, sent: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-used-because-nothing-is-sent")
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")  # nothing there
    code, _, err = deploy(args)
    assert code == headless.REFUSED
    expected = InputError(key)
    assert t(f"{key}.title").split("{")[0] in err  # the headline
    assert expected.fix().split("{")[0] in err  # and the fix
    assert sent == []
    assert DeploymentStore().list() == []


def test_launch_with_a_bad_stack_name_saves_and_sends_nothing(sandbox, sent: list[str]) -> None:
    backend = Backend()
    template = backend.template()
    plan = LaunchPlan(REGION, "9lives", "t3.small", "latest", template)
    before = list(sent)
    error = caught(lambda: backend.launch(plan))
    assert error.key == "validation.stack_name.starts_digit"
    assert sent == before and backend.deployments() == []


# -- choices checked against AWS: read-only look-ups, nothing changed -----------------------
INSTANCE_TYPES = [
    ("unknown", "t3.nonesuch", "instance.unknown"),
    ("1-gib", "t3.micro", "instance.too_small"),
    ("arm64", "t4g.medium", "instance.arm_only"),
    ("not-offered", "hpc6a.48xlarge", "instance.not_offered"),
]


@pytest.mark.parametrize(
    ("name", "key"), [c[1:] for c in INSTANCE_TYPES], ids=[c[0] for c in INSTANCE_TYPES]
)
def test_custom_instance_types_chroma_cannot_use(name: str, key: str, sandbox, sent) -> None:
    error = caught(lambda: Backend().check_instance_type(REGION, name))
    assert isinstance(error, InputError) and error.key == key
    assert_clear(error)
    assert sent and not MUTATING & set(sent)


def test_headless_deploy_with_a_one_gib_type_stops_before_create(sandbox, sent) -> None:
    code, _, err = deploy(["--instance-type", "t3.micro", "--stack-name", "tiny"])
    assert code == headless.REFUSED
    assert t("instance.too_small.title").split("{")[0] in err
    assert not MUTATING & set(sent)
    assert DeploymentStore().list() == []


def test_regions_outside_the_template_are_refused(sandbox, sent) -> None:
    backend = Backend()
    options = {option.name: option for option in backend.regions()}
    template_regions = set(backend.template().regions)
    outside = [o for name, o in options.items() if name not in template_regions]
    assert outside and all(not o.supported and o.reason_key for o in outside)
    assert all(t(o.reason_key).strip() for o in outside if o.reason_key)
    assert all(options[name].supported for name in template_regions if name in options)
    code, _, err = deploy(["--region", "af-south-1", "--stack-name", "faraway"])
    assert code == headless.REFUSED
    assert "af-south-1" in err
    assert not MUTATING & set(sent)


def test_a_key_pair_that_does_not_exist_is_refused(sandbox, sent) -> None:
    code, _, err = deploy(["--key-name", "nobody-has-this", "--stack-name", "nokey"])
    assert code == headless.REFUSED and "nobody-has-this" in err
    assert not MUTATING & set(sent)


def test_an_unreachable_template_url_fails_fast_with_a_fix(sandbox, sent) -> None:
    url = f"http://127.0.0.1:{free_port()}/chroma.cf.json"
    error = caught(lambda: Backend(template_source=url).template())
    assert isinstance(error, TemplateError) and error.key == "template.unreachable"
    assert_clear(error)
    assert not MUTATING & set(sent)


def test_a_template_missing_expected_parameters_is_refused(tmp_path: Path, sent) -> None:
    body = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {"KeyName": {"Type": "String", "Default": ""}},
        "Resources": {"Bucket": {"Type": "AWS::S3::Bucket"}},
    }
    path = tmp_path / "other.json"
    path.write_text(json.dumps(body))
    error = caught(lambda: Backend(template_source=str(path)).template())
    assert isinstance(error, TemplateError) and error.key == "template.missing_parameter"
    assert error.params["name"] == "InstanceType"
    assert_clear(error)
    assert sent == []


# -- saved state ----------------------------------------------------------------------------
def test_a_corrupt_saved_deployment_is_set_aside_reported_and_nothing_else_lost(
    isolated_home: Path,
) -> None:
    store = DeploymentStore()
    good = Deployment("good1", "kept", REGION, "tok", "2026-01-01T00:00:00+00:00", "x")
    store.save(good)
    bad = store.directory / "broken.json"
    bad.write_text('{"id": "broken", "stack_na')  # cut off mid-write by something else
    # When the user asks for the status
    out, err = io.StringIO(), io.StringIO()
    opts = build_parser().parse_args(["status"])
    fresh = Backend(store=DeploymentStore())
    fresh.refresh = lambda d: d  # type: ignore[method-assign]  # no AWS here: the file is the point
    code = headless.status(fresh, opts, headless.Console(out, err, io.StringIO()))
    # Then the good record is listed, the broken file is reported and kept aside, never deleted
    assert code == headless.OK
    assert "kept" in out.getvalue()
    assert "broken.json" in err.getvalue()
    aside = list(store.directory.glob("broken.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == '{"id": "broken", "stack_na'
    assert [d.id for d in DeploymentStore().list()] == ["good1"]
