"""Residents on old and limited browsers: Opera Mini, KaiOS feature phones, Android 5-8's
WebView, iOS 12-14. Real Chromium reads the built site with the stylesheet as such a
browser reads it (`as_old_engine`: the declarations and rules it cannot parse dropped,
as every browser drops what it cannot parse), and what residents need must still show.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess

import pytest

from browser import NODE_MODULES, _missing, serve
from conftest import PROJECT, make_site, read, run
from site_builder.stylesheet import with_literal_fallbacks

BRAND = "rgb(11, 85, 99)"
VAR = re.compile(r"\bvar\(")                  # custom properties: Opera Mini, Chrome < 49
GAP = re.compile(r"^\s*gap\s*:")              # flex gap: iOS < 14.5, Chrome < 84, KaiOS
ASPECT = re.compile(r"aspect-ratio")          # iOS < 15, Chrome < 88


def as_old_engine(css: str, declarations: tuple[re.Pattern, ...] = (),
                  preludes: tuple[str, ...] = ()) -> str:
    """`css` (no comments, as published) without the declarations matching `declarations`
    and the rules or at-rules whose prelude holds one of `preludes` (":has(",
    "@container"): what a browser that cannot parse them is left with."""
    out, at = [], 0
    while at < len(css):
        brace = css.find("{", at)
        semicolon = css.find(";", at)
        if brace < 0:
            out.append(css[at:])
            break
        if 0 <= semicolon < brace:   # a statement such as @import
            out.append(css[at:semicolon + 1])
            at = semicolon + 1
            continue
        depth, end = 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        prelude, body = css[at:brace], css[brace + 1:end - 1]
        at = end
        if any(part in prelude for part in preludes):
            continue
        if "{" in body:
            body = as_old_engine(body, declarations, preludes)
        else:
            body = ";".join(part for part in body.split(";")
                            if not any(pattern.search(part) for pattern in declarations))
        out.append(f"{prelude}{{{body}}}")
    return "".join(out)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample site, built and served; yields (base URL, published stylesheet)."""
    folder = tmp_path_factory.mktemp("old-browsers")
    root = folder / "site"
    shutil.copytree(PROJECT / "content", root / "content")
    result = run(root, "build")
    assert result.code == 0, result.err
    with serve(root / "output") as base:
        yield base, read(root, "output/assets/style.css")


@contextlib.contextmanager
def open_as(browser, base: str, css: str, path: str, width: int = 390, height: int = 844):
    """A page at `path` whose stylesheet is `css` (the published one, degraded), in a
    context of its own: nothing cached from another test's stylesheet."""
    context = browser.browser.new_context(viewport={"width": width, "height": height},
                                          locale="id-ID")
    try:
        context.route(re.compile(r".*/assets/style\.css(\?.*)?$"),
                      lambda route: route.fulfill(status=200, body=css, content_type="text/css"))
        context.route(re.compile(r"https://.*"), lambda route: route.abort())   # embeds
        page = context.new_page()
        page.goto(base + path)
        yield page
    finally:
        context.close()


def test_the_published_stylesheet_writes_each_variable_out_before_using_it():
    css = with_literal_fallbacks(
        ":root { --brand: #0b5563; --link: var(--brand); }\n"
        "@media (prefers-color-scheme: dark) { :root { --brand: #000; } }\n"
        ".site-header { background: var(--brand); color: #fff; }\n"
        "a { color: var(--link); border: 1px solid var(--unknown); }\n"
        "b { color: var(--unknown, red) }\n")
    assert ".site-header { background: #0b5563; background: var(--brand); color: #fff; }" in css
    assert "a { color: #0b5563; color: var(--link); border: 1px solid var(--unknown); }" in css
    assert "b { color: red; color: var(--unknown, red) }" in css
    assert ":root { --brand: #0b5563; --link: var(--brand); }" in css   # variables as written


def test_without_custom_properties_the_header_and_menu_keep_their_colours(sample, browser):
    """Opera Mini drops every declaration with var(): the header kept its white text and
    lost its teal, and the name, "Menu" and every menu link were white on white."""
    base, css = sample
    with open_as(browser, base, as_old_engine(css, (VAR,)), "") as page:
        def background(selector: str) -> str:
            return page.eval_on_selector(selector, "e => getComputedStyle(e).backgroundColor")

        assert background(".site-header") == BRAND
        assert page.eval_on_selector(".brand", "e => getComputedStyle(e).color") == \
            "rgb(255, 255, 255)"
        page.get_by_role("link", name="Menu").click()
        link = page.locator(".menu a").first
        assert link.is_visible()
        assert link.evaluate("e => getComputedStyle(e).color") == "rgb(255, 255, 255)"
        assert background(".site-header") == BRAND
        assert background(".header-catalog") == "rgb(7, 59, 69)"
        # the page's text and the footer keep theirs too
        assert page.eval_on_selector("body", "e => getComputedStyle(e).color") == \
            "rgb(27, 31, 36)"
        assert background(".site-footer") == "rgb(243, 245, 247)"


