"""Headless keep-the-data and sleep-and-wake: ``delete --snapshot``, ``snapshots``, ``stop``,
``start`` (issue 12). Thin: the work is in core (snapshots.py, power.py) behind ``BackendAPI``."""

from __future__ import annotations

import argparse

from chroma_tui.console import CREDENTIALS, FAILED, OK, REFUSED, Console, is_tty
from chroma_tui.core.backend_api import BackendAPI
from chroma_tui.core.errors import ChromaTuiError, CredentialsError
from chroma_tui.core.models import Deployment, SnapshotInfo
from chroma_tui.core.snapshot_text import delete_command, money, snapshot_line
from chroma_tui.i18n import plural, t


def take_snapshot(
    backend: BackendAPI, deployment: Deployment, console: Console
) -> tuple[Deployment, SnapshotInfo | None, int | None]:
    """Before ``delete``: the snapshot, started; an exit code when the delete must not go on."""
    console.say(t("snap.taking", name=deployment.stack_name))
    try:
        deployment, taken = backend.snapshot_before_delete(deployment)
    except CredentialsError as exc:
        console.error(exc)
        return deployment, None, CREDENTIALS
    except ChromaTuiError as exc:
        console.error(exc)
        console.warn(
            t(
                "snap.cli.stopped",
                command=f"chroma-tui delete --stack-name {deployment.stack_name} "
                f"--region {deployment.region} --no-snapshot",
            )
        )
        return deployment, None, FAILED
    if taken is None:
        console.say(t("snap.nothing", name=deployment.stack_name))
    else:
        console.say(snapshot_line(taken))
    return deployment, taken, None


def say_kept(console: Console, taken: SnapshotInfo | None) -> None:
    """After the delete: where the data is now and how to stop paying for it."""
    if taken is not None:
        console.say(t("snap.kept", snapshot=taken.snapshot_id, command=delete_command(taken)))


def snapshots(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    """List chroma-tui's snapshots, or delete one (``--delete ID``, asks unless ``--yes``)."""
    try:
        found = backend.snapshots()
    except CredentialsError as exc:
        console.error(exc)
        return CREDENTIALS
    except ChromaTuiError as exc:
        console.error(exc)
        return FAILED
    if opts.delete:
        return _delete_one(backend, opts, console, found)
    if not found:
        console.say(t("snap.list.none", regions=", ".join(backend.snapshot_regions()) or "-"))
        return OK
    console.say(t("snap.list.header"))
    for snap in found:
        started = snap.started_at.strftime("%Y-%m-%d %H:%M") if snap.started_at else "-"
        console.say(
            f"{snap.snapshot_id:<24} {snap.stack_name or '-':<24} {snap.region:<15} "
            f"{snap.size_gib:>4} GiB  {started:<16}  {snap.state:<10} "
            + t("snap.list.monthly", cost=money(snap.monthly_usd))
        )
    total = sum(s.monthly_usd for s in found)
    console.say(plural("snap.list.total", len(found), cost=money(total)))
    return OK


def _delete_one(
    backend: BackendAPI, opts: argparse.Namespace, console: Console, found: list[SnapshotInfo]
) -> int:
    snap = next((s for s in found if s.snapshot_id == opts.delete), None)
    region = snap.region if snap else (opts.region or backend.region)
    if snap is None and not region:
        console.warn(t("snap.cli.unknown", snapshot=opts.delete))
        return REFUSED
    if not opts.yes:
        if not is_tty(console.stdin):
            console.warn(t("cli.error.need_yes"))
            return REFUSED
        console.say(
            t("snap.cli.confirm", snapshot=opts.delete, name=snap.stack_name if snap else "?")
        )
        if console.ask(t("snap.cli.type_id")) != opts.delete:
            console.warn(t("cli.deploy.aborted"))
            return REFUSED
    try:
        backend.delete_snapshot(str(region), opts.delete)
    except CredentialsError as exc:
        console.error(exc)
        return CREDENTIALS
    except ChromaTuiError as exc:
        console.error(exc)
        return FAILED
    console.say(t("snap.deleted", snapshot=opts.delete))
    return OK
