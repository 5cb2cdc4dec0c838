"""Plain-text deploy / status / delete for scripts and CI, over the same backend as the TUI.

Everything the user typed is checked before the first AWS call that changes anything. Output is
one plain line per stack event; problems go to stderr with their fix. Exit codes (also in
``chroma-tui --help`` and docs/reliability.md): 0 success, 1 the deployment (or Chroma) failed,
2 bad input or refused, 3 credentials, 4 the ports lock asked for was not done, 130 interrupted.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from chroma_tui.console import (
    FAILED,
    INTERRUPTED,
    LOCK_PENDING,
    OK,
    REFUSED,
    Console,
    error_exit,
    event_line,
    follow_to_end,
    gloss_line,
    is_tty,
    print_cause,
)
from chroma_tui.console_boot import boot_printer, print_boot_error, print_check
from chroma_tui.console_day_two import cost_record, say_check, say_cost
from chroma_tui.console_ip import emit_ip_moved, say_ip_moved
from chroma_tui.core import cost, diagnosis, stack_status, stacks, validation
from chroma_tui.core.backend import OFFICIAL_TEMPLATE_URL
from chroma_tui.core.backend_api import BackendAPI
from chroma_tui.core.boot_log import BootError, BootReport
from chroma_tui.core.china import check_region
from chroma_tui.core.deploy import new_deployment_id, now_iso
from chroma_tui.core.deployed_version import version_lines
from chroma_tui.core.errors import (
    AwsError,
    ChromaTuiError,
    CredentialsError,
    InputError,
    JourneyStopped,
    StackFailedError,
)
from chroma_tui.core.ip_change import IpMovedError
from chroma_tui.core.journey import Journey, lock_command, watch_command
from chroma_tui.core.journey_events import (
    HeartbeatRecorded,
    JourneyEvent,
    JourneyResult,
    LeftOpen,
    LockDone,
    LockPending,
    ProbeTried,
    StackCompleted,
    StackUpdated,
    WaitNote,
    WaitStarted,
)
from chroma_tui.core.json_lines import (
    BootRecords,
    connection_record,
    deployment_record,
    journey_records,
    stack_record,
)
from chroma_tui.core.models import Deployment, LaunchPlan
from chroma_tui.headless_day2 import say_kept, take_snapshot
from chroma_tui.i18n import sentences, t

DEFAULT_INSTANCE_TYPE = "t3.small"
T = TypeVar("T")


def _plan(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> LaunchPlan:
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
    endpoint = validation.check_otel_endpoint(opts.otel_endpoint or "")
    if (headers or opts.otel_service_name) and not endpoint:
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
    check_region(region)  # AWS China: explained before anything is sent

    who = backend.who_am_i()
    console.say(t("cli.deploy.identity", account=who.account, arn=who.arn, source=who.source))
    console.emit("identity", account=who.account, arn=who.arn, source=who.source)
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
        parts = cost.breakdown(option.price)
        console.say(
            t(
                "cli.deploy.price",
                type=option.name,
                hourly=f"{parts.hourly_usd:.4f}",
                monthly=f"{parts.monthly_usd:.0f}",
            )
        )
        console.say("  " + cost.breakdown_text(parts))
        console.emit(
            "price",
            instance_type=option.name,
            hourly_usd=round(parts.hourly_usd, 4),
            monthly_usd=round(parts.monthly_usd, 2),
            instance_hourly_usd=round(parts.instance_hourly_usd, 4),
            volume_hourly_usd=round(parts.volume_hourly_usd, 4),
            ipv4_hourly_usd=round(parts.ipv4_hourly_usd, 4),
            source=parts.source,
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
        otel_endpoint=endpoint,
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
    backend: BackendAPI, plan: LaunchPlan, opts: argparse.Namespace, console: Console
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
    console.emit(
        "error",
        error="RootCause",
        key=cause.problem,
        title=title,
        body=body,
        fix=sentences(t("cli.deploy.vpc_fix"), t("cli.deploy.vpc_flag")),
        raw=None,
        console_url=cause.console_url,
    )
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


def deploy(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    printer, journey = _journey_for(backend, console)
    launching = False
    try:
        backend.check_writable()  # records must be writable before anything is created
        plan = _plan(backend, opts, console)
        check = backend.check_plan(plan)
        print_check(console, check)  # refuses known-dead boots before anything is created
        plan = check.plan
        if not _default_vpc_ready(backend, plan, opts, console):
            return FAILED
        if not opts.yes:
            if not is_tty(console.stdin):
                console.refuse("cli.error.need_yes")
                return REFUSED
            if not _confirm(console, plan):
                console.refuse("cli.deploy.aborted")
                return REFUSED
        launching = True
        deployment = journey.launch(plan)
    except ChromaTuiError as exc:
        return error_exit(console, exc)
    except KeyboardInterrupt:
        if not launching:
            raise  # nothing saved yet: cli.main's one line says so
        # CreateStack may be in flight: the record (saved first) finds the stack by its token.
        console.warn(t("journey.interrupted.launch", name=opts.stack_name or ""))
        return INTERRUPTED
    console.say(t("cli.deploy.created", name=plan.stack_name, stack_id=deployment.stack_id))
    return follow_journey(backend, journey, printer, deployment, console, wait=not opts.no_wait)


def follow_journey(
    backend: BackendAPI,
    journey: Journey,
    printer: JourneyPrinter,
    deployment: Deployment,
    console: Console,
    *,
    wait: bool,
) -> int:
    """Run the journey from a saved deployment to its end; the exit code.

    A lock asked for and not done wins over every other outcome but credentials and Ctrl-C
    (LOCK_PENDING, with the command that finishes it), so a script never takes open ports for
    success.
    """
    console.result["stack_name"] = deployment.stack_name
    try:
        result = _run_journey(journey, printer, deployment, console, wait=wait)
    except KeyboardInterrupt:
        console.warn(t("journey.interrupted.watch", command=watch_command(deployment)))
        return INTERRUPTED
    except JourneyStopped:
        console.warn(t("journey.interrupted.watch", command=watch_command(deployment)))
        return INTERRUPTED
    except StackFailedError as exc:
        _print_failure(backend, deployment, exc, console)
        return FAILED
    except IpMovedError as exc:  # the ports are locked to an address this machine left
        say_ip_moved(console, exc.moved, printer.latest or deployment)
        return LOCK_PENDING
    except CredentialsError as exc:
        code = error_exit(console, exc)
        console.warn(t("journey.resume", command=watch_command(deployment)))
        return code
    except BootError as exc:  # the boot log says Chroma will not answer: why, and the way out
        print_boot_error(console, exc, printer.latest or deployment)
        return printer.finish(FAILED)
    except ChromaTuiError as exc:
        console.error(exc)
        return printer.finish(FAILED)
    if result.connection is None:
        console.say(t("journey.no_wait", command=watch_command(deployment)))
        return printer.finish(OK)
    host, port = result.connection.host, result.connection.port
    console.say(t("cli.connect.python", host=host, port=port))
    return printer.finish(OK)


def _run_journey(
    journey: Journey,
    printer: JourneyPrinter,
    deployment: Deployment,
    console: Console,
    *,
    wait: bool,
) -> JourneyResult:
    """``journey.run``, the newest record kept for the ``result`` line whatever happens."""
    try:
        result = journey.run(deployment=deployment, wait=wait)
    finally:
        latest = printer.latest or deployment
        console.result["deployment"] = deployment_record(latest)
    console.result["deployment"] = deployment_record(result.deployment)
    if result.connection is not None:
        console.result["heartbeat"] = connection_record(result.connection)
    return result


def _print_failure(
    backend: BackendAPI, deployment: Deployment, exc: StackFailedError, console: Console
) -> None:
    final = exc.stack
    console.warn(t("cli.deploy.failed", name=final.name, status=final.status))
    cause = backend.root_cause(list(exc.events), deployment.region)
    if cause is not None:
        print_cause(console, cause)
    elif final.reason:
        console.warn(t("cli.error.raw", raw=final.reason))
    fields = stack_record(final)
    if cause is not None:
        title, body, fix = diagnosis.describe(cause)
        fields.update(
            problem=cause.problem,
            logical_id=cause.logical_id,
            title=title,
            body=body,
            fix=fix,
            raw=cause.raw_reason,
            console_url=cause.console_url,
        )
    console.emit("stack_failed", **fields)
    if stack_status.deletable(final.status):
        console.warn(
            t("cli.deploy.delete_hint", name=deployment.stack_name, region=deployment.region)
        )


class JourneyPrinter:
    """One plain line per journey event; remembers a pending lock for the exit code."""

    def __init__(self, console: Console, on_note: Callable[[object], None] | None = None) -> None:
        self.console = console
        self.on_note = on_note  # prints what a plugged-in wait step reports (boot phases)
        self.lock_pending: LockPending | None = None
        self.latest: Deployment | None = None  # the newest record an event carried
        self.boot_records = BootRecords()  # --json: each boot phase once

    def __call__(self, event: JourneyEvent) -> None:
        console = self.console
        carried = getattr(event, "deployment", None)
        if isinstance(carried, Deployment):
            self.latest = carried
        for kind, fields in journey_records(event):
            console.emit(kind, **fields)
        if isinstance(event, WaitNote) and isinstance(event.detail, BootReport):
            for kind, fields in self.boot_records.records(event.detail):
                console.emit(kind, **fields)
        if isinstance(event, StackUpdated):
            update = event.update
            for stack_event in update.events:
                console.say(event_line(stack_event))
                extra = gloss_line(stack_event)
                if extra:
                    console.say(extra)
            if update.backoff_s is not None:
                console.warn(t("cli.stream.backoff", seconds=f"{update.backoff_s:.1f}"))
            if update.reconnecting:
                console.warn(t("cli.stream.reconnecting", problem=update.problem))
        elif isinstance(event, StackCompleted):
            d = event.deployment
            if d.server_host:
                console.say(t("cli.connect.address", host=d.server_host, port=d.server_port))
        elif isinstance(event, LockDone):
            console.say(t("cli.connect.locked", ip=event.ip))
        elif isinstance(event, LockPending):
            self.lock_pending = event
            console.warn(t("cli.connect.lock_failed", problem=event.error.title()))
            if event.error.raw:
                console.warn(t("cli.error.raw", raw=event.error.raw))
        elif isinstance(event, LeftOpen):
            console.say(t("cli.connect.open_warning"))
        elif isinstance(event, WaitStarted):
            console.say(t("cli.connect.waiting"))
        elif isinstance(event, ProbeTried):
            a = event.attempt
            if a.error:
                console.say(
                    t(
                        "cli.connect.attempt",
                        n=a.attempt,
                        seconds=f"{a.elapsed_s:.0f}",
                        error=a.error,
                    )
                )
        elif isinstance(event, WaitNote):
            if self.on_note is not None:
                self.on_note(event.detail)
        elif isinstance(event, HeartbeatRecorded):
            conn = event.connection
            console.say(
                t("cli.connect.heartbeat", ns=conn.heartbeat_ns, ms=f"{conn.latency_ms:.0f}")
            )
            version, mismatch = version_lines(event.deployment, conn.version)
            console.say(version)
            if mismatch:
                console.warn(mismatch)

    def finish(self, code: int) -> int:
        """The exit code, LOCK_PENDING when the lock asked for was not done (said last)."""
        if self.lock_pending is None:
            return code
        self.console.warn(t("journey.lock.pending", command=self.lock_pending.command))
        return LOCK_PENDING


# -- watch / lock -------------------------------------------------------------------------
def _journey_for(backend: BackendAPI, console: Console) -> tuple[JourneyPrinter, Journey]:
    """The journey every headless command runs, printing its events (boot phases included)."""
    printer = JourneyPrinter(console, on_note=boot_printer(console, 8000))
    return printer, Journey(backend, on_event=printer)


def _saved_or_exit(
    backend: BackendAPI, opts: argparse.Namespace, console: Console
) -> Deployment | int:
    """The deployment --stack-name names; an exit code when it cannot be found (watch, lock,
    delete: not finding what the user named is a refusal, credentials still 3)."""
    try:
        return find_record(backend, opts)
    except ChromaTuiError as exc:
        return error_exit(console, exc, otherwise=REFUSED)


def watch(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    """Reattach to a saved deployment: stream, lock if still due, wait for the heartbeat."""
    found = _saved_or_exit(backend, opts, console)
    if isinstance(found, int):
        return found
    printer, journey = _journey_for(backend, console)
    return follow_journey(backend, journey, printer, found, console, wait=not opts.no_wait)


def lock(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    """Ports 22/8000 to this machine's current public IP (also after it changed); re-probe."""
    found = _saved_or_exit(backend, opts, console)
    if isinstance(found, int):
        return found
    deployment = found
    _, journey = _journey_for(backend, console)
    console.result["stack_name"] = deployment.stack_name
    before = deployment.ip_locked_to
    try:
        if not deployment.stack_id or not deployment.server_host:
            deployment = backend.refresh(deployment)
        deployment, ip = journey.lock(deployment)
    except CredentialsError as exc:
        return error_exit(console, exc)
    except ChromaTuiError as exc:
        console.error(exc)
        console.warn(t("journey.lock.pending", command=lock_command(deployment)))
        return LOCK_PENDING
    if before and before != ip:  # the old /32 was revoked, the new one authorised
        console.say(t("scripts.lock.moved", old=before, new=ip))
    console.result["deployment"] = deployment_record(deployment)
    host, port = deployment.server_host, deployment.server_port or 8000
    if host:
        try:
            _, latency = backend.heartbeat(host, port)
            console.say(t("journey.lock.reachable", host=host, port=port, ms=f"{latency:.0f}"))
            console.emit("reachable", host=host, port=port, ok=True, latency_ms=round(latency, 1))
        except ChromaTuiError as exc:
            console.warn(t("journey.lock.unreachable", host=host, port=port, problem=exc.title()))
            console.emit("reachable", host=host, port=port, ok=False, problem=exc.title())
    return OK


