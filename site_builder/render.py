"""Render: the assembled site through the Jinja2 templates into `OutputFile` values.

`render_site(site, config, templates_dir, problems)` never touches the disk.
Every template is parsed before any is rendered, so template errors join the
problem list with their file and line.

Given the records of the pages output/ holds (`previous`, see writer.py), a
page whose key (pagekeys.py) is the one its file was rendered from is not
rendered again: it is handed on as a kept file. Pages are queued first, then keyed
all together (by two processes when there are many), then the pages left to render
are rendered in order, or by a pool of forked processes when there are many.
Autoescape is on, and `StrictUndefined` makes a misspelt variable an error rather
than a blank.

Names every template receives:
    site     SiteConfig: title, tagline, description, contact, social, catalog ...
    menu     list of MenuLink(title, href, current)
    page     PageMeta(title, description, url_path, canonical, kind, image, structured,
             preview)
    zone     the time zone abbreviation shown after times ("WIB")
    notices  the config.Notice values shown today, at the top of the page
    closures views.ClosureAhead values: the days the library is closed that are
             told in the footer (today's, and those of the next two weeks)
    special_hours views.SpecialHoursAhead values: special opening hours (site.yaml's
             `special_hours`) in force today or from a day of the next two weeks
Names of each page kind:
    home.html       latest_news, upcoming (the next sessions, with those not held
                    among them: model.Cancellation, `.cancelled` true), latest_awards,
                    today_hours (hours.day_hours of today: (opens, closes) ranges, ()
                    closed, None unknown), today_special (the config.SpecialHours those
                    hours are, or None), held_today (titles of the programs with
                    a session today yet to end)
    news_list.html  items, pagination, heading, tag (a Tag or None),
                    years ((year, url path) of each year with news, newest first;
                    empty on tag lists)
    news_year.html  year: views.NewsYear (its months and their items), years
    news.html       item, tags (its Tag objects), related_awards, read_also,
                    program (the Program its `program` names, or None), program_next
                    (that program's next session to be held, or None)
    awards.html     years: list of AwardYear(year, institutions, individuals)
    award.html      award, tags, news_item (the related NewsItem or None), read_also,
                    program, program_next
    schedule.html   programs: list of ProgramView(program, upcoming, past, cancelled;
                    `coming(n)`: the next n sessions with those not held among them),
                    weeks: list of views.ScheduleWeek (with the days closed among
                    them), calendar_url (the .ics of all)
    program.html    view: ProgramView, calendar_url (its .ics), stories (the newest
                    news and awards naming it in `program`)
    page.html       item
    tags.html       tags
    search.html     years, pages, programs (for its fallback without JavaScript)
    404.html        years, pages, programs (the same links, without JavaScript)
Filters: url, tanggal, tanggal_pendek, tanggal_bulan ("29 September"), bulan
("September 2023"), nama_bulan ("September"), jam, iso, angka ("1.017"), hari, rentang,
daftar ("A, B, dan C"), mingguan(zone) (a program's weekly rules: "Setiap Selasa dan Kamis,
15.00–17.00 WIB"),
telepon(message=None, only_numbers=False) (telephone numbers in a text as call or WhatsApp
links; a chat opens with `message` typed in; `only_numbers` for a field of numbers, where
figures run together are one too), tautkan(message=None) (as telepon, and web addresses
as links),
with_pictures, json_ld, sections (a body's <h2> with ids, and
the list of them: sections.py).
Globals: picture(image, sizes=None, lazy=True) for front-matter images; asset_url(path)
for a theme file ("assets/style.css"): its address with `?v=` and a digest of its bytes,
so a host may let browsers keep it for long (docs/hosting.md) and an edited file is
fetched anew the moment pages name it (Zola's `cachebust`, Hugo's fingerprint). The
digests are part of every page's key: editing the stylesheet renders every page.
program_message(program, upcoming, today, zone, address) (sharing.py): the text a
class's "Bagikan ke WhatsApp" types in, its page's `address` among it.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import jinja2
from markupsafe import Markup

from site_builder.addresses import AWARDS, NEWS, SCHEDULE, TAGS, THEME_ASSETS
from site_builder import formatting, hours, ical, images, jsonld
from site_builder.assemble import list_page_count, list_page_path
from site_builder.buildcache import BuildCache, digest
from site_builder.config import SiteConfig
from site_builder.errors import Location, Problems
from site_builder.filelinks import PublishedFiles, published_as_is, with_file_info
from site_builder.imagemetadata import published_clean
from site_builder.ical import ALL_PROGRAMS, program_calendar_path
from site_builder.images import Picture
from site_builder.model import (Award, Cancellation, Document, Image, NewsItem, Program,
                                 Session, Site, Tag, WeeklyRule)
from site_builder.outputs import OutputFile
from site_builder.pagekeys import PageKeys, TemplateDeps
from site_builder.parallel import forked_map, shared_map
from site_builder.search import SEARCH_PAGE
from site_builder.sections import sections
from site_builder.sharing import (program_description, program_message,
                                  schedule_description)
from site_builder.slugs import slugify
from site_builder.stylesheet import lean_stylesheet
from site_builder.views import (ReadAlso, ScheduleWeek, closures_ahead, news_month,
                                  news_year_path, schedule_weeks, special_hours_ahead,
                                  with_cancelled)
from site_builder.writer import Spool, made_file

HOME_NEWS, HOME_SESSIONS, HOME_AWARDS = 4, 6, 3
PROGRAM_EVENTS = 10     # upcoming sessions of a program described as JSON-LD events
PROGRAM_STORIES = 5     # news and awards about a program listed on its page
# Sessions a program's page lists to come, and gone by (the rest: its calendar). Half a
# year of a class twice a week; ten years of four a day made a page of 10 MB.
PROGRAM_SESSIONS = 52
SOCIAL_WIDTH = 1200     # widest image variant offered to link previews
PARALLEL_FROM = 200     # pages to render before a process pool pays for its start
KEYS_SHARED_FROM = 1000   # pages to key before a second process pays for its fork


@dataclass(frozen=True)
class MenuLink:
    title: str
    href: str
    current: bool


@dataclass(frozen=True)
class SocialImage:
    """The picture a shared link shows (Open Graph, Twitter card, JSON-LD)."""

    url: str                # absolute
    alt: str
    width: int | None = None
    height: int | None = None
    mime: str | None = None


@dataclass(frozen=True)
class PageMeta:
    title: str              # the page's own title; "" on the home page
    description: str
    url_path: str
    canonical: str
    kind: str = "website"   # Open Graph type: "website" or "article"
    image: SocialImage | None = None
    structured: tuple[dict[str, Any], ...] = ()   # JSON-LD objects
    preview: str = ""       # a shared link's text under its title (`description`, dated)


@dataclass(frozen=True)
class Pagination:
    number: int
    count: int
    previous_url: str | None   # site paths
    next_url: str | None
    # The last page of a list cut at `list_pages`: the month of the first item it does
    # not show, and its year page ("berita/2024/": the month is "#bulan-12" there).
    older: tuple[date, str] | None = None


@dataclass(frozen=True)
class AwardYear:
    year: int
    institutions: tuple[Award, ...]
    individuals: tuple[Award, ...]


@dataclass(frozen=True)
class ProgramView:
    program: Program
    upcoming: tuple[Session, ...]
    past: tuple[Session, ...]
    cancelled: tuple[Cancellation, ...] = ()   # its sessions to come that are not held
    weekly: tuple[WeeklyRule, ...] = ()   # its weekly rules still running (Program.weekly_on)

    def coming(self, count: int | None = None) -> tuple[Session | Cancellation, ...]:
        """The first `count` sessions to come (all by default), with those not held
        among them."""
        shown = self.upcoming if count is None else self.upcoming[:count]
        return with_cancelled(shown, self.cancelled, complete=len(shown) == len(self.upcoming))

    def listed_in(self, weeks: Sequence[ScheduleWeek], count: int) -> bool:
        """Whether the first `count` sessions to come (`coming(count)`) are all in `weeks`,
        the schedule's week-by-week list: on paper, where the weeks are printed, listing
        them again under the program would only repeat them."""
        listed = [entry for week in weeks for day in week.days for entry in day.sessions]
        return all(entry in listed for entry in self.coming(count))


# -- filters -----------------------------------------------------------------

def _filters(config: SiteConfig) -> dict[str, Any]:
    zone, locale = config.zone, config.locale
    return {
        "url": config.link,
        "tanggal": lambda moment: formatting.format_date(moment, locale, zone),
        "tanggal_pendek": lambda moment: formatting.format_short_date(moment, locale, zone),
        "tanggal_bulan": lambda moment: formatting.format_day_month(moment, locale, zone),
        "bulan": lambda moment: formatting.format_month(moment, locale, zone),
        "nama_bulan": lambda moment: formatting.format_month(moment, locale, zone, year=False),
        "jam": lambda moment: formatting.format_time(moment, locale, zone),
        "iso": lambda moment: moment.isoformat(),
        "angka": lambda number: formatting.format_number(number, locale),
        "daftar": lambda words: formatting.join_words(words, locale),
        "mingguan": lambda rules, zone_name: formatting.weekly_hours(rules, locale, zone,
                                                                     zone_name),
        "hari": lambda weekday: formatting.day_name(weekday, locale),
        "hari_tanggal": lambda day: formatting.format_weekday_date(day, locale),
        "rentang": lambda first, last: formatting.format_date_range(first, last, locale),
        "sampai": formatting.dash_said,
        "telepon": formatting.linked_phones,
        "tautkan": formatting.linked_text,
        "google_kalender": lambda session: ical.google_calendar_url(session, config),
        "langganan": lambda path: ical.subscription_url(path, config),
        "langganan_google": lambda path: ical.google_subscription_url(path, config),
        "alamat_penuh": config.absolute_url,
    }


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in `code` (bucket key -> bytecode), the build cache's
    (else in memory only), so a one-edit build does not compile every template again;
    and in `shared`, for the life of the process: another site built by the same
    process (the preview server's builds, tests) with the same settings compiles none
    either, a build cache newly made included (compiling the theme is four fifths of a
    small site's first build). Jinja2 checks each against its source's checksum, so an
    edited template recompiles; `changed` is called when `code` changed.

    Kept per SiteConfig: Jinja2 folds constant expressions such as
    `{{ 'assets/style.css' | url }}` at compile time, so compiled code holds the
    base path and locale it was compiled with."""

    def __init__(self, code: dict[str, bytes] | None = None,
                 changed: Callable[[], None] = lambda: None,
                 shared: dict[str, bytes] | None = None) -> None:
        self._code = {} if code is None else code
        self._changed = changed
        self._shared = {} if shared is None else shared

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])
        elif bucket.key in self._shared:
            bucket.bytecode_from_string(self._shared[bucket.key])
            if bucket.code is not None:   # not refused as compiled from another source
                self._code[bucket.key] = self._shared[bucket.key]
                self._changed()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = self._shared[bucket.key] = bucket.bytecode_to_string()
        self._changed()


