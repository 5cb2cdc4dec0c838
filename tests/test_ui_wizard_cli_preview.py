"""The AWS CLI command shown on the Review screen."""

from __future__ import annotations

import dataclasses
import shlex
from pathlib import Path

from fakes import TEMPLATE_URL, official_template

from chroma_tui.core.cli_preview import create_stack_command, shorthand_value
from chroma_tui.core.models import LaunchPlan


def plan(**changes: object) -> LaunchPlan:
    base = LaunchPlan(
        region="us-east-1",
        stack_name="my-chroma-stack",
        instance_type="m5.4xlarge",
        chroma_version="1.5.9",
        template=official_template(),
        key_name="mykey",
    )
    return dataclasses.replace(base, **changes)


def test_the_guides_example_round_trips_through_a_shell() -> None:
    words = shlex.split(create_stack_command(plan(), multiline=False))
    assert words[:3] == ["aws", "cloudformation", "create-stack"]
    assert words[words.index("--stack-name") + 1] == "my-chroma-stack"
    assert words[words.index("--template-url") + 1] == TEMPLATE_URL
    assert words[words.index("--region") + 1] == "us-east-1"
    params = words[words.index("--parameters") + 1 :]
    assert params == [
        "ParameterKey=InstanceType,ParameterValue=m5.4xlarge",
        "ParameterKey=KeyName,ParameterValue=mykey",
        "ParameterKey=ChromaVersion,ParameterValue=1.5.9",
    ]


def test_multiline_is_the_same_command() -> None:
    text = create_stack_command(plan())
    assert " \\\n  " in text
    joined = text.replace(" \\\n  ", " ")  # what the shell's line continuation does
    assert shlex.split(joined) == shlex.split(create_stack_command(plan(), multiline=False))


def test_otel_headers_are_quoted_and_commas_escaped() -> None:
    headers = '{"x-honeycomb-team":"abc","x-other":"d e"}'
    text = create_stack_command(
        plan(otel_endpoint="api.honeycomb.com", otel_headers=headers),
        multiline=False,
        reveal=True,
    )
    words = shlex.split(text)
    item = next(w for w in words if w.startswith("ParameterKey=ChromaOtelCollectionHeaders"))
    assert item == (
        'ParameterKey=ChromaOtelCollectionHeaders,ParameterValue={"x-honeycomb-team":"abc"\\,'
        '"x-other":"d e"}'
    )
    assert "ParameterKey=ChromaOtelCollectionEndpoint,ParameterValue=api.honeycomb.com" in words


def test_no_key_pair_no_parameter_and_profile_shown() -> None:
    words = shlex.split(create_stack_command(plan(key_name=None, profile="work"), multiline=False))
    assert not any("KeyName" in w for w in words)
    assert words[words.index("--profile") + 1] == "work"


def test_local_template_file_uses_template_body(tmp_path: Path) -> None:
    path = tmp_path / "chroma.cf.json"
    local = dataclasses.replace(official_template(), source=str(path), url=None)
    words = shlex.split(create_stack_command(plan(template=local), multiline=False))
    assert "--template-url" not in words
    assert words[words.index("--template-body") + 1] == f"file://{path}"


def test_shorthand_value_escapes() -> None:
    assert shorthand_value("a,b\\c") == "a\\,b\\\\c"
