"""The built book in a real browser: headless Chromium driven over the DevTools protocol.

The book is built from the committed notebooks into a temporary folder (execution off: it renders
their outputs). Every page must load with no console error and no failed request (the network is
closed: anything fetched from outside fails), every local link and image must resolve, and the
search page must find "Lavrov". Skipped, with the reason, where Chromium is not installed
(``make browser`` installs Debian's ``chromium`` first).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from newscorpus import report

websocket = pytest.importorskip("websocket", reason="websocket-client is not installed")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """A headless Chromium with one page, spoken to over the Chrome DevTools Protocol."""

    def __init__(self, binary: str, profile: Path):
        args = [binary, "--headless=new", "--disable-gpu", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--remote-debugging-port=0", f"--user-data-dir={profile}",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1280,900", "about:blank"]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        url = None
        deadline = time.monotonic() + 30
        while url is None and time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line and self.proc.poll() is not None:
                break
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            url = m.group(1) if m else None
        if url is None:
            self.proc.kill()
            raise RuntimeError(f"{binary} did not start its DevTools endpoint")
        self.ws = websocket.create_connection(url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def call(self, method: str, session: bool = False, **params) -> dict:
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(e.get("method") == method for e in self.events):
                return
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))
            try:
                self.events.append(json.loads(self.ws.recv()))
            except websocket.WebSocketTimeoutException:
                break
        raise TimeoutError(f"no {method} within {timeout} s")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True)
        return result["result"].get("value")

    def open(self, url: str) -> list[str]:
        """Load ``url``; return the page's errors (console errors, exceptions, failed loads)."""
        self.events = []
        self.call("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")
        time.sleep(0.3)  # let scripts that run after load report
        self.call("Runtime.evaluate", session=True, expression="1")  # drains pending events
        errors = []
        for e in self.events:
            method, p = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append("console: " + " ".join(str(a.get("value", a.get("description")))
                                                     for a in p.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                details = p["exceptionDetails"]
                errors.append(f"exception: {details.get('text', '')} "
                              f"{details.get('exception', {}).get('description', '')} "
                              f"({details.get('url', '')}:{details.get('lineNumber')})")
            elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
                errors.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
            elif method == "Network.loadingFailed":
                errors.append(f"failed request: {p.get('errorText')}")
        return errors

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book")
    return report.build(out=out).parent


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    binary = _chromium()
    if binary is None:
        pytest.skip("no Chromium found (install Debian's chromium: `make browser` does it)")
    b = Browser(binary, tmp_path_factory.mktemp("profile"))
    yield b
    b.close()


def _pages(book: Path) -> list[Path]:
    return sorted(book.glob("*.html"))


def test_the_book_has_every_chapter_search_and_a_sidebar(book):
    names = {p.name for p in _pages(book)}
    assert {"index.html", "intro.html", "search.html"} <= names
    assert {f"{p.stem}.html" for p in report.notebooks()} <= names
    intro = (book / "intro.html").read_text(encoding="utf-8")
    for p in report.notebooks():
        assert f'href="{p.stem}.html"' in intro, f"sidebar misses {p.stem}"


def test_every_page_loads_without_a_console_error(book, browser):
    problems = {}
    for page in _pages(book):
        errors = browser.open(page.as_uri())
        if errors:
            problems[page.name] = errors
    assert not problems, problems


_LINKS_JS = """JSON.stringify({
  links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
  images: Array.from(document.images).map(i => [i.src, i.complete && i.naturalWidth > 0,
                                                i.alt || ''])
})"""


def test_every_local_link_and_image_resolves(book, browser):
    broken = []
    n_images = 0
    for page in _pages(book):
        browser.open(page.as_uri())
        found = json.loads(browser.evaluate(_LINKS_JS))
        for href in found["links"]:
            url = urlparse(href)
            if url.scheme != "file":
                continue
            target = Path(unquote(url.path))
            if not target.exists():
                broken.append(f"{page.name}: link {href}")
            elif url.fragment and target.suffix == ".html":
                html = target.read_text(encoding="utf-8")
                if f'id="{url.fragment}"' not in html:
                    broken.append(f"{page.name}: anchor {href}")
        for src, loaded, alt in found["images"]:
            n_images += 1
            if not loaded:
                broken.append(f"{page.name}: image {src}")
            if not alt.strip():
                broken.append(f"{page.name}: image without alt text {src}")
    assert n_images > 0, "the book has no figures"
    assert not broken, broken


def test_code_is_hidden_by_default(book, browser):
    browser.open((book / "02_entity_frequencies.html").as_uri())
    hidden = browser.evaluate(
        "Array.from(document.querySelectorAll('details.hide-above-input, details.above-input'))"
        ".filter(d => !d.open).length")
    shown = browser.evaluate("document.querySelectorAll('.cell_input').length")
    assert shown > 0 and hidden >= shown


def test_the_search_page_finds_lavrov(book, browser):
    browser.open((book / "search.html").as_uri() + "?q=Lavrov")
    hits = 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not hits:
        hits = browser.evaluate("document.querySelectorAll('#search-results li').length") or 0
        time.sleep(0.25)
    assert hits > 0, "search for Lavrov returned nothing"
