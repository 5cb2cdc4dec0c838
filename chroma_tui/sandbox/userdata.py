"""Reading an instance's UserData the way the sandbox "runs" it: never with a shell.

The script (as CloudFormation resolved it, base64) is split into lines and each line is matched
against the few commands that matter for Chroma: installing Docker, downloading a file with
``curl``, ``sed -i 's/A/B/g' FILE``, ``echo '...' >> FILE``, ``cd DIR`` and
``docker-compose up -d``. Everything else becomes a ``skip`` step, logged by the sandbox.
"""

from __future__ import annotations

import base64
import binascii
import posixpath
import re
import shlex
from dataclasses import dataclass, field

DEFAULT_CWD = "/"

INSTALL_DOCKER_RE = re.compile(
    r"^(?:sudo\s+)?(?:amazon-linux-extras\s+install\s+(?:-y\s+)?docker|"
    r"(?:yum|dnf)\s+(?:-y\s+)?install\s+(?:-y\s+)?docker)\b"
)
TOOL_DOWNLOAD_RE = re.compile(r"^https://github\.com/docker/compose/releases/")
COMPOSE_UP_RE = re.compile(
    r"^(?:sudo\s+(?:-u\s+\S+\s+)?)?(?:docker-compose|docker\s+compose)\s+up\b(?P<args>.*)$"
)


@dataclass(frozen=True)
class Step:
    """One modelled command. ``kind``: install-docker, fetch, sed, append, compose-up, skip."""

    kind: str
    line: str
    url: str = ""
    path: str = ""  # the file written or edited (absolute)
    old: str = ""  # sed: the pattern (a literal string)
    new: str = ""  # sed: the replacement; append: the line written
    cwd: str = DEFAULT_CWD  # compose-up: the project directory


@dataclass(frozen=True)
class Script:
    steps: tuple[Step, ...] = field(default_factory=tuple)

    def of_kind(self, kind: str) -> list[Step]:
        return [s for s in self.steps if s.kind == kind]


def decode(user_data: str) -> str:
    """The script from a resolved ``UserData`` property (base64, as Fn::Base64 makes it)."""
    try:
        return base64.b64decode(user_data.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        return user_data  # not base64: EC2 would take it as given


def parse(script: str) -> Script:
    steps: list[Step] = []
    cwd = DEFAULT_CWD
    for raw in script.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        step = _step(line, cwd)
        if step.kind == "cd":
            cwd = step.path
            continue
        steps.append(step)
    return Script(tuple(steps))


def _step(line: str, cwd: str) -> Step:
    if INSTALL_DOCKER_RE.match(line):
        return Step("install-docker", line)
    compose = COMPOSE_UP_RE.match(line)
    if compose:
        return Step("compose-up", line, cwd=cwd)
    try:
        words = shlex.split(line)
    except ValueError:
        return Step("skip", line)
    if not words:
        return Step("skip", line)
    if words[0] == "sudo":
        words = _without_sudo(words)
    command = words[0] if words else ""
    if command == "cd" and len(words) == 2:
        return Step("cd", line, path=_absolute(words[1], cwd))
    if command == "curl":
        return _curl(line, words, cwd)
    if command == "sed":
        return _sed(line, words, cwd)
    if command == "echo":
        return _echo(line, cwd)
    return Step("skip", line)


def _without_sudo(words: list[str]) -> list[str]:
    rest = words[1:]
    if len(rest) >= 2 and rest[0] == "-u":
        rest = rest[2:]
    return rest


def _absolute(path: str, cwd: str) -> str:
    return posixpath.normpath(posixpath.join(cwd, path))


def _curl(line: str, words: list[str], cwd: str) -> Step:
    url, out = "", ""
    i = 1
    while i < len(words):
        word = words[i]
        if word in ("-o", "--output") and i + 1 < len(words):
            out = words[i + 1]
            i += 2
            continue
        if word.startswith("http://") or word.startswith("https://"):
            url = word
        i += 1
    if not url or not out or "$(" in line or "`" in line:
        return Step("skip", line)  # a download whose name needs a shell (e.g. $(uname -s))
    if TOOL_DOWNLOAD_RE.match(url):
        return Step("skip", line)  # the docker-compose binary: present once Docker is
    return Step("fetch", line, url=url, path=_absolute(out, cwd))


SED_RE = re.compile(r"^s(?P<d>.)(?P<old>(?:(?!(?P=d)).)*)(?P=d)(?P<new>(?:(?!(?P=d)).)*)(?P=d)g?$")


def _sed(line: str, words: list[str], cwd: str) -> Step:
    if len(words) != 4 or words[1] != "-i":
        return Step("skip", line)
    match = SED_RE.match(words[2])
    if not match or any(c in match.group("old") for c in "^$.*[]\\"):
        return Step("skip", line)  # only literal substitutions are modelled
    return Step("sed", line, old=match["old"], new=match["new"], path=_absolute(words[3], cwd))


ECHO_RE = re.compile(r"^echo\s+(?P<text>'[^']*'|\"[^\"$`]*\")\s*>>\s*(?P<file>\S+)$")


def _echo(line: str, cwd: str) -> Step:
    match = ECHO_RE.match(line)
    if not match:
        return Step("skip", line)
    text = match["text"][1:-1]
    return Step("append", line, new=text, path=_absolute(match["file"], cwd))


def env_lines(text: str) -> dict[str, str]:
    """A compose ``env_file``: KEY=VALUE lines (literal values); blanks and comments ignored."""
    env: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        env[key.strip()] = value
    return env
