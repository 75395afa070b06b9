"""The build, stage by stage: config -> content -> assemble -> images -> render
(pages, then calendars, feeds and the search index) -> write.

`build_site(options)` reads and validates everything and knows every URL
before the first template runs; it raises `BuildFailed` with every problem
found, and the writer is never called when there is one (a build that writes
then records its failure beside the output folder, for `publish`, until a build
writes again). Only the build cache and
images' cache (under .cache/), the output folder's lock file and the spool of
rendered pages (both beside it, see writer.py) touch the disk before the writer.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from site_builder import published, uptodate
from site_builder.addresses import SECTION_PREFIXES
from site_builder.assemble import (Change, assemble_site, changes_ahead, scheduled_items,
                                   valid_until)
from site_builder.buildcache import BuildCache, builder_version, digest
from site_builder.clock import check_clock
from site_builder.clock import remember as remember_clock
from site_builder.config import SiteConfig, load_config
from site_builder.formatting import zone_abbreviation
from site_builder.content.awards import load_awards
from site_builder.content.documents import Context
from site_builder.content.layout import check_layout, readable
from site_builder.content.news import load_news, news_slugs
from site_builder.content.pages import load_pages
from site_builder.content.schedule import SCHEDULE_FILE, Schedule, load_schedule
from site_builder.content.static import load_static
from site_builder.earlypages import BuiltModel
from site_builder.errors import BuildFailed, Location, Problem, Problems
from site_builder.feeds import feed_files
from site_builder.filelinks import PublishedFiles, published_as_is
from site_builder.ical import calendar_files
from site_builder.images import images_made_alongside, process_images, static_photos_shown
from site_builder.links import check_links, unsure_targets
from site_builder.markdown import MarkdownRenderer
from site_builder.model import Asset, Content, Site
from site_builder.offline import worker_files
from site_builder.outputs import OutputFile
from site_builder.qrcodes import qr_files
from site_builder.render import page_paths, planned_paths, render_site, theme_assets
from site_builder.search import index_files, read_page
from site_builder.options import CACHE_DIR, STAGES, BuildOptions, inputs_signature
from site_builder.redirects import check_moved
from site_builder.webmanifest import manifest_files
from site_builder.times import in_zone
from site_builder.writer import (Intact, OutputRecord, OutputState, Prelinked, WriteSummary,
                                 check_intact_soon, check_output_dir, Spool, forget_failed_build,
                                 lock_output, record_failed_build, recover_output, resigned,
                                 spool_beside, staging_linked_soon, write_site)

@dataclass(frozen=True)
class BuildResult:
    files: list[OutputFile]
    warnings: list[Problem] = field(default_factory=list)
    written: WriteSummary | None = None   # None when only checking
    rendered: tuple[str, ...] = ()        # output paths of the pages rendered, sorted
    model: BuiltModel | None = None       # what was built from (the preview's early pages)
    # (date "YYYY-MM-DD HH:MM", file, line of its date, title) of each item held back until
    # its date, soonest first
    scheduled: tuple[tuple[str, str, int | None, str], ...] = ()

    @property
    def pages(self) -> int:
        return sum(1 for file in self.files if file.path.endswith(".html"))

    def report(self) -> dict[str, Any]:
        """What the command line prints of this build, as plain data (for uptodate.py)."""
        return {"pages": self.pages, "files": self.written.written if self.written else 0,
                "warnings": [[str(p.location.path), p.location.line, p.message, p.severity]
                             for p in self.warnings],
                "scheduled": [list(item) for item in self.scheduled]}


def _stop_on_errors(problems: Problems) -> None:
    if problems.errors:
        raise BuildFailed(problems)


def _override_base_url(config: SiteConfig, base_url: str | None) -> SiteConfig:
    """`--base-url` in place of site.yaml's (the command line checked it is a web URL)."""
    if base_url is None:
        return config
    return replace(config, base_url=base_url if base_url.endswith("/") else base_url + "/")


