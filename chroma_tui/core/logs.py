"""The debug log file, with secrets redacted before anything is written.

Redacted: AWS secret access keys, session tokens, PEM private key blocks and ``secret=...``
assignments; access key ids are masked (first and last four characters kept). botocore and
friends are held at INFO or above: their DEBUG output includes signed request headers.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from io import TextIOWrapper
from pathlib import Path

from chroma_tui.core import paths

LOG_FILE_NAME = "chroma-tui.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
NOISY_LIBRARIES = ("botocore", "boto3", "urllib3", "s3transfer", "httpx", "httpcore")
REDACTED = "[REDACTED]"

_PRIVATE_KEY = re.compile(
    r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|\Z)",
    re.DOTALL,
)
_SECRET_ASSIGNMENT = re.compile(
    r"(?i)((?:aws_)?(?:secret_access_key|secret_key|session_token|security_token|secretaccesskey"
    r"|sessiontoken|x-amz-security-token|keymaterial|password)[\"']?\s*[:=]\s*[\"']?)"
    r"[^\s\"',}]+"
)
_LONG_TOKEN = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{100,}(?![A-Za-z0-9/+=])")
_SECRET_KEY = re.compile(r"(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])")
_ACCESS_KEY_ID = re.compile(r"\b((?:AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,})\b")
_HEX = re.compile(r"^[0-9a-f]{40}$")


def _mask_key_id(match: re.Match[str]) -> str:
    key_id = match.group(1)
    return key_id[:4] + "*" * (len(key_id) - 8) + key_id[-4:]


def _secret_key(match: re.Match[str]) -> str:
    text = match.group(0)
    # Git/SHA-1 digests are 40 hex characters; a secret key mixes cases and symbols.
    if _HEX.match(text) or text.isdigit() or text.isalpha():
        return text
    return REDACTED


def redact(text: str) -> str:
    """``text`` with every secret-looking piece replaced (idempotent)."""
    text = _PRIVATE_KEY.sub(REDACTED, text)
    text = _SECRET_ASSIGNMENT.sub(lambda m: m.group(1) + REDACTED, text)
    text = _LONG_TOKEN.sub(REDACTED, text)
    text = _SECRET_KEY.sub(_secret_key, text)
    return _ACCESS_KEY_ID.sub(_mask_key_id, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (arguments merged in) with secrets redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


class RedactingFormatter(logging.Formatter):
    """Also covers tracebacks and stack text, which the filter does not see."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (rotated ones too) is created mode 0600."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding or "utf-8", errors=self.errors)


_installed: logging.Handler | None = None


def setup_logging(level: int | str = logging.DEBUG, file_name: str = LOG_FILE_NAME) -> Path:
    """Send chroma-tui's logs to ``<log_dir>/<file_name>``; returns the file's path.

    Calling it again replaces the handler it installed before (tests, language reloads).
    """
    global _installed
    numeric = logging.getLevelName(level) if isinstance(level, str) else level
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level: {level!r}")
    path = paths.log_dir() / file_name
    handler = PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    handler.setLevel(numeric)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    if _installed is not None:
        root.removeHandler(_installed)
        _installed.close()
    root.addHandler(handler)
    _installed = handler
    root.setLevel(min(root.level or logging.WARNING, numeric))
    logging.getLogger("chroma_tui").setLevel(numeric)
    for name in NOISY_LIBRARIES:
        logging.getLogger(name).setLevel(max(numeric, logging.INFO))
    return path


def shutdown_logging() -> None:
    """Remove and close the handler ``setup_logging`` installed (at exit, and in tests)."""
    global _installed
    if _installed is not None:
        logging.getLogger().removeHandler(_installed)
        _installed.close()
        _installed = None
