"""The AWS CLI command equivalent to a LaunchPlan, so the user sees what the guide would run."""

from __future__ import annotations

import shlex

from chroma_tui.core.models import LaunchPlan


def shorthand_value(value: str) -> str:
    """Escape a value for the AWS CLI shorthand syntax (``Key=a,Value=b``): commas split items."""
    return value.replace("\\", "\\\\").replace(",", "\\,")


def create_stack_command(plan: LaunchPlan, *, multiline: bool = True) -> str:
    """``aws cloudformation create-stack ...`` for ``plan``, quoted for a POSIX shell."""
    words: list[list[str]] = [["aws", "cloudformation", "create-stack"]]
    if plan.profile:
        words.append(["--profile", plan.profile])
    words.append(["--region", plan.region])
    words.append(["--stack-name", plan.stack_name])
    template = plan.template
    if template.url:
        words.append(["--template-url", template.url])
    else:
        words.append(["--template-body", f"file://{template.source}"])
    parameters = plan.parameters()
    if parameters:
        items = [
            f"ParameterKey={key},ParameterValue={shorthand_value(value)}"
            for key, value in parameters.items()
        ]
        words.append(["--parameters", items[0]])
        words.extend([item] for item in items[1:])
    lines = [" ".join(shlex.quote(word) for word in group) for group in words]
    if multiline:
        return " \\\n  ".join(lines)
    return " ".join(lines)
