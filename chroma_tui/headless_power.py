"""Headless sleep and wake: ``chroma-tui stop NAME`` / ``chroma-tui start NAME`` (issue 12).
Thin: the steps live in core (power.py, wake.py) behind ``BackendAPI``."""

from __future__ import annotations

import argparse

from chroma_tui.console import FAILED, LOCK_PENDING, OK, Console, error_exit
from chroma_tui.core import pricing
from chroma_tui.core.backend_api import BackendAPI
from chroma_tui.core.errors import ChromaTuiError, InputError
from chroma_tui.core.journey import start_command
from chroma_tui.core.models import ROOT_VOLUME_GIB, Deployment
from chroma_tui.core.snapshot_text import money
from chroma_tui.core.wake import wake
from chroma_tui.headless import find_record
from chroma_tui.i18n import t


def _record(backend: BackendAPI, opts: argparse.Namespace) -> Deployment:
    name = opts.name or opts.named
    if not name:
        raise InputError("cli.error.stack_unknown", name="-", region=opts.region or "-")
    opts.stack_name = name
    return find_record(backend, opts)


def stop(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    try:
        deployment = _record(backend, opts)
        console.say(t("power.means"))
        console.say(t("power.stopping", name=deployment.stack_name))
        deployment = backend.stop_instance(deployment)
    except ChromaTuiError as exc:
        return error_exit(console, exc)
    volume = money(ROOT_VOLUME_GIB * pricing.GP2_USD_PER_GB_MONTH)
    console.say(
        t(
            "power.stopped",
            name=deployment.stack_name,
            cost=volume,
            command=start_command(deployment),
        )
    )
    return OK


def start(backend: BackendAPI, opts: argparse.Namespace, console: Console) -> int:
    try:
        deployment = _record(backend, opts)
        console.say(t("power.means"))
        result = wake(
            backend,
            deployment,
            lambda key, params: console.say(t(key, **params)),
            wait=not opts.no_wait,
        )
    except ChromaTuiError as exc:
        return error_exit(console, exc)
    if result.locked is False:
        return LOCK_PENDING  # the lock asked for was not done
    if opts.no_wait:
        return OK
    return OK if result.connection is not None else FAILED