_COMPILED: dict[str, dict[str, bytes]] = {}   # SiteConfig's digest -> this process's code


def make_environment(templates_dir: Path, config: SiteConfig,
                     cache: BuildCache | None = None) -> jinja2.Environment:
    """The one Jinja2 environment of a build; compiled templates kept, per settings, in
    the build `cache` (if any) and in memory for the life of the process."""
    settings = digest(repr(config))
    code, changed = _kept_in(cache, f"templates-compiled:{settings}")
    if len(_COMPILED) > 16:
        _COMPILED.clear()
    shared = _COMPILED.setdefault(settings, {})
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=_MemoryBytecodeCache(code, changed, shared),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A build's templates do not change while it runs (the preview makes a new
        # environment for each build): no modification-time check on each page.
        auto_reload=False,
    )
    environment.filters.update(_filters(config))
    return environment


def _kept_in(cache: BuildCache | None, name: str) -> tuple[dict[str, Any] | None,
                                                            Callable[[], None]]:
    """A dict kept in the build cache's state `name` (None without a cache) and the
    function that marks it changed."""
    if cache is None:
        return None, lambda: None
    kept = cache.state(name)
    if not isinstance(kept, dict):
        kept = {}
        cache.put_state(name, kept)
    return kept, lambda: cache.put_state(name, kept)


