"""Held-out hostile and broken content, built with the real command line.

The cases live in tests/sites/hostile/ (one folder per case, described in
cases.yaml; big files, symlinks and CRLF files are made by generate.py). For
every case:

1. a valid baseline site (site.yaml only), built once for the module into output/, is
   copied in and snapshot;
2. the case's content replaces it and the real CLI builds again in a
   subprocess (timeout 60 s);
3. expect: error  -> exit 1, no traceback, the case's file(s) named on stderr
   (with the line when the case gives one), output/ byte-identical to the
   baseline, nothing created or changed in tmp_path outside output/, content/,
   .cache and the builder's own .output* bookkeeping;
   expect: builds -> exit 0, no traceback, nothing written outside those;
   xss: true -> every built HTML page is opened in headless Chromium (served
   by http.server on 127.0.0.1); window.__xss must stay undefined after load
   and after mouseover/focus/click/toggle on every element, no dialog may open,
   no request may go to evil.example and no live javascript: URL may remain.

A summary by category is printed at the end of the module.
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import yaml

from conftest import report_summary

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "sites" / "hostile"
BUILD_PY = HERE.parent / "build.py"
NOW = "2026-11-24T09:00"
TIMEOUT = 60
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

DOC = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))
BASELINE_SITE_YAML = DOC["baseline_site_yaml"]
CASES = DOC["cases"]

_spec = importlib.util.spec_from_file_location("hostile_generate", HOSTILE / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)

RESULTS: list[dict] = []

TRACEBACK_RE = re.compile(r"Traceback \(most recent call last\)")
# Raw Python / PyYAML internals leaking into what should be plain words.
RAW_EXC_RE = re.compile(
    r"\b(?:[A-Z][A-Za-z]*(?:Error|Exception)|yaml\.\w+\.\w+)\b|<unicode string>|<file>"
    r"|<stream end>|<block end>|<block mapping start>|<block sequence start>|<document start>"
    r"|\bwhile (?:parsing|scanning) a\b|\bcodec can't decode\b")


# --------------------------------------------------------------- helpers
def run_build(site: Path) -> dict:
    cmd = [sys.executable, str(BUILD_PY), "build", "--content", str(site / "content"), "--now", NOW]
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = proc.communicate()
    return {"rc": proc.returncode, "out": out.decode("utf-8", "replace"),
            "err": err.decode("utf-8", "replace"), "timed_out": timed_out,
            "seconds": time.monotonic() - start}


def snapshot(root: Path, skip=lambda rel: False) -> dict:
    """Every path under root (not following symlinks): kind and content hash."""
    result = {}
    if not root.exists():
        return result
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel_dir = os.path.relpath(dirpath, root)
        keep = []
        for name in sorted(dirnames) + sorted(filenames):
            path = os.path.join(dirpath, name)
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if skip(rel):
                continue
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                result[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st.st_mode):
                result[rel] = ("dir",)
                keep.append(name)
            else:
                h = hashlib.sha256()
                with open(path, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                result[rel] = ("file", st.st_size, h.hexdigest())
        dirnames[:] = [d for d in dirnames if d in keep]
    return result


def diff(before: dict, after: dict) -> list[str]:
    lines = []
    for rel in sorted(set(before) | set(after)):
        if rel not in before:
            lines.append(f"created {rel}")
        elif rel not in after:
            lines.append(f"removed {rel}")
        elif before[rel] != after[rel]:
            lines.append(f"changed {rel}")
    return lines


def sensitive_state() -> dict:
    state = {}
    for p in ("/etc/passwd", "/etc/hosts"):
        try:
            state[p] = hashlib.sha256(Path(p).read_bytes()).hexdigest()
        except OSError:
            state[p] = None
    for p in ("/pwned", "/etc/pwned", "/etc/index.html", "/tmp/pwned"):
        state[p] = os.path.lexists(p)
    return state


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def excerpt(text: str, limit: int = 700) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + " [...]"


# --------------------------------------------------------------- browser
class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


DISPATCH_JS = r"""
() => {
  const isJs = (u) => {
    if (u === null || u === undefined) return false;
    u = String(u).replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '').toLowerCase();
    return u.startsWith('javascript:');
  };
  const hrefOf = (a) => a.getAttribute('href') || a.getAttribute('xlink:href') || '';
  // Keep ordinary links and forms from navigating away; javascript: ones run.
  document.addEventListener('click', (e) => {
    const a = e.target && e.target.closest ? e.target.closest('a, area') : null;
    if (a && !isJs(hrefOf(a))) e.preventDefault();
  }, true);
  document.addEventListener('submit', (e) => {
    if (!isJs(e.target.getAttribute('action'))) e.preventDefault();
  }, true);
  const jsUrls = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of ['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'poster']) {
      const v = el.getAttribute(attr);
      if (v && isJs(v) && v.includes('__xss')) jsUrls.push(el.outerHTML.slice(0, 200));
    }
  }
  const types = ['mouseover', 'mouseenter', 'pointerover', 'focus', 'focusin', 'click', 'toggle'];
  let culprit = null;
  for (const el of Array.from(document.querySelectorAll('*'))) {
    for (const type of types) {
      try {
        let ev;
        if (type === 'focus' || type === 'focusin') {
          if (type === 'focus' && typeof el.focus === 'function') el.focus();
          ev = new FocusEvent(type, {bubbles: type === 'focusin'});
        } else if (type === 'toggle') {
          ev = new Event('toggle');
        } else {
          ev = new MouseEvent(type, {bubbles: type !== 'mouseenter', cancelable: true});
        }
        el.dispatchEvent(ev);
      } catch (e) {}
      if (culprit === null && typeof window.__xss !== 'undefined') {
        culprit = type + ' on ' + el.outerHTML.slice(0, 200);
      }
    }
  }
  return {culprit, jsUrls};
}
"""

XSS_JS = "() => (typeof window.__xss === 'undefined') ? null : String(window.__xss)"


class Browser:
    """One headless Chromium for the module, started on first use."""

    def __init__(self):
        self._pw = None
        self._browser = None
        self.unavailable = None

    def get(self):
        if self._browser is None and self.unavailable is None:
            if not Path(CHROMIUM).exists():
                self.unavailable = f"{CHROMIUM} is not installed"
                return None
            try:
                from playwright.sync_api import sync_playwright
            except ImportError as exc:  # pragma: no cover - depends on machine
                self.unavailable = f"playwright is not installed ({exc})"
                return None
            self._pw = sync_playwright().start()
            self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self._browser

    def close(self):
        if self._browser is not None:
            self._browser.close()
        if self._pw is not None:
            self._pw.stop()


BATCH = 8   # pages open at once: each waits for late scripts while the others load


class _Visit:
    """One page of the site open in the browser, and what it showed."""

    def __init__(self, context, origin: str, rel: str):
        self.rel = rel
        self.url = origin + "/" + quote(rel)
        self.dialogs: list[str] = []
        self.navigations: list[str] = []
        self.evil: list[str] = []
        self.problems: list[str] = []
        self.dispatched: dict | None = None   # DISPATCH_JS's answer, once events were sent
        self.broken = False                   # a step failed: the page is checked no further
        self.page = context.new_page()
        self.page.on("dialog", lambda d: (self.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
        self.page.on("framenavigated",
                     lambda f: self.navigations.append(f.url) if f == self.page.main_frame else None)

    def step(self, action) -> None:
        """Run `action(page)`; a failure (navigation away destroys the context, etc.) is a problem."""
        if self.broken:
            return
        try:
            action(self.page)
        except Exception as exc:
            self.problems.append(f"{self.rel}: page could not be checked: {str(exc).splitlines()[0][:200]}")
            self.broken = True

    def load(self, page) -> None:
        page.goto(self.url, wait_until="load", timeout=15000)

    def check_on_load(self, page) -> None:
        value = page.evaluate(XSS_JS)
        if value is not None:
            self.problems.append(f"{self.rel}: script ran on load (window.__xss={value})")
        else:
            self.dispatched = page.evaluate(DISPATCH_JS)

    def check_after_events(self, page) -> None:
        if self.dispatched is None:   # the script ran on load: no events were sent
            return
        value = page.evaluate(XSS_JS)
        if self.dispatched["culprit"] or value is not None:
            self.problems.append(f"{self.rel}: script ran after events: "
                                 f"{self.dispatched['culprit'] or 'async (e.g. javascript: link)'}")
        for snippet in self.dispatched["jsUrls"]:
            self.problems.append(f"{self.rel}: live javascript: URL: {snippet}")

    def check_frames(self, page) -> None:
        for frame in page.frames[1:]:
            try:
                if frame.evaluate(XSS_JS) is not None:
                    self.problems.append(f"{self.rel}: script ran in a frame ({frame.url[:80]})")
            except Exception:
                pass

    def close(self) -> list[str]:
        """Close the page; every unsafe thing seen on it."""
        others = [u for u in self.navigations if u.split("#")[0] != self.url]
        if others:
            self.problems.append(f"{self.rel}: page navigated away to {others[0][:120]}")
        if self.dialogs:
            self.problems.append(f"{self.rel}: dialog opened: {self.dialogs[0][:120]}")
        if self.evil:
            self.problems.append(f"{self.rel}: requested {self.evil[0]}")
        self.page.close()
        return self.problems


def check_pages_in_browser(browser, outdir: Path) -> list[str]:
    """Open every HTML page, BATCH at a time; return the unsafe things seen (empty: safe).
    Each page waits at least 100 ms after its load and 150 ms after its events, as if
    checked alone: the waits of a batch's pages overlap."""
    problems: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(outdir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_port}"
    context = browser.new_context()
    visits: dict = {}   # Playwright page -> its _Visit
    evil_unplaced: list[str] = []

    def route(r):
        host = urlsplit(r.request.url).hostname or ""
        if r.request.url.startswith(origin) or r.request.url.startswith(("data:", "blob:", "about:")):
            r.continue_()
            return
        if host.endswith("evil.example"):
            try:
                visits[r.request.frame.page].evil.append(r.request.url)
            except Exception:   # a frame already gone: the request still counts
                evil_unplaced.append(r.request.url)
        r.abort()

    context.route("**/*", route)
    try:
        pages = sorted(p for p in outdir.rglob("*.html") if ".site-builder" not in p.parts)
        rels = [html.relative_to(outdir).as_posix() for html in pages]
        for start in range(0, len(rels), BATCH):
            batch = []
            for rel in rels[start:start + BATCH]:
                visit = _Visit(context, origin, rel)
                visits[visit.page] = visit
                batch.append(visit)
                visit.step(visit.load)
            batch[-1].page.wait_for_timeout(100)
            for visit in batch:
                visit.step(visit.check_on_load)
            batch[-1].page.wait_for_timeout(150)
            for visit in batch:
                visit.step(visit.check_after_events)
                visit.step(visit.check_frames)
            for visit in batch:
                problems += visit.close()
        problems += [f"a page requested {url}" for url in evil_unplaced]
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    return problems


