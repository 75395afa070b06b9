"""The build, stage by stage: config -> content -> assemble -> images -> render
(pages, then calendars, feeds and the search index) -> write.

`build_site(options)` reads and validates everything and knows every URL
before the first template runs; it raises `BuildFailed` with every problem
found, and the writer is never called when there is one. Only images (their
cache under .cache/), the search index (a private temporary folder) and the
output folder's lock file (beside it) touch the disk before the writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Callable

from site_builder.assemble import assemble_site
from site_builder.config import SiteConfig, load_config
from site_builder.content.awards import load_awards
from site_builder.content.documents import Context
from site_builder.content.news import load_news, news_slugs
from site_builder.content.pages import load_pages
from site_builder.content.schedule import load_schedule
from site_builder.content.static import load_static
from site_builder.errors import BuildFailed, Location, Problem, Problems
from site_builder.feeds import feed_files
from site_builder.ical import calendar_files
from site_builder.images import process_images
from site_builder.links import check_links
from site_builder.markdown import MarkdownRenderer
from site_builder.model import Content
from site_builder.outputs import OutputFile
from site_builder.render import page_paths, render_site, theme_assets
from site_builder.search import search_files
from site_builder.writer import (WAIT_SECONDS, WriteSummary, check_output_dir, lock_output,
                                 recover_output, write_site)

# The built-in theme: templates/ of the project (a checkout or an editable install), else
# the copy a plain `pip install` puts inside the package (site_builder/templates).
PROJECT_TEMPLATES = next((folder for folder in (Path(__file__).resolve().parent.parent / "templates",
                                                Path(__file__).resolve().parent / "templates")
                          if (folder / "base.html").is_file()),
                         Path(__file__).resolve().parent.parent / "templates")
CACHE_DIR = ".cache"   # beside content/; git-ignored
# What BuildOptions.progress is told, in order (check stops after the third).
STAGES = ("membaca konten", "mengolah gambar", "membuat halaman", "membuat indeks pencarian",
          "menulis berkas")


@dataclass(frozen=True)
class BuildOptions:
    content_dir: Path = Path("content")
    output_dir: Path | None = None        # default: output/ beside content/
    templates_dir: Path | None = None     # default: templates/ beside content/, else ours
    base_url: str | None = None           # overrides site.yaml's base_url
    drafts: bool = False                  # also publish drafts and scheduled items
    now: datetime | None = None           # the build's time; default: the clock
    progress: Callable[[str], None] | None = None   # told each stage's name as it starts
    wait: float = WAIT_SECONDS            # seconds to wait for another build of the same output
    waiting: Callable[[str], None] | None = None    # told once, a message, when it must wait

    @property
    def root(self) -> Path:
        """The site root: the folder holding content/ (problem paths are relative to it)."""
        return self.content_dir.absolute().parent

    def resolved_output_dir(self) -> Path:
        return self.output_dir or self.root / "output"

    def resolved_templates_dir(self) -> Path:
        if self.templates_dir:
            return self.templates_dir
        beside = self.root / "templates"
        return beside if beside.is_dir() else PROJECT_TEMPLATES


@dataclass(frozen=True)
class BuildResult:
    files: list[OutputFile]
    warnings: list[Problem] = field(default_factory=list)
    written: WriteSummary | None = None   # None when only checking


def _stop_on_errors(problems: Problems) -> None:
    if problems.errors:
        raise BuildFailed(problems)


def _override_base_url(config: SiteConfig, base_url: str | None) -> SiteConfig:
    """`--base-url` in place of site.yaml's (the command line checked it is a web URL)."""
    if base_url is None:
        return config
    return replace(config, base_url=base_url if base_url.endswith("/") else base_url + "/")


def _load_content(context: Context, config: SiteConfig) -> Content:
    """Every content loader, each recording its problems in the context."""
    awards, news_links = load_awards(context, config.zone)
    return Content(
        news=load_news(context, config.zone),
        awards=awards,
        news_links=news_links,
        news_slugs=news_slugs(context),
        pages=load_pages(context),
        programs=load_schedule(context),
        static=load_static(context),
    )


def build_site(options: BuildOptions, write: bool = True) -> BuildResult:
    """Build the site of `options.content_dir`; raise BuildFailed with every problem.

    Writing, the whole build holds the output folder's lock (another build of
    it waits), so the content read last is the content published last; first
    it repairs what a killed build may have left.
    """
    if not write:
        return _build(options, write=False)
    output_dir = options.resolved_output_dir()
    check_output_dir(output_dir, sources=[options.content_dir, options.resolved_templates_dir()],
                     homes=[options.root, Path.cwd()])
    with lock_output(output_dir, options.wait, options.waiting):
        recover_output(output_dir)
        return _build(options, write=True)


def _build(options: BuildOptions, write: bool) -> BuildResult:
    problems = Problems()
    root = options.root
    stage = options.progress or (lambda name: None)
    stage(STAGES[0])
    config = _override_base_url(load_config(options.content_dir, problems, root),
                                options.base_url)
    now = options.now or datetime.now(config.zone)
    now = now.replace(tzinfo=config.zone) if now.tzinfo is None else now.astimezone(config.zone)
    context = Context(root, options.content_dir.absolute(), problems,
                      MarkdownRenderer(config.base_path, config.embed_hosts))
    content = _load_content(context, config)
    templates_dir = options.resolved_templates_dir()
    if not (templates_dir / "base.html").is_file():
        problems.error(Location(templates_dir),
                       "folder template tidak ditemukan atau tidak berisi base.html; jalankan "
                       "dari folder proyek (pip install -e .) atau pakai --templates FOLDER")
    theme = theme_assets(templates_dir)
    site = assemble_site(content, config, now, options.drafts, problems,
                         reserved=[(file.path, "berkas tema") for file in theme])
    _stop_on_errors(problems)
    stage(STAGES[1])
    bundle_files = [asset for asset in site.assets if not asset.static]
    pictures, picture_files = process_images(bundle_files, root / CACHE_DIR / "images", problems)
    _stop_on_errors(problems)
    stage(STAGES[2])
    pages = render_site(site, config, templates_dir, problems, pictures)
    _stop_on_errors(problems)
    files = [*pages, *picture_files, *theme, *calendar_files(site, config),
             *feed_files(site, config, page_paths(pages))]
    check_links(site, files, config, problems, options.content_dir)
    _stop_on_errors(problems)
    if not write:   # checking: the search index is made from pages already checked
        return BuildResult(files, problems.warnings)
    stage(STAGES[3])
    files += search_files(pages, config, problems)
    _stop_on_errors(problems)
    stage(STAGES[4])
    written = write_site(files, options.resolved_output_dir())
    return BuildResult(files, problems.warnings, written)