def _picture_markup(pictures: dict[str, Picture], config: SiteConfig, image: Image,
                    sizes: str | None = None, lazy: bool = True) -> Markup:
    """A front-matter image as a responsive <picture>, or a plain <img> if unprocessed."""
    picture = pictures.get(image.url_path)
    if picture is None:   # published as it is (static/, GIF, SVG)
        size = images.image_size(image.path)
        dimensions = Markup(' width="{}" height="{}"').format(*size) if size else ""
        return Markup('<img src="{}" alt="{}"{}{}>').format(
            config.link(image.url_path), image.alt, dimensions,
            Markup(' loading="lazy"') if lazy else "")
    options = {"sizes": sizes} if sizes else {}
    return Markup(images.picture_html(picture, image.alt, config.base_path, lazy=lazy, **options))


# -- what each page shows --------------------------------------------------

def menu_entries(site: Site, config: SiteConfig) -> list[tuple[str, str, str | None]]:
    """(title, URL, output path or None for another site) of each menu link: `site.yaml`'s
    menu, or the default: home, news, awards, schedule, pages."""
    if config.menu is not None:
        entries = [(entry.title, entry.url) for entry in config.menu]
    else:
        entries = [("Beranda", "/"), ("Berita", "/berita/"), ("Penghargaan", "/penghargaan/"),
                   ("Jadwal Kegiatan", "/jadwal/")]
        entries += [(page.title, "/" + page.url_path) for page in site.pages
                    if page.menu_order is not None]
    return [(title, url, url.lstrip("/") if url.startswith("/") else None)
            for title, url in entries]


def _current(path: str | None, url_path: str) -> bool:
    """Whether the menu link to `path` is the section of the page at `url_path`."""
    return path is not None and (url_path == path if path == "" else url_path.startswith(path))


def menu_links(site: Site, config: SiteConfig, url_path: str) -> list[MenuLink]:
    """The menu as the page at `url_path` shows it (its section marked current)."""
    return [MenuLink(title, config.link(url), _current(path, url_path))
            for title, url, path in menu_entries(site, config)]


def _award_years(awards: Sequence[Award]) -> list[AwardYear]:
    years = sorted({award.year for award in awards}, reverse=True)
    return [AwardYear(
        year,
        tuple(a for a in awards if a.year == year and a.recipient_type == "institution"),
        tuple(a for a in awards if a.year == year and a.recipient_type == "individual"),
    ) for year in years]


def _tags_of(item: NewsItem, tags_by_slug: dict[str, Tag]) -> list[Tag]:
    """The item's tags, once each, under the spelling the site uses for them."""
    slugs = dict.fromkeys(slugify(name) for name in item.tags)
    return [tags_by_slug[slug] for slug in slugs if slug in tags_by_slug]


def _program_view(site: Site, program: Program) -> ProgramView:
    sessions = site.sessions[program.id]
    return ProgramView(program, tuple(s for s in sessions if not s.past),
                       tuple(s for s in sessions if s.past),
                       tuple(dropped for dropped in site.cancelled if dropped.program is program),
                       program.weekly_on(site.now.date()))


