"""Accessibility of the built sites in real headless Chromium at phone size (390x844):
axe-core finds no WCAG 2.1 A/AA violation on any page kind of the sample site or of
tests/sites/kedungwaru (published under /perpustakaan/), in light and in dark mode;
every page has lang="id", one <h1>, a <main>, a skip link as its first focusable
element, body text of at least 16px and no sideways scrolling, neither at 320px with
the wider text spacing of WCAG 1.4.12 nor at 360px with text at 150 % and 200 % (WCAG
1.4.4, "Menu" still on the screen); and the site menu leads
to Berita, Penghargaan, Jadwal Kegiatan and a standing page, with JavaScript on and off.

Both sites are built once per module into temporary folders, for the address they are
served at, and served like a static host (a missing address gets 404.html, status 404).
"""

from __future__ import annotations

import re

import pytest

from browser import EVERY_PAGE, PHONE, SEARCH_WORD, axe_violations, open_watched, search_for

SKIP_LINK = re.compile(r"langsung ke isi", re.IGNORECASE)
MIN_FONT_PX = 16

# Menu link -> its page and that page's <h1>, on the sample site.
MENU = [("Berita", "berita/", "Berita"),
        ("Penghargaan", "penghargaan/", "Penghargaan"),
        ("Jadwal Kegiatan", "jadwal/", "Jadwal Kegiatan"),
        ("Profil Perpustakaan", "profil/", "Profil Perpustakaan")]


def _context(browser, **options):
    """Another context of the same browser (one Playwright per process at a time), in
    Indonesian, with `options` (viewport, colour scheme...), closed afterwards."""
    context = browser.browser.new_context(locale="id-ID", **options)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def browser_without_js(browser):
    """A phone with JavaScript off."""
    yield from _context(browser, viewport=PHONE, java_script_enabled=False)


