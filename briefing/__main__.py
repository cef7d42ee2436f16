"""`python -m briefing`: the same command as `briefing`."""
from .cli import run

run(prog="python -m briefing")
