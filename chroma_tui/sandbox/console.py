"""An instance's serial console, as ``GetConsoleOutput`` returns it.

Lines carry the kernel's timestamp: seconds since the instance launched, on the sandbox's
*scaled* clock (real seconds times the speed factor), so a boot reads like one on EC2
(``[   49.100000] cloud-init[2210]:  Container ec2-user-server-1  Started``) at any speed.
Without ``Latest`` EC2 returns the output buffered shortly after the instance started (here: the
lines before cloud-init ran the UserData); with ``Latest`` everything so far. At most the last
64 KB, as on EC2.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

MAX_BYTES = 64 * 1024
CLOUD_INIT = "cloud-init[2210]: "
KERNEL_LINES = (
    "Linux version 5.10.228-219.884.amzn2.x86_64 (mockbuild@ip-10-0-38-130) (gcc10-gcc (GCC) "
    "10.5.0 20230707 (Red Hat 10.5.0-1), GNU ld version 2.35.2-9.amzn2.0.1) #1 SMP Tue Nov 5 "
    "22:00:06 UTC 2024",
    "Command line: BOOT_IMAGE=/boot/vmlinuz-5.10.228-219.884.amzn2.x86_64 "
    "root=UUID=0f790447-ebef-4ca0-b229-d0aa1985d57f ro console=tty0 console=ttyS0,115200n8",
)
SYSTEMD_LINES = (
    "systemd[1]: Detected virtualization amazon.",
    "systemd[1]: Detected architecture x86-64.",
    "systemd[1]: Reached target Network is Online.",
)


def stamp(seconds: float) -> str:
    return f"[{seconds:12.6f}] "


def cloud_init_date(now: datetime | None = None) -> str:
    """cloud-init's date format: ``Tue, 01 Dec 2026 11:41:19 +0000``."""
    return (now or datetime.now(timezone.utc)).strftime("%a, %d %b %Y %H:%M:%S +0000")


class ConsoleLog:
    """Append-only console lines with their boot-clock timestamps."""

    def __init__(self, speed: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.speed = speed
        self._clock = clock
        self._started = self._now()
        self._lines: list[str] = []
        self._snapshot_len: int | None = None
        self._lock = threading.Lock()

    def _now(self) -> float:
        return float(self._clock())

    def uptime(self) -> float:
        """Seconds since launch on the scaled clock."""
        return (self._now() - self._started) * self.speed

    def kernel(self, text: str) -> None:
        self._append(stamp(self.uptime()) + text)

    def cloud_init(self, text: str) -> None:
        self._append(stamp(self.uptime()) + CLOUD_INIT + text)

    def boot_lines(self) -> None:
        """What the kernel and systemd print in the first seconds."""
        for line in KERNEL_LINES + SYSTEMD_LINES:
            self.kernel(line)

    def snapshot_now(self) -> None:
        """Freeze what a call without ``Latest`` returns (EC2 buffers once, after the start)."""
        with self._lock:
            if self._snapshot_len is None:
                self._snapshot_len = len(self._lines)

    def _append(self, line: str) -> None:
        with self._lock:
            self._lines.append(line)

    def lines(self, latest: bool = True) -> list[str]:
        with self._lock:
            if latest or self._snapshot_len is None:
                return list(self._lines) if latest else []
            return self._lines[: self._snapshot_len]

    def text(self, latest: bool = True) -> str:
        data = "".join(line + "\r\n" for line in self.lines(latest)).encode("utf-8")
        return data[-MAX_BYTES:].decode("utf-8", "ignore")

    def output_b64(self, latest: bool = True) -> str:
        return base64.b64encode(self.text(latest).encode("utf-8")).decode("ascii")
