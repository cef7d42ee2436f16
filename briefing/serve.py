"""The editors' loop: build, serve site/, rebuild on every save, show errors in the page.

The server never dies on a content mistake: the last good site stays in place and
every page shows the errors in an overlay (`_briefing/overlay.js`, which each page
loads while serving, reads `_briefing/errors.json`) until the files are fixed.
"""
from __future__ import annotations

import errno
import gc
import json
import socket
import sys
import time
from typing import Any, Callable, Iterator
from urllib.parse import unquote, urlsplit

from tornado.ioloop import IOLoop

from .errors import ContentError, ContentErrors
from .parallel import Background, can_fork
from .pipeline import Paths, Session, after_reload, build
from .render import grouped
from .urls import output_file

OVERLAY_JS = "_briefing/overlay.js"
ERRORS_JSON = "_briefing/errors.json"

# Loaded by every page while serving; asks for the current errors, never from cache.
OVERLAY = """(function () {
  var url = document.currentScript.src.replace(/overlay\\.js.*$/, "errors.json");
  function show(errors) {
    if (!errors.length) return;
    var box = document.createElement("div");
    box.id = "briefing-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
      "background:#fff;color:#0b0c0c;border-top:6px solid #d4351c;padding:1rem 1.25rem;" +
      "font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.3)";
    var h = document.createElement("strong");
    h.textContent = "Build failed: " + errors.length + " error" + (errors.length === 1 ? "" : "s") +
      ". Showing the last good build; fix the files and save.";
    h.style.cssText = "display:block;font-family:system-ui,sans-serif;font-size:17px;margin-bottom:.5rem";
    box.appendChild(h);
    var list = document.createElement("ul");
    list.style.cssText = "margin:0;padding-left:1.2rem";
    errors.forEach(function (e) {
      var li = document.createElement("li");
      li.textContent = e;
      list.appendChild(li);
    });
    box.appendChild(list);
    document.body.appendChild(box);
  }
  fetch(url, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : []; }).then(function (errors) {
    if (document.body) show(errors);
    else document.addEventListener("DOMContentLoaded", function () { show(errors); });
  }, function () {});
})();
"""


def errors_json(errors: list[ContentError]) -> str:
    return json.dumps([str(e) for e in errors], ensure_ascii=False)


# When a save changes more pages than this (a template save, say), only the pages
# open in a browser are rendered before the reload; the rest come right after it.
EAGER_PAGES = 50
# Pages left for later are rendered in slices this long, so requests are served between them.
SLICE_S = 0.02
REST_AFTER_S = 0.3  # the search index and data wait this long after a reload: the browser fetches its page first


