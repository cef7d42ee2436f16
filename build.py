#!/usr/bin/env python3
"""Build the briefing site: `python build.py --help` for the options."""
import sys

if __name__ == "__main__":
    try:
        from briefing.cli import main
        sys.exit(main())
    except KeyboardInterrupt:  # while Python imported the build or read the inputs: once it writes, it says where it stopped
        print("build interrupted before writing anything", file=sys.stderr)
        sys.exit(130)