def describe_violations(where: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) on {where}:"]
    for v in violations:
        targets = ", ".join(v["targets"][:6]) + (" ..." if len(v["targets"]) > 6 else "")
        lines.append(f"  {v['id']} [{v['impact']}] {v['help']} ({len(v['targets'])}x): {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("site, kind, path", EVERY_PAGE)
def test_each_page_on_a_phone(sites, browser, site, kind, path):
    """Four checks of the page on a 390 px phone, on one load of it: no axe-core violation;
    its structure (structure_problems); link names (link_name_problems); and its text at
    200 % (broken_words)."""
    where = f"{site} {kind} ({path or 'home'})"
    with open_watched(browser, sites[site], path) as watched:
        problems = link_name_problems(watched.page)
        violations = axe_violations(watched.page)
        if violations:
            problems.append(describe_violations(where, violations))
        problems += structure_problems(watched.page)   # presses Tab
        watched.page.evaluate("() => document.activeElement.blur()")
        problems += broken_words(watched.page)   # sets the text to 200 %, last
    assert problems == [], f"{where}:\n  " + "\n  ".join(problems)


@pytest.fixture(scope="module")
def browser_in_dark_mode(browser):
    """A context of the same browser on a phone set to dark mode (prefers-color-scheme)."""
    yield from _context(browser, viewport=PHONE, color_scheme="dark")


@pytest.mark.parametrize("site, kind, path", EVERY_PAGE)
def test_dark_mode_has_dark_paper_and_no_axe_violations(sites, browser_in_dark_mode, site,
                                                         kind, path):
    with open_watched(browser_in_dark_mode, sites[site], path) as watched:
        paper, ink = watched.page.evaluate("""() => {
            const style = getComputedStyle(document.body);
            return [style.backgroundColor, style.color];
        }""")
        violations = axe_violations(watched.page)
    assert paper == "rgb(21, 24, 28)" and ink == "rgb(232, 234, 237)", (paper, ink)
    assert violations == [], describe_violations(f"{site} {kind} ({path or 'home'}), dark",
                                                 violations)


@pytest.mark.parametrize("site", ["sample", "kedungwaru"])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_axe_violations_on_search_results(sites, browser, browser_in_dark_mode, site, mode):
    context = browser if mode == "light" else browser_in_dark_mode
    with open_watched(context, sites[site], "cari/") as watched:
        search_for(watched.page, sites[site].base, SEARCH_WORD)
        assert watched.page.locator(".search-results mark").count() > 0   # highlights shown
        violations = axe_violations(watched.page)
    assert violations == [], describe_violations(f"{site} cari/ after searching "
                                                 f"{SEARCH_WORD!r} ({mode})", violations)


STRUCTURE = """() => {
    const main = document.querySelector('main');
    const overflowing = [...document.body.querySelectorAll('*')]
        .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
        .slice(0, 5)
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                  + (e.className && typeof e.className === 'string'
                     ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
    return {
        lang: document.documentElement.getAttribute('lang'),
        h1: [...document.querySelectorAll('h1')].map(h => h.textContent.trim()),
        mains: document.querySelectorAll('main').length,
        fontSize: parseFloat(getComputedStyle(document.body).fontSize),
        scrollWidth: document.scrollingElement.scrollWidth,
        overflowing,
    };
}"""

FOCUSED_SKIP_LINK = """link => {
    const href = link.getAttribute('href') || '';
    const target = href.startsWith('#') ? document.getElementById(href.slice(1)) : null;
    const main = document.querySelector('main');
    return {
        focused: link === document.activeElement,
        firstFocused: document.activeElement && document.activeElement.outerHTML.slice(0, 120),
        href,
        target: target !== null,
        inMain: target !== null && main !== null
                && (target === main || main.contains(target) || target.contains(main)),
    };
}"""


# WCAG 1.4.10 (reflow: 320 CSS pixels, a 1280 px screen at 400 %) and 1.4.12 (text
# spacing: a reader's style sheet may set these, and nothing may be lost or overlap).
NARROW = {"width": 320, "height": 640}
TEXT_SPACING = ("* { line-height: 1.5 !important; letter-spacing: 0.12em !important; "
                "word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }")
CLIPPED = """() => [...document.body.querySelectorAll('*')].filter(e => {
        const style = getComputedStyle(e);
        return [style.overflowX, style.overflowY].includes('hidden')
            && !e.closest('.visually-hidden') && e.clientWidth > 2
            && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1);
    }).map(e => e.tagName.toLowerCase() + '.' + e.className)"""


@pytest.fixture(scope="module")
def browser_with_text_spacing(browser):
    """A context of the same browser, 320 px wide; bypass_csp lets a test add the
    reader's style sheet, which the site's CSP would refuse as inline style."""
    yield from _context(browser, viewport=NARROW, bypass_csp=True)


@pytest.mark.parametrize("site, kind, path", EVERY_PAGE)
def test_320px_with_wider_text_spacing_never_scrolls_sideways_or_clips(
        sites, browser_with_text_spacing, site, kind, path):
    with open_watched(browser_with_text_spacing, sites[site], path) as watched:
        watched.page.add_style_tag(content=TEXT_SPACING)
        facts = watched.page.evaluate(STRUCTURE)
        clipped = watched.page.evaluate(CLIPPED)
    assert facts["scrollWidth"] <= NARROW["width"] and clipped == [], (
        f"{site} {kind} ({path or 'home'}) at 320px with WCAG 1.4.12 text spacing: "
        f"{facts['scrollWidth']}px wide, overflowing: {facts['overflowing']}, "
        f"clipped: {clipped}")


def structure_problems(page) -> list[str]:
    """What is wrong with the page's structure, in words: lang="id", one <h1>, one <main>,
    16px text, no sideways scrolling, and a skip link that is the first thing Tab reaches
    and leads to the main content. Presses Tab once."""
    facts = page.evaluate(STRUCTURE)
    problems = []
    if facts["lang"] != "id":
        problems.append(f'<html lang="{facts["lang"]}">, expected lang="id"')
    if len(facts["h1"]) != 1:
        problems.append(f"{len(facts['h1'])} <h1> elements, expected one: {facts['h1']}")
    if facts["mains"] != 1:
        problems.append(f"{facts['mains']} <main> elements, expected one")
    if facts["fontSize"] < MIN_FONT_PX:
        problems.append(f"body font-size {facts['fontSize']}px, expected at least {MIN_FONT_PX}px")
    if facts["scrollWidth"] > PHONE["width"]:
        problems.append(f"scrolls sideways: {facts['scrollWidth']}px wide at {PHONE['width']}px, "
                        f"overflowing: {facts['overflowing']}")

    page.keyboard.press("Tab")
    links = page.get_by_role("link", name=SKIP_LINK)
    if links.count() == 0:
        problems.append(f"no skip link named {SKIP_LINK.pattern!r}")
    else:
        skip = links.first.evaluate(FOCUSED_SKIP_LINK)
        if not skip["focused"]:
            problems.append(f"the skip link is not the first focusable element; Tab reached "
                            f"{skip['firstFocused']}")
        if not skip["target"]:
            problems.append(f"the skip link's target {skip['href']!r} does not exist")
        elif not skip["inMain"]:
            problems.append(f"the skip link's target {skip['href']!r} is not the <main> content")
    return problems


def open_menu_link(page, name: str):
    """The site menu's link `name`, inside the navigation landmark; where a phone layout
    folds the menu away, open it first with its link, button or <summary> named "Menu"."""
    menu = page.get_by_role("navigation").filter(
        has=page.get_by_role("link", name=name, exact=True)).first
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        toggles = [page.get_by_role("link", name="Menu", exact=True),
                   page.get_by_role("button", name=re.compile("menu", re.IGNORECASE)),
                   page.locator("summary").filter(has_text=re.compile("menu", re.IGNORECASE))]
        for toggle in toggles:
            if toggle.count() and toggle.first.is_visible():
                toggle.first.click()
                break
    assert link.is_visible(), f"the menu link {name!r} cannot be seen, even after opening the menu"
    return link


@pytest.mark.parametrize("java_script", [True, False], ids=["js", "no-js"])
def test_menu_leads_to_each_section_at_phone_size(sites, browser, browser_without_js,
                                                  java_script):
    context = browser if java_script else browser_without_js
    site = sites["sample"]
    page = context.new_page()
    for name, path, heading in MENU:
        page.goto(site.base, wait_until="load")
        open_menu_link(page, name).click()
        page.wait_for_url(site.base + path)
        h1 = page.get_by_role("heading", level=1)
        assert h1.count() == 1 and h1.inner_text().strip() == heading, \
            (name, [text.strip() for text in h1.all_inner_texts()])
    page.close()


# A common cheap Android phone's screen, CSS pixels: the header must leave it room.
SMALL_PHONE = {"width": 360, "height": 640}
WIDE_SCREEN = {"width": 1280, "height": 800}
HEADER_SHARE = 0.35   # of the screen's height, at most, above an article's title
ARTICLE = "berita/45-perpustakaan-desa-percontohan-inklusi-sosial/"   # a title of 4 lines


@pytest.mark.parametrize("java_script", [True, False], ids=["js", "no-js"])
def test_a_small_phone_sees_the_article_title_on_its_first_screen(sites, browser,
                                                                  browser_without_js,
                                                                  java_script):
    """At 360x640 the header (brand, folded menu, catalog search) takes at most
    HEADER_SHARE of the screen; "Menu" unfolds the menu in place, without JavaScript
    too, and "Tutup menu" folds it again."""
    context = browser if java_script else browser_without_js
    site = sites["sample"]
    page = context.new_page()
    page.set_viewport_size(SMALL_PHONE)
    page.goto(site.base + ARTICLE, wait_until="load")
    top = page.get_by_role("heading", level=1).bounding_box()["y"]
    assert top <= SMALL_PHONE["height"] * HEADER_SHARE, f"the title starts {top}px down"
    menu = page.get_by_role("navigation", name="Menu utama")
    assert not menu.is_visible()
    assert page.get_by_role("searchbox", name=re.compile("koleksi", re.IGNORECASE)).is_visible()
    page.get_by_role("link", name="Menu", exact=True).click()
    assert menu.get_by_role("link", name="Jadwal Kegiatan").is_visible()
    assert menu.bounding_box()["y"] < top   # unfolded where it is, above the article
    page.get_by_role("link", name="Tutup menu", exact=True).click()
    assert not menu.is_visible()
    # From the keyboard: the link pressed folds away; focus goes to the header, not
    # to the page's start, and the next Tab goes on from there.
    page.get_by_role("link", name="Menu", exact=True).focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "menu"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('header') !== null")
    page.close()


def test_a_wide_screen_shows_the_menu_without_a_toggle(sites, browser):
    page = browser.new_page()
    page.set_viewport_size(WIDE_SCREEN)
    page.goto(sites["sample"].base, wait_until="load")
    menu = page.get_by_role("navigation", name="Menu utama")
    assert menu.get_by_role("link", name="Jadwal Kegiatan").is_visible()
    assert not page.get_by_role("link", name="Menu", exact=True).is_visible()
    assert not page.get_by_role("link", name="Tutup menu", exact=True).is_visible()
    page.close()


def test_a_small_phone_sees_the_coming_classes_on_the_home_page_first_screen(sites, browser):
    """The free classes come first on a phone's home page (the menu that named "Jadwal
    Kegiatan" is folded there): the first coming session shows on the first screen of
    a 360x640 phone, before the news, and screen readers meet it first too. On a wide
    screen the classes take the left column and the news and awards the right, one under
    the other, so the keyboard goes down one column, then the other (WCAG 2.4.3)."""
    page = browser.new_page()
    page.set_viewport_size(SMALL_PHONE)
    page.goto(sites["sample"].base, wait_until="load")
    classes = page.get_by_role("region", name="Kegiatan terdekat")
    news = page.get_by_role("region", name="Berita terbaru")
    first = classes.get_by_role("listitem").first.bounding_box()
    assert first["y"] + first["height"] <= SMALL_PHONE["height"], first
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:3] == ["Kegiatan terdekat", "Berita terbaru", "Penghargaan"], headings
    page.set_viewport_size(WIDE_SCREEN)
    left, right = classes.bounding_box(), news.bounding_box()
    assert left["x"] + left["width"] <= right["x"] and abs(left["y"] - right["y"]) < 2, \
        (left, right)
    awards = page.get_by_role("region", name="Penghargaan").bounding_box()
    assert awards["x"] == right["x"] and awards["y"] >= right["y"] + right["height"], awards
    page.close()


