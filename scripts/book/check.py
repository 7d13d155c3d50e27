#!/usr/bin/env python3
"""Opens every page of the built book (book/) in headless Chromium and checks what a reader sees.

For each page: every formula rendered by KaTeX (no .math-error or .katex-error, no raw `$`, `\\(` or TeX
command left in the prose), every image loaded from inside the site (naturalWidth > 0), as SVG where gnuplot drew one, no
script error or failed load (a missing KaTeX font, say), and every internal link resolves: the
file exists and, for a link into the book, the #fragment names an element of that page.
Following the "next" links from the contents page visits every chapter once, in order, and
each page's "previous" link leads back.
Screenshots of two pages, cut into screen-sized tiles, go into book/screenshots/.

Chromium is driven through its DevTools protocol over a pipe (--remote-debugging-pipe), with
the standard library only. Without Chromium the check is skipped, with a message, exit 0.

    python3 scripts/book/check.py [--book book] [--shots 01-symmetry-basics,04-curvature-generalization]
"""

import argparse
import base64
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

WIDTH, HEIGHT = 1100, 1500  # the window, and the height of one screenshot tile
TIMEOUT_S = 60

# Runs inside each page once it has loaded; returns what the checks need as JSON.
PAGE_PROBE = r"""
(async () => {
  const until = Date.now() + 20000;
  while (document.documentElement.dataset.mathRendered !== "yes" && Date.now() < until)
    await new Promise(r => setTimeout(r, 50));
  await document.fonts.ready;
  await Promise.all([...document.images].map(img => img.complete ? null :
    new Promise(r => { img.onload = img.onerror = r; })));
  const skip = "pre, code, script, style, .katex, .katex-error";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(skip)) continue;
    const m = n.data.match(/\$|\\[()\[\]]|\\[A-Za-z]{2,}/);
    if (m) raw.push(n.data.slice(Math.max(0, m.index - 30), m.index + 30));
  }
  const math = [...document.querySelectorAll("span.math")];
  return JSON.stringify({
    mathRendered: document.documentElement.dataset.mathRendered === "yes",
    mathCount: math.length,
    mathUnrendered: math.filter(el => !el.querySelector(".katex")).map(el => el.textContent.slice(0, 60)),
    mathErrors: [...document.querySelectorAll(".math-error, .katex-error")].map(el => el.title || el.textContent),
    raw: raw,
    images: [...document.images].map(img => ({src: img.src, width: img.naturalWidth, ok: img.complete && img.naturalWidth > 0})),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    ids: [...document.querySelectorAll("[id]")].map(el => el.id),
    next: (document.querySelector("a[rel=next]") || {}).href || null,
    prev: (document.querySelector("a[rel=prev]") || {}).href || null,
    height: document.documentElement.scrollHeight,
  });
})()
"""


class Browser:
    """Headless Chromium, spoken to with DevTools protocol messages over fds 3 and 4."""

    def __init__(self, executable, profile):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire_pipes():  # in the child: Chromium reads commands on fd 3, answers on fd 4
            # Move both ends above 10 first: either may already be numbered 3 or 4.
            read_end = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        args = [executable, "--headless", "--remote-debugging-pipe", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--mute-audio",
                f"--window-size={WIDTH},{HEIGHT}", f"--user-data-dir={profile}"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        self.log = open(Path(profile) / "chromium.log", "w+")
        self.process = subprocess.Popen(args, preexec_fn=wire_pipes, close_fds=False,
                                        stdin=subprocess.DEVNULL, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._buffer = b""
        self.events = []

    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                self.log.seek(0)
                raise RuntimeError("Chromium exited:\n" + self.log.read()[-2000:])
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            reply = self._read_message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method, session):
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            for i, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self._read_message(deadline))

    def close(self):
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._to_browser)
        os.close(self._from_browser)


