"""The report in a real browser: headless Chromium loads OUT/report.html and page views
over the DevTools protocol; the rendered DOM must show the legend, the struck spans of
every removal and counts equal to summary.json, with no console error. Screenshots go
to build/test-report/ (and the test's tmp folder).

`make test` installs Debian's chromium when it is missing (target `browser`). Without
chromium the test is skipped only when it cannot be installed (not root); as root,
as in CI, a missing chromium is a failure.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from cleaner.batch import run_batch
from cleaner.types import Reason

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "eval" / "sets" / "seeds"
SHOTS = ROOT / "build" / "test-report"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

if CHROMIUM is None:
    if os.geteuid() == 0:
        pytest.fail("chromium is missing: `make browser` installs it (apt-get install chromium)", pytrace=False)
    pytest.skip("chromium is missing and cannot be installed without root", allow_module_level=True)

websocket = pytest.importorskip("websocket") if os.geteuid() != 0 else __import__("websocket")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--remote-debugging-port=0", "--window-size=1400,1000"]


class Browser:
    """One headless Chromium and one tab, driven over the DevTools protocol."""

    def __init__(self) -> None:
        self.profile = tempfile.mkdtemp(prefix="cleaner-chromium-")
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.close()
                raise RuntimeError("chromium did not start")
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        for _ in range(100):
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5))
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                break
            time.sleep(0.05)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id, self.errors = 0, []
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def call(self, method: str, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self._event(msg)

    def _event(self, msg: dict) -> None:
        method, p = msg.get("method"), msg.get("params", {})
        if method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console.error: " + " ".join(str(a.get("value", a.get("description")))
                                                           for a in p.get("args", ())))
        elif method == "Log.entryAdded" and p["entry"].get("level") == "error":
            self.errors.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")

    def open(self, path: Path, ready: str = "document.readyState === 'complete'", timeout: float = 20) -> bool:
        """Load a file and wait until the JS expression `ready` is true; False on time-out."""
        self.errors = []
        self.call("Page.navigate", url=path.resolve().as_uri())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.eval(f"document.readyState === 'complete' && !!({ready})"):
                return True
            if self.errors:  # a broken page does not get ready: no need to wait for the time-out
                return False
            time.sleep(0.05)
        return False

    def eval(self, js: str):
        res = self.call("Runtime.evaluate", expression=js, returnByValue=True)
        if "exceptionDetails" in res:
            raise RuntimeError(f"evaluate {js!r}: {res['exceptionDetails'].get('text')}")
        return res["result"].get("value")

    def screenshot(self, path: Path, full: bool = False) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=full)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        if getattr(self, "ws", None):
            self.ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def check_index(browser: Browser, out: Path, shot: Path | None = None) -> list[str]:
    """What is wrong with OUT/report.html as rendered ([] when nothing)."""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    problems = []
    if not browser.open(out / "report.html", "(document.getElementById('loaded')||{}).textContent"
                                             "&& document.getElementById('loaded').textContent.startsWith('all')", timeout=10):
        problems.append("index: the rows never finished loading")
    problems += [f"index: {e}" for e in browser.errors]
    try:
        legend = browser.eval("[...document.querySelectorAll('#legend tr.legend-row')].map(r => [r.dataset.reason,"
                              " r.querySelector('[id^=sum-]').textContent, r.querySelector('[id^=tot-]').textContent,"
                              " getComputedStyle(r.querySelector('.sw')).backgroundColor])")
        rows = browser.eval("document.querySelectorAll('#rows tr').length")
        line = browser.eval("document.getElementById('summary-line').textContent")
    except RuntimeError as exc:
        return problems + [f"index: {exc}"]
    if sorted(x[0] for x in legend or []) != sorted(str(r) for r in Reason):
        problems.append(f"index: the legend lists {[x[0] for x in legend or []]}, not every reason")
    for reason, shown, total, colour in legend or []:
        want = str(summary["removals_by_reason"].get(reason, 0))
        if shown.replace(",", "") != want or total.replace(",", "") != want:
            problems.append(f"index: {reason}: legend says {shown} (summary) and {total} (pages), summary.json {want}")
        if colour in ("rgba(0, 0, 0, 0)", "transparent"):
            problems.append(f"index: {reason} has no colour in the legend")
    if rows != min(100, summary["cleaned"]):
        problems.append(f"index: {rows} rows shown for {summary['cleaned']} cleaned pages")
    if f"{summary['pages']} pages" not in (line or ""):
        problems.append(f"index: summary line {line!r} does not give {summary['pages']} pages")
    if shot:
        browser.screenshot(shot)
    return problems


def check_page(browser: Browser, out: Path, n: int, record: dict, shot: Path | None = None) -> list[str]:
    """What is wrong with page n's view: every removal struck through in its reason's colour."""
    page = out / "report" / "pages" / f"{n // 1000:03d}" / f"{n:06d}.html"
    tag = record["id"]
    if not browser.open(page):
        return [f"{tag}: the page view did not load"]
    problems = [f"{tag}: {e}" for e in browser.errors]
    struck = browser.eval("""(() => { const o = {};
        for (const d of document.querySelectorAll('#source del.cut')) {
          const s = getComputedStyle(d);
          for (const r of d.dataset.r.split(' '))
            (o[r] = o[r] || {text: '', reasons: [], titles: '', line: s.textDecorationLine, bg: s.backgroundColor}),
            o[r].text += d.textContent, o[r].reasons.push(d.dataset.reason), o[r].titles += d.title; }
        return o; })()""") or {}
    for i, r in enumerate(record["removals"]):
        got = struck.get(str(i))
        if got is None:
            problems.append(f"{tag}: removal {i} ({r['reason']} {r['stage']}/{r['rule']}) is not struck through")
            continue
        if got["text"].replace("\n", "") != r["text"].replace("\n", ""):
            problems.append(f"{tag}: removal {i} shows {got['text']!r}, the record says {r['text']!r}")
        if "line-through" not in got["line"] or got["bg"] in ("rgba(0, 0, 0, 0)", "transparent"):
            problems.append(f"{tag}: removal {i} is not drawn struck through in a colour")
        if f"{r['reason']}: {r['stage']} / {r['rule']}" not in got["titles"]:
            problems.append(f"{tag}: removal {i} is labelled {got['titles']!r}")
    legend = browser.eval("[...document.querySelectorAll('#legend tr.legend-row')].map(r => r.dataset.reason)") or []
    wanted = sorted({r["reason"] for r in record["removals"]})
    if sorted(legend) != wanted:
        problems.append(f"{tag}: the page legend shows {legend}, the page has {wanted}")
    body = browser.eval("[...document.querySelectorAll('#body p')].map(p => p.textContent).join('\\n')")
    if record["text"] and body != record["text"]:
        problems.append(f"{tag}: the clean body shown differs from the record")
    edits = browser.eval("document.querySelectorAll('#edits tr').length")
    if record["edits"] and edits != len(record["edits"]) + 1:
        problems.append(f"{tag}: {edits - 1} edits shown, the record has {len(record['edits'])}")
    if shot:
        browser.screenshot(shot)
    return problems


def check_report(browser: Browser, out: Path, shots: Path | None = None) -> list[str]:
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    problems = check_index(browser, out, shots / "index.png" if shots else None)
    for n, rec in enumerate(records):
        problems += check_page(browser, out, n, rec, shots / f"page-{n}.png" if shots else None)
    return problems


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-report")
    pages = SEEDS / "pages" if SEEDS.is_dir() else ROOT / "fixtures"
    run_batch(pages, out, workers=1, progress=False)
    return out


def test_seed_report_renders(browser, seed_report, tmp_path):
    problems = check_report(browser, seed_report, tmp_path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for png in tmp_path.glob("*.png"):
        shutil.copy(png, SHOTS / png.name)
    assert (tmp_path / "index.png").stat().st_size > 10_000
    assert problems == []


def test_browser_check_fails_on_broken_report(browser, seed_report, tmp_path):
    """The check is not vacuous: each deliberately broken copy of the report fails it."""
    def broken(name: str, edit) -> Path:
        out = tmp_path / name
        shutil.copytree(seed_report, out)
        edit(out)
        return out

    def js_error(out: Path) -> None:  # the index script dies
        p = out / "report.html"
        p.write_text(p.read_text(encoding="utf-8").replace('"use strict";', '"use strict";undefinedCall();', 1),
                     encoding="utf-8")

    def no_legend(out: Path) -> None:  # the legend rows are gone
        p = out / "report.html"
        p.write_text(p.read_text(encoding="utf-8").replace('class="legend-row"', 'class="x"'), encoding="utf-8")

    def lost_chunk(out: Path) -> None:  # an index chunk file is missing
        (out / "report" / "index" / "c00000.js").unlink()

    def unstruck(out: Path) -> None:  # page 0 shows its cuts as plain text
        p = out / "report" / "pages" / "000" / "000000.html"
        p.write_text(p.read_text(encoding="utf-8").replace("<del class=\"cut", "<span class=\"cut")
                     .replace("</del>", "</span>"), encoding="utf-8")

    def wrong_counts(out: Path) -> None:  # summary.json disagrees with the report
        p = out / "summary.json"
        s = json.loads(p.read_text(encoding="utf-8"))
        s["removals_by_reason"]["chrome"] = s["removals_by_reason"].get("chrome", 0) + 1
        p.write_text(json.dumps(s), encoding="utf-8")

    assert check_report(browser, seed_report) == []
    for name, edit, expect in [("js_error", js_error, "undefinedCall"), ("no_legend", no_legend, "legend"),
                               ("lost_chunk", lost_chunk, "never finished loading"),
                               ("unstruck", unstruck, "not struck through"), ("wrong_counts", wrong_counts, "chrome")]:
        problems = check_report(browser, broken(name, edit))
        assert any(expect in p for p in problems), (name, problems)
