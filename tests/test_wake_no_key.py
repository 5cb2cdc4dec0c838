"""Waking without a key file: never an `ssh -i` the user cannot run, but EC2 Instance Connect
from the console, and, when the ports are locked to the user's IP, the rule its own addresses
need on port 22 first (core/wake.py, core/power.py; a fake backend, no AWS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chroma_tui import i18n
from chroma_tui.core import power
from chroma_tui.core.models import ChromaConnection, Deployment
from chroma_tui.core.wake import wake


class WakeFake:
    """Just what wake() calls: the start gives a new address; the rest records the call."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def start_instance(self, deployment: Deployment) -> Deployment:
        self.calls.append("start")
        return deployment.evolve(instance_state=None, server_host="203.0.113.99")

    def my_ip(self) -> str:
        return "198.51.100.23"

    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment:
        self.calls.append("lock")
        return deployment.evolve(ip_locked_to=ip)

    def restart_chroma(self, deployment: Deployment) -> str:
        self.calls.append("restart")
        return ""

    def wait_for_chroma(self, host: str, port: int, *, deadline_s: float = 0) -> ChromaConnection:
        self.calls.append("wait")
        return ChromaConnection(host, port, 1, "1.0.0", 3.0, 1, 0.1)

    def save(self, deployment: Deployment) -> None:
        self.calls.append("save")


def _stopped(**kw: object) -> Deployment:
    return Deployment(
        id="d1", stack_name="nap", region="eu-west-1", token="tok",
        created_at="2026-03-14T09:00:00+00:00", updated_at="2026-03-14T09:00:00+00:00",
        status="CREATE_COMPLETE", instance_state="stopped", stopped_at="2026-03-14T10:00:00+00:00",
        **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def _wake(d: Deployment) -> tuple[WakeFake, list[str], object]:
    fake = WakeFake()
    notes: list[str] = []
    result = wake(fake, d, lambda key, params: notes.append(i18n.t(key, **params)))
    return fake, notes, result


def test_locked_and_no_key_file_says_instance_connect_and_the_rule_it_needs() -> None:
    fake, notes, result = _wake(_stopped(ip_locked_to="198.51.100.7", lock_to_my_ip=True))
    assert "restart" not in fake.calls and "wait" not in fake.calls  # nothing to restart with
    said = notes[-1]
    assert "ssh -i" not in said, said
    assert "EC2 Instance Connect" in said and "(user ec2-user)" in said
    assert f"then run:\n{power.RESTART_COMMAND}" in said
    assert "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:" in said
    # The ports were locked again, to my IP: 22 is closed to Instance Connect until allowed
    assert "locked to 198.51.100.23" in said
    assert "com.amazonaws.eu-west-1.ec2-instance-connect" in said
    assert power.allow_instance_connect_command(result.deployment) in said  # type: ignore[attr-defined]
    assert said.index("prefix list") < said.index("Connect → EC2")  # the rule comes first
    # Each command on a line of its own, so it is copied whole
    lines = said.splitlines()
    assert power.RESTART_COMMAND in lines
    assert power.allow_instance_connect_command(result.deployment) in lines  # type: ignore[attr-defined]
    assert result.instance_connect and not result.restarted  # type: ignore[attr-defined]
    assert result.manual_command == power.RESTART_COMMAND  # type: ignore[attr-defined]


def test_open_ports_need_no_rule_the_template_opens_22_to_everyone() -> None:
    _fake, notes, _result = _wake(_stopped())
    said = notes[-1]
    assert "EC2 Instance Connect" in said and power.RESTART_COMMAND in said
    assert "prefix list" not in said and "locked" not in said


def test_a_key_pair_whose_file_is_not_here_also_offers_the_users_own_key(tmp_path: Path) -> None:
    missing = str(tmp_path / "gone.pem")
    _fake, notes, _result = _wake(_stopped(key_name="mykey", key_file=missing))
    said = notes[-1]
    assert "EC2 Instance Connect" in said
    assert "key pair mykey" in said and "ec2-user@203.0.113.99" in said
    assert missing not in said  # the file that is not there is never offered


def test_with_the_key_file_chroma_is_restarted_over_ssh(tmp_path: Path) -> None:
    key = tmp_path / "k.pem"
    key.write_text("not a real key; the fake never reads it")
    fake, notes, result = _wake(_stopped(key_name="k", key_file=str(key)))
    assert fake.calls[:1] == ["start"] and "restart" in fake.calls and "wait" in fake.calls
    assert not any("EC2 Instance Connect" in n for n in notes)
    assert result.restarted and not result.instance_connect  # type: ignore[attr-defined]


def test_the_instance_connect_steps_in_chinese() -> None:
    i18n.set_language("zh-CN")
    try:
        _fake, notes, _result = _wake(_stopped(ip_locked_to="198.51.100.7"))
    finally:
        i18n.set_language("en")
    said = notes[-1]
    assert "没有密钥文件" in said and "EC2 Instance Connect" in said and "ssh -i" not in said
    assert "前缀列表 com.amazonaws.eu-west-1.ec2-instance-connect" in said
    assert "。 " not in said and "： " not in said


@pytest.mark.parametrize("region", ["us-east-1", "ap-northeast-3"])
def test_the_allow_command_names_the_regions_prefix_list_and_port_22(region: str) -> None:
    d = _stopped().evolve(region=region)
    command = power.allow_instance_connect_command(d)
    assert command.startswith(f"aws ec2 authorize-security-group-ingress --region {region} ")
    assert f"Values=com.amazonaws.{region}.ec2-instance-connect" in command
    assert "IpProtocol=tcp,FromPort=22,ToPort=22" in command
    assert "Values=nap " in command  # the stack's group, found by its stack-name tag
