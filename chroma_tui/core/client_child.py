"""Child process that answers heartbeat checks with the real ``chromadb.HttpClient``.

Run as ``python -m chroma_tui.core.client_child``. It imports ``chromadb`` once at start (about
half a second of CPU that would otherwise stall the UI's event loop through the GIL), then reads
one JSON request per line on stdin (``{"host": ..., "port": ...}``) and writes one JSON answer per
line on stdout: ``{"heartbeat": <ns>, "version": "<v>"}`` or ``{"error": "<text>"}``. The parent
bounds every answer with a timeout and kills this process if it hangs (the client has none).
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        try:
            request = json.loads(line)
            client = chromadb.HttpClient(
                host=str(request["host"]), port=int(request["port"]), settings=settings
            )
            answer: dict[str, object] = {
                "heartbeat": int(client.heartbeat()),
                "version": str(client.get_version()),
            }
        except Exception as exc:
            answer = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
