"""botocore's service models, loaded once per process and without holding the event loop.

botocore keeps loaded models in its ``Loader``, one per botocore session; chroma-tui makes one
session per (profile, region), so every new region used to parse the EC2 model again (4 MB of
JSON, ~100-150 ms). And ``json.loads(..., object_pairs_hook=OrderedDict)`` runs entirely in C,
so the worker thread parsing it holds the GIL for the whole parse and the UI's event loop
stalls (issue 10, item 7). Here every session shares one ``Loader`` whose JSON hook is a Python
function: the interpreter can then hand the GIL to the event loop between objects (worst wait
~9 ms instead of ~100 ms on the development machine), and the parse is no slower.
"""

from __future__ import annotations

import codecs
import json
import os
import threading
import zlib
from collections import OrderedDict
from typing import Any

import botocore.session
from botocore.loaders import JSONFileLoader, Loader, create_loader


def _ordered(pairs: list[tuple[str, Any]]) -> OrderedDict[str, Any]:
    """A Python-level hook on purpose: it lets other threads run during a long parse."""
    return OrderedDict(pairs)


CHUNK = 64 * 1024  # compressed bytes per step: each step holds the GIL for well under 5 ms


def _read_text(full_path: str) -> str:
    """The file's text, gunzipped and decoded in small steps (one 4 MB ``decode`` held the GIL
    ~25 ms on a busy machine; between steps other threads run)."""
    with open(full_path, "rb") as handle:
        data = handle.read()
    decoder = codecs.getincrementaldecoder("utf-8")()
    unzip = zlib.decompressobj(wbits=31) if full_path.endswith(".gz") else None
    parts = []
    for start in range(0, len(data), CHUNK):
        piece = data[start : start + CHUNK]
        parts.append(decoder.decode(unzip.decompress(piece) if unzip else piece))
    parts.append(decoder.decode(unzip.flush() if unzip else b"", final=True))
    return "".join(parts)


class YieldingJSONFileLoader(JSONFileLoader):
    """botocore's JSON file loader, reading and parsing in GIL-friendly steps (module doc)."""

    def _load_file(self, full_path: str, open_method: Any) -> Any:
        if not os.path.isfile(full_path):
            return None
        return json.loads(_read_text(full_path), object_pairs_hook=_ordered)


_lock = threading.Lock()
_shared: Loader | None = None


def shared_loader() -> Loader:
    """The process's one botocore Loader (its caches are filled once, by whichever thread)."""
    global _shared
    with _lock:
        if _shared is None:
            loader = create_loader(os.environ.get("AWS_DATA_PATH"))
            loader.file_loader = YieldingJSONFileLoader()
            _shared = loader
        return _shared


def botocore_session() -> botocore.session.Session:
    """A fresh botocore session that uses the shared loader (boto3 sets its profile)."""
    session = botocore.session.Session()
    session.register_component("data_loader", shared_loader())
    return session
