"""The measured budgets of the residents' site, for cheap Android phones on slow mobile data:

- weight: the home page under 60 KB and an article under 40 KB, counting every response of
  the page load except images (HTML, CSS, JavaScript, fonts, search files ...);
- no console errors and no request outside the site's own address, on every page kind of
  the sample site and of tests/sites/kedungwaru (published under /perpustakaan/);
- Lighthouse, mobile (its default: a mid-range phone on slow 4G): accessibility, best
  practices and SEO 100 on the home page, seed article and schedule of the sample site and
  on the home page and article of the other (published under a sub-path; its schedule is
  the same template, and axe-core checks every page of both in test_accessibility), and
  performance at least 95 on the sample site's (the best of up to five runs, see
  best_lighthouse; the theme is the same on both, and the other site's page weights are
  budgeted above).

Sizes are the response bodies as served: the test server does not compress, so they are
what a host without gzip sends (a compressing host sends less; the gzip figure is printed
beside). `pytest -n 0 -s tests/test_budgets.py` prints the figures.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import pytest

from browser import (EVERY_PAGE, KEDUNGWARU_PAGES, SAMPLE_PAGES, SEARCH_WORD,
                     SITE_PAGES, debugged_chromium, lighthouse_reports,
                     open_watched, search_for)

KB = 1024
WEIGHT_BUDGETS = [   # site, page, budget in bytes without images
    pytest.param("sample", "", 60 * KB, id="sample-home"),
    pytest.param("sample", SAMPLE_PAGES["article"], 40 * KB, id="sample-article"),
    pytest.param("kedungwaru", "", 60 * KB, id="kedungwaru-home"),
    pytest.param("kedungwaru", KEDUNGWARU_PAGES["article"], 40 * KB, id="kedungwaru-article"),
]
NOT_COUNTED = {"image", "media"}   # content images are budgeted on their own

LIGHTHOUSE_KINDS = {"sample": ("home", "article", "schedule"), "kedungwaru": ("home", "article")}
LIGHTHOUSE_MINIMUM = {"performance": 95, "accessibility": 100, "best-practices": 100,
                      "seo": 100}
LIGHTHOUSE_METRICS = {"first-contentful-paint": "FCP", "largest-contentful-paint": "LCP",
                      "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS"}


def load_responses(context, url: str) -> list[tuple[str, str, bytes]]:
    """Every response of loading `url` until the network is idle: (resource type, URL, body)."""
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        page.goto(url, wait_until="networkidle")
        responses = []
        for request in finished:
            response = request.response()
            if response is not None and response.status < 300:
                responses.append((request.resource_type, request.url, response.body()))
        return responses
    finally:
        page.close()


@pytest.mark.parametrize("site, path, budget", WEIGHT_BUDGETS)
def test_page_weight_without_images(sites, browser, site, path, budget):
    served = sites[site]
    responses = load_responses(browser, served.base + path)
    counted = [(kind, url, body) for kind, url, body in responses if kind not in NOT_COUNTED]
    total = sum(len(body) for _, _, body in counted)
    zipped = sum(len(gzip.compress(body)) for _, _, body in counted)
    images = sum(len(body) for kind, _, body in responses if kind in NOT_COUNTED)
    lines = [f"{site} /{path}: {total / KB:.1f} KB without images (budget {budget / KB:.0f} KB; "
             f"{zipped / KB:.1f} KB gzipped), images {images / KB:.1f} KB"]
    lines += [f"  {len(body) / KB:7.1f} KB  {kind:<10} {url.removeprefix(served.base) or '/'}"
              for kind, url, body in sorted(responses, key=lambda r: -len(r[2]))]
    print("\n" + "\n".join(lines))
    assert total < budget, "\n".join(lines)


@pytest.mark.parametrize("site, kind, path", EVERY_PAGE)
def test_no_console_errors_or_foreign_requests(sites, browser, site, kind, path):
    """Also no response with an error status, but the 404 page's own."""
    with open_watched(browser, sites[site], path) as watched:
        if kind == "search":
            search_for(watched.page, sites[site].base, SEARCH_WORD)
        errors, failed = list(watched.errors), list(watched.failed_responses)
        foreign = watched.foreign_requests
    if kind == "404":   # the page's own status, wanted; Chromium logs it as an error
        failed.remove(f"404 {sites[site].base}{path}")
        errors.remove(next(error for error in errors if "status of 404" in error))
    assert (errors, foreign, failed) == ([], [], []), \
        (f"{site} {kind} ({path or 'home'}): console errors {errors}, "
         f"requests elsewhere {foreign}, error responses {failed}")


