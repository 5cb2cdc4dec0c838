"""Helpers the catalogue modules share to write their dicts (no translations here: the loader
reads only ``catalog_*`` modules)."""

from __future__ import annotations


def error_rows(rows: dict[str, tuple[str, str, str]]) -> dict[str, str]:
    """``{key: (title, body, fix)}`` -> the three keys an error carries: ``key.title``,
    ``key.body`` and ``key.fix``."""
    out: dict[str, str] = {}
    for key, (title, body, fix) in rows.items():
        out[f"{key}.title"] = title
        out[f"{key}.body"] = body
        out[f"{key}.fix"] = fix
    return out
