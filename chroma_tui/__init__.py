"""chroma-tui: deploy your own Chroma server on AWS from the terminal."""

__version__ = "0.1.0"