def _list_pages(items: Sequence[NewsItem], base_path: str, config: SiteConfig,
                has_years: bool) -> list[tuple[str, list[NewsItem], Pagination]]:
    """(url path, items, pagination) of each page of a paginated list; the last page of
    one cut short (list_page_count) goes on to the year page of the items it leaves out."""
    per_page = config.per_page
    count = list_page_count(len(items), config, has_years)
    pages = []
    for number in range(1, count + 1):
        chunk = list(items[(number - 1) * per_page: number * per_page])
        older = None
        if number == count and len(items) > count * per_page:
            month = news_month(items[count * per_page], config.zone)
            older = (month, news_year_path(month.year, base_path))
        pagination = Pagination(number, count,
                                list_page_path(base_path, number - 1) if number > 1 else None,
                                list_page_path(base_path, number + 1) if number < count else None,
                                older)
        pages.append((list_page_path(base_path, number), chunk, pagination))
    return pages


# -- rendering -------------------------------------------------------------

@dataclass
class _Queued:
    """A page asked for, not yet keyed: its template, the names it gets (`page` comes
    when it is rendered), what its PageMeta is made from and the PageMeta's parts."""

    path: str                 # output path
    template: str
    context: dict[str, Any]
    made_from: tuple[Any, ...]
    meta: tuple[Any, ...]     # title, description, url_path, kind, image, structured, dated


