"""The editors' loop: build, serve site/, rebuild on every save, show errors in the page.

The server never dies on a content mistake: the last good site stays in place, and every page's
overlay (`_briefing/overlay.js`) shows the errors (`_briefing/errors.json`) until the files are fixed."""
from __future__ import annotations

import contextlib
import errno
import functools
import gc
import json
import os
import re
import signal
import socket
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterator

from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.web import HTTPError

from .cache import Cache
from .errors import ContentError, ContentErrors, counted
from .pipeline import Options, Overlay, Paths, build
from .urls import LINKING
from .write import LockedError, lock

OVERLAY_JS = "_briefing/overlay.js"
ERRORS_JSON = "_briefing/errors.json"
POLL_MS = 100
SETTLE_S = 0.05

# Loaded by every page while serving; asks for the current errors, never from cache.
OVERLAY = Path(__file__).with_name("overlay.js").read_text(encoding="utf-8")


class Rebuilder:
    """Rebuilds on demand, with one cache kept in memory; on failure, keeps the last good site and shows the errors."""

    def __init__(self, paths: Paths, drafts: bool, log: Callable[[str], None]) -> None:
        self.paths = paths
        self.options = Options(drafts, None, Overlay(OVERLAY_JS, OVERLAY, ERRORS_JSON))
        self.log = log
        self.errors: list[ContentError] = []
        self.cache = Cache()

    def __call__(self) -> None:
        started = time.perf_counter()
        try:
            result = build(self.paths, self.options, self.cache)
        except ContentErrors as exc:
            return self._failed(exc.errors)
        except LockedError as exc:
            return self._failed([ContentError(str(self.paths.out), 0, 0, str(exc))])
        except Exception as exc:  # a bug must not kill the editor's server either
            return self._failed([ContentError("briefing", 0, 0, f"internal error: {exc!r}; please report it")])
        finally:
            self.cache.forget()  # a failed build's count (a good one's is already kept)
        self.errors = []
        took = time.perf_counter() - started
        self.log(f"nothing changed since the last build ({took:.2f} s)" if result.unchanged else
                 f"rebuilt {result.pages} pages in {took:.2f} s: {counted(result.changed, 'file')} changed")
        for line in result.unused:  # a theme's developer works in the dev server
            self.log(line)
        # Once the browser has its reload: collect, then keep what survived (the cache) out of later collections.
        IOLoop.current().call_later(1.0, _tidy)

    def _failed(self, errors: list[ContentError]) -> None:
        self.errors = errors
        for e in errors:
            self.log(str(e))
        out = self.paths.out
        first = not (out / "index.html").exists()
        self.log(f"build failed: {counted(len(errors), 'error')}; " + (
            "no build has worked yet: the site's page lists the errors" if first else
            "serving the last good site with the errors shown"))
        if first:
            (out / "_briefing").mkdir(parents=True, exist_ok=True)
            (out / OVERLAY_JS).write_text(OVERLAY, encoding="utf-8")
            (out / "index.html").write_text(
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title>'
                f'<script src="{OVERLAY_JS}"></script></head><body data-no-build><h1>The first build failed</h1>'
                "<p>Fix the errors listed below and save; this page reloads by itself.</p></body></html>",
                encoding="utf-8")
        tmp = (out / ERRORS_JSON).with_suffix(".tmp")
        tmp.write_text(json.dumps([str(e) for e in errors], ensure_ascii=False), encoding="utf-8")
        tmp.replace(out / ERRORS_JSON)


# A link relative to its page: not absolute (a scheme), from the root (/) or to a part of the page (#)
_FROM_ROOT = re.compile(rf'\b({"|".join(LINKING)})="(?![A-Za-z][A-Za-z0-9+.-]*:|/|#)'.encode())


def free_port(host: str, port: int, tries: int = 20) -> int:
    """`port` or the next free one; for 0, the one the system gives."""
    for candidate in range(port, min(port + tries, 65536)):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            # as the server binds it: a port a stopped server's connections still hold (TIME_WAIT) is free
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind((host, candidate))
                return int(s.getsockname()[1])
            except OSError as exc:
                if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                    raise
    raise OSError(f"ports {port} to {min(port + tries, 65536) - 1} on {host} are all busy; pass --port")


def _tidy() -> None:
    gc.collect()
    gc.freeze()