class Rebuilder:
    """Rebuilds on demand; on failure keeps the last good site and publishes the errors.

    With `open_pages` (the site paths browsers show) it renders those first: a save
    that changes thousands of pages reloads the browser as soon as its page is
    ready. The rest is rendered on the IOLoop in slices between requests, and a
    request for a page not rendered yet renders it first (`ensure`), so no browser
    ever gets a stale page.
    """

    def __init__(self, paths: Paths, drafts: bool, log: Callable[[str], None],
                 open_pages: Callable[[], set[str]] | None = None,
                 reload: Callable[[], None] | None = None) -> None:
        self.paths = paths
        self.drafts = drafts
        self.log = log
        self.errors: list[ContentError] = []
        self.session = Session.start(paths)
        self.open_pages = open_pages
        self.reload = reload or (lambda: None)
        self.draining = False
        self.writing: tuple[Background[dict[str, str]], float] | None = None  # the rest, being written

    def __call__(self) -> None:
        started = time.perf_counter()
        self.session.later = self._later() if self.open_pages else None
        try:  # (the cyclic collector is off while it builds: pipeline.collector_paused)
            result = build(self.paths, drafts=self.drafts, overlay=(OVERLAY_JS, OVERLAY, ERRORS_JSON),
                           session=self.session)
        except ContentErrors as exc:
            self._failed(exc.errors)
            return
        except Exception as exc:  # a bug must not kill the editor's server either
            self._failed([ContentError("briefing", 0, 0, f"internal error: {exc!r}; please report it")])
            return
        self.errors = []
        left = len(self.session.renderer.pending)
        self.log(f"rebuilt {result.pages} pages in {time.perf_counter() - started:.2f} s"
                 + (f"; {left} more to follow" if left else "")
                 + ("; the search index and data files after them" if self.session.rest else ""))
        if left and not self.draining:
            self.draining = True
            IOLoop.current().add_callback(self._drain, started, 0, [])
        elif self.session.rest and not self.draining:  # once the browser has fetched its page
            IOLoop.current().call_later(REST_AFTER_S, self.rest)
        # Once the browser has its reload: collect, then set what survived (the caches)
        # aside from later collections.
        IOLoop.current().call_later(1.0, _tidy)

    def rest(self) -> None:
        """Write the files the last build left for after the reload and the pages: the search
        index, the data, the feed and the sitemap (`pipeline.after_reload`).

        They take a second at 2,000 articles and four at 8,000: in a process of their own, so
        that this loop serves pages and takes the next save meanwhile (in-process where there
        is no fork). One at a time: a newer build's follow when the one at work ends."""
        if self.writing or not self.session.rest:
            return
        if not can_fork():
            self.wait_rest()
            return
        make, self.session.rest = self.session.rest, None
        writer = self.session.writer

        def write() -> dict[str, str]:  # in the other process: its writer's digests go back
            writer.put_later(after_reload, make())
            return {rel: digest for rel, digest in writer.written.items() if after_reload(rel)}
        self.writing = Background(write), time.perf_counter()
        IOLoop.current().add_handler(self.writing[0].fileno(), lambda fd, events: self._written(),
                                     IOLoop.READ)

    def wait_rest(self) -> None:
        """Have the files of the last build left for after the reload written now: a
        browser asks for one of them."""
        if self.writing:
            self._written(then=False)
        if self.session.rest:
            make, self.session.rest = self.session.rest, None
            started = time.perf_counter()
            self.session.writer.put_later(after_reload, make())
            self._log_written(started)

    def _written(self, then: bool = True) -> None:
        """The process writing them is done: take its writer's digests; `then` start the
        next build's, if any."""
        if not self.writing:
            return
        (background, started), self.writing = self.writing, None
        IOLoop.current().remove_handler(background.fileno())
        try:
            self.session.writer.took(after_reload, background.result())
            self._log_written(started)
        except Exception as exc:  # a bug must not kill the editor's server
            self.session.writer.took(after_reload, {})  # what it wrote is unknown: all are written next time
            self.log(f"the search index and data files could not be written: internal error: {exc!r}; "
                     "please report it")
        finally:
            background.stop()
        if then:
            self.rest()

    def _log_written(self, started: float) -> None:
        self.log(f"search index and data files written in {time.perf_counter() - started:.2f} s")

    def ensure(self, target: str) -> None:
        """Render a page left for later now, because a browser asks for it."""
        if after_reload(target):
            self.wait_rest()
        if target in self.session.renderer.pending:
            late = self._finish(target)
            if late:
                self._failed(grouped(self.errors + late))

    def _later(self) -> Callable[[list[str]], set[str]]:
        shown = {_target(url) for url in self.open_pages()} if self.open_pages else set()
        return lambda changed: set() if len(changed) <= EAGER_PAGES else set(changed) - shown

    def _drain(self, started: float, count: int, late: list[ContentError]) -> None:
        """Render a slice of the pages left for later; come back for the rest."""
        pending = self.session.renderer.pending
        stop = time.perf_counter() + SLICE_S
        gc.disable()
        try:
            while pending and time.perf_counter() < stop:
                late += self._finish(next(iter(pending)))
                count += 1
        finally:
            gc.enable()
        if pending:
            IOLoop.current().add_callback(self._drain, started, count, late)
            return
        self.draining = False
        if self.session.rest:
            IOLoop.current().add_callback(self.rest)
        if late:  # a template mistake only some pages reach: show it, as after any failed build
            self._failed(grouped(self.errors + late))
            self.reload()
        elif not self.errors:
            self.log(f"rendered the other {count} pages; all done {time.perf_counter() - started:.2f} s "
                     "after the rebuild began")

    def _finish(self, target: str) -> list[ContentError]:
        try:
            self.session.writer.put(target, self.session.renderer.finish(target))
        except ContentErrors as exc:
            return exc.errors
        except Exception as exc:  # a bug must not kill the editor's server
            return [ContentError("briefing", 0, 0, f"internal error: {exc!r}; please report it")]
        return []

    def _failed(self, errors: list[ContentError]) -> None:
        self.errors = errors
        for e in errors:
            self.log(str(e))
        self.log(f"build failed: {len(errors)} error(s); serving the last good site with the errors shown")
        self._publish_errors()

    def _publish_errors(self) -> None:
        out = self.paths.out
        if not (out / "index.html").exists():
            (out / "_briefing").mkdir(parents=True, exist_ok=True)
            (out / OVERLAY_JS).write_text(OVERLAY, encoding="utf-8")
            (out / "index.html").write_text(
                '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title>'
                f'<script src="{OVERLAY_JS}"></script></head><body><h1>The first build failed</h1>'
                "<p>Fix the errors listed below and save; this page reloads by itself.</p></body></html>",
                encoding="utf-8")
        self.session.writer.forget(ERRORS_JSON)
        target = out / ERRORS_JSON
        tmp = target.with_suffix(".tmp")
        tmp.write_text(errors_json(self.errors), encoding="utf-8")
        tmp.replace(target)


def _target(url: str) -> str:
    """The output file a browser's URL shows, e.g. http://host/events/x/ -> events/x/index.html."""
    path = unquote(urlsplit(url).path).lstrip("/")
    return output_file(path)


