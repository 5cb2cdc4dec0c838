"""The compose file the sandbox seeds at Chroma's assets URL, and reading one as docker-compose.

Only what decides how Chroma runs is read: the first service's image (``repo:tag``), its host
port for 8000 and its ``env_file`` list. A file that is not a YAML mapping (e.g. the XML error
body S3 sends for a 403/404, which ``curl`` without ``-f`` writes) fails like docker-compose.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

ASSETS_BUCKET = "public.trychroma.com"
ASSETS_KEY = "cloudformation/assets/docker-compose.yml"
ASSETS_URL = f"https://s3.amazonaws.com/{ASSETS_BUCKET}/{ASSETS_KEY}"
CHROMA_IMAGE = "ghcr.io/chroma-core/chroma"

# Written for the sandbox, the same shape as Chroma's: one service, the image tag replaced by the
# UserData's sed, port 8000, the .env file, a named volume at /index_data, no restart policy.
COMPOSE_FILE = """\
version: '3.9'

networks:
  net:
    driver: bridge

services:
  server:
    image: ghcr.io/chroma-core/chroma:CHROMA_VERSION
    volumes:
      - index_data:/index_data
    ports:
      - "8000:8000"
    networks:
      - net
    env_file:
      - .env

volumes:
  index_data:
    driver: local
"""


class ComposeError(ValueError):
    """docker-compose refused the file; the message is what it prints."""


@dataclass(frozen=True)
class Service:
    name: str
    image: str
    host_port: int
    env_files: tuple[str, ...]
    volumes: tuple[str, ...]
    networks: tuple[str, ...]

    @property
    def repository(self) -> str:
        return self.image.rpartition(":")[0] if ":" in self.image else self.image

    @property
    def tag(self) -> str:
        return self.image.rpartition(":")[2] if ":" in self.image else "latest"


def read(text: str) -> Service:
    """The first service of a compose file, or ComposeError with docker-compose's words."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ComposeError(f"yaml: line {line}: did not find expected key") from None
    if not isinstance(data, dict):
        raise ComposeError("yaml: line 1: did not find expected key")
    services = data.get("services")
    if not isinstance(services, dict) or not services:
        raise ComposeError("no service selected")
    name, spec = next(iter(services.items()))
    if not isinstance(spec, dict) or not spec.get("image"):
        raise ComposeError(f"service {name!r} has neither an image nor a build context specified")
    return Service(
        name=str(name),
        image=str(spec["image"]),
        host_port=_host_port(spec.get("ports") or []),
        env_files=tuple(str(f) for f in _as_list(spec.get("env_file"))),
        volumes=tuple(str(v).partition(":")[0] for v in _as_list(spec.get("volumes"))),
        networks=tuple(str(n) for n in _as_list(spec.get("networks"))),
    )


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, dict):
        return list(value)
    return [value]


def _host_port(ports: list[object]) -> int:
    """The host port published for the container's 8000 (0 when none is)."""
    for entry in ports:
        text = str(entry)
        host, _, container = text.rpartition(":")
        if container.split("/")[0] == "8000":
            try:
                return int(host.rpartition(":")[2] or 0)
            except ValueError:
                return 0
    return 0