def test_a_feature_phone_without_container_queries_leaves_the_first_screen_to_the_page(
        sample, browser):
    """KaiOS (240x320, no container queries): the header, with the catalog box the
    container rule folds away, filled 238 of the 320 px of every page."""
    base, css = sample
    kaios = as_old_engine(css, preludes=("@container",))
    with open_as(browser, base, kaios, "", width=240, height=320) as page:
        header = page.locator(".site-header").bounding_box()
        assert header is not None and header["height"] < 160, header
        assert not page.locator(".header-catalog").is_visible()
        assert page.locator(".today-hours").bounding_box()["y"] < 320
        # the catalog box is in the opened menu
        page.get_by_role("link", name="Menu").click()
        assert page.locator(".header-catalog").is_visible()


def test_a_search_finding_nothing_shows_the_pages_to_go_on_from_without_has(sample, browser):
    """Chrome 80-104 and iOS 13.4-15.3 run the search but drop :has(): the list of pages
    under "Tidak ada hasil" sat below a search box a whole screen high."""
    base, css = sample
    without_has = as_old_engine(css, preludes=(":has(",))
    with open_as(browser, base, without_has, "cari/?q=qzxvkw") as page:
        page.get_by_text("Tidak ada hasil").wait_for()
        first = page.locator("[data-search-fallback] a").first
        first.wait_for()
        assert first.bounding_box()["y"] < 844


def test_without_flex_gap_footer_links_and_class_facts_stay_apart(sample, browser):
    """iOS before 14.5, Chrome before 84 and KaiOS do not know a flex container's gap
    ("FacebookInstagramYouTube" as one link); Chrome 57-65 knows a grid's only as
    grid-gap ("PenyelenggaraRelawan Perpustakaan")."""
    base, css = sample
    with open_as(browser, base, as_old_engine(css, (GAP,)), "jadwal/bahasa-inggris/") as page:
        boxes = [link.bounding_box() for link in page.locator(".social a").all()]
        assert len(boxes) >= 2
        for left, right in zip(boxes, boxes[1:]):
            if abs(left["y"] - right["y"]) < 1:   # on one line
                assert right["x"] - (left["x"] + left["width"]) >= 8, boxes
        name = page.locator(".facts dt").first.bounding_box()
        value = page.locator(".facts dd").first.bounding_box()
        assert value["x"] - (name["x"] + name["width"]) >= 8, (name, value)


YOUTUBE_NEWS = """\
---
title: Rekaman Kelas Menulis
date: 2026-11-20
---
Tonton rekamannya:

<iframe src="https://www.youtube.com/embed/abc123" width="560" height="315"
title="Rekaman Kelas Menulis"></iframe>
"""


def test_a_video_keeps_its_shape_without_aspect_ratio(tmp_path, browser):
    """iOS before 15 and Chrome before 88: a YouTube embed was a 150 px strip."""
    root = make_site(tmp_path, {"content/news/2026-11-20-rekaman.md": YOUTUBE_NEWS})
    result = run(root)
    assert result.code == 0, result.err
    css = read(root, "output/assets/style.css")
    with serve(root / "output") as base:
        for sheet in (css, as_old_engine(css, (ASPECT,), ("aspect-ratio",))):
            with open_as(browser, base, sheet, "berita/rekaman/") as page:
                box = page.locator("iframe").bounding_box()
                assert 0.5 < box["height"] / box["width"] < 0.65, box


def test_the_scripts_parse_in_browsers_of_2018(tmp_path):
    """Every browser that runs module scripts from 2018 on (Chrome 64, iOS 11.3): `?.`
    in search.js was a syntax error up to Chrome 79 and iOS 13.3, so search never ran
    there. acorn (npm ci) parses each script as those browsers do."""
    node = shutil.which("node")
    acorn = NODE_MODULES / "acorn"
    if node is None or not acorn.is_dir():
        _missing("acorn", "npm ci (package.json)")
    root = make_site(tmp_path)
    assert run(root).code == 0
    scripts = {path: 2018 for path in (PROJECT / "templates/assets").glob("*.js")}
    scripts[root / "output" / "sw.js"] = 2017
    assert len(scripts) >= 3
    check = ("const acorn = require(process.argv[1]); const fs = require('fs');"
             "for (const [file, version] of JSON.parse(process.argv[2])) {"
             "  try { acorn.parse(fs.readFileSync(file, 'utf8'),"
             "                   {ecmaVersion: version, sourceType: 'module'}); }"
             "  catch (error) { console.log(file + ': ' + error.message); } }")
    done = subprocess.run([node, "-e", check, str(acorn),
                           json.dumps([[str(path), version] for path, version in scripts.items()])],
                          capture_output=True, text=True, check=True)
    assert done.stdout == "", done.stdout


def test_the_search_page_without_its_script_says_what_is_true_in_every_browser(sample):
    """The sentence under the search heading shows wherever the script has not run yet,
    and for good where it cannot: "open this page in Chrome" was wrong for Chrome users."""
    base, css = sample
    import urllib.request
    page = urllib.request.urlopen(base + "cari/").read().decode()
    why = re.search(r'<p class="search-why">(.*?)</p>', page, re.S)[1]
    assert "Chrome" not in why
    assert re.sub(r"\s+", " ", why).startswith("Bila kotak pencarian tidak muncul di sini")
