"""Plain-text deploy / status / delete for scripts and CI, over the same ``Backend`` as the TUI.

Everything the user typed is checked before the first AWS call that changes anything. Output is
one plain line per stack event; problems go to stderr with their fix. Exit codes: 0 success,
1 the deployment (or Chroma) failed, 2 bad input or refused, 3 credentials, 130 interrupted.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from chroma_tui.console import (
    CREDENTIALS,
    FAILED,
    INTERRUPTED,
    OK,
    REFUSED,
    Console,
    follow_to_end,
    is_tty,
    print_cause,
)
from chroma_tui.console_day_two import say_check, say_cost
from chroma_tui.core import diagnosis, stacks, validation
from chroma_tui.core.backend import OFFICIAL_TEMPLATE_URL, Backend
from chroma_tui.core.deploy import new_deployment_id, now_iso
from chroma_tui.core.errors import AwsError, ChromaTuiError, CredentialsError, InputError
from chroma_tui.core.models import (
    Deployment,
    LaunchPlan,
    ProbeAttempt,
)
from chroma_tui.i18n import t

DEFAULT_INSTANCE_TYPE = "t3.small"
T = TypeVar("T")


def _plan(backend: Backend, opts: argparse.Namespace, console: Console) -> LaunchPlan:
    """Every check that needs no AWS call first, then the read-only AWS checks."""
    # A flag left out takes its default; a flag given empty is refused (no silent default).
    for flag in ("--otel-endpoint", "--otel-service-name", "--otel-headers"):
        validation.check_given(flag, getattr(opts, flag[2:].replace("-", "_")))
    stack_name = validation.check_stack_name(
        validation.default_stack_name() if opts.stack_name is None else opts.stack_name
    )
    instance_type = validation.check_instance_type_name(
        DEFAULT_INSTANCE_TYPE if opts.instance_type is None else opts.instance_type
    )
    key_name = None if opts.key_name is None else validation.check_key_name(opts.key_name)
    version = (
        validation.default_chroma_version()
        if opts.chroma_version is None
        else validation.check_chroma_version(opts.chroma_version)
    )
    headers = validation.check_otel_headers(opts.otel_headers or "")
    if (headers or opts.otel_service_name) and not opts.otel_endpoint:
        raise InputError("cli.error.otel_endpoint")
    if opts.region is not None:
        validation.check_region_name(opts.region)
        official = backend.template_source == OFFICIAL_TEMPLATE_URL
        if official and opts.region.strip() not in validation.KNOWN_REGIONS:
            raise InputError(
                "records.region.unknown",
                region=opts.region.strip(),
                nearest=validation.nearest_regions(opts.region),
            )
    region = opts.region or backend.region or backend.default_region()
    if not region:
        raise InputError("cli.error.no_region")

    who = backend.who_am_i()
    console.say(t("cli.deploy.identity", account=who.account, arn=who.arn, source=who.source))
    template = backend.template()
    if region not in template.regions:
        raise InputError(
            "records.region.unsupported",
            region=region,
            nearest=validation.nearest_regions(region, tuple(template.regions)),
            regions=", ".join(template.regions),
        )
    option = _read_only(
        console,
        "records.check.instance_type",
        lambda: backend.check_instance_type(region, instance_type),
    )
    if option is not None and option.price:
        console.say(
            t(
                "cli.deploy.price",
                type=option.name,
                hourly=f"{option.price.hourly_usd:.4f}",
                monthly=f"{option.price.monthly_usd:.0f}",
            )
        )
    pairs = _read_only(console, "records.check.key_pair", lambda: backend.key_pairs(region))
    if key_name and pairs is not None and key_name not in {k.name for k in pairs}:
        raise InputError("cli.error.key_not_found", name=key_name, region=region)
    return LaunchPlan(
        region=region,
        stack_name=stack_name,
        instance_type=instance_type,
        chroma_version=version,
        template=template,
        key_name=key_name,
        otel_endpoint=opts.otel_endpoint or "",
        otel_service_name=opts.otel_service_name or "",
        otel_headers=headers,
        profile=backend.profile,
        lock_to_my_ip=not opts.no_lock,
    )


def _read_only(console: Console, check: str, call: Callable[[], T]) -> T | None:
    """A read-only pre-check: denied (no IAM permission to look) warns and goes on with None;
    CloudFormation itself still refuses what is really wrong."""
    try:
        return call()
    except AwsError as exc:
        if exc.key != "aws.access_denied":
            raise
        console.warn(t("records.precheck_denied", check=t(check), problem=exc.raw or exc.title()))
        return None


def _default_vpc_ready(
    backend: Backend, plan: LaunchPlan, opts: argparse.Namespace, console: Console
) -> bool:
    """The template needs the region's default VPC: create it if asked, else explain."""
    try:
        if backend.has_default_vpc(plan.region):
            return True
    except ChromaTuiError as exc:  # no permission to look: let CloudFormation tell
        console.warn(t("cli.deploy.vpc_unchecked", problem=exc.title()))
        return True
    if opts.create_default_vpc:
        vpc_id = backend.create_default_vpc(plan.region)
        console.say(t("cli.deploy.vpc_created", vpc=vpc_id, region=plan.region))
        return True
    cause = diagnosis.cause_from_reason(
        "VPCIdNotSpecified", plan.region, "ChromaInstanceSecurityGroup", "AWS::EC2::SecurityGroup"
    )
    title, body, _ = diagnosis.describe(cause)
    console.warn(t("cli.cause.title", title=title))
    console.warn(t("cli.cause.body", body=body))
    console.warn(t("cli.deploy.vpc_fix"))
    console.warn(t("cli.cause.console", url=cause.console_url))
    console.warn(t("cli.deploy.vpc_flag"))
    return False


