"""The sandbox's one endpoint: CloudFormation answered here, everything else proxied to moto.

Requests are recognised as CloudFormation by the SigV4 credential scope (``/cloudformation/``)
or by a query-protocol form body with ``Version=2010-05-15``. ``/_sandbox/*`` paths are the
sandbox's own control endpoints (not AWS APIs).
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

log = logging.getLogger(__name__)

CFN_VERSION = "2010-05-15"
SCOPE_RE = re.compile(r"Credential=[^/,]+/\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "proxy-connection", "upgrade"}
MY_IP = "203.0.113.7"  # a documentation address (RFC 5737), as checkip.amazonaws.com answers
RULE_ACTIONS = frozenset({"AuthorizeSecurityGroupIngress", "RevokeSecurityGroupIngress"})
PROXY_TIMEOUT_S = 60.0
# Services the app calls that moto has no backend for: moto cannot route them (it printed a
# traceback and answered 500), so the sandbox answers itself that it does not emulate them.
NOT_EMULATED = frozenset({"pricing"})


class Control:
    """What the front server needs from the sandbox (kept as callables to stay decoupled)."""

    def __init__(
        self,
        cloudformation: Callable[[str, dict[str, str]], tuple[int, str]],
        health: Callable[[], dict[str, Any]],
        set_scenario: Callable[[str], None],
        reset: Callable[[], None],
        touch_region: Callable[[str], None] = lambda region: None,
        ec2: Callable[[str, dict[str, str]], tuple[int, str] | None] = lambda r, p: None,
        instances: Callable[[], list[dict[str, Any]]] = list,
        my_ip: Callable[[], str] = lambda: MY_IP,
        set_my_ip: Callable[[str], None] | None = None,
        rules_changed: Callable[[str], None] = lambda region: None,
    ) -> None:
        self.cloudformation = cloudformation
        self.health = health
        self.set_scenario = set_scenario
        self.reset = reset
        self.touch_region = touch_region
        self.ec2 = ec2  # answers for the sandbox's own instances, else None: proxied
        self.instances = instances
        self.my_ip = my_ip
        self.set_my_ip = set_my_ip  # None: "my IP" cannot be changed
        self.rules_changed = rules_changed  # after a proxied security-group rule change


def scope(authorization: str) -> tuple[str | None, str | None]:
    """(region, service) from a SigV4 Authorization header."""
    match = SCOPE_RE.search(authorization or "")
    return (match.group(1), match.group(2)) if match else (None, None)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as separate writes
    server: FrontServer

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._handle()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_GET

    # -- request plumbing -----------------------------------------------------------------
    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked_raw()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _read_chunked_raw(self) -> bytes:
        """The chunked body as sent (forwarded as is, with its Transfer-Encoding header)."""
        raw = bytearray()
        while True:
            line = self.rfile.readline(65537)
            raw += line
            size = int(line.split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while True:  # trailers up to the blank line
                    trailer = self.rfile.readline(65537)
                    raw += trailer
                    if trailer in (b"\r\n", b"\n", b""):
                        return bytes(raw)
            raw += self.rfile.read(size + 2)

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "sandbox")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _handle(self) -> None:
        try:
            body = self._read_body()
            path = urlsplit(self.path).path
            if path.startswith("/_sandbox/"):
                self._control(path, body)
                return
            region, service = scope(self.headers.get("Authorization", ""))
            self.server.control.touch_region(region or "us-east-1")
            params = self._cfn_params(service, body)
            if params is not None:
                status, text = self.server.control.cloudformation(region or "us-east-1", params)
                self._send(status, text.encode("utf-8"), "text/xml")
                return
            if service in NOT_EMULATED:
                self._not_emulated(service)
                return
            action = ""
            if service == "ec2" and self.command == "POST":
                form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
                answer = self.server.control.ec2(region or "us-east-1", form)
                if answer is not None:
                    self._send(answer[0], answer[1].encode("utf-8"), "text/xml;charset=UTF-8")
                    return
                action = form.get("Action", "")
            self._proxy(body)
            if action in RULE_ACTIONS:  # the group changed: who may reach port 8000 now
                self.server.control.rules_changed(region or "us-east-1")
        except (ConnectionError, TimeoutError) as exc:
            log.info("client connection lost: %s", exc)
            self.close_connection = True

    def _cfn_params(self, service: str | None, body: bytes) -> dict[str, str] | None:
        if service not in (None, "cloudformation") or self.command != "POST":
            return None
        ctype = self.headers.get("Content-Type", "")
        if "x-www-form-urlencoded" not in ctype:
            return None
        params = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        if service == "cloudformation" or params.get("Version") == CFN_VERSION:
            return params
        return None

    # -- control endpoints ----------------------------------------------------------------
    def _control(self, path: str, body: bytes) -> None:
        control = self.server.control
        if path == "/_sandbox/health" and self.command in ("GET", "HEAD"):
            self._json(200, control.health())
        elif path == "/_sandbox/instances" and self.command in ("GET", "HEAD"):
            self._json(200, {"instances": control.instances()})
        elif path == "/_sandbox/myip" and self.command in ("GET", "HEAD"):
            self._send(200, (control.my_ip() + "\n").encode(), "text/plain")
        elif path == "/_sandbox/myip" and self.command == "POST" and control.set_my_ip:
            try:
                control.set_my_ip(body.decode("utf-8", "replace"))
            except ValueError as exc:
                self._json(400, {"error": f"not an IP address: {exc}"})
                return
            self._json(200, {"my_ip": control.my_ip()})
        elif path == "/_sandbox/scenario" and self.command == "POST":
            name = body.decode("utf-8", "replace").strip()
            if name.startswith("{"):
                name = str(json.loads(name).get("name", ""))
            try:
                control.set_scenario(name)
            except ValueError as exc:
                self._json(400, {"error": str(exc)})
                return
            self._json(200, control.health())
        elif path == "/_sandbox/reset" and self.command == "POST":
            control.reset()
            self._json(200, control.health())
        else:
            self._json(404, {"error": f"no such sandbox endpoint: {self.command} {path}"})

    def _not_emulated(self, service: str) -> None:
        """An AWS-shaped JSON error (HTTP 501: botocore does not retry it): the caller falls
        back as it would if the API were unreachable (pricing: the shipped price table)."""
        error = {
            "__type": "NotImplemented",
            "message": f"the sandbox does not emulate the AWS {service} API",
        }
        self._send(501, json.dumps(error).encode(), "application/x-amz-json-1.1")

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    # -- proxy to moto --------------------------------------------------------------------
    def _proxy(self, body: bytes) -> None:
        host, port = self.server.upstream
        conn = http.client.HTTPConnection(host, port, timeout=PROXY_TIMEOUT_S)
        try:
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for key, value in self.headers.items():
                if key.lower() not in ("connection", "keep-alive", "proxy-connection", "expect"):
                    conn.putheader(key, value)
            conn.putheader("Connection", "close")
            conn.endheaders(body or None)
            upstream = conn.getresponse()
            data = upstream.read()
        except OSError as exc:
            self._send(502, f"sandbox: moto unreachable: {exc}".encode(), "text/plain")
            return
        finally:
            conn.close()
        self.send_response(upstream.status, upstream.reason)
        for key, value in upstream.getheaders():
            if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                self.send_header(key, value)
        if self.command == "HEAD":
            length = upstream.getheader("Content-Length")
            if length is not None:
                self.send_header("Content-Length", length)
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FrontServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int, upstream: tuple[str, int], control: Control) -> None:
        super().__init__((host, port), _Handler)
        self.upstream = upstream
        self.control = control
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that vanished mid-request (e.g. a FaultProxy cut) is not an error."""
        kind = sys.exc_info()[0]
        if kind is not None and issubclass(kind, (ConnectionError, TimeoutError)):
            log.debug("client %s went away", client_address)
            return
        log.exception("sandbox front server: request from %s failed", client_address)

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.2},
            daemon=True,
            name="sandbox-front",
        )
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(5)
