"""The document templates that ship with the platform (YAML, one file each; see ../definitions.py)."""

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