def _confirm(console: Console, plan: LaunchPlan) -> bool:
    console.say(
        t(
            "cli.deploy.summary",
            name=plan.stack_name,
            region=plan.region,
            type=plan.instance_type,
            version=plan.chroma_version,
            key=plan.key_name or t("common.none"),
        )
    )
    console.say(t("cli.deploy.open_ports"))
    answer = console.ask(t("cli.deploy.confirm"))
    return answer is not None and answer.lower() in ("y", "yes", "是", "好")


def deploy(backend: Backend, opts: argparse.Namespace, console: Console) -> int:
    try:
        backend.store.check_writable()  # records must be writable before anything is created
        plan = _plan(backend, opts, console)
        if not _default_vpc_ready(backend, plan, opts, console):
            return FAILED
        if not opts.yes:
            if not is_tty(console.stdin):
                console.warn(t("cli.error.need_yes"))
                return REFUSED
            if not _confirm(console, plan):
                console.warn(t("cli.deploy.aborted"))
                return REFUSED
        deployment = backend.launch(plan)
    except CredentialsError as exc:
        console.error(exc)
        return CREDENTIALS
    except InputError as exc:
        console.error(exc)
        return REFUSED
    except ChromaTuiError as exc:
        console.error(exc)
        return FAILED
    console.say(t("cli.deploy.created", name=plan.stack_name, stack_id=deployment.stack_id))
    if opts.no_wait:
        console.say(t("cli.deploy.no_wait", name=plan.stack_name))
        return OK
    return watch(backend, deployment, console, lock=not opts.no_lock)


def watch(backend: Backend, deployment: Deployment, console: Console, *, lock: bool) -> int:
    """Stream the stack to its end, then wait for Chroma's heartbeat."""
    deployer = backend.deployer(deployment.profile, deployment.region)
    outcome = follow_to_end(
        console,
        lambda: backend.stream(deployment),
        deployment.stack_name,
        left_running="cli.deploy.left_running",
        resume_later="cli.deploy.resume_later",
    )
    if isinstance(outcome, int):
        return outcome
    stream, final = outcome
    deployment = deployer.record(deployment, final)
    if not final.succeeded:
        console.warn(t("cli.deploy.failed", name=final.name, status=final.status))
        cause = backend.root_cause(stream.events, deployment.region)
        if cause is not None:
            print_cause(console, cause)
        elif final.reason:
            console.warn(t("cli.error.raw", raw=final.reason))
        console.warn(
            t("cli.deploy.delete_hint", name=deployment.stack_name, region=deployment.region)
        )
        return FAILED
    return connect(backend, deployment, console, lock=lock)


def connect(backend: Backend, deployment: Deployment, console: Console, *, lock: bool) -> int:
    host, port = deployment.server_host, deployment.server_port or 8000
    if not host:
        console.warn(t("cli.connect.no_address"))
        return FAILED
    console.say(t("cli.connect.address", host=host, port=port))
    console.say(t("cli.connect.waiting"))

    def attempt(a: ProbeAttempt) -> None:
        if a.error:
            console.say(
                t("cli.connect.attempt", n=a.attempt, seconds=f"{a.elapsed_s:.0f}", error=a.error)
            )

    try:
        conn = backend.wait_for_chroma(host, port, on_attempt=attempt)
    except ChromaTuiError as exc:
        console.error(exc)
        return FAILED
    except KeyboardInterrupt:
        return INTERRUPTED
    backend.deployer(deployment.profile, deployment.region).record_heartbeat(deployment)
    console.say(t("cli.connect.heartbeat", ns=conn.heartbeat_ns, ms=f"{conn.latency_ms:.0f}"))
    console.say(t("cli.connect.version", version=conn.version))
    if lock:
        try:
            ip = backend.my_ip()
            backend.lock_to_ip(deployment, ip)
            console.say(t("cli.connect.locked", ip=ip))
        except ChromaTuiError as exc:
            console.warn(t("cli.connect.lock_failed", problem=exc.title()))
    else:
        console.say(t("cli.connect.open_warning"))
    console.say(t("cli.connect.python", host=host, port=port))
    return OK