# --------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def browser_holder():
    holder = Browser()
    yield holder
    holder.close()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """The valid baseline site (site.yaml only), built once by the real CLI: every case
    starts from a copy of it (content/, output/ and the builder's cache and records)."""
    site = tmp_path_factory.mktemp("hostile-baseline") / "site"
    (site / "content").mkdir(parents=True)
    (site / "content" / "site.yaml").write_text(BASELINE_SITE_YAML, encoding="utf-8")
    base = run_build(site)
    assert base["rc"] == 0 and (site / "output" / "index.html").exists(), (
        f"baseline site did not build (exit {base['rc']}):\n{base['err']}")
    return site


@pytest.fixture(scope="module", autouse=True)
def hostile_summary(request, tmp_path_factory):
    """At the module's end: the results as JSON in the base temporary folder, and handed to
    conftest.py, which prints the summary after all output (from every xdist worker)."""
    start = time.monotonic()
    yield
    elapsed = time.monotonic() - start
    part = {"seconds": elapsed, "results": list(RESULTS)}
    path = tmp_path_factory.getbasetemp() / "hostile-summary.json"
    path.write_text(json.dumps(part, indent=2, ensure_ascii=False), encoding="utf-8")
    report_summary(request.config, {**part, "path": str(path)})


def summary_lines(elapsed: float, results: list[dict]) -> list[str]:
    by_cat = defaultdict(Counter)
    for r in results:
        by_cat[r["category"]]["pass" if r["passed"] else "fail"] += 1
    lines = [f"{len(results)} cases in {elapsed:.0f} s: "
             f"{sum(r['passed'] for r in results)} passed, {sum(not r['passed'] for r in results)} failed"]
    for cat in sorted(by_cat):
        c = by_cat[cat]
        lines.append(f"  {cat:<10} passed {c['pass']:>3}  failed {c['fail']:>3}")
    errs = [r for r in results if r["expect"] == "error"]
    builds = [r for r in results if r["expect"] == "builds"]
    lines.append(f"errors as expected: {sum(r['passed'] for r in errs)}/{len(errs)}; "
                 f"builds as expected: {sum(r['passed'] for r in builds)}/{len(builds)}")
    lines.append(f"tracebacks: {sum(r['traceback'] for r in results)}; "
                 f"timeouts: {sum(r['timed_out'] for r in results)}; "
                 f"files written outside output: {sum(r['outside_writes'] for r in results)}; "
                 f"output/ changed by a failed build: {sum(r['output_changed'] for r in results)}; "
                 f"scripts executed / unsafe pages: {sum(r['xss_executed'] for r in results)}")
    wording = [r for r in results if r["kinds"] and set(r["kinds"]) <= {"words", "plain", "line"}]
    lines.append(f"failed only on message wording/line (plain words, hint words, line number): {len(wording)}; "
                 f"disputable cases failed: {sum(r['disputable'] and not r['passed'] for r in results)}")
    for r in results:
        if not r["passed"]:
            tag = " (disputable)" if r["disputable"] else ""
            lines.append(f"  FAIL {r['name']}{tag}: {'; '.join(r['problems'])[:300]}")
    return lines