@pytest.mark.parametrize("site", ["sample", "kedungwaru"])
@pytest.mark.parametrize("java_script", [True, False], ids=["js", "no-js"])
def test_a_missing_page_offers_a_search_of_this_site(sites, browser, browser_without_js,
                                                     site, java_script):
    """An old or mistyped address deep in the site gets the 404 page, whose one search box
    looks in this site (cari/'s index), not in the book catalog the header already offers.
    With JavaScript the results show there; without, the search page's links to the
    sections, and no search box (it could not run)."""
    context = browser if java_script else browser_without_js
    served = sites[site]
    page = context.new_page()
    missing = served.base + "berita/alamat-lama-yang-sudah-dipindahkan/"
    response = page.goto(missing, wait_until="load")
    assert response is not None and response.status == 404
    main = page.get_by_role("main")
    if java_script:
        form = main.get_by_role("search", name="Cari di situs ini")
        assert form.is_visible()
        boxes = main.get_by_role("searchbox")
        assert boxes.count() == 1, "the 404 page repeats the header's catalog search"
        form.get_by_role("searchbox").fill(SEARCH_WORD)
        form.get_by_role("searchbox").press("Enter")
        page.wait_for_url(f"{missing}?q={SEARCH_WORD}")
        page.locator("[data-search-status]").filter(has_text=SEARCH_WORD).wait_for()
        result = page.locator("[data-search-results] a").first
        found = result.evaluate("link => link.href")   # a page of this site, not the catalog
        assert found.startswith(served.base) and not found.startswith(served.base + "cari/")
    else:
        assert main.get_by_role("search").count() == 0
        assert main.get_by_role("link", name="Berita", exact=True).is_visible()
    page.close()


