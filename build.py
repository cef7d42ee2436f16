#!/usr/bin/env python3
"""This repository's entry point: `python build.py` is the `briefing` command (`python build.py --help`)."""

if __name__ == "__main__":
    from briefing.cli import run
    run(prog="python build.py")
