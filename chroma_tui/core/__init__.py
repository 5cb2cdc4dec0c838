"""The UI-free core: AWS, the Chroma probe, saved state and the template.

Nothing under ``chroma_tui.core`` may import textual (see tests/test_import_hygiene.py).
"""
