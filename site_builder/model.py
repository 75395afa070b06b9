"""The typed model: frozen dataclasses built complete by the content loaders.

Field names are those of CONTENT-FORMAT.md. Where a contract field is called
`source` or `location` (the "Sumber" of a news item, the place of a class), the
file and line an object was read from is called `origin`.

URL paths (`url_path`) are site paths without the base path and without a
leading slash: "berita/diskarpus-raih-penghargaan/"; the home page is "".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, NamedTuple

from site_builder import packing
from site_builder.addresses import SCHEDULE, TAGS
from site_builder.errors import Location

if TYPE_CHECKING:   # views.py makes its values from this module's
    from site_builder.views import NewsYear


class BodyHtml:
    """A body's HTML (rendered Markdown, sanitized), held as packed UTF-8 (packing.py).

    A build holds every body: as str (two bytes a character once one character is
    beyond Latin-1, as a curly quote is) the bodies of the benchmark's 10,000 news
    items take 107 MiB, packed 23 MiB, and the build cache's copy shrinks alike.
    Packing takes about 0.012 ms a body when it is read, unpacking 0.004 ms when its
    page is rendered. Templates print it as the HTML it is (`__html__`, like
    markupsafe.Markup); str() gives the text.
    """

    __slots__ = ("packed",)

    def __init__(self, html: str, packed: bytes | None = None):
        self.packed = packed if packed is not None else packing.packed(
            html.encode("utf-8", "surrogatepass"))

    def __str__(self) -> str:
        return packing.unpacked(self.packed).decode("utf-8", "surrogatepass")

    __html__ = __str__

    def __len__(self) -> int:
        return len(str(self))

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BodyHtml) and other.packed == self.packed

    def __hash__(self) -> int:
        return hash(self.packed)

    def __repr__(self) -> str:
        return f"BodyHtml({str(self)!r})"

    def __reduce__(self) -> tuple[type, tuple[str, bytes]]:
        return BodyHtml, ("", self.packed)


@dataclass(frozen=True)
class Image:
    """An image named in front matter, with its text alternative."""

    path: Path      # the file on disk
    url_path: str   # where it is published: "berita/x/foto.jpg" or "gambar/foto.jpg"
    alt: str
    caption: str = ""   # shown under it on the item's page ("Foto: Humas Pemkab")


@dataclass(frozen=True)
class Asset:
    """A file copied to the site as it is (from static/, or beside a bundle's index.md)."""

    path: Path
    url_path: str
    origin: Location
    static: bool = False   # from static/: published as it is, but a photo a page shows (images)


class LinkReference(NamedTuple):
    """A link or image of a Markdown body, found when the file is read (links.py).

    A named tuple, not a dataclass: 10,000 items hold some 30,000 of them, and the
    build cache unpickles a tuple in half the time (15 ms of a one-edit build)."""

    tag: str              # "a", "img", "iframe" ...
    value: str            # the href or src, as in the HTML
    alt: str | None       # of an <img>
    written: str          # the address as the staff wrote it
    line: int | None      # where it was written, when found


@dataclass(frozen=True)
class RejectedBody:
    """The Markdown body of a news item, award or page that a field error keeps off the
    site: its links and images are checked all the same, so that one run reports every
    problem of the file (links.check_links, in a build with errors)."""

    origin: Location
    url_path: str         # of the page it would have: relative links start there
    body_line: int
    references: tuple[LinkReference, ...]
    assets: tuple[Asset, ...] = ()   # the files beside it it would publish (photos too)


@dataclass(frozen=True)
class Alias:
    """An old address of a document (its `aliases` field), as written."""

    written: str          # "/berita/judul-lama/", "https://example.org/lama.html" ...
    line: int | None      # where it was written


@dataclass(frozen=True, kw_only=True)
class Document:
    """What every Markdown file has: where it came from, where it goes, its body."""

    origin: Location
    slug: str
    url_path: str
    title: str
    summary: str
    body_html: BodyHtml
    draft: bool = False
    assets: tuple[Asset, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # field -> line
    # Every href and src of the body, with the line it was written on (links.py).
    references: tuple[LinkReference, ...] = field(default=(), compare=False)
    body_line: int = field(default=1, compare=False)   # where the body starts in the file
    aliases: tuple[Alias, ...] = ()   # old addresses that send readers here (redirects.py)

    def origin_of(self, key: str) -> Location:
        """The file and line where field `key` was written (the file when it was not)."""
        return self.origin.at(self.lines.get(key))


@dataclass(frozen=True, kw_only=True)
class NewsItem(Document):
    """A news item (berita) from content/news/."""

    date: datetime
    tags: tuple[str, ...] = ()
    image: Image | None = None
    author: str | None = None
    source: str | None = None   # shown as "Sumber"
    updated: datetime | None = None
    program: str | None = None   # id of the schedule's program it is about, as written


@dataclass(frozen=True, kw_only=True)
class Award(NewsItem):
    """An award announcement (penghargaan) from content/awards/."""

    award: str
    giver: str
    recipient: str
    recipient_type: str = "institution"   # "institution" or "individual"
    year: int
    event: str | None = None
    news: str | None = None   # slug of the related news item


@dataclass(frozen=True, kw_only=True)
class Page(Document):
    """A standing page (profil, layanan, kontak ...) from content/pages/."""

    menu_order: int | None = None


@dataclass(frozen=True)
class WeeklyRule:
    """A recurring weekly session: every `day` from `start` to `end`; only from `first`
    and until `last` when written (an addition: "from January the class moves to
    Friday" is a Thursday rule until 31 December and a Friday rule from 1 January)."""

    origin: Location
    day: int          # Monday is 0
    start: time
    end: time | None
    first: date | None = None   # the item's own `from`, within the program's period
    last: date | None = None    # its own `until`

    def dates(self, first: date, last: date) -> list[date]:
        """The days from `first` to `last` (both included) this session falls on, within
        the rule's own `first` and `last`."""
        first = max(first, self.first) if self.first else first
        last = min(last, self.last) if self.last else last
        start = first + timedelta(days=(self.day - first.weekday()) % 7)
        return [start + timedelta(weeks=week) for week in range((last - start).days // 7 + 1)]

    def overlaps(self, start: time, end: time | None) -> bool:
        """Whether a session of its day from `start` to `end` shares a moment with this
        rule's (one without an end: its start): a one-off session then stands in for it."""
        return start == self.start or (start < (self.end or self.start)
                                       and self.start < (end or start))


@dataclass(frozen=True)
class OneOffSession:
    """A session on one date, as written under `sessions:`."""

    origin: Location
    date: date
    start: time
    end: time | None
    location: str | None = None   # overrides the program's location
    note: str | None = None
    cancelled: str | None = None   # `cancelled`: why it does not take place ("" untold)


@dataclass(frozen=True)
class Closure:
    """Days the library is closed (schedule.yaml's `closed`, an addition): no weekly
    session of any program is held on them."""

    origin: Location
    first: date
    last: date                # `first` for a single day
    note: str | None = None   # why: "Hari Raya Natal"

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, kw_only=True)
class Program:
    """A free class or activity of schedule.yaml."""

    origin: Location
    id: str
    title: str
    summary: str | None = None
    description_html: str = ""
    category: str | None = None
    partner: str | None = None
    location: str | None = None
    audience: str | None = None
    fee: str = "Gratis"
    quota: int | None = None
    registration: str | None = None
    registration_until: date | None = None   # the last day to register (an addition)
    full: bool = False                        # no place left: registration closed (an addition)
    weekly: tuple[WeeklyRule, ...] = ()
    period_from: date | None = None
    period_until: date | None = None
    # The `except` field, and the days of schedule.yaml's `closed` a weekly session falls on
    except_dates: tuple[date, ...] = ()
    except_notes: tuple[tuple[date, str], ...] = ()   # (date, why) of those with a note
    except_spans: tuple[tuple[date, date], ...] = ()   # as written: (first, last)
    # (date, start) of the weekly sessions a one-off session stands in for (an addition:
    # one under `sessions` on a class day, at overlapping hours, is that day's class)
    stood_in: tuple[tuple[date, time], ...] = ()
    sessions: tuple[OneOffSession, ...] = ()
    image: Image | None = None   # a photo of static/ (`image`, `image_alt`)
    # Old addresses of its page (an id renamed), as news have (an addition; redirects.py)
    aliases: tuple[Alias, ...] = ()

    @property
    def url_path(self) -> str:
        return f"{SCHEDULE}{self.id}/"

    def weekly_on(self, today: date) -> tuple[WeeklyRule, ...]:
        """Its weekly rules still to run on `today` (one with its own `until` gone by is
        over: "setiap Kamis (sampai 31 Januari)" read in March tells of a class that no
        longer meets); all of them once none is, so a finished class still says what it
        was."""
        running = tuple(rule for rule in self.weekly
                        if (rule.last or self.period_until or today) >= today)
        return running or self.weekly

    def held_at_library(self, location: str | None) -> bool:
        """Whether a session at `location` (its own place; None: the program's) is at the
        library: the program's own place is (a room of the library, as a rule); a place
        a session has of its own is elsewhere (a village library)."""
        return not location or location == self.location

    def registration_closed(self, today: date) -> bool:
        """Whether `today` (the build's date, in the site's zone) is past the last day to
        register (`registration_until`); `full` is the other reason registration is shut."""
        return self.registration_until is not None and self.registration_until < today


@dataclass(frozen=True)
class _Dated:
    """A dated session of a program, weekly ones expanded; times are aware. Held
    (Session) or not (Cancellation): pages show both alike, `cancelled` tells them apart."""

    program: Program
    start: datetime
    end: datetime | None
    location: str | None
    note: str | None
    weekly: bool
    past: bool   # ended (or, without an end, started) by the build's `now`


@dataclass(frozen=True)
class Session(_Dated):
    """One session of a program that takes place."""

    cancelled: ClassVar[bool] = False


@dataclass(frozen=True)
class Cancellation(_Dated):
    """A session that does not take place: a weekly one on a date of `except` ("Libur"),
    or a one-off one marked `cancelled` ("Batal"). Pages show it where the session would
    have been, with `note` saying why (None when untold)."""

    cancelled: ClassVar[bool] = True

    @property
    def label(self) -> str:
        """Its mark on the pages: "Libur" (a weekly session's day off) or "Batal"."""
        return "Libur" if self.weekly else "Batal"


@dataclass(frozen=True)
class Tag:
    name: str    # the spelling most items use
    slug: str
    items: tuple[NewsItem, ...]   # news and awards, newest first

    @property
    def url_path(self) -> str:
        return f"{TAGS}{self.slug}/"


@dataclass(frozen=True)
class NewsLink:
    """The `news` field of an award: the slug it names and where it was written."""

    slug: str
    origin: Location


@dataclass(frozen=True)
class Redirect:
    """A page published at an old address of `target`, sending the reader on to it."""

    output_path: str      # "berita/judul-lama/index.html" or "lama.html"
    target: Document | Program   # a program's old page also keeps its calendar (ical.py)
    origin: Location      # where the address was written

    @property
    def url_path(self) -> str:
        """The old address as a site path: "berita/judul-lama/", "lama.html"."""
        return self.output_path.removesuffix("index.html")


@dataclass(frozen=True)
class Content:
    """Everything the loaders read, before drafts and scheduled items are held back."""

    news: tuple[NewsItem, ...]
    awards: tuple[Award, ...]
    pages: tuple[Page, ...]
    programs: tuple[Program, ...]
    static: tuple[Asset, ...]
    news_links: tuple[NewsLink, ...] = ()   # of every award, valid or not
    # The slug of every news file's name, valid or not; only when a news link names no valid
    # item (else every link is known without it: empty).
    news_slugs: frozenset[str] = frozenset()
    # Every id schedule.yaml writes, of a valid program or not; None: it is no list of them.
    program_ids: frozenset[str] | None = frozenset()
    closures: tuple[Closure, ...] = ()   # schedule.yaml's `closed`, in date order
    # Sections ("news", "awards", "pages", "schedule") of which a file or program could not
    # be read: what it would publish is unknown (links.unsure_targets).
    unread: frozenset[str] = frozenset()
    # Sections ("news", "awards") of which every file with errors has a known address: only
    # the lists it would be on (tag pages, year pages, later pages) are unknown.
    unlisted: frozenset[str] = frozenset()
    rejected: tuple[RejectedBody, ...] = ()   # bodies of the items with field errors


@dataclass(frozen=True)
class Site:
    """The assembled site: only what is published, with every URL known."""

    news: tuple[NewsItem, ...]          # newest first
    awards: tuple[Award, ...]           # newest first
    pages: tuple[Page, ...]
    programs: tuple[Program, ...]       # next session first
    sessions: dict[str, tuple[Session, ...]]   # program id -> sessions in time order
    tags: tuple[Tag, ...]
    awards_by_news: dict[str, tuple[Award, ...]]
    news_by_slug: dict[str, NewsItem]
    assets: tuple[Asset, ...]           # static files and bundle files
    now: datetime
    upcoming: tuple[Session, ...] = field(default=())   # every future session, in time order
    cancelled: tuple[Cancellation, ...] = ()   # every future session not held, in time order
    news_years: tuple[NewsYear, ...] = ()   # the news by year and month, newest first
    # tag slug -> its year pages (views.topic_years), for the topics that have them
    topic_years: dict[str, tuple[NewsYear, ...]] = field(default_factory=dict)
    redirects: tuple[Redirect, ...] = ()    # the old addresses of what is published
    # program id -> the published news and awards about it (their `program`), newest first
    news_by_program: dict[str, tuple[NewsItem, ...]] = field(default_factory=dict)
    closures: tuple[Closure, ...] = ()   # days the library is closed, in date order