# -- status -------------------------------------------------------------------------------
def status(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    saved = backend.deployments()
    for warning in backend.store_warnings():
        console.warn(t("cli.status.warning", warning=warning))
        console.emit("warning", message=warning)
    console.result["deployments"] = len(saved)
    if not saved:
        console.say(t("cli.status.none"))
        return OK
    console.say(t("cli.status.header"))
    worst = OK
    for deployment in saved:
        problem: str | None = None
        elsewhere: dict[str, str] | None = None
        try:
            other = backend.elsewhere(deployment)
            if other is None:
                deployment = backend.refresh(deployment)
                shown = deployment.status
            else:  # never asked here, never rewritten: it is another endpoint's or account's
                elsewhere = {"endpoint": other.endpoint, "account": other.account}
                shown = t(
                    "records.status.elsewhere",
                    status=deployment.status,
                    endpoint=other.endpoint,
                    account=other.account,
                )
        except CredentialsError as exc:
            return error_exit(console, exc)
        except ChromaTuiError as exc:
            shown = f"{deployment.status} ({exc.title()})"
            problem = exc.title()
            worst = FAILED
        address = (
            f"{deployment.server_host}:{deployment.server_port}" if deployment.server_host else "-"
        )
        console.say(
            f"{deployment.stack_name:<24} {deployment.region:<15} {shown:<22} {address:<22} "
            f"{deployment.id}"
        )
        if deployment.status == "PENDING" and not deployment.stack_id:
            console.say(t("journey.status.pending", name=deployment.stack_name))
        running = say_cost(backend, deployment, console)
        console.emit(
            "deployment",
            **deployment_record(deployment),
            problem=problem,
            elsewhere=elsewhere,
            cost=cost_record(running),
        )
        if getattr(opts, "check", False) and not _check(backend, deployment, console):
            worst = FAILED
    return worst


def _check(backend: BackendAPI, deployment: Deployment, console: Console) -> bool:
    """The "it works" check. Ports locked to one address: a heartbeat first (bounded), and
    when it fails because this machine's address changed, that is said with the command that
    moves the rule (the check itself could only time out)."""
    host = deployment.server_host
    if deployment.status == "CREATE_COMPLETE" and host and deployment.ip_locked_to:
        try:
            backend.heartbeat(host, deployment.server_port or 8000)
        except ChromaTuiError:
            moved = backend.ip_moved(deployment)
            if moved is not None:
                emit_ip_moved(console, moved, deployment)
                return False
    return say_check(backend, deployment, console)


# -- delete -------------------------------------------------------------------------------
def find_record(backend: BackendAPI, opts: argparse.Namespace) -> Deployment:
    """The saved record of --stack-name (not deleted), else the managed stack found in AWS."""
    name = validation.check_stack_name(opts.stack_name)
    region = opts.region or backend.region or backend.default_region()
    saved = [
        d
        for d in backend.deployments()
        if d.stack_name == name
        and (not opts.region or d.region == opts.region)
        and not stack_status.gone(d.status)
        and backend.elsewhere(d) is None  # another endpoint's or account's record
    ]
    if len(saved) > 1:
        raise InputError("cli.error.ambiguous", name=name)
    if saved:
        return saved[0]
    if not region:
        raise InputError("cli.error.no_region")
    found = backend.find_stack(region, name)
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


def delete(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    found = _saved_or_exit(backend, opts, console)
    if isinstance(found, int):
        return found
    deployment = found
    if not opts.yes:
        if not is_tty(console.stdin):
            console.refuse("cli.error.need_yes")
            return REFUSED
        console.say(t("cli.delete.warning", name=deployment.stack_name, region=deployment.region))
        if console.ask(t("cli.delete.type_name")) != deployment.stack_name:
            console.refuse("cli.deploy.aborted")
            return REFUSED
    taken = None
    if getattr(opts, "snapshot", True):  # keep the data: the default (see headless_day2.py)
        deployment, taken, stopped = take_snapshot(backend, deployment, console)
        if stopped is not None:
            return stopped
    outcome = follow_to_end(
        console,
        lambda: backend.delete(deployment),
        deployment.stack_name,
        left_running="cli.delete.left_running",
    )
    if isinstance(outcome, int):
        return outcome
    _, final = outcome
    deployment = backend.record(deployment, final)
    console.result.update(stack_name=deployment.stack_name, status=final.status)
    console.result["deployment"] = deployment_record(deployment)
    if final.status != stack_status.DELETED:
        console.warn(t("cli.delete.failed", name=deployment.stack_name, status=final.status))
        if final.reason:
            console.warn(t("cli.error.raw", raw=final.reason))
        console.emit("stack_failed", **stack_record(final))
        return FAILED
    console.say(t("cli.delete.done", name=deployment.stack_name))
    say_kept(console, taken)
    if deployment.created_key_pair and deployment.key_name:
        if opts.delete_key_pair:
            try:
                backend.delete_key_pair(deployment.region, deployment.key_name, deployment.key_file)
                console.say(t("cli.delete.key_deleted", key=deployment.key_name))
                console.emit("key_pair", state="deleted", key_name=deployment.key_name, file=None)
            except ChromaTuiError as exc:
                console.error(exc)
                return FAILED
        else:
            console.say(
                t("cli.delete.key_left", key=deployment.key_name, file=deployment.key_file or "-")
            )
            console.emit(
                "key_pair", state="kept", key_name=deployment.key_name, file=deployment.key_file
            )
    return OK