# -- status -------------------------------------------------------------------------------
def status(backend: Backend, opts: argparse.Namespace, console: Console) -> int:
    saved = backend.deployments()
    for warning in backend.store.warnings:
        console.warn(t("cli.status.warning", warning=warning))
    if not saved:
        console.say(t("cli.status.none"))
        return OK
    console.say(t("cli.status.header"))
    worst = OK
    for deployment in saved:
        try:
            other = backend.elsewhere(deployment)
            if other is None:
                deployment = backend.refresh(deployment)
                shown = deployment.status
            else:  # never asked here, never rewritten: it is another endpoint's or account's
                shown = t(
                    "records.status.elsewhere",
                    status=deployment.status,
                    endpoint=other.endpoint,
                    account=other.account,
                )
        except CredentialsError as exc:
            console.error(exc)
            return CREDENTIALS
        except ChromaTuiError as exc:
            shown = f"{deployment.status} ({exc.title()})"
            worst = FAILED
        address = (
            f"{deployment.server_host}:{deployment.server_port}" if deployment.server_host else "-"
        )
        console.say(
            f"{deployment.stack_name:<24} {deployment.region:<15} {shown:<22} {address:<22} "
            f"{deployment.id}"
        )
        say_cost(backend, deployment, console)
        if getattr(opts, "check", False) and not say_check(backend, deployment, console):
            worst = FAILED
    return worst


# -- delete -------------------------------------------------------------------------------
def _find_to_delete(backend: Backend, opts: argparse.Namespace) -> Deployment:
    name = validation.check_stack_name(opts.stack_name)
    region = opts.region or backend.region or backend.default_region()
    saved = [
        d
        for d in backend.deployments()
        if d.stack_name == name
        and (not opts.region or d.region == opts.region)
        and d.status not in ("DELETE_COMPLETE", "NOT_FOUND")
        and backend.elsewhere(d) is None  # another endpoint's or account's record
    ]
    if len(saved) > 1:
        raise InputError("cli.error.ambiguous", name=name)
    if saved:
        return saved[0]
    if not region:
        raise InputError("cli.error.no_region")
    found = stacks.find_stack(backend.session(region=region), region, name)
    if found is None:
        raise InputError("cli.error.stack_unknown", name=name, region=region)
    if found.tags.get(stacks.TAG_MANAGED) != "true":
        raise InputError("cli.error.not_ours", name=name, region=region)
    stamp = now_iso()
    record = Deployment(
        id=found.tags.get(stacks.TAG_DEPLOYMENT) or new_deployment_id(),
        stack_name=name,
        region=region,
        token=found.tags.get(stacks.TAG_TOKEN, ""),
        created_at=stamp,
        updated_at=stamp,
        profile=backend.profile,
        stack_id=found.stack_id,
        status=found.status,
        parameters=found.parameters,
    )
    backend.save(record)
    return record


def delete(backend: Backend, opts: argparse.Namespace, console: Console) -> int:
    try:
        deployment = _find_to_delete(backend, opts)
    except CredentialsError as exc:
        console.error(exc)
        return CREDENTIALS
    except ChromaTuiError as exc:
        console.error(exc)
        return REFUSED
    if not opts.yes:
        if not is_tty(console.stdin):
            console.warn(t("cli.error.need_yes"))
            return REFUSED
        console.say(t("cli.delete.warning", name=deployment.stack_name, region=deployment.region))
        if console.ask(t("cli.delete.type_name")) != deployment.stack_name:
            console.warn(t("cli.deploy.aborted"))
            return REFUSED
    outcome = follow_to_end(
        console,
        lambda: backend.delete(deployment),
        deployment.stack_name,
        left_running="cli.delete.left_running",
    )
    if isinstance(outcome, int):
        return outcome
    _, final = outcome
    deployment = backend.deployer(deployment.profile, deployment.region).record(deployment, final)
    if final.status != "DELETE_COMPLETE":
        console.warn(t("cli.delete.failed", name=deployment.stack_name, status=final.status))
        if final.reason:
            console.warn(t("cli.error.raw", raw=final.reason))
        return FAILED
    console.say(t("cli.delete.done", name=deployment.stack_name))
    if deployment.created_key_pair and deployment.key_name:
        if opts.delete_key_pair:
            try:
                backend.delete_key_pair(deployment.region, deployment.key_name, deployment.key_file)
                console.say(t("cli.delete.key_deleted", key=deployment.key_name))
            except ChromaTuiError as exc:
                console.error(exc)
                return FAILED
        else:
            console.say(
                t("cli.delete.key_left", key=deployment.key_name, file=deployment.key_file or "-")
            )
    return OK
