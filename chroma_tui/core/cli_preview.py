"""The AWS CLI command equivalent to a LaunchPlan, so the user sees what the guide would run."""

from __future__ import annotations

import shlex

from chroma_tui.core.models import LaunchPlan
from chroma_tui.core.secret_params import SECRET_PARAMETERS, mask_parameters


def shorthand_value(value: str) -> str:
    """Escape a value for the AWS CLI shorthand syntax (``Key=a,Value=b``): commas split items."""
    return value.replace("\\", "\\\\").replace(",", "\\,")


def has_secrets(plan: LaunchPlan) -> bool:
    """True when the command would carry a secret (OpenTelemetry header values)."""
    return any(plan.parameters().get(key) for key in SECRET_PARAMETERS)


def create_stack_command(plan: LaunchPlan, *, multiline: bool = True, reveal: bool = False) -> str:
    """``aws cloudformation create-stack ...`` for ``plan``, quoted for a POSIX shell.

    Secret values (OpenTelemetry headers) are ``****`` unless ``reveal``: the preview on the
    screen never shows them; a copied command has them only if the user said so.
    """
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
    parameters = plan.parameters() if reveal else mask_parameters(plan.parameters())
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