@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_forced_colours_keep_the_menu_icon_and_the_search_buttons_edge(sites, browser, scheme):
    """Windows' contrast themes (forced colours) drop backgrounds: the menu's bars, drawn
    as backgrounds, stay painted, and the catalog's button keeps a visible edge."""
    import io

    from PIL import Image

    context = browser.browser.new_context(viewport=PHONE, forced_colors="active",
                                          color_scheme=scheme, locale="id-ID")
    try:
        with open_watched(context, sites["sample"], "jadwal/") as watched:
            toggle = watched.page.locator(".menu-open")
            shot = Image.open(io.BytesIO(toggle.screenshot())).convert("RGB")
            icon = shot.crop((6, 6, 30, shot.height - 6))   # inside the 2px border
            background = max(icon.getcolors(4096))[1]
            painted = sum(count for count, colour in icon.getcolors(4096) if colour != background)
            button = watched.page.locator(".header-catalog button").evaluate(
                "b => [getComputedStyle(b).borderTopWidth, getComputedStyle(b).borderTopColor,"
                " getComputedStyle(b).backgroundColor]")
    finally:
        context.close()
    assert painted >= 60, f"menu icon: {painted} pixels painted in forced colours ({scheme})"
    width, border, paper = button
    assert float(width.rstrip("px")) >= 1 and border != paper, button