class _Renderer:
    """Renders pages of one build, collecting template problems instead of raising."""

    def __init__(self, site: Site, config: SiteConfig, templates_dir: Path, problems: Problems,
                 pictures: dict[str, Picture], previous: Mapping[str, Any], base_key: str,
                 cache: BuildCache | None = None, theme: Sequence[OutputFile] | None = None):
        self.site, self.config, self.problems = site, config, problems
        self.previous = previous
        self.templates_dir = templates_dir
        self.environment = make_environment(templates_dir, config, cache)
        self.pictures = pictures
        self.environment.globals["picture"] = partial(_picture_markup, pictures, config)
        # the theme's files, as the build publishes them (made once: given by the pipeline)
        versions = asset_versions(theme_assets(templates_dir) if theme is None else theme)
        self.environment.globals["asset_url"] = partial(asset_url, versions, config)
        self.environment.filters["json_ld"] = jsonld.script_json
        self.environment.globals["program_message"] = partial(program_message, config=config)
        self.environment.filters["sections"] = sections
        self.environment.filters["with_pictures"] = jinja2.pass_context(
            lambda context, html: Markup(images.rewrite_images(
                str(html), pictures, config.base_path, context["page"].url_path)))
        self.as_is = published_as_is(site.assets, pictures)
        self.published = published = PublishedFiles.of(self.as_is)
        # (not `self.published`: a filter holding the renderer made a cycle, which kept
        # every page's record of a preview's build until a collection found it)
        self.environment.filters["with_file_info"] = jinja2.pass_context(
            lambda context, html: Markup(with_file_info(
                str(html), published, config.base_path, context["page"].url_path)))
        self.files: list[OutputFile | None] = []
        self.queued: list[_Queued] = []
        facts, changed = _kept_in(cache, "templates-read")
        self.keys = PageKeys(digest(base_key, repr(sorted(versions.items()))),
                             TemplateDeps(self.environment, facts, changed), pictures,
                             config.base_path, self.published)
        self.zone = formatting.zone_abbreviation(config.timezone, config.locale, site.now)
        self.menu_paths = menu_entries(site, config)
        self.notices = tuple(notice for notice in config.notices
                             if notice.shown_on(site.now.date()))
        self.closures = closures_ahead(site.closures, site.now.date())
        self.special_hours = special_hours_ahead(config.contact.special_hours,
                                                 site.now.date())
        self.reader: Callable[[str, bytes], Any] | None = None
        self.spool: Spool | None = None   # where rendered pages wait for the writer
        self.read: dict[str, Any] = {}
        self.menus: dict[tuple[bool, ...], list[MenuLink]] = {}
        self.templates: frozenset[str] = frozenset()   # the theme's pages, once parse_all ran

    def menu(self, url_path: str) -> list[MenuLink]:
        """menu_links, one list for all pages of a section: their keys share its digest."""
        current = tuple(_current(path, url_path) for _, _, path in self.menu_paths)
        if current not in self.menus:
            self.menus[current] = menu_links(self.site, self.config, url_path)
        return self.menus[current]

    def parse_all(self) -> bool:
        """Parse every template; False (with problems recorded) if any fails."""
        ok = True
        self.templates = frozenset(self.environment.list_templates(
            filter_func=lambda n: n.endswith(".html")))
        for name in sorted(self.templates):
            try:
                self.environment.get_template(name)
            except jinja2.TemplateSyntaxError as error:
                self.problems.error(Location(Path("templates") / name, error.lineno),
                                    f"template tidak valid: {error.message}")
                ok = False
        return ok

    def social_image(self, image: Image | None) -> SocialImage | None:
        """The image of a shared link: its largest variant of at most SOCIAL_WIDTH pixels,
        a JPEG when there is one (images.shared_variant); without one, or when that is too
        small for link previews to show, site.yaml's `image`."""
        if image is not None:
            picture = self.pictures.get(image.url_path)
            if picture is None:   # published as it is (GIF, SVG ...)
                return SocialImage(self.config.absolute_url(image.url_path), image.alt)
            variant = images.shared_variant(picture, SOCIAL_WIDTH)
            if variant is not None:
                return SocialImage(self.config.absolute_url(variant.url_path), image.alt,
                                   variant.width, variant.height, variant.mime)
        shared = self.config.image
        if shared is None:
            return None
        picture = self.pictures.get(shared.url_path)   # a page shows it too: resized
        width, height = ((picture.width, picture.height) if picture is not None
                         else shared.size or (None, None))
        return SocialImage(self.config.absolute_url(shared.url_path), shared.alt,
                           width, height, shared.mime)

    def page(self, template: str, url_path: str, title: str, description: str | None = None,
             output_path: str | None = None, image: Image | None = None,
             kind: str = "website",
             structured: Sequence[dict[str, Any]] | Callable[[], Sequence[dict[str, Any]]] = (),
             derived_from: Any = None, dated: datetime | None = None, **names: Any) -> None:
        """One page, queued: render_pending keys it, then keeps or renders it. `dated`: a
        news item's or award's date, which a shared link's text says first (PageMeta.preview).

        The key digests what `page` (PageMeta) is made from, not PageMeta itself, so a
        kept page costs neither its link-preview image nor its JSON-LD: `structured`
        may be a function, made only when the page is rendered, of `derived_from` (and
        of the site config and pictures, which every key holds)."""
        made_from = (title, description, url_path, kind, image,
                     self.keys.image(image) if image is not None else None,
                     ("derived", derived_from) if callable(structured) else structured,
                     dated)
        context = dict(site=self.config, menu=self.menu(url_path), zone=self.zone,
                       notices=self.notices, closures=self.closures,
                       special_hours=self.special_hours, **names)
        self.queued.append(_Queued(output_path or url_path + "index.html", template, context,
                                   made_from, (title, description, url_path, kind, image,
                                               structured, dated)))

    def _dated_preview(self, dated: datetime, description: str | None) -> str:
        """A shared link's text of a dated page: its date first, so that an old notice
        forwarded again ("Perpustakaan tutup ...") is seen to be old. (Search engines show
        dates of their own, from the JSON-LD: the meta description is the summary alone.)"""
        day = formatting.format_short_date(dated, self.config.locale, self.config.zone)
        return " · ".join(filter(None, (day, description or self.config.description)))

    def key(self, page: _Queued) -> str:
        return self.keys.key(page.template, page.context, page.made_from)

    def render_pending(self, jobs: int, alongside: Callable[[list[str]], Any] | None = None
                       ) -> tuple[list[str], Any]:
        """Key the queued pages; keep each whose key is the one its file in output/ was
        rendered from, render the others. Returns the output paths rendered, and what
        `alongside` (given every queued page's output path) answered.

        Only pages with a file in output/ are keyed here (by two processes when there
        are many, see parallel.shared_map, the forked one running `alongside` first);
        a page without one is rendered anyway, and keyed where it is rendered (in a
        worker of a parallel build)."""
        queued, self.queued = self.queued, []
        missing = [template for template in dict.fromkeys(page.template for page in queued)
                   if template not in self.templates]
        for template in missing:   # a theme copied before the builder asked for this one
            self.problems.error(Location(self.templates_dir / template),
                                f'template "{template}" tidak ada di folder template, padahal '
                                "situs ini memerlukannya; salin berkas itu dari folder "
                                "templates/ bawaan site_builder")
        if missing:
            return [], None
        # Pages of one template share what their values' walks found (PageKeys memoises
        # each value by the names its template reads): chunks of keys go by template.
        known = sorted((page for page in queued if page.path in self.previous),
                       key=lambda page: page.template)
        for template in dict.fromkeys(page.template for page in queued):
            self.keys.deps.prepare(template)   # in this process, before any fork
        beside = partial(alongside, [page.path for page in queued]) if alongside else None
        keyed, answer = shared_map(self.key, known, beside, jobs, KEYS_SHARED_FROM)
        keys = {id(page): key for page, key in zip(known, keyed)}
        pending: list[tuple[int, _Queued, str | None]] = []
        for page in queued:
            record = self.previous.get(page.path)
            key = keys[id(page)] if record is not None else None
            if record is not None and record.key == key:
                self.files.append(OutputFile(page.path, kept=True, digest=record.digest,
                                             key=key))
                continue
            title, description, url_path, kind, image, structured, dated = page.meta
            described = description or self.config.description or self.config.title
            page.context["page"] = PageMeta(
                title, described, url_path, self.config.absolute_url(url_path), kind,
                self.social_image(image), tuple(structured() if callable(structured)
                                                else structured),
                self._dated_preview(dated, description) if dated else described)
            pending.append((len(self.files), page, key))
            self.files.append(None)
        done = forked_map(lambda job: self.render_and_read(job[1], job[2]), pending,
                          jobs if len(pending) >= PARALLEL_FROM else 1)
        for (slot, page, _), (file, problems, read) in zip(pending, done):
            self.problems.items.extend(problems)
            if file is not None:
                self.files[slot] = file
                self.read[page.path] = read
        return [page.path for _, page, _ in pending], answer

    def render_and_read(self, page: _Queued, key: str | None
                        ) -> tuple[OutputFile | None, list[Any], Any]:
        """render_one as the writer takes it (in the spool, when there is one), with its
        key, and what `reader` reads of the page (in the same worker)."""
        html, problems = self.render_one(page.template, page.context)
        if html is None:
            return None, problems, None
        read = self.reader(page.path, html) if self.reader is not None else None
        return made_file(page.path, html, self.spool, key or self.key(page)), problems, read

    def render_one(self, template: str, context: dict[str, Any]
                   ) -> tuple[bytes | None, list[Any]]:
        """A page's bytes, or None and the problem that stopped it."""
        problems, self.problems = self.problems, Problems()
        try:
            return self.environment.get_template(template).render(context).encode("utf-8"), []
        except jinja2.TemplateError as error:
            self._template_problem(template, error)
            return None, self.problems.items
        finally:
            self.problems = problems

    def _template_problem(self, template: str, error: Exception) -> None:
        name, line = template, None
        traceback = sys.exc_info()[2]
        while traceback is not None:
            filename = traceback.tb_frame.f_code.co_filename
            if filename.startswith(str(self.templates_dir)):
                name = Path(filename).relative_to(self.templates_dir).as_posix()
                line = traceback.tb_lineno
            traceback = traceback.tb_next
        self.problems.error(Location(Path("templates") / name, line),
                            f"template gagal dirender: {error}")

    def article(self, template: str, item: NewsItem, **names: Any) -> None:
        """A news item or award page: an Open Graph article with NewsArticle JSON-LD. Its
        link shares its photo (shared_photo)."""
        shared = self.shared_photo(item)

        def structured() -> list[dict[str, Any]]:
            return [jsonld.news_article(item, self.config, self.config.absolute_url,
                                        self.article_images(shared))]
        self.page(template, item.url_path, item.title, item.summary, image=shared,
                  kind="article", structured=structured, derived_from=item, dated=item.date,
                  item=item, **names)

    def article_images(self, photo: Image | None) -> list[str]:
        """The addresses of a news item's own photo for search engines: its largest
        variant first (Google's Discover shows large images of 1,200 px or more), then the
        one shared links show; none without a photo of its own (the site's card is a
        logo, which Google asks articles not to give)."""
        if photo is None:
            return []
        picture = self.pictures.get(photo.url_path)
        if picture is None:   # published as it is (GIF, SVG ...)
            return [self.config.absolute_url(photo.url_path)]
        shared = images.shared_variant(picture, SOCIAL_WIDTH)
        largest = max((*picture.jpeg, *picture.fallback), key=lambda variant: variant.width)
        return list(dict.fromkeys(self.config.absolute_url(variant.url_path)
                                  for variant in (largest, shared) if variant is not None))

    def shared_photo(self, document: Document | Program) -> Image | None:
        """The photo a shared link of `document` shows: its `image`; for a news item or
        award without one, the first photo (a processed image) of its own folder that its
        body shows, with the body's text alternative: an announcement is often a poster
        in the body, and no `image`. (The page shows it in the body, once.)"""
        image = getattr(document, "image", None)
        if image is not None or not isinstance(document, NewsItem):
            return image
        own = {asset.url_path: asset for asset in document.assets if not asset.static}
        for reference in document.references:
            path = (images.site_path(reference.value, self.config.base_path, document.url_path)
                    if reference.tag == "img" else None)
            if path in own and path in self.pictures:
                return Image(own[path].path, path, reference.alt or document.title)
        return None

    def news_lists(self, items: Sequence[NewsItem], base_path: str, heading: str,
                   tag: Tag | None = None, years: Sequence[tuple[int, str]] = (),
                   description: str | None = None) -> None:
        for url_path, chunk, pagination in _list_pages(items, base_path, self.config,
                                                       bool(years)):
            title = heading if pagination.number == 1 else (
                f"{heading} (halaman {pagination.number})")
            self.page("news_list.html", url_path, title, description, items=chunk,
                      pagination=pagination, heading=heading, tag=tag, years=years)