def free_port(host: str, port: int, tries: int = 20) -> int:
    """`port` if it is free on `host`, else the next free one."""
    for candidate in range(port, port + tries):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            try:
                s.bind((host, candidate))
            except OSError as exc:
                if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                    continue
                raise
            return candidate
    raise OSError(f"ports {port} to {port + tries - 1} on {host} are all busy; pass --port")


POLL_MS = 100


def _tidy() -> None:
    gc.collect()
    gc.freeze()


SETTLE_S = 0.05


def _watcher(rebuild: Callable[[], None]) -> Any:
    """livereload's file watcher, polling every POLL_MS instead of its fixed 800 ms, and
    rebuilding once per burst of changes.

    Polling stats every watched file: about 0.3 ms for the bundled briefing and
    20 ms at 2,000 articles, a small price for a save showing up at once. A change
    is acted on once the files have been still for SETTLE_S (looked at again that
    soon): a save costs 50 ms more, and a flood of changes (a checkout, a script
    writing many files) costs one rebuild, not one per poll or per folder.
    """
    from livereload.watcher import Watcher
    from tornado.ioloop import PeriodicCallback

    class FastWatcher(Watcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.seen = False  # set by the folders' tasks during one look
            self.pending_since: float | None = None
            self.last_change = 0.0
            self.callback: Callable[[], None] = lambda: None

        def start(self, callback: Callable[[], None]) -> bool:
            self.callback = callback
            PeriodicCallback(callback, POLL_MS).start()
            return True

        def changed(self) -> None:
            self.seen = True

        def examine(self) -> tuple[str | None, float | None]:
            self.seen = False
            super().examine()
            now = time.monotonic()
            if self.seen:
                self.last_change = now
                if self.pending_since is None:
                    self.pending_since = now
                IOLoop.current().call_later(SETTLE_S, self.callback)  # look again soon
                return None, None
            if self.pending_since is not None and now - self.last_change >= SETTLE_S:
                self.pending_since = None
                rebuild()
                return self.filepath or "*", None
            return None, None

    return FastWatcher()


def serve(paths: Paths, host: str, port: int, open_browser: bool, drafts: bool) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler, StaticFileHandler

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    rebuild = Rebuilder(paths, drafts, log, open_pages=lambda: _shown_pages(LiveReloadHandler.waiters),
                        reload=lambda: LiveReloadHandler.reload_waiters())
    rebuild()
    chosen = free_port(host, port)
    if chosen != port:
        log(f"port {port} is busy; using {chosen}")
    # livereload ignores changes that come within a few seconds of the last reload;
    # an editor who breaks a file and fixes it at once must see both.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    # livereload.js says which page it shows ("info" message); keep it, to render that page first.
    LiveReloadHandler.on_message = _remember_page(LiveReloadHandler.on_message)

    class SiteHandler(StaticFileHandler):  # type: ignore[misc]
        """livereload's file handler, but a page still to be rendered is rendered first."""

        async def get(self, path: str, include_body: bool = True) -> None:
            from tornado.web import HTTPError

            rebuild.ensure(output_file(unquote(path)))
            try:
                await super().get(path, include_body)
            except HTTPError as exc:  # outside site/ (../, encoded or not): simply not there
                if exc.status_code == 403:
                    raise HTTPError(404) from None
                raise

        @classmethod
        def get_content(cls, abspath: str, start: int | None = None, end: int | None = None) -> Iterator[bytes]:
            # Whole, at once: tornado reads big files in chunks with the IOLoop running in
            # between, and the pages left for later are written in place on that loop.
            with open(abspath, "rb") as f:
                data = f.read()
            yield data[start:end]

    watcher = _watcher(rebuild)
    server = Server(watcher=watcher)
    server.SFH = SiteHandler
    for folder in (paths.content, paths.seeds, paths.templates, paths.static):
        server.watch(str(folder), watcher.changed)
    log(f"serving {paths.out}/ at http://{host}:{chosen}/ (Ctrl-C stops)")
    # live_css off: livereload names whichever file it looked at last, and a ".css" name
    # would make browsers only swap stylesheets; every rebuild needs a full reload.
    server.serve(host=host, port=chosen, root=str(paths.out), open_url_delay=0.5 if open_browser else None,
                 restart_delay=0, live_css=False)
    return 0


def _remember_page(on_message: Callable[[Any, str], None]) -> Callable[[Any, str], None]:
    def remembering(handler: Any, message: str) -> None:
        on_message(handler, message)
        try:
            said = json.loads(message)
        except ValueError:
            return
        if isinstance(said, dict) and said.get("command") == "info" and isinstance(said.get("url"), str):
            handler.briefing_page = said["url"]
    return remembering


def _shown_pages(waiters: set[Any]) -> set[str]:
    return {url for w in waiters if isinstance(url := getattr(w, "briefing_page", None), str)}