# Each class hour written on a page ("15.00–17.00 WIB", "09.00 WIB") and the lines it
# spans at the page's width: text nodes joined, so hours split by <time> elements count.
HOURS_LINES = r"""() => {
  const nodes = [], walker = document.createTreeWalker(document.querySelector('main'),
                                                       NodeFilter.SHOW_TEXT);
  let text = '';
  while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]);
                              text += walker.currentNode.data; }
  const at = offset => { let i = nodes.length - 1; while (nodes[i][1] > offset) i--;
                         return [nodes[i][0], offset - nodes[i][1]]; };
  return [...text.matchAll(/\d\d\.\d\d(?:\s*–\s*\d\d\.\d\d)?\s+WIB/g)].map(match => {
    const range = document.createRange();
    range.setStart(...at(match.index));
    range.setEnd(...at(match.index + match[0].length));
    const tops = new Set([...range.getClientRects()].filter(rect => rect.width > 0)
                           .map(rect => Math.round(rect.bottom)));
    return [match[0], tops.size];
  });
}"""


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", ["jadwal/bahasa-inggris/", "jadwal/", ""],
                         ids=["program", "schedule", "home"])
def test_class_hours_stay_on_one_line_at_phone_size(sites, browser, width, path):
    """A resident reads "15.00–17.00 WIB" whole: the hours of a class never break
    across lines on a phone, neither before "WIB" nor after the dash, wherever the page
    writes them (the weekly rule "Setiap Selasa dan Kamis, ...", the next session,
    the list of sessions)."""
    page = browser.new_page()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(sites["sample"].base + path, wait_until="load")
    hours = page.evaluate(HOURS_LINES)
    page.close()
    assert len(hours) >= 3, hours
    assert [text for text, lines in hours if lines != 1] == [], hours