def theme_assets(templates_dir: Path) -> list[OutputFile]:
    """The theme's own files (stylesheet ...), published under /assets/; a stylesheet
    as stylesheet.lean_stylesheet makes it."""
    folder = templates_dir / THEME_ASSETS.rstrip("/")
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            published = f"{THEME_ASSETS}{path.relative_to(folder).as_posix()}"
            lean = lean_stylesheet(path.read_bytes()) if path.suffix == ".css" else None
            files.append(OutputFile(published, lean) if lean is not None
                         else OutputFile(published, source=path))
    return files


def asset_versions(theme: Iterable[OutputFile]) -> dict[str, str]:
    """Output path -> the first ten hex digits of the SHA-256 of each theme file
    (theme_assets), as published."""
    return {file.path: hashlib.sha256(made).hexdigest()[:10]
            for file in theme if (made := file.made_bytes()) is not None}


def asset_url(versions: Mapping[str, str], config: SiteConfig, path: str) -> str:
    """The address of the theme file at `path`, with its version when it has one
    (`style.css?v=...`: a phone may keep it for a year, and a changed file is new)."""
    version = versions.get(path)
    return config.link(path) + (f"?v={version}" if version else "")


def page_paths(paths: Iterable[str]) -> list[str]:
    """The url paths of the HTML pages among the output `paths` ("", "berita/" ...), 404
    excluded."""
    return [path.removesuffix("index.html") for path in paths
            if path == "index.html" or path.endswith("/index.html")]



