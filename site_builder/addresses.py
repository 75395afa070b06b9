"""Where the site publishes what: the first segments of its addresses, in one place.

Output paths are relative to the site root, without a leading slash ("berita/"); the
home page is "". Each content section's documents have their pages under its prefix:
news at "berita/<slug>/", awards at "penghargaan/<slug>/", standing pages at the root
("profil/"). The builder's own pages and files (lists, schedule, tags, search, the
theme's assets) take the other segments, which a standing page's slug therefore cannot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from site_builder.model import Redirect

NEWS = "berita/"            # news items, their list, its later pages and the years' pages
AWARDS = "penghargaan/"     # award announcements and their list
SCHEDULE = "jadwal/"        # the schedule, a page per program, the calendars
TAGS = "tag/"               # every tag, a list per tag
SEARCH = "cari/"            # the search page and its index
THEME_ASSETS = "assets/"    # the theme's CSS, scripts and icons

# Content section (folder of content/) -> the prefix of its documents' pages.
SECTION_PREFIXES = {"news": NEWS, "awards": AWARDS, "pages": ""}
# The word staff read for a page under each prefix that has documents.
SECTION_WORDS = {NEWS: "berita", AWARDS: "penghargaan"}
# First segments of the builder's own addresses: no standing page may take one.
BUILDER_FOLDERS = frozenset(prefix.rstrip("/") for prefix in
                            (NEWS, AWARDS, SCHEDULE, TAGS, SEARCH, THEME_ASSETS))


def program_of_page(path: str) -> str | None:
    """The program id of the output path of a program's page ("jadwal/yoga/index.html":
    "yoga"); None for any other path."""
    parts = path.split("/")
    return (parts[1] if len(parts) == 3 and f"{parts[0]}/" == SCHEDULE and parts[1]
            and parts[2] == "index.html" else None)


def program_calendar(program_id: str) -> str:
    """Where a program's own calendar is published: "jadwal/<id>.ics"."""
    return f"{SCHEDULE}{program_id}.ics"


def first_addresses(redirects: Iterable[Redirect]) -> dict[int, str]:
    """By id() of a document or program: the url path of the first of its old addresses
    (`aliases`, in the order written) shaped as its own page's address is, in its section
    ("berita/judul-lama/" of a news item, "jadwal/yoga/" of a program; an old site's
    "lama.html" is none): the address it was first published at. A feed entry's id and a
    calendar's UIDs keep it, so a renamed item or class is the same one to subscribers."""
    first: dict[int, str] = {}
    for redirect in redirects:
        old, own = redirect.url_path, redirect.target.url_path
        if (old.endswith("/") and old.count("/") == own.count("/")
                and old.partition("/")[0] == own.partition("/")[0]):
            first.setdefault(id(redirect.target), old)
    return first