# WCAG 1.4.4 (resize text to 200 %) on a cheap phone: a reader who enlarges the text
# (Chrome's text scaling, a larger default font: the root font-size) or zooms the page
# (fewer CSS pixels: 360 / 1.5 = 240) loses nothing. The header wraps, "Menu" below the
# library's name, rather than pushing the button off the screen, and the facts of a class
# or an award (Tempat, Peserta, Biaya...) put each value under its name rather than
# squeezing it into a column a few letters wide.
LARGE_TEXT = ["150%", "200%"]
TEXT_AT = "size => { document.documentElement.style.fontSize = size; }"
WIDTHS = """() => {
    const toggle = [...document.querySelectorAll('header a')]
        .find(a => a.textContent.trim() === 'Menu');
    const box = toggle.getBoundingClientRect();
    return {
        scrollWidth: document.scrollingElement.scrollWidth,
        clientWidth: document.scrollingElement.clientWidth,
        toggle: [box.left, box.right, box.width],
        overflowing: [...document.body.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className),
    };
}"""
# Each fact's value, its width in its own em and the list's.
FACTS = """() => [...document.querySelectorAll('dl dd')].map(dd => {
    const em = parseFloat(getComputedStyle(dd).fontSize);
    return {text: dd.textContent.trim().slice(0, 30),
            ems: dd.getBoundingClientRect().width / em,
            listEms: dd.parentElement.getBoundingClientRect().width / em};
})"""


def test_a_screen_reader_hears_sampai_between_two_times_and_a_copy_keeps_the_dash(sites,
                                                                                  browser):
    """An en dash is silent at a screen reader's usual punctuation level: "15.00–17.00"
    was read "lima belas titik nol nol tujuh belas titik nol nol". It hears "sampai";
    the page shows, and a resident copying the hours into a chat gets, the dash."""
    with open_watched(browser, sites["sample"], "jadwal/bahasa-inggris/") as watched:
        hours = watched.page.locator(".session-time").first
        heard = hours.aria_snapshot()
        copied = hours.evaluate("""element => { const range = document.createRange();
            range.selectNodeContents(element); const selection = getSelection();
            selection.removeAllRanges(); selection.addRange(range);
            return selection.toString(); }""")
        weekly = watched.page.locator("p.weekly").aria_snapshot()
        hours = watched.page.locator("ul.hours").aria_snapshot()
    assert "15.00 sampai 17.00 WIB" in heard and "–" not in heard, heard
    assert copied == "15.00–17.00 WIB", copied
    assert "15.00 sampai 17.00 WIB" in weekly and "2026 sampai 28 Januari 2027" in weekly, weekly
    assert "Senin sampai Kamis: 08.00 sampai 15.30 WIB" in hours, hours   # as site.yaml has it


# The names links of a page are read by (aria-label, else their text without what is
# hidden from screen readers), with their address (the same chat with or without a first
# message is one); links out of sight left out.
LINK_NAMES = """() => [...document.querySelectorAll("a[href]")]
    .filter(link => link.getClientRects().length && !link.hasAttribute("aria-describedby"))
    .map(link => {
        let name = link.getAttribute("aria-label");
        if (!name) {
            const copy = link.cloneNode(true);
            copy.querySelectorAll("[aria-hidden=true]").forEach(hidden => hidden.remove());
            name = copy.textContent;
        }
        return [name.replace(/\\s+/g, " ").trim().toLowerCase(), link.href.split(/[?#]/)[0],
                link.getAttribute("href").startsWith("#")];
    })"""


def link_name_problems(page) -> list[str]:
    """Links of one name on the page that go to two addresses, in words. A screen reader's
    list of links names each by its text alone: "Facebook" twice, once sharing the page and
    once the library's page, cannot be told apart (WCAG 2.4.9, and 2.4.4 where the text
    around says no more). In-page links ("#…") and links a description names
    (aria-describedby) aside; arrows and "+" are not read. And at most three named sections."""
    links = page.evaluate(LINK_NAMES)
    regions = page.evaluate("""() => document.querySelectorAll(
        'section[aria-labelledby], section[aria-label]').length""")
    addresses: dict[str, set[str]] = {}
    for name, address, in_page in links:
        if not in_page:
            addresses.setdefault(name, set()).add(address)
    problems = [f"links named {name!r} go to {sorted(places)}"
                for name, places in addresses.items() if len(places) > 1]
    problems += [f"a link named {name!r}: an arrow or '+' is read aloud"
                 for name, _, _ in links if name[:1] in "+←→" or name[-1:] in "←→"]
    # A named section is a landmark a screen reader steps through: the page's main parts
    # only, not every week, program, month or year (their headings serve).
    if regions > 3:
        problems.append(f"{regions} region landmarks, at most 3")
    return problems


