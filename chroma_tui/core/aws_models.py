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

import json
import os
import threading
from collections import OrderedDict
from typing import Any

import botocore.session
from botocore.loaders import JSONFileLoader, Loader, create_loader


def _ordered(pairs: list[tuple[str, Any]]) -> OrderedDict[str, Any]:
    """A Python-level hook on purpose: it lets other threads run during a long parse."""
    return OrderedDict(pairs)


class YieldingJSONFileLoader(JSONFileLoader):
    """botocore's JSON file loader, parsing with a Python-level hook (see the module doc)."""

    def _load_file(self, full_path: str, open_method: Any) -> Any:
        if not os.path.isfile(full_path):
            return None
        with open_method(full_path, "rb") as fp:
            payload = fp.read().decode("utf-8")
        return json.loads(payload, object_pairs_hook=_ordered)


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