PERFORMANCE_RUNS = 5   # at most, while a page misses the performance minimum


def best_lighthouse(port: int, urls: dict[str, str], folder: Path, categories: dict[str, int]
                    ) -> dict[str, tuple[dict, list[int]]]:
    """For each page kind of `urls`, Lighthouse's report on its url (in the Chromium of
    debugged_chromium at `port`) and the performance scores of the runs made (none without
    performance among `categories`: then one run is made). When a
    run misses the performance minimum, Lighthouse runs again, up to PERFORMANCE_RUNS times,
    and the best run is judged. Lighthouse's performance score varies with what else the
    computer does (on one shared machine the same page scored 100 and then 69, its blocking
    time 170 ms and then 1,300 ms, its benchmark of the machine 1,188 and then 374), and
    that noise only ever adds time: the fastest run is the closest reading of the page's own
    cost, as `timeit` reads the minimum of its repeats. A page slow for a reason of its own
    (a heavy script, a render-blocking file, a layout shift) is slow in every run, and
    fails still; the scores of every run are in the failure message."""
    judged = "performance" in categories
    best: dict[str, tuple[dict, list[int]]] = {}
    pending = list(urls)
    for run in range(1, PERFORMANCE_RUNS + 1):
        reports = lighthouse_reports(port, [(urls[kind], categories,
                                             folder / f"{kind}-{run}.json") for kind in pending])
        for kind, report in zip(pending, reports):
            earlier, runs = best.get(kind, (None, []))
            if judged:
                runs.append(scores(report)["performance"])
            if earlier is None or (judged and runs[-1] > scores(earlier)["performance"]):
                earlier = report
            best[kind] = earlier, runs
        pending = [kind for kind in pending   # without performance, none: one run made
                   if judged and best[kind][1][-1] < LIGHTHOUSE_MINIMUM["performance"]]
        if not pending:
            break
    return best


def scores(result: dict) -> dict[str, int]:
    """Each category's score out of 100, rounded down: 99.6 is not 100."""
    return {name: math.floor((category["score"] or 0) * 100 + 1e-9)
            for name, category in result["categories"].items()}


def failing_audits(result: dict, category: str) -> list[str]:
    """The audits that cost `category` points: id, score and displayValue."""
    failing = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
            failing.append(f"{audit['id']} score {audit['score']:.2f}"
                           + (f" ({audit['displayValue']})" if audit.get("displayValue") else ""))
    return failing


@pytest.mark.parametrize("site_name, categories", [
    ("sample", LIGHTHOUSE_MINIMUM),
    ("kedungwaru", {name: minimum for name, minimum in LIGHTHOUSE_MINIMUM.items()
                    if name != "performance"})], ids=["sample", "kedungwaru"])
def test_lighthouse_mobile_scores(sites, tmp_path, site_name, categories):
    site = sites[site_name]
    metrics = LIGHTHOUSE_METRICS if "performance" in categories else {}
    table = [f"{'page':<10}" + "".join(f"{name:>16}" for name in categories)
             + "".join(f"{label:>8}" for label in metrics.values())]
    problems = []
    urls = {kind: site.base + SITE_PAGES[site_name][kind] for kind in LIGHTHOUSE_KINDS[site_name]}
    with debugged_chromium(tmp_path / "profile") as port:
        reports = best_lighthouse(port, urls, tmp_path, categories)
    for kind in LIGHTHOUSE_KINDS[site_name]:
        path = SITE_PAGES[site_name][kind]
        result, runs = reports[kind]
        got = scores(result)
        table.append(f"{kind:<10}" + "".join(f"{got[name]:>16}" for name in categories)
                     + "".join(f"{result['audits'][audit].get('displayValue', '?'):>8}"
                               for audit in metrics))
        for name, minimum in categories.items():
            if got[name] < minimum:
                problems.append(f"{kind} (/{path}) {name} {got[name]} < {minimum}: "
                                + "; ".join(failing_audits(result, name))
                                + (f" (performance of each run: {runs})"
                                   if name == "performance" else ""))
    print(f"\nLighthouse {result['lighthouseVersion']}, mobile, {site_name} site\n"
          + "\n".join(table))
    assert problems == [], "\n".join(table + [""] + problems)