def _load_content(context: Context, config: SiteConfig) -> Content:
    """Every content loader, each recording its problems in the context (and a warning
    for what content/ holds that none of them reads)."""
    check_layout(context)
    awards, news_links = load_awards(context, config.zone)
    news, pages = load_news(context, config.zone), load_pages(context)
    errors = len(context.problems.errors)
    schedule = (load_schedule(context) if readable(context, SCHEDULE_FILE)   # no symlink out
                else Schedule((), None, ()))
    if len(context.problems.errors) > errors:   # a program with errors is left out
        context.unread.add("schedule")
    # The slugs of news files with errors tell a broken `news` link of an award from one to
    # such a file; read only when a link names no valid item (a listing of 10,000 names).
    valid = {item.slug for item in news}
    linked_elsewhere = any(link.slug not in valid for link in news_links)
    return Content(
        news=news,
        awards=awards,
        news_links=news_links,
        news_slugs=news_slugs(context) if linked_elsewhere else frozenset(),
        pages=pages,
        programs=schedule.programs,
        program_ids=schedule.program_ids,
        closures=schedule.closures,
        static=load_static(context),
        unread=frozenset(context.unread),
        unlisted=frozenset(context.unlisted),
        rejected=tuple(context.rejected),
    )


def _read_content(options: BuildOptions, cache: BuildCache, problems: Problems
                  ) -> tuple[SiteConfig, datetime, Content, str | None]:
    """site.yaml, the build's time in the site's zone, and the content, validated (its
    problems recorded in `problems`); and why the build is a preview (_preview)."""
    root = options.root
    site_yaml = load_config(options.content_dir, problems, root)
    config = _override_base_url(site_yaml, options.base_url)
    clock = datetime.now(config.zone)
    now = in_zone(options.now or clock, config.zone)
    env = digest(builder_version(), str(root), str(options.content_dir.absolute()),
                 config.timezone, config.base_path, *config.embed_hosts)
    context = Context(root, options.content_dir.absolute(), problems,
                      MarkdownRenderer(config.base_path, config.embed_hosts), config.base_path,
                      cache, env, options.resolved_jobs(), stats=options.input_stats)
    content = _load_content(context, config)
    cache.forget_unseen_files()
    return config, now, content, _preview(options, site_yaml, config,
                                          now if now > clock else None)


def _preview(options: BuildOptions, site_yaml: SiteConfig, config: SiteConfig,
             ahead: datetime | None) -> str | None:
    """Why a build is a preview, not the site to publish (the writer records it in the
    output folder's marker, for `publish`); None when it is not. Drafts shown, links for
    another address than site.yaml's, or `ahead`, a time still to come (items shown
    before their date). A time past is not: it makes the site a build at that time
    made, and publish takes an earlier build as it is."""
    reasons = []
    if options.drafts:
        reasons.append("--drafts: draf dan berita terjadwal ikut tampil")
    if config.base_url != site_yaml.base_url:
        reasons.append(f"--base-url: tautan ke {config.base_url}, bukan ke base_url di site.yaml")
    if ahead is not None:
        reasons.append(f"--now {ahead:%Y-%m-%d %H:%M}: waktu yang belum tiba")
    return "; ".join(reasons) or None


def changes_within(options: BuildOptions, window: timedelta
                   ) -> tuple[list[Change], datetime, datetime, str]:
    """Each moment after `window` before `options.now` (default: the clock) at which
    the same content makes another site, with what changes then, in time order (those
    up to `options.now` make the site built then differ from the one built `window`
    before; the day's end after that is the only one listed); and the two times, in the
    site's zone; and the site's address (base_url). Raises BuildFailed with the content's
    problems, as a build would."""
    problems = Problems()
    cache = options.open_cache()
    try:
        config, now, content, _ = _read_content(options, cache, problems)
        _stop_on_errors(problems)
        site = assemble_site(content, config, now - window, options.drafts, problems)
        _stop_on_errors(problems)
    finally:
        cache.save()
        cache.close()
    return changes_ahead(content, site, options.drafts), site.now, now, config.base_url