@dataclass(frozen=True)
class Rendered:
    files: list[OutputFile]    # pages (rendered or kept) and the files published beside them
    rendered: tuple[str, ...]  # output paths of the pages rendered in this build, sorted
    read: dict[str, Any] = field(default_factory=dict)   # rendered page's path -> reader's answer
    alongside: Any = None      # what render_site's `alongside` answered


def _program_of(site: Site, item: NewsItem) -> Program | None:
    """The program a news item or award is about (its `program`), when published."""
    if item.program is None:
        return None
    return next((program for program in site.programs if program.id == item.program), None)


def _next_session(site: Site, program: Program | None) -> Session | None:
    """The next session of `program` to be held, or None (no program, or none left)."""
    if program is None:
        return None
    return next((session for session in site.sessions.get(program.id, ())
                 if not session.past), None)


def _document_page(renderer: _Renderer, site: Site, document: Document,
                   tags_by_slug: dict[str, Tag], read_also: ReadAlso) -> None:
    """The own page of a news item, an award or a standing page."""
    if isinstance(document, Award):
        tags = _tags_of(document, tags_by_slug)
        news_item = site.news_by_slug.get(document.news or "")
        program = _program_of(site, document)
        renderer.article("award.html", document, award=document, tags=tags, news_item=news_item,
                         program=program, program_next=_next_session(site, program),
                         read_also=read_also.of(document, [tag.items for tag in tags],
                                                [news_item] if news_item else []))
    elif isinstance(document, NewsItem):
        tags = _tags_of(document, tags_by_slug)
        awards = site.awards_by_news.get(document.slug, ())
        program = _program_of(site, document)
        renderer.article("news.html", document, tags=tags, related_awards=awards,
                         program=program, program_next=_next_session(site, program),
                         read_also=read_also.of(document, [tag.items for tag in tags], awards))
    else:
        renderer.page("page.html", document.url_path, document.title, document.summary,
                      item=document)


def render_documents(site: Site, config: SiteConfig, templates_dir: Path,
                     documents: Sequence[Document], pictures: dict[str, Picture]
                     ) -> list[OutputFile]:
    """The own pages of `documents`, each shown as `render_site` shows the document of
    its address in `site` (the same tags, related items, menu and pictures); [] when a
    template fails. The preview's first answer to a save (earlypages.py)."""
    renderer = _Renderer(site, config, templates_dir, Problems(), pictures, {}, "")
    if not renderer.parse_all():
        return []
    tags_by_slug = {tag.slug: tag for tag in site.tags}
    read_also = ReadAlso(site.news, site.awards)
    for document in documents:
        _document_page(renderer, site, document, tags_by_slug, read_also)
    renderer.render_pending(1)
    if renderer.problems.errors:
        return []
    return [file for file in renderer.files if file is not None]


def render_site(site: Site, config: SiteConfig, templates_dir: Path, problems: Problems,
                pictures: dict[str, Picture] | None = None, previous: Mapping[str, Any] = {},
                base_key: str = "", jobs: int = 1,
                reader: Callable[[str, bytes], Any] | None = None,
                cache: BuildCache | None = None, spool: Spool | None = None,
                alongside: Callable[[list[str]], Any] | None = None,
                theme: Sequence[OutputFile] | None = None) -> Rendered:
    """Every page of the site, and the content files published beside them
    (except processed images: `pictures` come with files of their own).

    `previous`: output path -> record (writer.OutputRecord) of each page output/
    holds intact; `base_key`: a digest of all that every page depends on besides
    its template and its names (the builder, the site config); `reader(path, html)`,
    run on each rendered page where it was rendered (in a worker of a parallel build),
    answers in `Rendered.read` (the search index reads pages so); `cache` keeps compiled
    templates and what each template reads for the next build; `spool` receives each
    rendered page as soon as it is rendered (writer.Spool); `alongside(paths)`, given
    the output path of every file it returns, runs while pages are keyed (in the forked process
    that shares the keys, when there is one: it must change nothing this process
    uses) and answers in `Rendered.alongside`; `theme`: theme_assets(templates_dir), when
    the caller has made them."""
    pictures = pictures or {}
    renderer = _Renderer(site, config, templates_dir, problems, pictures, previous, base_key,
                         cache, theme)
    renderer.reader, renderer.spool = reader, spool
    if not renderer.parse_all():
        return Rendered([], ())
    # site.yaml's `image` is published clean, as pictures are (images.share_image_files);
    # the other images copied as they are lose their metadata, not a pixel (imagemetadata)
    assets = published_clean(images.share_image_files(
        _queue_pages(renderer, site, config), config.image, cache, problems), cache)
    rendered, answer = renderer.render_pending(
        jobs, (lambda paths: alongside([*paths, *(asset.path for asset in assets)]))
        if alongside else None)
    return Rendered([file for file in renderer.files if file is not None] + assets,
                    tuple(sorted(rendered)), renderer.read, answer)


def planned_paths(site: Site, config: SiteConfig, templates_dir: Path) -> list[str]:
    """The output path of every page and content file render_site would make of `site`
    (processed images aside: their variants are images.py's), nothing rendered: what a
    build with errors checks its links against before it stops."""
    renderer = _Renderer(site, config, templates_dir, Problems(), {}, {}, "")
    assets = _queue_pages(renderer, site, config)
    return [*(page.path for page in renderer.queued), *(asset.path for asset in assets)]


