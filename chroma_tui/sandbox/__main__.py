"""``python -m chroma_tui.sandbox [--scenario S] [--speed F] [--provision-only] [--stop]``."""

from __future__ import annotations

import sys

from chroma_tui.sandbox.daemon import run_command

if __name__ == "__main__":
    sys.exit(run_command(sys.argv[1:]))
