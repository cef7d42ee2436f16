"""briefing: turn curated YAML and raw articles into a linked static briefing site."""

__version__ = "0.2.0"  # the one place it is written: pyproject.toml reads it from here