def _watcher(rebuild: Callable[[], None]) -> Any:
    """livereload's file watcher, polling every POLL_MS (not 800 ms) so that a save shows at once, and rebuilding
    once the files have been still for SETTLE_S: a flood of changes (a checkout) costs one rebuild."""
    from livereload.watcher import Watcher

    class FastWatcher(Watcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.seen = False  # set by the folders' tasks during one look
            self.listings: dict[str, dict[str, tuple[int, int, int]]] = {}  # each folder's files as last seen
            self.pending = False  # a change not yet rebuilt
            self.last_change = 0.0
            self.callback: Callable[[], None] = lambda: None

        def start(self, callback: Callable[[], None]) -> bool:
            self.callback = callback
            PeriodicCallback(callback, POLL_MS).start()
            return True

        def changed(self) -> None:
            self.seen = True

        def watch(self, path: str, func: Any = None, delay: Any = None, ignore: Any = None) -> None:
            super().watch(path, func, delay, ignore)
            self.listings[path] = self._listing(path)

        def is_changed(self, path: str, ignore: Any = None) -> bool:
            """Whether a file in the folder was added, removed or changed since the last look: livereload's own
            test misses a file moved in with an older time (`mv`, an unpacked archive) and any file removed."""
            now = self._listing(path)
            before, self.listings[path] = self.listings.get(path), now
            if before is None or now == before:
                return False
            self.filepath = next((f for f in sorted(now.keys() | before.keys()) if now.get(f) != before.get(f)),
                                 path)
            return True

        def _listing(self, folder: str) -> dict[str, tuple[int, int, int]]:
            found: dict[str, tuple[int, int, int]] = {}
            for root, dirs, files in os.walk(folder, followlinks=True):
                dirs[:] = [d for d in dirs if d not in self.ignored_dirs]
                found.update((os.path.join(root, d, ""), (0, 0, 0)) for d in dirs)  # a folder made or removed too
                for name in files:
                    file = os.path.join(root, name)
                    with contextlib.suppress(OSError):  # gone meanwhile: not there
                        if not self.ignore(file):
                            st = os.stat(file)
                            found[file] = (st.st_mtime_ns, st.st_size, st.st_ino)
            return found

        def examine(self) -> tuple[str | None, float | None]:
            self.seen = False
            super().examine()
            now = time.monotonic()
            if self.seen:
                self.last_change = now
                self.pending = True
                IOLoop.current().call_later(SETTLE_S, self.callback)  # look again soon
                return None, None
            if self.pending and now - self.last_change >= SETTLE_S:
                self.pending = False
                rebuild()
                return self.filepath or "*", None
            return None, None

    return FastWatcher()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(paths: Paths, host: str, port: int, open_browser: bool, drafts: bool) -> int:
    with lock(paths.out, "serve"):  # one dev server a site: a second would rebuild it between the first's builds
        return _serve(paths, host, port, open_browser, drafts)


def _serve(paths: Paths, host: str, port: int, open_browser: bool, drafts: bool) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler, StaticFileHandler

    log = functools.partial(print, file=sys.stderr, flush=True)
    rebuild = Rebuilder(paths, drafts, log)
    watcher = _watcher(rebuild)
    server = Server(watcher=watcher)
    for folder in (paths.content, paths.seeds, *paths.template_folders, *paths.static_folders):
        server.watch(str(folder), watcher.changed)  # as they are now: what changes from here on is rebuilt
    rebuild()
    chosen = free_port(host, port)
    if chosen != port and port:
        log(f"port {port} is busy; using {chosen}")
    # livereload ignores changes within seconds of the last reload; an editor who breaks and fixes a file sees both.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0

    class SiteHandler(StaticFileHandler):  # type: ignore[misc]
        """livereload's file handler; outside the site is not found, not forbidden."""

        async def get(self, path: str, include_body: bool = True) -> None:
            try:
                await super().get(path, include_body)
            except HTTPError as exc:  # outside site/ (../, encoded or not): simply not there
                if exc.status_code == 403:
                    raise HTTPError(404) from None
                raise

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            """Not found: the site's own page, as a host serves it, its links from the site's root (the server's
            root): written relative to the root folder, they would lead nowhere from a deeper address."""
            page = paths.out / "404.html"
            if status_code != 404 or not page.is_file():
                return super().write_error(status_code, **kwargs)  # type: ignore[no-any-return]
            self.set_header("Content-Type", "text/html; charset=UTF-8")
            self.finish(_FROM_ROOT.sub(rb'\1="/', page.read_bytes()))

        @classmethod
        def get_content(cls, abspath: str, start: int | None = None, end: int | None = None) -> Iterator[bytes]:
            # Whole, at once: between chunks the IOLoop could run a rebuild, which writes pages in place.
            yield Path(abspath).read_bytes()[start:end]

    server.SFH = SiteHandler
    log(f"serving {paths.out}/ at http://{host}:{chosen}/ (Ctrl-C stops)")
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does, saying what it leaves
    try:
        # live_css off: a ".css" name (livereload names the file it looked at last) would only swap stylesheets.
        server.serve(host=host, port=chosen, root=str(paths.out), open_url_delay=0.5 if open_browser else None,
                     restart_delay=0, live_css=False)
    finally:  # what is left is a preview: every page loads the error overlay, /changes/ shows what is unrecorded
        if (paths.out / OVERLAY_JS).exists():  # not if a one-shot build has written the site since
            log(f"{paths.out}/ holds the dev server's preview; build it again before publishing it")
    return 0
