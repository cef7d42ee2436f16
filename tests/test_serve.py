"""The editors' loop in a real browser: save -> rebuild -> reload, errors as an overlay."""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest

from briefing.serve import ERRORS_JSON, free_port
from conftest import answering

PROJECT = Path(__file__).resolve().parent.parent
THEME = PROJECT / "briefing" / "theme"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
TITLE = "title: Beijing Victory Day parade\n"


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    for name in ("content", "seeds", "templates", "static"):
        shutil.copytree((THEME if name in ("templates", "static") else PROJECT) / name, tmp_path / name)
    port = free_port("127.0.0.1", 18000 + (hash(str(tmp_path)) % 2000))
    proc = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--serve", "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}/"
    answering(proc, base)
    yield proc, base, tmp_path
    proc.terminate()
    log = proc.communicate(timeout=10)[0]
    print(log)  # shown by pytest when the test failed


def test_save_reloads_the_page_and_errors_show_as_an_overlay(server: tuple[subprocess.Popen[str], str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    proc, base, root = server
    events = root / "content" / "events.yaml"
    original = events.read_text(encoding="utf-8")
    assert TITLE in original
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        with page.expect_websocket() as socket_info:
            page.goto(base + "events/victory-day-parade-2025/")
        socket_info.value.wait_for_event("framereceived")  # livereload's hello: the page is listening
        assert page.inner_text("h1") == "Beijing Victory Day parade"

        # An edited title shows up without a manual reload, within 2 s.
        events.write_text(original.replace(TITLE, "title: Beijing Victory Day parade (edited)\n"), encoding="utf-8")
        page.wait_for_function("document.querySelector('h1').textContent.endsWith('(edited)')", timeout=2000)
        assert proc.poll() is None

        # A broken file: the overlay names file and line; the last good page stays underneath.
        broken = original.replace("  people: [", "  people: [kim-jong-eun, ", 1)
        line = broken[: broken.index("kim-jong-eun")].count("\n") + 1
        events.write_text(broken, encoding="utf-8")
        overlay = page.wait_for_selector("#briefing-errors", timeout=3000)
        assert overlay is not None
        text = overlay.inner_text()
        assert f"content/events.yaml:{line}:" in text
        assert "unknown person 'kim-jong-eun'; did you mean 'kim-jong-un'" in text
        assert text.startswith("Build failed: 1 error. Showing the last good build; fix the files and save.")
        assert page.inner_text("h1") == "Beijing Victory Day parade (edited)"
        assert proc.poll() is None

        # Every page shows it, not just the one that was open.
        other = browser.new_page()
        other.goto(base + "people/")
        other.wait_for_selector("#briefing-errors", timeout=3000)
        other.close()

        # Fixed: the page reloads into the fixed version, overlay gone.
        events.write_text(original, encoding="utf-8")
        page.wait_for_function("!document.querySelector('#briefing-errors') && "
                               "document.querySelector('h1').textContent === 'Beijing Victory Day parade'",
                               timeout=3000)
        assert proc.poll() is None

        # A YAML syntax error too: file, line and column.
        events.write_text(original.replace(TITLE, "title: [unclosed\n", 1), encoding="utf-8")
        overlay = page.wait_for_selector("#briefing-errors", timeout=3000)
        assert overlay is not None and "content/events.yaml:" in overlay.inner_text()
        assert "YAML syntax error" in overlay.inner_text()
        events.write_text(original, encoding="utf-8")
        page.wait_for_function("!document.querySelector('#briefing-errors')", timeout=3000)
        browser.close()
    assert proc.poll() is None


def test_a_template_save_shows_on_the_open_page_and_every_page_clicked_next(
        server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """A template save changes every page: the browser reloads into the new one, and any
    page a reader opens next is new too."""
    from playwright.sync_api import sync_playwright

    proc, base, root = server
    template = root / "templates" / "base.html"
    original = template.read_text(encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        with page.expect_websocket() as socket_info:
            page.goto(base + "events/victory-day-parade-2025/")
        socket_info.value.wait_for_event("framereceived")
        template.write_text(original.replace("Every quote is checked", "Template edited. Every quote is checked"),
                            encoding="utf-8")
        page.wait_for_function("document.querySelector('footer').textContent.includes('Template edited.')",
                               timeout=5000)  # a behaviour, not a speed: bench/ times the reload
        for link in ("People", "Sources"):  # straight on, while the other pages may still be rendering
            page.get_by_role("navigation", name="Sections").get_by_role("link", name=link).click()
            assert "Template edited." in page.inner_text("footer"), link
        page.goto(base + "sources/")
        first = page.locator("main a[href*='sources/']").first
        first.click()
        assert "Template edited." in page.inner_text("footer")
        browser.close()
    assert proc.poll() is None
    proc.terminate()
    log = proc.communicate(timeout=10)[0]
    assert re.search(r"^rebuilt \d+ pages in [\d.]+ s: \d+ files? changed$", log, re.M), log


def test_served_from_content_that_never_built_the_page_says_so_not_that_it_shows_a_good_build(
        tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    for name in ("content", "seeds"):
        shutil.copytree(PROJECT / name, tmp_path / name)
    events = tmp_path / "content" / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace(TITLE, "title: [unclosed\n", 1), encoding="utf-8")
    port = free_port("127.0.0.1", 20000 + (hash(str(tmp_path)) % 2000))
    proc = subprocess.Popen([sys.executable, str(PROJECT / "build.py"), "--serve", "--port", str(port)],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        answering(proc, f"http://127.0.0.1:{port}/")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            overlay = page.wait_for_selector("#briefing-errors", timeout=3000)
            assert overlay is not None and overlay.inner_text().startswith(
                "Build failed: 1 error. No build has worked yet; fix the files and save.")
            assert page.inner_text("h1") == "The first build failed"
            browser.close()
    finally:
        proc.terminate()
        log = proc.communicate(timeout=10)[0]
    assert "build failed: 1 error; no build has worked yet: the site's page lists the errors" in log, log


def test_busy_port_moves_to_the_next_free_one() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        busy = s.getsockname()[1]
        assert free_port("127.0.0.1", busy) != busy


def test_port_0_is_any_free_port_named_as_it_is_and_one_out_of_range_a_usage_error(tmp_path: Path) -> None:
    """Tried by an editor: `--port 87651` printed a traceback (exit 1) after building the site, and `--port 0`
    said it served at http://127.0.0.1:0/."""
    given = free_port("127.0.0.1", 0)
    assert 0 < given <= 65535
    assert free_port("127.0.0.1", 65535) in range(65516, 65536)  # not past the last port
    for port in ("87651", "-1", "8k"):
        done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "serve", "--port", port], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.splitlines()[-1].endswith(f"'{port}' is not a port: give 1 to 65535, or 0 for any free one")
    assert not (tmp_path / "site").exists()  # refused before building


def test_a_port_only_a_stopped_servers_connections_hold_is_free() -> None:
    """Tried by an editor: restarted with a browser tab still open, the server moved to the next port (its old
    connection was closing), and the tab's live reload, still on the old one, never came back."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server's own socket
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        tab = socket.create_connection(("127.0.0.1", port))
        served, _ = listener.accept()
        served.close()  # the server's side closes first, as a stopped server's does: its port is left closing
    try:
        assert free_port("127.0.0.1", port) == port
    finally:
        tab.close()


def _get(base: str, path: str) -> int:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.request("GET", path)  # sent exactly as written: no client-side clean-up of ../
    status = conn.getresponse().status
    conn.close()
    return status


def test_the_server_serves_nothing_outside_the_site(server: tuple[subprocess.Popen[str], str, Path]) -> None:
    proc, base, root = server
    assert _get(base, "/people/") == 200
    for path in ("/../content/site.yaml", "/%2e%2e/content/site.yaml", "/..%2fcontent/site.yaml",
                 "/%2e%2e%2fcontent%2fsite.yaml", "/static/../../content/site.yaml", "/..\\\\content\\\\site.yaml",
                 "//etc/passwd", "/%2fetc%2fpasswd"):
        assert _get(base, path) == 404, path
    assert proc.poll() is None


def test_a_burst_of_requests_and_a_flood_of_changes(server: tuple[subprocess.Popen[str], str, Path]) -> None:
    import concurrent.futures

    proc, base, root = server
    pages = ["", "people/", "timeline/", "sources/", "events/victory-day-parade-2025/", "static/style.css"]
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(lambda i: _get(base, "/" + pages[i % len(pages)]), range(1000)))
    assert codes == [200] * 1000
    assert proc.poll() is None
    # A flood of changes over a third of a second (a checkout, a script): one rebuild for all of it.
    time.sleep(0.5)
    for i in range(60):
        (root / "static" / f"extra-{i}.css").write_text(f"/* {i} */\\n", encoding="utf-8")
        time.sleep(0.005)
    time.sleep(1.5)
    proc.terminate()
    log = proc.communicate(timeout=10)[0]
    rebuilt = [line for line in log.splitlines() if line.startswith("rebuilt ")]
    assert len(rebuilt) == 2, log  # the first build, then one for the whole flood
    assert _get_after_stop_is_impossible(base)


def _get_after_stop_is_impossible(base: str) -> bool:
    try:
        _get(base, "/")
    except OSError:
        return True
    return False


def test_kill_stops_it_as_ctrl_c_does_saying_what_it_leaves(server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """What is left in site/ is a preview (every page loads the error overlay, /changes/ shows what is not
    recorded yet): stopped by Ctrl-C or `kill`, the server says so, so that nobody publishes it unawares."""
    proc, base, root = server
    proc.terminate()  # SIGTERM, as `kill` sends
    log = proc.communicate(timeout=10)[0]
    assert proc.returncode == 0 and _get_after_stop_is_impossible(base)
    assert log.rstrip().splitlines()[-1] == "site/ holds the dev server's preview; build it again before publishing it"


def test_stopped_after_a_one_shot_build_it_does_not_call_that_site_a_preview(
        server: tuple[subprocess.Popen[str], str, Path]) -> None:
    proc, base, root = server
    built = subprocess.run([sys.executable, str(PROJECT / "build.py"), "build", "-q"], cwd=root, capture_output=True,
                           text=True, timeout=120)
    assert built.returncode == 0, built.stderr
    proc.terminate()
    log = proc.communicate(timeout=10)[0]
    assert "preview" not in log, log


def test_a_file_moved_in_with_an_older_time_is_served_and_one_removed_is_gone(
        server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """`mv` (or an unpacked archive) keeps a file's old time: the server sees it all the same, and a removal too."""
    import os

    proc, base, root = server
    elsewhere = root / "banner.svg"
    elsewhere.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    os.utime(elsewhere, (1_700_000_000, 1_700_000_000))  # November 2023: before the server started
    elsewhere.rename(root / "static" / "banner.svg")
    assert _eventually(lambda: _get(base, "/static/banner.svg") == 200)
    (root / "static" / "banner.svg").unlink()
    assert _eventually(lambda: _get(base, "/static/banner.svg") == 404)
    assert proc.poll() is None


def test_a_folder_made_in_the_content_is_seen(server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """Tried by an editor of folders: `mkdir content/themes-old` while serving made no rebuild and no overlay
    (the build names such a folder: nothing of it is read)."""
    proc, base, root = server
    (root / "content" / "themes-old").mkdir()
    errors = base + ERRORS_JSON
    assert _eventually(lambda: "themes-old" in urllib.request.urlopen(errors).read().decode("utf-8"))
    (root / "content" / "themes-old").rmdir()
    assert _eventually(lambda: urllib.request.urlopen(errors).read() == b"[]")
    assert proc.poll() is None


def test_a_removed_items_folder_goes_and_a_missing_page_is_the_sites_own(
        server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """Tried by an editor: the folders of 40 events added and then deleted stayed in site/ (empty), and their
    addresses got the server's bare "404: Not Found", not the site's page."""
    proc, base, root = server
    events = root / "content" / "events.yaml"
    before = events.read_text(encoding="utf-8")
    events.write_text(before + "- id: burst-8\n  title: Burst\n  date: 2025-09-03\n  summary: S.\n  sources:\n"
                      "    - article: afp-what-we-know\n", encoding="utf-8")
    assert _eventually(lambda: _get(base, "/events/burst-8/") == 200)
    events.write_text(before, encoding="utf-8")
    assert _eventually(lambda: not (root / "site" / "events" / "burst-8").exists())
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base + "events/burst-8/")
    page = missing.value.read().decode("utf-8")
    assert missing.value.code == 404 and 'href="/static/style.css"' in page and 'href="#main"' in page
    site_page = (root / "site" / "404.html").read_text("utf-8")
    assert site_page.split("<title>")[1].split("</title>")[0] in page  # the site's page (the reload script added)
    assert proc.poll() is None


def test_the_page_not_found_links_within_the_dev_server_when_base_url_has_a_path(
        server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """A briefing published under a path (base_url https://example.org/research/korea/): its page not found links
    from that path, as the host serves it; the dev server serves the site at its root, where those links led to
    its own 404 page (the style sheet, the home page, every link of it)."""
    proc, base, root = server
    site_yaml = root / "content" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + "base_url: https://example.org/research/korea/\n",
                         encoding="utf-8")

    def missing() -> str:
        try:
            urllib.request.urlopen(base + "events/no-such-event/")
        except urllib.error.HTTPError as exc:
            return exc.read().decode("utf-8") if exc.code == 404 else ""
        return ""
    home = root / "site" / "index.html"
    assert _eventually(lambda: "https://example.org/research/korea/" in home.read_text("utf-8"))
    page = missing()
    links = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert 'href="/static/style.css"' in page and "/timeline/index.html" in links, links
    assert not [link for link in links if link.startswith("/research/")], links
    for link in links:
        if link.startswith("/") and not link.startswith("//"):  # livereload's script: `src="//' + host ...`
            assert _get(base, link) == 200, link
    assert proc.poll() is None


def _eventually(done: Callable[[], bool], seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            return False
        time.sleep(0.1)
    return True


def test_a_second_dev_server_of_the_same_site_is_refused(server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """Tried by an editor: a second `serve` (with --drafts, on the next free port) started without a word, and the
    two rebuilt site/ between each other's builds, each its own way."""
    proc, base, root = server
    second = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--serve", "--drafts"], cwd=root,
                            capture_output=True, text=True, timeout=60)
    assert second.returncode == 75
    assert second.stderr.startswith("cannot serve: site/ is served by another dev server (process ")
    assert second.stderr.rstrip().endswith("use that one, stop it, or serve another --out")
    assert proc.poll() is None and _get(base, "/") == 200


def test_the_log_says_what_a_save_changed_and_when_nothing_did(server: tuple[subprocess.Popen[str], str, Path]) -> None:
    """Tried by an editor: every save logged "rebuilt 2747 pages", a save of the same bytes too, where 16 files
    or none had changed."""
    proc, base, root = server
    events = root / "content" / "events.yaml"
    time.sleep(0.5)
    events.write_bytes(events.read_bytes())  # saved again as it was
    time.sleep(1.5)
    events.write_text(events.read_text(encoding="utf-8").replace(TITLE, "title: Beijing parade\n", 1), "utf-8")
    time.sleep(3)
    proc.terminate()
    log = [line for line in proc.communicate(timeout=10)[0].splitlines() if line.startswith(("rebuilt", "nothing"))]
    assert len(log) == 3 and re.fullmatch(r"nothing changed since the last build \([\d.]+ s\)", log[1]), log
    rebuilt = re.fullmatch(r"rebuilt (\d+) pages in [\d.]+ s: (\d+) files changed", log[2])
    assert rebuilt and 0 < int(rebuilt[2]) < int(rebuilt[1]), log