def open_tab(browser):
    target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log"):
        browser.call(f"{domain}.enable", session=session)
    browser.call("Emulation.setDeviceMetricsOverride",
                 {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
                 session=session)
    return session


def visit(browser, session, url):
    """Loads url; returns the probe's findings and the page's errors (console, loads)."""
    browser.events.clear()
    browser.call("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired", session)
    result = browser.call("Runtime.evaluate", {"expression": PAGE_PROBE, "awaitPromise": True,
                                               "returnByValue": True}, session=session)
    if "exceptionDetails" in result:
        raise RuntimeError(f"{url}: the probe failed: {result['exceptionDetails']}")
    found = json.loads(result["result"]["value"])
    errors, warnings = [], []
    for event in browser.events:
        params = event.get("params", {})
        if event.get("method") == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"].get("exception", {}).get("description", "script error"))
        elif event.get("method") == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(params["entry"]["text"] + " " + params["entry"].get("url", ""))
        elif event.get("method") == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
            (errors if params["type"] == "error" else warnings).append(text)
    return found, errors, warnings


def screenshot(browser, session, height, stem, out):
    """Saves the whole page as tiles of one window height: stem-1.png, stem-2.png, ..."""
    tiles = []
    for i, top in enumerate(range(0, height, HEIGHT), start=1):
        clip = {"x": 0, "y": top, "width": WIDTH, "height": min(HEIGHT, height - top), "scale": 1}
        shot = browser.call("Page.captureScreenshot", {"format": "png", "clip": clip,
                                                       "captureBeyondViewport": True}, session=session)
        path = out / f"{stem}-{i}.png"
        path.write_bytes(base64.b64decode(shot["data"]))
        tiles.append(path)
    return tiles


def drawn_as_svg(src, book):
    """Whether src is a PNG copy of a figure whose SVG is in the checkout's plots/.../out/."""
    path = Path(urllib.parse.unquote(urllib.parse.urlsplit(src).path))
    if path.suffix != ".png" or book / "figures" not in path.parents:
        return False
    sub = path.parent.relative_to(book / "figures")
    return (book.parent / "plots" / sub / "out" / (path.stem + ".svg")).exists()


def link_problem(href, book, ids_by_page):
    """Why an internal link does not resolve, or None; external links are not followed."""
    parts = urllib.parse.urlsplit(href)
    if parts.scheme != "file":
        return None
    path = Path(urllib.parse.unquote(parts.path))
    if not path.exists():
        return f"{href}: no such file"
    if parts.fragment and path.parent == book and path.suffix == ".html":
        if parts.fragment not in ids_by_page.get(path.name, set()):
            return f"{href}: no element with id {parts.fragment!r}"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", default="book", help="the built site (default: book)")
    parser.add_argument("--shots", default="01-symmetry-basics,04-curvature-generalization",
                        help="pages to screenshot, comma-separated stems, or 'all'")
    parser.add_argument("--out", default=None, help="screenshot folder (default: BOOK/screenshots)")
    options = parser.parse_args()

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        print("book check: skipped: Chromium is not installed (make book-test installs it with apt)")
        return 0
    book = Path(options.book).resolve()
    pages = sorted(p.name for p in book.glob("*.html"))
    if "index.html" not in pages:
        print(f"book check: no book in {book}; run make book first", file=sys.stderr)
        return 1
    out = Path(options.out).resolve() if options.out else book / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    shots = set(p[:-5] for p in pages) if options.shots == "all" else set(options.shots.split(","))

    failures, findings = [], {}
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="book-check-") as profile:
        browser = Browser(executable, profile)
        try:
            session = open_tab(browser)
            for name in pages:
                found, errors, warnings = visit(browser, session, (book / name).as_uri())
                findings[name] = found
                problems = [f"script or load error: {e}" for e in errors]
                if not found["mathRendered"]:
                    problems.append("the math renderer never finished")
                problems += [f"formula not rendered: {t}" for t in found["mathUnrendered"]]
                problems += [f"KaTeX error: {t}" for t in found["mathErrors"]]
                problems += [f"raw TeX or $ in the text: …{t}…" for t in found["raw"]]
                for image in found["images"]:
                    if not image["ok"]:
                        problems.append(f"image did not load: {image['src']}")
                    elif not image["src"].startswith(book.as_uri() + "/"):
                        problems.append(f"image from outside the site: {image['src']}")
                    elif drawn_as_svg(image["src"], book):
                        problems.append(f"figure shown as PNG, though gnuplot drew an SVG: {image['src']}")
                failures += [f"{name}: {p}" for p in problems]
                for w in warnings:
                    print(f"  {name}: console warning: {w}")
                print(f"  {name}: {found['mathCount']} formulas, {len(found['images'])} images, "
                      f"{len(found['links'])} links" + (f", {len(problems)} problems" if problems else ""))
                stem = name[:-5]
                if stem in shots:
                    tiles = screenshot(browser, session, found["height"], stem, out)
                    print(f"    screenshots: {', '.join(str(t) for t in tiles)}")
        finally:
            browser.close()

    ids_by_page = {name: set(f["ids"]) for name, f in findings.items()}
    for name, found in findings.items():
        for href in sorted(set(found["links"])):
            problem = link_problem(href, book, ids_by_page)
            if problem:
                failures.append(f"{name}: broken link {problem}")

    # The "next" links, followed from the contents page, visit every chapter once.
    order, here = [], "index.html"
    while here and here not in order:
        order.append(here)
        nxt = findings[here]["next"]
        here = Path(urllib.parse.urlsplit(nxt).path).name if nxt else None
    for before, page in zip(order, order[1:]):
        prev = findings[page]["prev"]
        if not prev or Path(urllib.parse.urlsplit(prev).path).name != before:
            failures.append(f"{page}: its previous link is {prev}, not {before}")
    missing = set(pages) - set(order)
    if missing:
        failures.append(f"the next links from index.html never reach: {', '.join(sorted(missing))}")

    print(f"book check: {len(pages)} pages in {time.monotonic() - started:.1f} s; "
          f"reading order: {' → '.join(p[:-5] for p in order)}")
    if failures:
        print(f"book check: FAILED, {len(failures)} problems:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    print("book check: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
