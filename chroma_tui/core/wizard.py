"""The wizard's answers and state, without any UI: what each step returns, what is kept when the
user goes back or a failed deployment is made again, and the LaunchPlan they add up to."""

from __future__ import annotations

from dataclasses import dataclass

from chroma_tui.core.models import REDACTED, Identity, InstanceTypeOption, LaunchPlan, TemplateInfo
from chroma_tui.core.validation import default_chroma_version, default_stack_name

STEPS = ("credentials", "region", "instance_type", "key_pair", "options", "review")
"""The wizard's steps in order; the navigator can open the wizard at any of them."""


@dataclass(frozen=True)
class KeyChoice:
    """The key pair step's answer: no key (``name`` None), an existing one, or one just created."""

    name: str | None = None
    key_file: str | None = None
    created: bool = False


@dataclass(frozen=True)
class WizardOptions:
    """The options step's answer."""

    stack_name: str
    chroma_version: str
    otel_endpoint: str = ""
    otel_service_name: str = ""
    otel_headers: str = ""


class WizardState:
    """Answers so far; going back shows them again, changing the region drops what depends on it."""

    def __init__(self) -> None:
        self.identity: Identity | None = None
        self.region: str | None = None
        self.instance_type: InstanceTypeOption | None = None
        self.key: KeyChoice | None = None
        self.options: WizardOptions | None = None

    def set_region(self, region: str) -> None:
        if region != self.region:
            self.instance_type = None
            self.key = None
        self.region = region

    def first_unanswered(self) -> int:
        """The index in STEPS of the first step after credentials without an answer."""
        answers = (self.region, self.instance_type, self.key, self.options)
        for index, answer in enumerate(answers, start=1):
            if answer is None:
                return index
        return len(STEPS) - 1

    def fresh_options(self, failed_name: str, parameters: dict[str, str]) -> WizardOptions:
        """The failed stack's options under a new stack name: a relaunch never reuses it."""
        kept = self.options
        name = kept.stack_name if kept is not None else default_stack_name()
        while name == failed_name:
            name = default_stack_name()
        base = kept or WizardOptions(name, default_chroma_version())

        def pick(parameter: str, fallback: str) -> str:
            value = parameters.get(parameter) or ""
            # Saved records mask secret values (OTel headers may hold an API key): never
            # launch with the mask; the user types them again on the Options step.
            return fallback if not value or REDACTED in value else value

        return WizardOptions(
            stack_name=name,
            chroma_version=pick("ChromaVersion", base.chroma_version),
            otel_endpoint=pick("ChromaOtelCollectionEndpoint", base.otel_endpoint),
            otel_service_name=pick("ChromaOtelServiceName", base.otel_service_name),
            otel_headers=pick("ChromaOtelCollectionHeaders", base.otel_headers),
        )


def build_plan(
    *,
    region: str,
    instance_type: InstanceTypeOption,
    key: KeyChoice,
    options: WizardOptions,
    template: TemplateInfo,
    profile: str | None,
    lock_to_my_ip: bool,
) -> LaunchPlan:
    """The answers of the six steps as the plan Review shows and Launch sends."""
    return LaunchPlan(
        region=region,
        stack_name=options.stack_name,
        instance_type=instance_type.name,
        chroma_version=options.chroma_version,
        template=template,
        key_name=key.name,
        key_file=key.key_file,
        created_key_pair=key.created,
        otel_endpoint=options.otel_endpoint,
        otel_service_name=options.otel_service_name,
        otel_headers=options.otel_headers,
        profile=profile,
        lock_to_my_ip=lock_to_my_ip,
    )
