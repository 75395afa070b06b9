"""Assemble: from everything read to the site that is published.

`assemble_site(content, config, now, drafts, problems)` holds back drafts and
items dated after `now` (with a warning for a date more than a year ahead,
most likely a year typed wrong), links awards with their news items, gathers tags,
expands weekly sessions, orders everything, and reports every output path
claimed twice before any template runs.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from operator import attrgetter
from typing import Iterable, Sequence, TypeVar

from site_builder.addresses import AWARDS, NEWS, SCHEDULE, TAGS
from site_builder.ical import ALL_PROGRAMS, old_calendar_path, program_calendar_path
from site_builder.config import SiteConfig
from site_builder.errors import Location, Problems
from site_builder.feeds import FEED, ROBOTS, SITEMAP
from site_builder.formatting import format_short_date
from site_builder.hours import closed_on_holidays
from site_builder.model import (Asset, Award, BodyHtml, Cancellation, Closure, Content,
                                 Document, NewsItem, Page, Program, Redirect, Session, Site,
                                 Tag, WeeklyRule)
from site_builder.redirects import redirects
from site_builder.search import BUNDLE, SEARCH_PAGE
from site_builder.similar import closest
from site_builder.slugs import slug_problem, slugify
from site_builder.views import news_years, topic_years

DocumentT = TypeVar("DocumentT", NewsItem, Award, Page)


def _published(items: Iterable[DocumentT], now: datetime, drafts: bool) -> list[DocumentT]:
    """Items to publish: no drafts, nothing dated after `now` (unless previewing drafts)."""
    if drafts:
        return list(items)
    return [item for item in items
            if not item.draft and not (isinstance(item, NewsItem) and item.date > now)]


# Further ahead than this, an item's date is most likely a year typed wrong (2062 for 2026).
FAR_AHEAD = timedelta(days=366)


def _check_far_ahead(items: Iterable[NewsItem], now: datetime, config: SiteConfig,
                     problems: Problems) -> None:
    """A news item or award dated more than FAR_AHEAD after `now` waits that long to be
    published, without a word: a warning at its date."""
    limit = now + FAR_AHEAD
    for item in items:
        if not item.draft and item.date > limit:
            problems.warning(item.origin.at(item.lines.get("date")),
                             f"tanggal {format_short_date(item.date, 'id', config.zone)} lebih "
                             "dari setahun lagi, jadi tulisan ini baru terbit saat itu; jika "
                             'tahunnya salah ketik, perbaiki kolom "date"')


def _check_copies(items: Sequence[NewsItem], problems: Problems) -> None:
    """A warning at each item with the title and body of another, of a shorter file name
    (uploaded twice, "... (1).md"): both are published, and lists showed it twice."""
    by_title: dict[str, list[NewsItem]] = defaultdict(list)
    for item in items:
        by_title[item.title.casefold()].append(item)
    for same_title in by_title.values():
        if len(same_title) < 2:
            continue
        by_body: dict[BodyHtml, list[NewsItem]] = defaultdict(list)
        for item in same_title:
            by_body[item.body_html].append(item)
        for same in by_body.values():
            if len(same) < 2:   # one title, other bodies: their file names are not read
                continue
            # The copy has the longer name: "x (1).md", "x-copy.md"
            first, *copies = sorted(same, key=lambda item: (len(item.origin.path.name),
                                                            str(item.origin.path)))
            for item in copies:
                problems.warning(item.origin.at(None), (
                    f"tulisan ini sama persis (judul dan isinya) dengan {first.origin.path}, "
                    "jadi tampil dua kali di daftar; jika terunggah dua kali, hapus salah "
                    "satu berkasnya"))


def _check_far_ahead_sessions(programs: Iterable[Program], now: datetime, config: SiteConfig,
                              problems: Problems) -> None:
    """A one-off session dated more than FAR_AHEAD after `now`: a year typed wrong, most
    likely, listed that far ahead without a word: a warning at the session."""
    limit = (now + FAR_AHEAD).astimezone(config.zone).date()
    for program in programs:
        for session in program.sessions:
            if session.date > limit:
                day = format_short_date(session.date, "id", config.zone)
                problems.warning(session.origin,
                                 f"sesi tanggal {day} lebih dari setahun lagi; jika tahunnya "
                                 'salah ketik, perbaiki kolom "date"')


def _newest_first(items: Iterable[DocumentT]) -> tuple[DocumentT, ...]:
    return tuple(sorted(items, key=lambda item: (-item.date.timestamp(), item.slug)))


def _link_awards(awards: tuple[Award, ...], content: Content,
                 published_news: dict[str, NewsItem], problems: Problems
                 ) -> dict[str, tuple[Award, ...]]:
    """Published awards by the slug of their published news item.

    Every `news` link written, in valid awards or not, must name a news item
    (a draft or scheduled one counts: it will be linked once published).
    """
    known = {item.slug for item in content.news} | content.news_slugs
    for link in content.news_links:
        if link.slug not in known:
            close = closest(link.slug, known)
            problems.error(link.origin,
                           f'kolom "news": tidak ada berita dengan slug "{link.slug}"; ' + (
                               f'mungkin maksudnya "news: {close}"' if close else
                               "salin slug dari alamat berita, misalnya "
                               "diskarpus-raih-penghargaan"))
    linked: dict[str, list[Award]] = defaultdict(list)
    for award in awards:
        if award.news in published_news:
            linked[award.news].append(award)
    return {slug: tuple(items) for slug, items in linked.items()}


def _link_programs(items: Sequence[NewsItem], content: Content, problems: Problems
                   ) -> dict[str, tuple[NewsItem, ...]]:
    """The published `items` (newest first) by the program each names in `program`.

    Every `program` written, in published items or not, must be the id of a program of
    schedule.yaml (a draft's too: it links once published); one whose program has errors,
    or any when schedule.yaml is no list of programs, is left to the schedule's errors."""
    ids = {program.id for program in content.programs}
    titled = {program.title.lower(): program.id for program in content.programs}   # its name
    written = content.program_ids
    for item in (*content.news, *content.awards):
        if (item.program is not None and item.program not in ids and written is not None
                and item.program not in written):
            close = titled.get(item.program.strip().lower()) or closest(item.program, ids)
            hint = (f'mungkin maksudnya "program: {close}"' if close else
                    f"id yang ada: {', '.join(sorted(ids))}" if ids else
                    "schedule.yaml belum berisi kegiatan")
            removed = ("" if close else
                       "; jika kegiatan itu sudah selesai lalu dihapus dari schedule.yaml, "
                       "kembalikan kegiatannya (kegiatan yang selesai tampil di \"Program yang "
                       'telah selesai"), atau hapus baris "program:" dari tulisan ini')
            problems.error(item.origin_of("program"),
                           f'kolom "program": tidak ada kegiatan dengan id "{item.program}" di '
                           f"schedule.yaml; tulis id kegiatannya persis ({hint}){removed}")
    linked: dict[str, list[NewsItem]] = defaultdict(list)
    for item in items:
        if item.program in ids:
            linked[item.program].append(item)
    return {program: tuple(about) for program, about in linked.items()}


def _tags(items: Iterable[NewsItem], problems: Problems) -> tuple[Tag, ...]:
    """Tags by slug, so "Inklusi Sosial" and "inklusi sosial" are one tag."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    tagged: dict[str, list[NewsItem]] = defaultdict(list)
    read: dict[str, tuple[str, str | None]] = {}   # name -> slug, problem
    # Newest first once for all: each tag's items, taken in this order, are in order.
    for item in _newest_first(items):
        slugs_of_item: set[str] = set()
        for name in dict.fromkeys(item.tags):
            if name not in read:
                slug = slugify(name)
                read[name] = (slug, slug_problem(slug) if slug
                              else "tidak berisi huruf atau angka")
            slug, problem = read[name]
            if problem:
                problems.error(item.origin_of("tags"), f'tag "{name}" tidak bisa dipakai: {problem}')
                continue
            spellings[slug][name] += 1
            if slug not in slugs_of_item:
                slugs_of_item.add(slug)
                tagged[slug].append(item)
    tags = []
    for slug in sorted(tagged):
        name = min(spellings[slug].items(), key=lambda pair: (-pair[1], pair[0]))[0]
        tags.append(Tag(name, slug, tuple(tagged[slug])))
    joined = _check_joined_tags(tags, problems)
    _check_tag_typos([tag for tag in tags if tag.slug not in joined], problems)
    return tuple(tags)


def _check_joined_tags(tags: Sequence[Tag], problems: Problems) -> set[str]:
    """`tags: Pelatihan Inklusi Sosial` (no commas) is one tag of three words: when its
    words are, in order, tags that more items use, the item meant those tags. A warning
    at the item's tags shows the list with commas; the slugs of the tags warned about."""
    by_slug = {tag.slug: tag for tag in tags}
    joined = set()
    for tag in tags:
        parts = _split_into_tags(tag.slug.split("-"), {
            slug: other for slug, other in by_slug.items()
            if slug != tag.slug and len(other.items) > len(tag.items)})
        if len(parts) < 2:
            continue
        joined.add(tag.slug)
        names = ", ".join(part.name for part in parts)
        for item in tag.items:
            problems.warning(item.origin_of("tags"),
                             f'tag "{tag.name}" terbaca sebagai satu tag dengan halaman sendiri, '
                             "padahal isinya tag lain; jika maksudnya beberapa tag, pisahkan "
                             f"dengan koma: tags: [{names}]")
    return joined


def _split_into_tags(words: Sequence[str], known: dict[str, Tag]) -> list[Tag]:
    """`words` (of a slug) cut into known tags' slugs, whole and in order; [] if they do
    not cut so."""
    if not words:
        return []
    for end in range(len(words), 0, -1):
        head = known.get("-".join(words[:end]))
        if head:
            if end == len(words):
                return [head]
            rest = _split_into_tags(words[end:], known)
            if rest:
                return [head, *rest]
    return []


# The likeness (difflib's ratio) of two tags' slugs from which the rarer looks like a typo.
TAG_LIKENESS = 0.85


def _check_tag_typos(tags: Sequence[Tag], problems: Problems) -> None:
    """A tag of a single item that looks like a tag of several ("Inklusi Sosail") is most
    likely a typo, which gave it a tag page of its own: a warning at the item's tags."""
    common = {tag.slug: tag for tag in tags if len(tag.items) > 1}
    candidates = list(common)
    for tag in tags:
        if len(tag.items) != 1:
            continue
        close = closest(tag.slug, candidates, TAG_LIKENESS)
        if close:
            like = common[close]
            problems.warning(tag.items[0].origin_of("tags"),
                             f'tag "{tag.name}" hanya dipakai tulisan ini, dan mirip tag '
                             f'"{like.name}" ({len(like.items)} tulisan); jika salah ketik, '
                             "samakan penulisannya: setiap tag yang berbeda mendapat halaman "
                             "tag sendiri")


def _check_copied_schedules(programs: Sequence[Program],
                             sessions: dict[str, tuple[Session, ...]], problems: Problems) -> None:
    """A program whose sessions are all past and fall when those of a program written
    above it do is most likely that one's block copied for a new class, its dates left:
    it goes straight to the finished programs. A warning at its id names the other."""
    seen: dict[tuple, Program] = {}
    for program in sorted(programs, key=lambda program: program.origin.line or 0):
        held = sessions[program.id]
        when = tuple((session.start, session.end) for session in held)
        original = seen.setdefault(when, program) if when else program
        if original is not program and all(session.past for session in held):
            problems.warning(program.origin, (
                f'semua sesi kegiatan "{program.id}" sudah lewat dan jatuh pada hari dan jam '
                f'yang sama persis dengan kegiatan "{original.id}" (baris '
                f"{original.origin.line}), jadi kegiatan ini langsung tampil di \"Program yang "
                'telah selesai"; jika ini salinan untuk kelas baru, ganti tanggal di "period" '
                '(atau di "sessions")'))


def _dates(program: Program) -> list[tuple[date, WeeklyRule, bool]]:
    """(date, rule, held) for every weekly session over the period; not held on a date
    of `except`; none where a one-off session stands in for it (`stood_in`)."""
    if not program.weekly or not (program.period_from and program.period_until):
        return []
    excepted, stood_in = set(program.except_dates), set(program.stood_in)
    return [(day, rule, day not in excepted) for rule in program.weekly
            for day in rule.dates(program.period_from, program.period_until)
            if (day, rule.start) not in stood_in]


def _expand(program: Program, config: SiteConfig, now: datetime
            ) -> tuple[tuple[Session, ...], tuple[Cancellation, ...]]:
    """Every session of a program and every one it does not hold, weekly ones expanded,
    each in time order."""
    zone = config.zone
    held: list[Session] = []
    dropped: list[Cancellation] = []
    why = dict(program.except_notes)

    def add(day: date, start: time, end: time | None, location: str | None,
            note: str | None, weekly: bool, cancelled: str | None = None) -> None:
        begins = datetime.combine(day, start, zone)
        ends = datetime.combine(day, end, zone) if end else None
        past = (ends or begins) <= now
        place = location or program.location
        if cancelled is None:
            held.append(Session(program, begins, ends, place, note, weekly, past))
        else:
            dropped.append(Cancellation(program, begins, ends, place, cancelled or None,
                                        weekly, past))

    for day, rule, on in _dates(program):
        add(day, rule.start, rule.end, None, None, True,
            None if on else why.get(day, ""))
    for one in program.sessions:
        add(one.date, one.start, one.end, one.location, one.note, False, one.cancelled)
    order = attrgetter("start", "weekly")
    return tuple(sorted(held, key=order)), tuple(sorted(dropped, key=order))


def expand_sessions(program: Program, config: SiteConfig, now: datetime) -> tuple[Session, ...]:
    """Every session of a program, weekly ones expanded, in time order."""
    return _expand(program, config, now)[0]


def _program_order(program: Program, sessions: tuple[Session, ...]) -> tuple:
    upcoming = [session.start for session in sessions if not session.past]
    if upcoming:
        return (0, upcoming[0].timestamp(), program.id)
    last = sessions[-1].start.timestamp() if sessions else 0
    return (1, -last, program.id)


def _claim_paths(site: Site, config: SiteConfig, reserved: Iterable[tuple[str, str]],
                 problems: Problems) -> None:
    """Every output file must come from one source; two claims on one path are an error,
    reported at each file involved (at its `slug` line when it has one)."""
    # A claim: what the builder makes (its label), or the document or asset claiming. By
    # the path as a host that ignores case stores it (claim_key): there "static/SW.js"
    # replaced the theme's service worker, and "ASSETS/daftar.js" the script of every page.
    claims: dict[str, list[Claimant]] = defaultdict(list)
    written: dict[str, set[str]] = defaultdict(set)   # the paths as claimed, by key

    def claim(path: str, claimant: Claimant) -> None:
        claims[claim_key(path)].append(claimant)
        written[claim_key(path)].add(path)

    for path, label in (*generated_pages(site, config), *reserved):
        claim(path, label)
    for item in (*site.news, *site.awards, *site.pages):
        claim(item.url_path + "index.html", item)
    for asset in site.assets:
        claim(asset.url_path, asset)
    for redirect in site.redirects:
        claim(redirect.output_path, redirect)
        calendar = old_calendar_path(redirect)   # a program's old page keeps its old calendar
        if calendar is not None:
            claim(calendar, _CalendarCopy(calendar, redirect))
    for key, claimants in sorted(claims.items()):
        path = min(written[key])
        if key.startswith(claim_key(f"{BUNDLE}/")):
            for claimant in claimants:
                origin = _claim_origin(claimant)
                if origin is not None:
                    problems.error(origin, f"alamat /{BUNDLE}/ dipakai oleh pencarian situs; "
                                           + _claim_fix(claimant))
            continue
        if len(claimants) < 2:
            continue
        url = "/" + path.removesuffix("index.html")
        if len(written[key]) > 1:
            url += (" (" + ", ".join("/" + other.removesuffix("index.html")
                                     for other in sorted(written[key]) if other != path)
                    + " juga: banyak hosting tidak membedakan huruf besar dan kecil)")
        labels = [_claim_label(claimant) for claimant in claimants]
        # An old address gives way: a file at the address now is told only of other files.
        current = sum(not isinstance(claimant, _OLD) for claimant in claimants)
        for claimant, label in zip(claimants, labels):
            origin = _claim_origin(claimant)
            if origin is None or (current < 2 and not isinstance(claimant, _OLD)):
                continue
            others = ", ".join(other for other in labels if other != label)
            if isinstance(claimant, _CalendarCopy):
                _calendar_clash(claimant, url, others, claims, problems)
            elif isinstance(claimant, Redirect):
                problems.error(origin, f'kolom "aliases": alamat lama {url} sudah dipakai oleh '
                                       f"{others}; {_claim_fix(claimant)}")
            else:
                problems.error(origin, f"alamat {url} juga dipakai oleh {others}; ganti nama "
                                       'berkas atau kolom "slug" salah satunya'
                                       + _slug_of_a_later_one(claimant, claimants, claims))
    _check_under_files(site.redirects, claims, problems)


def claim_key(path: str) -> str:
    """`path` as a host that ignores case (and Unicode's ways of writing one letter)
    stores it: two paths of one key are one file there."""
    return unicodedata.normalize("NFC", path).casefold()


def _slug_of_a_later_one(claimant: Claimant, claimants: list[Claimant],
                         claims: dict[str, list[Claimant]]) -> str:
    """For a news item or award later than another at its address (a yearly event, its
    file copied): the slug to write, with its year (or date), so the earlier one keeps
    the address already shared."""
    if not isinstance(claimant, NewsItem):
        return ""
    dated = [other for other in claimants if isinstance(other, NewsItem)]
    if claimant.date <= min(other.date for other in dated):
        return ""
    for suffix in (f"{claimant.date:%Y}", f"{claimant.date:%Y-%m-%d}"):
        slug = f"{claimant.slug}-{suffix}"
        if claim_key(claimant.url_path.removesuffix(f"{claimant.slug}/")
                     + f"{slug}/index.html") not in claims:
            return (f'; agar tulisan yang lebih lama tetap di alamatnya, tulis di tulisan ini '
                    f'"slug: {slug}"')
    return ""


def _check_under_files(redirects: Iterable[Redirect], claims: dict[str, list[Claimant]],
                       problems: Problems) -> None:
    """An old address inside a folder whose name is a file of the site ("/feed.xml/")
    cannot be made: an error at it."""
    for redirect in redirects:
        parts = redirect.output_path.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folder = "/".join(parts[:depth])
            if claims.get(claim_key(folder)):
                problems.error(redirect.origin,
                               f'kolom "aliases": alamat lama /{redirect.url_path} berada di '
                               f"bawah berkas /{folder} "
                               f"({_claim_label(claims[claim_key(folder)][0])}), "
                               f"jadi tidak bisa dibuat; {_claim_fix(redirect)}")
                break


@dataclass(frozen=True)
class _CalendarCopy:
    """The copy of a program's calendar at the old address of its calendar, which an old
    address of its page under jadwal/ keeps (ical.old_calendar_path)."""

    output_path: str     # "jadwal/yoga.ics"
    redirect: Redirect   # of the program's old page, "jadwal/yoga/index.html"

    @property
    def origin(self) -> Location:
        return self.redirect.origin


def _calendar_clash(copy: _CalendarCopy, url: str, others: str,
                    claims: dict[str, list[Claimant]], problems: Problems) -> None:
    """An error at the alias whose old calendar path another file has; none when its old
    page is claimed twice as well: that error is told already, and its fix is the same."""
    if len(claims[claim_key(copy.redirect.output_path)]) < 2:
        problems.error(copy.origin, f'kolom "aliases": alamat lama /{copy.redirect.url_path} '
                                    f"menyimpan kalender lama kegiatan ini di {url}, tetapi "
                                    f"alamat itu sudah dipakai oleh {others}; "
                                    f"{_claim_fix(copy)}")


# What claims an output path: a page the builder makes (its label), a document, a file
# copied, an old address, a program's old calendar.
Claimant = str | Document | Asset | Redirect | _CalendarCopy
_OLD = (Redirect, _CalendarCopy)   # claims of old addresses: they give way


def _claim_label(claimant: Claimant) -> str:
    if isinstance(claimant, Redirect):
        return f"{claimant.origin} (alamat lama)"
    if isinstance(claimant, _CalendarCopy):
        return f"{claimant.origin} (kalender lama)"
    return claimant if isinstance(claimant, str) else str(claimant.origin)


def _claim_origin(claimant: Claimant) -> Location | None:
    """Where to report a claim: a document at its `slug` line, an asset at its file, an
    old address (or a program's old calendar) at its line, none for a page the builder
    makes."""
    if isinstance(claimant, Document):
        return claimant.origin_of("slug")
    return claimant.origin if isinstance(claimant, (Asset, *_OLD)) else None


def _claim_fix(claimant: Claimant) -> str:
    if isinstance(claimant, _OLD):
        return 'hapus dari "aliases"'
    return 'ganti nama folder atau kolom "slug"'


def _check_notices(config: SiteConfig, now: datetime, problems: Problems) -> None:
    """A warning for each notice and special opening hours (`special_hours`) of site.yaml
    whose last day is past: it shows nowhere."""
    ended = [*((notice.until, notice.location, "pengumuman") for notice in config.notices),
             *((special.last, special.location, "jam buka khusus")
               for special in config.contact.special_hours)]
    for last, location, what in ended:
        if last < now.date():
            problems.warning(location or config.location,
                             f"{what} ini berakhir "
                             f"{format_short_date(last, config.locale, config.zone)} "
                             "dan tidak tampil lagi; hapus dari site.yaml bila tidak "
                             "diperlukan")


def _check_holidays(closures: Sequence[Closure], config: SiteConfig, today: date,
                    problems: Problems) -> None:
    """A warning at the last day of schedule.yaml's `closed` when site.yaml's hours say
    holidays are closed and the list has run out, or it is December and next year's
    holidays are not in it yet: on a holiday not listed, the home page says "Hari ini:
    buka" and search engines are told so."""
    if not closures or not closed_on_holidays(config.contact.opening_hours):
        return
    last = max(closures, key=lambda closure: closure.last)
    next_year = today.year + 1
    if last.last >= today and (today.month < 12 or last.last >= date(next_year, 2, 1)):
        return
    year = (str(next_year) if last.last >= today else
            f"{today.year} dan {next_year}" if today.month == 12 else str(today.year))
    said = format_short_date(last.last, config.locale, config.zone)
    problems.warning(last.origin, (
        ('hari libur di "closed" sudah lewat semua' if last.last < today else
         f'"closed" belum memuat hari libur tahun {next_year}')
        + f" (yang terakhir {said}), padahal jam buka di site.yaml menyebut hari libur tutup; "
        f"tambahkan hari libur nasional dan cuti bersama tahun {year} (dari SKB 3 Menteri "
        f'tentang hari libur), supaya beranda tidak menulis "buka" pada hari libur'))


def generated_pages(site: Site, config: SiteConfig) -> list[tuple[str, str]]:
    """(output path, what it is) for every page the builder makes itself."""
    pages = [("index.html", "beranda"), ("404.html", "halaman 404"),
             (f"{NEWS}index.html", "daftar berita"),
             (f"{AWARDS}index.html", "daftar penghargaan"),
             (f"{SCHEDULE}index.html", "jadwal kegiatan"), (f"{TAGS}index.html", "daftar tag"),
             (f"{SEARCH_PAGE}index.html", "halaman pencarian"),
             (FEED, "feed berita"), (SITEMAP, "peta situs"), (ROBOTS, "robots.txt"),
             (ALL_PROGRAMS, "kalender semua kegiatan")]
    for number in range(2, list_page_count(len(site.news), config, bool(site.news_years)) + 1):
        pages.append((list_page_path(NEWS, number) + "index.html",
                      f"daftar berita halaman {number}"))
    for year in site.news_years:
        pages.append((f"{year.url_path}index.html", f"berita tahun {year.year}"))
    for program in site.programs:   # named with where it is written, as a file's claim is
        pages.append((f"{program.url_path}index.html", f"jadwal {program.id} ({program.origin})"))
        pages.append((program_calendar_path(program), f"kalender {program.id} ({program.origin})"))
    for tag in site.tags:
        pages.append((f"{tag.url_path}index.html", f"tag {tag.name}"))
        years = site.topic_years.get(tag.slug, ())
        for number in range(2, list_page_count(len(tag.items), config, bool(years)) + 1):
            pages.append((list_page_path(tag.url_path, number) + "index.html",
                          f"tag {tag.name} halaman {number}"))
        for year in years:
            pages.append((f"{year.url_path}index.html", f"tag {tag.name} tahun {year.year}"))
    return pages


def page_count(total: int, per_page: int) -> int:
    """How many pages a list of `total` items takes (at least one, even when empty)."""
    return max(1, -(-total // per_page))


def list_page_count(total: int, config: SiteConfig, has_years: bool) -> int:
    """How many pages a list of `total` items has: at most `list_pages` when it has year
    pages (its last page goes on to them), so a new item rewrites a few pages, not a
    thousand, and nobody pages back through years of news one page at a time."""
    count = page_count(total, config.per_page)
    return min(count, config.list_pages) if has_years else count


def list_page_path(base_path: str, number: int) -> str:
    """Page `number` of the list at `base_path`: "berita/", "berita/halaman/2/", ..."""
    return base_path if number == 1 else f"{base_path}halaman/{number}/"


def assemble_site(content: Content, config: SiteConfig, now: datetime, drafts: bool,
                  problems: Problems, reserved: Iterable[tuple[str, str]] = ()) -> Site:
    """The published site, complete; problems recorded for links and collisions.

    `reserved` lists (output path, what it is) of files made elsewhere (the
    theme's assets), so content cannot overwrite them either.
    """
    _check_far_ahead((*content.news, *content.awards), now, config, problems)
    for items in (content.news, content.awards):
        _check_copies(items, problems)
    _check_far_ahead_sessions(content.programs, now, config, problems)
    _check_notices(config, now, problems)
    _check_holidays(content.closures, config, now.date(), problems)
    news = _newest_first(_published(content.news, now, drafts))
    awards = _newest_first(_published(content.awards, now, drafts))
    pages = tuple(sorted(_published(content.pages, now, drafts),
                         key=lambda page: (page.menu_order is None, page.menu_order or 0,
                                           page.title, page.slug)))
    news_by_slug = {item.slug: item for item in news}
    expanded = {program.id: _expand(program, config, now) for program in content.programs}
    sessions = {program_id: held for program_id, (held, _) in expanded.items()}
    _check_copied_schedules(content.programs, sessions, problems)
    programs = tuple(sorted(content.programs,
                            key=lambda program: _program_order(program, sessions[program.id])))
    upcoming = sorted((session for program_sessions in sessions.values()
                       for session in program_sessions if not session.past),
                      key=lambda session: (session.start, session.program.id))
    cancelled = sorted((dropped for _, program_dropped in expanded.values()
                        for dropped in program_dropped if not dropped.past),
                       key=lambda dropped: (dropped.start, dropped.program.id))
    assets = tuple(asset for item in (*news, *awards, *pages) for asset in item.assets)
    tags = _tags((*news, *awards), problems)
    site = Site(
        news=news, awards=awards, pages=pages, programs=programs, sessions=sessions,
        tags=tags,
        awards_by_news=_link_awards(awards, content, news_by_slug, problems),
        news_by_slug=news_by_slug, assets=content.static + assets, now=now,
        upcoming=tuple(upcoming), cancelled=tuple(cancelled),
        news_years=tuple(news_years(news, config.zone)),
        topic_years={tag.slug: tuple(years) for tag in tags
                     if (years := topic_years(tag, config.zone, config.per_page))},
        redirects=redirects((*news, *awards, *pages, *content.programs), config, problems),
        news_by_program=_link_programs(_newest_first((*news, *awards)), content, problems),
        closures=content.closures)
    _claim_paths(site, config, reserved, problems)
    return site


@dataclass(frozen=True)
class Change:
    """A moment at which the same content makes another site, and what changes then."""

    moment: datetime
    what: str   # for staff, in Indonesian: 'berita "Judul" terbit'


def next_midnight(now: datetime) -> Change:
    """The day's end after `now`: "this week" of the schedule and notices change."""
    midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    return Change(midnight, "hari berganti (jadwal minggu ini, pengumuman)")


def changes_ahead(content: Content, site: Site, drafts: bool) -> list[Change]:
    """Every moment after `site.now` at which the same content makes another site, in
    time order: the next midnight (the schedule shows "this week" day by day, notices
    come and go by the day), the end of each session to come (or its start, when it has
    no end: it then moves from upcoming to past) and of each one not held (the pages
    show it until then), the date of each scheduled item."""
    now = site.now
    changes = [next_midnight(now)]
    changes += [Change(session.end or session.start, f'sesi "{session.program.title}" selesai')
                for sessions in site.sessions.values() for session in sessions
                if not session.past]
    changes += [Change(dropped.end or dropped.start,
                       f'sesi "{dropped.program.title}" yang '
                       f'{"diliburkan" if dropped.weekly else "dibatalkan"} lewat')
                for dropped in site.cancelled]
    if not drafts:
        changes += [Change(item.date, f'{"penghargaan" if isinstance(item, Award) else "berita"} '
                                      f'"{item.title}" terbit')
                    for item in scheduled_items(content, now)]
    return sorted(changes, key=lambda change: change.moment)


def scheduled_items(content: Content, now: datetime) -> list[NewsItem]:
    """The news items and awards, not drafts, dated after `now`: they appear with the first
    build after their date; soonest first."""
    return sorted((item for item in (*content.news, *content.awards)
                   if not item.draft and item.date > now),
                  key=lambda item: (item.date, item.url_path))


def valid_until(content: Content, site: Site, drafts: bool) -> datetime:
    """The first moment after `site.now` at which the same content makes another site."""
    return changes_ahead(content, site, drafts)[0].moment
