"""chroma-tui benchmarks: ``python benchmarks/run.py [--quick] [--json FILE]``.

See docs/performance.md.
"""