# --------------------------------------------------------------- the test
def _allowed(site_rel: str):
    """Paths (relative to tmp_path) a build may touch: output/, content/, .cache, .output*."""
    def skip(rel: str) -> bool:
        if rel == site_rel or not rel.startswith(site_rel + os.sep):
            return False
        top = rel[len(site_rel) + 1:].split(os.sep)[0]
        return top in ("output", "content", ".cache") or top.startswith(".output")
    return skip


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_case(case, tmp_path, browser_holder, baseline):
    site_rel = os.path.join("d1", "d2", "d3", "d4", "d5", "site")  # deep: ../ escapes stay in tmp_path
    site = tmp_path / site_rel
    content = site / "content"
    shutil.copytree(baseline, site, symlinks=True)   # built once for the module

    shutil.rmtree(content)
    shutil.copytree(HOSTILE / case["name"], site, symlinks=True, dirs_exist_ok=True)
    generate.apply(case.get("generate"), site)

    skip = _allowed(site_rel)
    out_before = snapshot(site / "output")
    tree_before = snapshot(tmp_path, skip)
    sens_before = sensitive_state()
    res = run_build(site)
    tree_after = snapshot(tmp_path, skip)
    out_after = snapshot(site / "output")
    sens_after = sensitive_state()

    expect = case["expect"]
    both = res["out"] + "\n" + res["err"]
    problems: list[str] = []
    kinds: list[str] = []

    def problem(kind: str, text: str) -> None:
        kinds.append(kind)
        problems.append(text)

    record = {"name": case["name"], "category": case.get("category", "other"), "expect": expect,
              "disputable": bool(case.get("disputable")), "rc": res["rc"],
              "seconds": round(res["seconds"], 1), "timed_out": res["timed_out"],
              "traceback": bool(TRACEBACK_RE.search(both)), "outside_writes": False,
              "output_changed": False, "xss_executed": False,
              "stderr": excerpt(res["err"]), "problems": problems, "kinds": kinds}

    if res["timed_out"]:
        problem("timeout", f"build still running after {TIMEOUT} s (killed)")
    if record["traceback"]:
        problem("traceback", "Python traceback printed")
    outside = diff(tree_before, tree_after)
    if sens_before != sens_after:
        outside.append("a file outside tmp_path (/etc/passwd, /etc/hosts, /pwned ...) was touched")
    if outside:
        record["outside_writes"] = True
        problem("outside", "files written outside output/: " + ", ".join(outside[:8]))

    if expect == "error":
        if not res["timed_out"] and res["rc"] != 1:
            problem("exit", f"exit code {res['rc']}, expected 1")
        if res["rc"] != 0:
            changes = diff(out_before, out_after)
            if changes:
                record["output_changed"] = True
                problem("output", "output/ changed: " + ", ".join(changes[:8]))
        err = res["err"]
        files = as_list(case.get("file"))
        missing = [f for f in files if f not in err]
        if missing and res["rc"] != 0:
            problem("file", "stderr does not name " + ", ".join(missing))
        lines = as_list(case.get("line"))
        if lines and files and not missing:
            found = [int(n) for n in re.findall(re.escape(files[0]) + r":(\d+)", err)]
            if not any(n in lines for n in found):
                problem("line", f"stderr does not give line {' or '.join(map(str, lines))} "
                                f"for {files[0]} (lines seen: {found or 'none'})")
        words = as_list(case.get("words"))
        if words and res["rc"] != 0 and not any(w.lower() in err.lower() for w in words):
            problem("words", f"message has none of the words {words}")
        raw = RAW_EXC_RE.search(err)
        if raw and res["rc"] != 0:
            problem("plain", f"message is not plain words (shows {raw.group(0)!r})")
        if res["rc"] != 0 and not err.strip():
            problem("file", "nothing printed on stderr")
    else:
        if res["rc"] != 0:
            problem("exit", f"exit code {res['rc']}, expected 0: {excerpt(res['err'], 300)}")
        elif not (site / "output" / "index.html").exists():
            problem("exit", "no output/index.html after a successful build")

    if res["rc"] == 0:
        for chk in case.get("output_checks", []):
            target = site / "output" / chk["path"]
            text = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
            if "absent" in chk and chk["absent"] in text:
                problem("output", f"output/{chk['path']} contains {chk['absent']!r}")
            if "contains" in chk and chk["contains"] not in text:
                problem("output", f"output/{chk['path']} lacks {chk['contains']!r}")

    skipped_browser = None
    if case.get("xss") and res["rc"] == 0 and (site / "output").is_dir():
        browser = browser_holder.get()
        if browser is None:
            skipped_browser = browser_holder.unavailable
        else:
            unsafe = check_pages_in_browser(browser, site / "output")
            if unsafe:
                record["xss_executed"] = True
                problem("xss", f"unsafe in the browser ({len(unsafe)}): " + " | ".join(unsafe[:6]))

    record["passed"] = not problems
    RESULTS.append(record)
    if problems:
        pytest.fail(f"[{case['name']}] {case['description']}\n  - " + "\n  - ".join(problems)
                    + f"\n--- exit {res['rc']} in {res['seconds']:.1f} s; stderr:\n{excerpt(res['err'], 1500)}",
                    pytrace=False)
    if skipped_browser:
        if os.environ.get("CI"):
            pytest.fail(f"browser check needed on CI: {skipped_browser}", pytrace=False)
        pytest.skip(f"browser check skipped: {skipped_browser}")