@pytest.fixture(scope="module")
def small_phone(browser):
    """A context of the same browser on a 360x640 phone."""
    yield from _context(browser, viewport=SMALL_PHONE)


def width_problems(page, where: str) -> list[str]:
    """Sideways scrolling, a clipped element, a "Menu" link not wholly on the screen."""
    facts = page.evaluate(WIDTHS)
    clipped = page.evaluate(CLIPPED)
    problems = []
    if facts["scrollWidth"] > facts["clientWidth"]:
        problems.append(f"{where}: scrolls sideways, {facts['scrollWidth']}px wide at "
                        f"{facts['clientWidth']}px, overflowing: {facts['overflowing']}")
    left, right, width = facts["toggle"]
    if width == 0 or left < 0 or right > facts["clientWidth"]:
        problems.append(f"{where}: 'Menu' spans {left:.0f}-{right:.0f}px")
    if clipped:
        problems.append(f"{where}: clipped: {clipped}")
    return problems


@pytest.mark.parametrize("site, kind, path", EVERY_PAGE)
def test_large_text_on_a_small_phone_never_scrolls_sideways_and_keeps_the_menu_on_screen(
        sites, small_phone, site, kind, path):
    """Each size of LARGE_TEXT in turn, on one load of the page."""
    problems = []
    with open_watched(small_phone, sites[site], path) as watched:
        for size in LARGE_TEXT:
            watched.page.evaluate(TEXT_AT, size)
            problems += width_problems(watched.page,
                                       f"{site} {kind} ({path or 'home'}) at {size}")
            if kind in ("program", "award"):
                squeezed = [fact for fact in watched.page.evaluate(FACTS)
                            if fact["ems"] < min(8, fact["listEms"]) - 0.01]
                if squeezed:
                    problems.append(f"at {size}, facts squeezed under 8em: {squeezed}")
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="module")
def zoomed_phone(browser):
    """A 360 px phone zoomed to 150 %: 240 CSS pixels."""
    yield from _context(browser, viewport={"width": 240, "height": 640})


@pytest.mark.parametrize("site, kind, path", EVERY_PAGE)
def test_a_zoomed_phone_with_large_text_never_scrolls_sideways(sites, zoomed_phone, site,
                                                                kind, path):
    """240 CSS px with text at 200 % (six times the text of a 360 px phone): a long word
    in a pill, a link or a date breaks inside it, a column of hours narrows, and the page
    never scrolls sideways (a wide table scrolls in its own box)."""
    with open_watched(zoomed_phone, sites[site], path) as watched:
        watched.page.evaluate(TEXT_AT, "200%")
        problems = width_problems(watched.page, f"{site} {kind} ({path or 'home'}) at 240px")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width, size", [(360, "100%"), (300, "100%"), (277, "100%"),
                                         (240, "100%"), (240, "150%"), (240, "200%")])
def test_the_header_wraps_at_any_zoom_and_text_size_and_menu_opens(sites, small_phone,
                                                                    width, size):
    """Zoomed to 150 % (240 CSS px) or further with larger text, "Menu" wraps under the
    library's name and still opens the menu, every link of it on the screen; at normal
    size on a 360 px phone the name and "Menu" share one row, as before."""
    page = small_phone.new_page()
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(sites["sample"].base, wait_until="load")
    page.evaluate(TEXT_AT, size)
    problems = width_problems(page, f"{width}px at {size}")
    page.get_by_role("link", name="Menu", exact=True).click()
    for link in page.get_by_role("navigation", name="Menu utama").get_by_role("link").all():
        box = link.bounding_box()
        if not (link.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width):
            problems.append(f"{width}px at {size}: menu link {link.inner_text()!r} at {box}")
    page.close()
    assert problems == [], "\n".join(problems)


