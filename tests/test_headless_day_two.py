"""Headless `status` on the sandbox: the cost so far under each running deployment, and
`status --check` running the "it works" check against the instance's real Chroma."""

from __future__ import annotations

import re

import pytest
from test_headless import SAFE_OTEL_ARGS, run

pytestmark = pytest.mark.timeout(180)


def test_status_shows_cost_and_check_passes_on_the_sandbox(sandbox):
    code, _, err = run(
        "deploy", "--yes", "--stack-name", "d2", "--region", "us-east-1", *SAFE_OTEL_ARGS
    )
    assert code == 0, err

    code, out, err = run("status")
    assert code == 0, err
    # (a few seconds in, the total and its parts read "< $0.0001": below what is shown)
    cost = re.search(r"^  d2: Cost so far: (?:< )?\$(\d+\.\d+) in (\d+\.\d+) h "
                     r"\(instance .*public IPv4 .*now \$(0\.0\d+)/h", out, re.M)  # fmt: skip
    assert cost, out
    # t3.small from the shipped table: 0.0208 + 2.4/730 (volume) + 0.005 (IPv4)
    assert float(cost.group(3)) == pytest.approx(0.0291, abs=0.00006)
    assert "Check of" not in out  # only with --check

    code, out, err = run("status", "--check")
    assert code == 0, (out, err)
    assert re.search(r"^Check of d2 \(127\.0\.0\.\d+:8000\):$", out, re.M), out
    assert "It works: create, add, query and delete all passed" in out
    for step in ("1/4 create", "2/4 add", "3/4 query", "4/4 delete"):
        assert re.search(rf"^  ✓ {step}.*: \d+ ms$", out, re.M), out

    code, _, err = run("delete", "--stack-name", "d2", "--yes")
    assert code == 0, err
    code, out, _ = run("status")
    assert "Cost so far" not in out  # a deleted stack no longer bills


def test_status_check_names_step_0_while_chroma_is_not_up_yet(sandbox):
    code, _, err = run("deploy", "--yes", "--stack-name", "d3", "--region", "us-east-1",
                       "--no-wait")  # fmt: skip
    assert code == 0, err
    code, out, _ = run("status", "--check")
    # Right after the launch: either not complete yet (nothing to check), or complete with an
    # address while the instance still boots (the check fails at step 0 and status exits 1).
    if "Check of d3" in out:
        assert code == 1
        assert "The check failed at step 0/4 reach the server." in out
    else:
        assert "CREATE_IN_PROGRESS" in out