def build_site(options: BuildOptions, write: bool = True) -> BuildResult:
    """Build the site of `options.content_dir`; raise BuildFailed with every problem.

    Writing, the whole build holds the output folder's lock (another build of
    it waits), so the content read last is the content published last; first
    it repairs what a killed build may have left. A build that fails on content
    errors is recorded beside the output folder (writer.record_failed_build), and
    the record removed by the next build that writes.
    """
    with cycle_collector_paused(resume=not options.process_ends):
        if not write:
            return _cached(options, write=False)
        clock = datetime.now().astimezone()
        by_clock = options.now is None and not options.drafts   # the clock decides the site
        if by_clock:
            check_clock(clock, options.cache_folder if options.cache else None, options.root)
        output_dir = options.resolved_output_dir()
        check_output_dir(output_dir,
                         sources=[options.content_dir, options.resolved_templates_dir()],
                         homes=[options.root, Path.cwd()])
        with lock_output(output_dir, options.wait, options.waiting):
            recover_output(output_dir)
            try:
                with spool_beside(output_dir) as spool:
                    result = _cached(options, write=True, spool=spool)
            except BuildFailed as failure:
                _record_failure(options, output_dir, failure)
                raise
            forget_failed_build(output_dir)
            if by_clock and options.cache:
                remember_clock(clock, options.cache_folder)
            return result


def _record_failure(options: BuildOptions, output_dir: Path, failure: BuildFailed) -> None:
    """Record beside the output folder that this build failed (for `publish`), and forget
    that the folder is up to date: the next build must run, to remove the record, even
    with the inputs of the build that wrote the folder (a bad file moved away again)."""
    record_failed_build(output_dir, len(failure.errors), datetime.now().astimezone())
    uptodate.forget(options.cache_folder, output_dir)


