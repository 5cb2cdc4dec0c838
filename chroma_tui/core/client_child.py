"""Child process that answers heartbeat checks with the real ``chromadb.HttpClient``.

Run as ``python -m chroma_tui.core.client_child``. It imports ``chromadb`` once at start (about
half a second of CPU that would otherwise stall the UI's event loop through the GIL), then reads
one JSON request per line on stdin (``{"host": ..., "port": ...}``) and writes one JSON answer per
line on stdout: ``{"heartbeat": <ns>, "version": "<v>"}`` or ``{"error": "<text>"}``. The parent
bounds every answer with a timeout and kills this process if it hangs (the client has none).

A request with ``"op": "smoke"`` (and a ``"collection"`` name) runs the "it works" check instead
(see ``core/smoke_check.py``): one line per step as it ends, ``{"step": name, "ms": float}`` or
``{"step": name, "ms": float, "error": "<text>"}``, then ``{"done": true}``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any

# Three records in 3-d space and a query next to the first: no embedding model needed.
SMOKE_IDS = ("it-works-a", "it-works-b", "it-works-c")
SMOKE_EMBEDDINGS = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))
SMOKE_QUERY = (0.9, 0.1, 0.0)
SMOKE_EXPECTED = SMOKE_IDS[0]


def _say(message: dict[str, Any]) -> None:
    print(json.dumps(message), flush=True)


def _timed(step: str, action: Callable[[], object]) -> bool:
    """Run one step and report it; False when it failed."""
    started = time.perf_counter()
    try:
        action()
    except Exception as exc:
        ms = (time.perf_counter() - started) * 1000
        _say({"step": step, "ms": ms, "error": f"{type(exc).__name__}: {exc}"[:300]})
        return False
    _say({"step": step, "ms": (time.perf_counter() - started) * 1000})
    return True


def smoke(client: Any, name: str) -> None:
    """create -> add -> query -> delete; the collection is deleted even after a failed step."""
    box: dict[str, Any] = {}

    def create() -> None:
        box["collection"] = client.create_collection(name=name, embedding_function=None)

    def add() -> None:
        box["collection"].add(
            ids=list(SMOKE_IDS), embeddings=[list(vector) for vector in SMOKE_EMBEDDINGS]
        )

    def query() -> None:
        found = box["collection"].query(query_embeddings=[list(SMOKE_QUERY)], n_results=1)
        nearest = (found.get("ids") or [[None]])[0]
        if not nearest or nearest[0] != SMOKE_EXPECTED:
            raise AssertionError(
                f"nearest is {nearest[0] if nearest else None!r}, expected {SMOKE_EXPECTED!r}"
            )

    def delete() -> None:
        client.delete_collection(name=name)

    created = _timed("create", create)
    if created and _timed("add", add):
        _timed("query", query)
    if created:
        _timed("delete", delete)
    _say({"done": True})


def main() -> int:
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    _say({"ready": True})
    for line in sys.stdin:
        try:
            request = json.loads(line)
            client = chromadb.HttpClient(
                host=str(request["host"]), port=int(request["port"]), settings=settings
            )
            if request.get("op") == "smoke":
                smoke(client, str(request["collection"]))
                continue
            answer: dict[str, object] = {
                "heartbeat": int(client.heartbeat()),
                "version": str(client.get_version()),
            }
        except Exception as exc:
            answer = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        _say(answer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
