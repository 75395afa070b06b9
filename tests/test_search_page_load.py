"""The search page (cari/) of the sample site while its script (assets/search.js) is on its
way, as on slow mobile data, in real headless Chromium: the search box is there from the
first paint, so nothing moves when the script arrives or when results come (cumulative
layout shift under 0.1), and the sentence blaming the visitor's app ("tidak dapat
berjalan di aplikasi ...") shows only where JavaScript is off. Where the script cannot be
downloaded, the page says to check the connection instead, with the fallback's links.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from browser import PHONE, WatchedPage

SCRIPT = re.compile(r"/assets/search\.js(\?|$)")
WHY = "tidak dapat berjalan di aplikasi"   # the fallback's sentence for a browser without JS
NETWORK = "Periksa sambungan internet"

# Recorded in the page from its start: the layout shifts not caused by input (what
# cumulative layout shift adds up), and at each frame until the script has run (it shows
# [data-search], which the page has hidden), whether the search box and the sentence
# blaming the app are visible.
WATCH_LOADING = """
window.shifts = [];
new PerformanceObserver((list) => list.getEntries().forEach((shift) =>
  shift.hadRecentInput || shifts.push(shift.value)))
  .observe({ type: "layout-shift", buffered: true });
window.frames = [];
const look = () => {
  const box = document.querySelector("[data-search]");
  const why = [...document.querySelectorAll("main p")]
    .find((p) => p.textContent.includes("%s"));
  if (box && why) {
    frames.push({ ran: !box.hidden, box: box.checkVisibility(), why: why.checkVisibility() });
    if (!box.hidden) return;
  }
  requestAnimationFrame(look);
};
requestAnimationFrame(look);
""" % WHY


@pytest.fixture
def fresh(browser):
    """Opens WatchedPages, each in a context of its own (nothing cached; `java_script`
    False: a browser without JavaScript); closes them."""
    contexts = []

    def open_page(base: str, java_script: bool = True) -> WatchedPage:
        contexts.append(browser.browser.new_context(viewport=PHONE, locale="id-ID",
                                                    java_script_enabled=java_script))
        contexts[-1].set_default_timeout(15_000)
        return WatchedPage(contexts[-1], base)

    yield open_page
    for context in contexts:
        context.close()


def why(page):
    return page.get_by_role("main").get_by_text(WHY)


def search_box(page):
    return page.get_by_role("main").get_by_role("searchbox", name=re.compile("Cari berita"))


def test_nothing_moves_while_the_script_comes_late_and_results_arrive(sites, fresh):
    site = sites["sample"]
    watched = fresh(site.base)
    page = watched.page
    page.add_init_script(WATCH_LOADING)
    arrived: list[float] = []

    def late(route):   # the script comes 1 s late, as on slow mobile data
        time.sleep(1.0)
        arrived.append(time.monotonic())
        route.continue_()

    page.route(SCRIPT, late)
    watched.goto(site.base + "cari/")
    assert arrived, "the script was not asked for"
    frames = page.evaluate("frames")
    before = [frame for frame in frames if not frame["ran"]]
    assert before, f"no frame was drawn before the script ran: {frames}"
    # Before the script runs the page is already the search page: the box, no sentence
    # blaming the app (JavaScript is on here; the script is merely on its way).
    assert all(frame["box"] and not frame["why"] for frame in before), frames
    expect(why(page)).to_be_hidden()
    search_box(page).press_sequentially("perpustakaan", delay=120)
    expect(page.locator("[data-search-status]")).to_have_text(
        re.compile(r"^\d+ hasil untuk “perpustakaan”"))
    expect(page.locator("[data-search-results] li")).to_have_count(10)
    page.wait_for_timeout(1000)
    shifts = page.evaluate("shifts")
    assert sum(shifts) < 0.1, shifts
    assert watched.errors == [] and watched.foreign_requests == []


def test_without_javascript_the_page_says_why_and_offers_its_links(sites, fresh):
    site = sites["sample"]
    watched = fresh(site.base, java_script=False)
    page = watched.page
    watched.goto(site.base + "cari/")
    expect(why(page)).to_be_visible()
    expect(page.locator("[data-search]")).to_be_hidden()
    expect(page.get_by_role("main").get_by_text(NETWORK)).to_be_hidden()
    fallback = page.locator("[data-search-fallback]")
    expect(fallback.get_by_role("link", name="Berita", exact=True)).to_be_visible()
    expect(fallback.get_by_role("search", name="Katalog buku")).to_be_visible()


def test_a_script_that_cannot_be_downloaded_is_blamed_on_the_connection(sites, fresh):
    """The connection drops before the script comes: JavaScript runs here, so the page
    does not blame the app; once the script is long overdue it says to check the
    connection, and shows the fallback's catalog form and links."""
    site = sites["sample"]
    watched = fresh(site.base)
    page = watched.page
    page.route(SCRIPT, lambda route: route.abort("internetdisconnected"))
    page.goto(site.base + "cari/", wait_until="load")
    # Overdue after 6 s (style.css): until then the search box stands where it will be.
    expect(search_box(page)).to_be_visible()
    expect(page.get_by_role("main").get_by_text(NETWORK)).to_be_visible(timeout=10_000)
    expect(why(page)).to_be_hidden()
    fallback = page.locator("[data-search-fallback]")
    expect(fallback.get_by_role("link", name="Berita", exact=True)).to_be_visible()
    expect(fallback.get_by_role("search", name="Katalog buku")).to_be_visible()
    expect(page.locator("[data-search]")).to_be_hidden()   # a box that would not search
    assert watched.foreign_requests == []