@contextmanager
def cycle_collector_paused(resume: bool = True) -> Iterator[None]:
    """Python's cycle collector off for the build, and as it was after when `resume`
    (not when the process ends right after: the first collection after a build walks
    everything the build made, 0.27 s at 10,000 items).

    A build makes objects by the hundred thousand (cached documents, page keys, output
    records) and keeps nearly all of them to the end, so each full collection walks
    them all for nothing: at 10,000 items that was a quarter of a one-edit build's
    time. What a build throws away has no reference cycles to speak of (a cold
    build's peak memory moved from 241 to 252 MiB), and is freed as usual by
    reference counting."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled and resume:
            gc.enable()


# What the builds of a process that ends right after them (the command line,
# BuildOptions.process_ends) made: kept here, so that it is not freed object by object
# (at 10,000 items some 0.3 s) before cli.run leaves with os._exit.
_LEFT_FOR_EXIT: list[Any] = []


def _leave_for_exit(options: BuildOptions, *made: Any) -> None:
    if options.process_ends:
        _LEFT_FOR_EXIT.append(made)


def _cached(options: BuildOptions, write: bool, spool: Spool | None = None) -> BuildResult:
    """_build with the build cache open; what it learnt is saved even when the build
    fails (the loaded files stay valid), and the cache closed unless it was lent."""
    cache = options.open_cache()
    try:
        output_dir = options.resolved_output_dir().absolute()
        jobs = options.resolved_jobs()
        state = _output_state(cache, output_dir, jobs) if write else None
        with check_intact_soon(output_dir, state, jobs) as intact, \
                staging_linked_soon(output_dir, state, jobs) as prelinked, \
                ExitStack() as alongside:
            return _build(options, write, cache, spool, state, intact, prelinked, alongside)
    finally:
        cache.save()
        if cache is not options.cache_store:
            cache.close()
        _leave_for_exit(options, cache)


def _build(options: BuildOptions, write: bool, cache: BuildCache, spool: Spool | None,
           state: OutputState | None, intact: Callable[[], Intact | None],
           prelinked: Callable[[], Prelinked] | None, alongside: ExitStack) -> BuildResult:
    """The build; `state`: what the last build wrote (None when unknown or only
    checking), `intact` what of it is still untouched and `prelinked` the staging folder
    the writer may fill (both asked when needed: they are made while the content loads);
    the images are made within `alongside` while pages render, and waited for before
    anything is written."""
    # Before anything is read: a file saved during the build makes the next one run.
    inputs = ((options.inputs or inputs_signature(options))
              if write and options.cache and options.cache_store is None else None)
    problems = Problems()
    root = options.root
    stage = options.progress or (lambda name: None)
    stage(STAGES[0])
    config, now, content, preview = _read_content(options, cache, problems)
    templates_dir = options.resolved_templates_dir()
    if not (templates_dir / "base.html").is_file():
        problems.error(Location(templates_dir),
                       "folder template tidak ditemukan atau tidak berisi base.html; jalankan "
                       "dari folder proyek (pip install -e .) atau pakai --templates FOLDER")
    assets = theme_assets(templates_dir)
    # with the app manifest made of them, and the service worker (offline.py)
    theme = [*assets, *manifest_files(config, assets), *worker_files(assets)]
    site = assemble_site(content, config, now, options.drafts, problems,
                         reserved=[*((file.path, "berkas tema") for file in theme),
                                   (published.FILE, "catatan build (published.py)")])
    image_cache = root / CACHE_DIR / "images" if options.cache else None
    if problems.errors:
        _check_links_before_stopping(options, content, site, config, templates_dir, theme,
                                     cache, problems)
        # A broken photo is found by decoding it: now, so that one run reports it too, of
        # an item with errors as well (what is made goes to the cache, for the build once
        # the errors are fixed).
        process_images([*_photos(site, config, problems),
                        *(asset for body in content.rejected for asset in body.assets)],
                       image_cache, problems, jobs=options.resolved_jobs())
    _stop_on_errors(problems)
    stage(STAGES[1])
    pictures, picture_files, images_made = alongside.enter_context(images_made_alongside(
        _photos(site, config, problems), image_cache, problems, jobs=options.resolved_jobs()))

    def stop_on_errors() -> None:
        """_stop_on_errors, with the problems of the images made alongside in the report."""
        if problems.errors:
            images_made()
        _stop_on_errors(problems)

    stop_on_errors()
    stage(STAGES[2])
    output_dir = options.resolved_output_dir().absolute()
    checked = intact()
    # The pages kept as they are (not rendered) when their key is the one recorded: those
    # output/ holds intact; when only checking, every page the last build wrote, output/
    # kept or not (a fresh clone on CI, `.cache/` restored): a page keyed as one that
    # rendered then renders now, so `check` runs the templates a build would run.
    last_written = _last_written(cache, output_dir)
    if write:
        previous = checked.output if checked else {}
    else:
        previous = last_written
    # what check_moved compares with: output/, or on a fresh clone and when only
    # checking, the files the last build wrote there
    published_before = previous or last_written

    def warn_moved(files: list[OutputFile]) -> None:
        check_moved(published_before, {file.path for file in files}, content, site,
                    lambda section: Location.of_file(options.content_dir.absolute() / section,
                                                     root),
                    problems, _moment(config))
    # the schedule's calendars and the QR codes of its printed pages
    schedule_files = [*calendar_files(site, config, cache), *qr_files(site, config, cache)]
    others = [*picture_files, *theme, *schedule_files]

    def feeds_and_links(paths: list[str]) -> tuple[list[OutputFile], list[Problem]]:
        """The feeds and the link problems of a site of these pages (`paths`: theirs and
        their assets'), found while pages are keyed: this changes nothing outside."""
        feeds = feed_files(site, config, page_paths(paths),
                           PublishedFiles.of(published_as_is(site.assets, pictures)))
        found = Problems()
        check_links(site, content, [*paths, *(file.path for file in [*others, *feeds])],
                    config, found, options.content_dir)
        return feeds, found.items

    rendered = render_site(site, config, templates_dir, problems, pictures, previous,
                           digest(builder_version(), repr(config)), options.resolved_jobs(),
                           partial(read_page, base_path=config.base_path) if write else None,
                           cache, spool, feeds_and_links, assets)
    pages = rendered.files
    stop_on_errors()
    feeds, link_problems = rendered.alongside
    problems.items.extend(link_problems)
    stop_on_errors()
    if not write:   # checking: the search index is made from pages already checked
        files = [*pages, *images_made(), *theme, *schedule_files, *feeds]
        stop_on_errors()
        warn_moved(files)
        _leave_for_exit(options, content, site, rendered, files)
        return BuildResult(files, problems.warnings, rendered=rendered.rendered,
                           scheduled=() if options.drafts else _scheduled(content, now, config))
    stage(STAGES[3])
    index = index_files(pages, config.base_path, cache, digest(str(output_dir))[:12],
                        previous, lambda path: (output_dir / path).read_bytes(), rendered.read,
                        spool)
    stop_on_errors()
    stage(STAGES[4])
    cache.save_soon()   # content files' entries, written while images are finished and written
    until = valid_until(content, site, options.drafts)
    files = [*pages, *images_made(), *theme, *schedule_files, *feeds, *index,
             published.record_file(until, published.build_commit())]
    stop_on_errors()
    warn_moved(files)
    written, new_state = write_site(files, output_dir, state, checked, spool, prelinked,
                                    preview)
    cache.put_state(_state_name("output", output_dir), new_state)
    cache.save_soon(state=True)   # swapped: the state records too, while the record is made
    result = BuildResult(files, problems.warnings, written, rendered.rendered,
                         BuiltModel(site, config, root, options.content_dir.absolute(),
                                    templates_dir, pictures),
                         () if options.drafts else _scheduled(content, now, config))
    if inputs is not None and preview is not None:
        # Never up to date: the next build runs, and writes the marker of a normal one.
        uptodate.forget(options.cache_folder, output_dir)
    elif inputs is not None:
        uptodate.record(options.cache_folder, output_dir, inputs, now, until, result.report(),
                        config.timezone, {path: record.signature
                                          for path, record in new_state.output.items()},
                        new_state.output_folders)
    _leave_for_exit(options, content, site, rendered, files, state, previous, new_state)
    return result


def _photos(site: Site, config: SiteConfig, problems: Problems) -> list[Asset]:
    """The raster photos the site shows, to resize: its items' own and static/'s shown."""
    return [*(asset for asset in site.assets if not asset.static),
            *static_photos_shown(site, config.base_path, problems)]


def _check_links_before_stopping(options: BuildOptions, content: Content, site: Site,
                                 config: SiteConfig, templates_dir: Path,
                                 theme: list[OutputFile], cache: BuildCache,
                                 problems: Problems) -> None:
    """A build with errors stops before its pages are made, which is where links are
    checked: check them now, against the files it would make, so that one run reports
    every problem (links.unsure_targets leaves out what a file with errors may make).
    Not when an error is outside the items and the schedule (site.yaml, static/, the
    templates): any address may be wrong then."""
    content_dir = Location.of_file(options.content_dir.absolute(), options.root).path
    items = [content_dir / section for section in SECTION_PREFIXES]
    if not all(problem.location.path == content_dir / SCHEDULE_FILE
               or any(folder in problem.location.path.parents for folder in items)
               for problem in problems.errors):
        return
    paths = planned_paths(site, config, templates_dir)
    made = [*theme, *calendar_files(site, config, cache), *qr_files(site, config, cache),
            *feed_files(site, config, page_paths(paths))]
    check_links(site, content, [*paths, *(file.path for file in made)], config, problems,
                options.content_dir,
                unsure_targets(content.unread, (*content.news, *content.awards, *content.pages,
                                                *content.rejected), content.unlisted))


def _scheduled(content: Content, now: datetime, config: SiteConfig
               ) -> tuple[tuple[str, str, int | None, str], ...]:
    """BuildResult.scheduled: what `scheduled_items` holds back, for the command line, at
    the site's time (_moment)."""
    moment = _moment(config)
    return tuple((moment(item.date), item.origin.path.as_posix(),
                  item.origin_of("date").line, item.title)
                 for item in scheduled_items(content, now))


def _moment(config: SiteConfig) -> Callable[[datetime], str]:
    """A time as staff are told it: at the site's time ("2026-12-06 17:00 WIB", though
    `date` was written in UTC)."""
    def moment(when: datetime) -> str:
        local = when.astimezone(config.zone)
        return (f"{local:%Y-%m-%d %H:%M} "
                f"{zone_abbreviation(config.timezone, config.locale, local)}")
    return moment


def _last_written(cache: BuildCache, output_dir: Path) -> Mapping[str, OutputRecord]:
    """The record of each file the last build recorded writing into output_dir, by its
    output path (none known: {})."""
    state = cache.state(_state_name("output", output_dir))
    return state.output if isinstance(state, OutputState) else {}


def _state_name(kind: str, output_dir: Path) -> str:
    return f"{kind}:{output_dir}"


def _output_state(cache: BuildCache, output_dir: Path, jobs: int) -> OutputState | None:
    """What the last build wrote into output_dir and its spare folder (re-signed where
    output_dir is a copy, see writer.resigned); None when unknown."""
    state = cache.state(_state_name("output", output_dir))
    if not isinstance(state, OutputState) or not output_dir.is_dir():
        return None
    return resigned(output_dir, state, jobs)
