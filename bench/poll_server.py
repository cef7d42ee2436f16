"""An experiment, not the shipped server: `build.py --serve` with livereload polling every N ms.

    python bench/poll_server.py N [build.py arguments ...]

livereload (2.7, without pyinotify) looks for changed files from a tornado
`PeriodicCallback(poll_tasks, 800)`; briefing.serve's watcher installs its own period
(`POLL_MS`). This runs the unchanged `briefing.cli.main` with the period of whichever
PeriodicCallback drives `LiveReloadHandler.poll_tasks` replaced by N ms (800 gives
stock livereload's period; the server's wait for the files to be still, `SETTLE_S`,
stays), to measure what the polling interval alone costs or buys.
Nothing in briefing/ or livereload is edited; the change lives in this process only.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) >= 2 else 2
    interval = float(sys.argv[1])
    from livereload import handlers
    from tornado import ioloop

    base = ioloop.PeriodicCallback

    class Period(base):  # type: ignore[misc, valid-type]
        def __init__(self, callback, callback_time, *args, **kwargs):  # type: ignore[no-untyped-def]
            if callback == handlers.LiveReloadHandler.poll_tasks:
                callback_time = interval
            super().__init__(callback, callback_time, *args, **kwargs)

    ioloop.PeriodicCallback = Period  # what livereload's handlers and briefing.serve look up

    from briefing.cli import main as cli_main
    return cli_main(sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
