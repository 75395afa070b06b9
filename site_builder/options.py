"""BuildOptions: what one build is asked to do, and where everything is.

Kept apart from the pipeline (and light to import), so the command line can ask
`uptodate.py` whether anything changed before loading the builder itself.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Mapping

from site_builder.buildcache import FOLDER as BUILD_CACHE, BuildCache
from site_builder.writer import WAIT_SECONDS

# The built-in theme: templates/ of the project (a checkout or an editable install), else
# the copy a plain `pip install` puts inside the package (site_builder/templates).
PROJECT_TEMPLATES = next((folder for folder in (Path(__file__).resolve().parent.parent / "templates",
                                                Path(__file__).resolve().parent / "templates")
                          if (folder / "base.html").is_file()),
                         Path(__file__).resolve().parent.parent / "templates")
CACHE_DIR = ".cache"   # beside content/; git-ignored
PREVIEW_CACHE = "preview-build"   # the preview's build cache (serve.py), under CACHE_DIR
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
    cache: bool = True                    # read and write the build cache (.cache/build/)
    cache_store: BuildCache | None = None   # an open cache to use instead (the preview's)
    jobs: int | None = None               # processes for a cold build; default: every CPU
    inputs: str | None = None             # inputs_signature, when taken before the build
    # The signature of each input file (by its absolute path) inputs_signature read:
    # the build does not read them again (10,000 stat calls at 10,000 items).
    input_stats: Mapping[str, tuple[int, int, int]] = field(default_factory=dict)
    process_ends: bool = False            # the process exits right after (see pipeline.py)

    @property
    def root(self) -> Path:
        """The site root: the folder holding content/ (problem paths are relative to it)."""
        return self.content_dir.absolute().parent

    def resolved_output_dir(self) -> Path:
        return self.output_dir or self.root / "output"

    def resolved_jobs(self) -> int:
        return max(1, self.jobs or usable_cpus())

    @property
    def cache_folder(self) -> Path:
        return self.root / CACHE_DIR / BUILD_CACHE

    @property
    def preview_cache_folder(self) -> Path:
        """The preview's build cache (serve.py), the sibling of `cache_folder`."""
        return self.root / CACHE_DIR / PREVIEW_CACHE

    def open_cache(self) -> BuildCache:
        """The build cache to use: the given one, the site's, or a memory-only one. The
        site's cache folder ignores itself in git (a `.gitignore` of "*", as pytest's and
        ruff's do): in a content repository of its own, a commit of everything took it in,
        and each check then changed a committed file."""
        if self.cache_store is not None:
            return self.cache_store
        cache = (BuildCache(self.cache_folder, self.preview_cache_folder)
                 if self.cache else BuildCache(None))
        ignore = self.root / CACHE_DIR / ".gitignore"
        if self.cache and not ignore.exists():
            with contextlib.suppress(OSError):
                ignore.write_text("# site_builder's cache: safe to delete, never committed\n*\n")
        return cache

    def resolved_templates_dir(self) -> Path:
        if self.templates_dir:
            return self.templates_dir
        beside = self.root / "templates"
        return beside if beside.is_dir() else PROJECT_TEMPLATES


def usable_cpus() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def inputs_signature(options: BuildOptions, seen: dict[str, tuple[int, int, int]] | None = None
                     ) -> str:
    """A digest of everything a build of `options` reads (see uptodate.py); `seen` gets
    each input file's signature."""
    from site_builder.uptodate import inputs_signature as signature
    templates = options.resolved_templates_dir().absolute()
    settings = (str(options.content_dir.absolute()), str(templates),
                str(options.resolved_output_dir().absolute()), str(options.drafts),
                str(options.base_url))
    return signature(settings, [options.content_dir.absolute(), templates], seen)