def test_the_header_keeps_one_row_at_normal_size_on_a_small_phone(sites, small_phone):
    page = small_phone.new_page()
    page.goto(sites["sample"].base, wait_until="load")
    brand = page.locator(".brand").bounding_box()
    toggle = page.get_by_role("link", name="Menu", exact=True).bounding_box()
    header = page.locator(".header-top").bounding_box()
    page.close()
    beside = toggle["x"] > brand["x"] + brand["width"]
    assert beside and toggle["y"] < brand["y"] + brand["height"], (brand, toggle)
    assert header["height"] <= 81, header   # 80 px as before: the name's three lines


# Words of main's text that a line break cuts in two, with where they are; not those of a
# web or e-mail address or a hashtag written in the text (wider than a line, they must).
BROKEN_WORDS = r"""() => {
    const broken = [];
    const walker = document.createTreeWalker(document.querySelector("main"),
                                             NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
        if (node.parentElement.closest(".visually-hidden")) continue;
        for (const piece of node.data.matchAll(/\S+/g)) {
            if (/[\/@#]/.test(piece[0])) continue;
            for (const word of piece[0].matchAll(/[\p{L}\p{N}]{2,}/gu)) {
                const range = document.createRange();
                range.setStart(node, piece.index + word.index);
                range.setEnd(node, piece.index + word.index + word[0].length);
                const lines = new Set([...range.getClientRects()].filter((box) => box.width)
                                      .map((box) => Math.round(box.top)));
                const where = node.parentElement.closest("h1, h2, h3, h4, p, li, dt, dd, td");
                if (lines.size > 1) broken.push(`${word[0]} (${where?.tagName})`);
            }
        }
    }
    return broken;
}"""


def broken_words(page) -> list[str]:
    """Words cut in two with the text at 200 % (which this sets), in words. Android's
    largest font on a 390 px phone: the side margins stay 16 px and headings grow less than
    the text, so "Perpustakaan" or "Penghargaan" in a title is never cut into
    "Perpustak / aan" (a word cut in two is hard to read for anyone reading word by word)."""
    page.evaluate(TEXT_AT, "200%")
    broken = page.evaluate(BROKEN_WORDS)
    return [f"at 200 %, words cut in two: {broken}"] if broken else []


@pytest.mark.parametrize("viewport", [PHONE, SMALL_PHONE], ids=["390x844", "360x640"])
def test_large_text_leaves_most_of_the_first_screen_to_the_page(sites, browser, viewport):
    """At 200 % the header (the name and "Menu") takes under half the screen: the book
    catalog's box moves into the folded menu, where "Menu" shows it; at normal size it
    stays in the header."""
    page = browser.new_page()
    page.set_viewport_size(viewport)
    page.goto(sites["sample"].base + ARTICLE, wait_until="load")
    catalog = page.get_by_role("searchbox", name=re.compile("koleksi", re.IGNORECASE))
    assert catalog.is_visible()
    page.evaluate(TEXT_AT, "200%")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= viewport["height"] / 2, header
    assert not catalog.is_visible()
    page.get_by_role("link", name="Menu", exact=True).click()
    assert catalog.is_visible()
    assert page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Jadwal Kegiatan").is_visible()
    page.close()


def test_the_footers_numbers_and_links_are_a_finger_tall(sites, browser):
    """Calling the library is an older resident's first choice: the telephone, WhatsApp,
    map and social links of the footer are 44 px tall, not a small text's line."""
    page = browser.new_page()
    page.goto(sites["sample"].base, wait_until="load")
    links = page.locator("footer :is(.reach, .map-link, .social) a")
    heights = {link.inner_text(): link.bounding_box()["height"] for link in links.all()}
    page.close()
    assert len(heights) >= 5 and all(height >= 44 for height in heights.values()), heights