def _titles_held_on(site: Site, day: date) -> list[str]:
    """The titles of the programs with a session on `day` yet to end, in order of start:
    the home page says they go ahead on a day the library's hours say it is closed."""
    titles = [session.program.title for session in site.upcoming
              if session.start.date() == day]
    return list(dict.fromkeys(titles))


def _queue_pages(renderer: _Renderer, site: Site, config: SiteConfig) -> list[OutputFile]:
    """Queue every page of the site on `renderer`; returns the content files published
    as they are (an item's photos not processed, static/)."""
    url = config.absolute_url
    # Today and tomorrow, in the site's zone: a session on one says so ("Hari ini", "Besok");
    # in the pages' keys, so those pages are made again when the day changes.
    days = (site.now.date(), site.now.date() + timedelta(days=1))
    today_lines, today_special = config.contact.hours_on(days[0])
    renderer.page("home.html", "", "", days=days, latest_news=site.news[:HOME_NEWS],
                  today_hours=hours.day_hours(today_lines, days[0].weekday()),
                  today_special=today_special,
                  held_today=_titles_held_on(site, days[0]),
                  upcoming=with_cancelled(site.upcoming[:HOME_SESSIONS], site.cancelled,
                                          complete=len(site.upcoming) <= HOME_SESSIONS),
                  latest_awards=site.awards[:HOME_AWARDS],
                  structured=[jsonld.library(config, url, site.closures, days[0])])
    # (year, address), not the NewsYear values: each list page's key would count every
    # title of the site
    years = [(year.year, year.url_path) for year in site.news_years]
    renderer.news_lists(site.news, NEWS, "Berita", years=years,
                        description=f"Berita terbaru dari {config.title}.")
    for year in site.news_years:
        renderer.page("news_year.html", year.url_path, f"Berita Tahun {year.year}",
                      f"{year.count} berita dari {config.title} pada tahun {year.year}, "
                      "per bulan.", year=year, years=years, tag=None)
    tags_by_slug = {tag.slug: tag for tag in site.tags}
    read_also = ReadAlso(site.news, site.awards)
    for item in site.news:
        _document_page(renderer, site, item, tags_by_slug, read_also)
    renderer.page("awards.html", AWARDS, "Penghargaan",
                  f"Penghargaan untuk {config.title} dan warganya, dari yang terbaru.",
                  years=_award_years(site.awards))
    for award in site.awards:
        _document_page(renderer, site, award, tags_by_slug, read_also)
    views = [_program_view(site, program) for program in site.programs]
    renderer.page("schedule.html", SCHEDULE, "Jadwal Kegiatan", schedule_description(
                      [view.program.title for view in views if view.upcoming], config=config),
                  programs=views, days=days,
                  weeks=schedule_weeks(site.upcoming, site.now, cancelled=site.cancelled,
                                       closures=site.closures),
                  calendar_url=ALL_PROGRAMS)
    for view in views:
        renderer.page("program.html", view.program.url_path, view.program.title,
                      program_description(view.program, view.weekly if view.upcoming else (),
                                          renderer.zone, config=config),
                      image=view.program.image, view=view, days=days,
                      stories=site.news_by_program.get(view.program.id, ())[:PROGRAM_STORIES],
                      listed=PROGRAM_SESSIONS,
                      calendar_url=program_calendar_path(view.program),
                      structured=[jsonld.event(session, config, url)
                                  for session in view.coming()[:PROGRAM_EVENTS]])
    renderer.page("tags.html", TAGS, "Semua Topik", tags=site.tags)
    for tag in site.tags:
        # A topic of hundreds of pages: a page for each year, as the news have.
        tag_years = site.topic_years.get(tag.slug, ())
        links = [(year.year, year.url_path) for year in tag_years]
        renderer.news_lists(tag.items, tag.url_path, f"Topik: {tag.name}", tag, years=links,
                            description=f"Berita dan penghargaan bertopik {tag.name} dari "
                                        f"{config.title}.")
        for year in tag_years:
            renderer.page("news_year.html", year.url_path,
                          f"Topik {tag.name}: Tahun {year.year}",
                          f"{year.count} berita dan penghargaan bertopik {tag.name} dari "
                          f"{config.title} pada tahun {year.year}, per bulan.",
                          year=year, years=links, tag=tag)
    for item in site.pages:
        _document_page(renderer, site, item, tags_by_slug, read_also)
    for redirect in site.redirects:   # at an old address, the page it moved to (redirects.py)
        target = redirect.target
        renderer.page("redirect.html", target.url_path, target.title, target.summary,
                      output_path=redirect.output_path, image=renderer.shared_photo(target),
                      kind="article" if isinstance(target, NewsItem) else "website")
    running = [view.program for view in views if view.upcoming]
    renderer.page("search.html", SEARCH_PAGE, "Cari", years=years, pages=site.pages,
                  programs=running)
    # The same links as the search page's fallback: the 404 page shows them without JavaScript.
    renderer.page("404.html", "404.html", "Halaman tidak ditemukan", output_path="404.html",
                  years=years, pages=site.pages, programs=running)
    return [OutputFile(asset.url_path, source=asset.path) for asset in renderer.as_is]
