"""Client snippets that run as shown, built from the deployment's real address.

Python: ``pip install chromadb-client`` and run. TypeScript: saved as ``chroma.mjs`` in a fresh
``npm init -y`` project (CommonJS) after ``npm install chromadb``, it runs with ``node``; it has
no top-level ``await``, so the same text also runs as a ``.ts`` file under ``tsx`` (where a
top-level ``await`` fails in a CommonJS project). Each ends with a comment line on text: adding
documents or querying by text needs an embedding function, which the thin clients lack.
"""

from __future__ import annotations

from chroma_tui.i18n import t


def python_snippet(host: str, port: int) -> str:
    return (
        "import chromadb\n"
        f'client = chromadb.HttpClient(host="{host}", port={port})\n'
        "print(client.heartbeat())\n"
        f"# {t('snippet.python.embeddings')}"
    )


def typescript_snippet(host: str, port: int) -> str:
    return (
        f"// {t('snippet.ts.save')}\n"
        'import { ChromaClient } from "chromadb";\n'
        f'const client = new ChromaClient({{ host: "{host}", port: {port} }});\n'
        "client.heartbeat().then((beat) => console.log(beat));\n"
        f"// {t('snippet.ts.embeddings')}"
    )
