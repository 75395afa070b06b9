"""Loading content files one by one, through the build cache, in parallel when many are new.

`load_files(jobs, context, load, kind, listing)` runs `load(job, context)` for each
content file, in order, and returns the results. A file whose cache entry still
holds (same content hash, same settings, same answers to the paths it looked
at) is not read again: its result and its problems come from the cache. The
rest are loaded serially, or by a pool of `context.jobs` forked processes when
there are at least PARALLEL_FROM of them (a cold build); the order of results
and problems is the same either way.

`load` must record its problems in the context it is given (each file gets a
context of its own) and look at other files only through `context.is_file`,
so the cache knows what else the result depends on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Sequence

from site_builder.buildcache import FileEntry, digest, stat_signature
from site_builder.errors import Problem, Problems
from site_builder.parallel import forked_map

PARALLEL_FROM = 64   # new files before a process pool pays for its start


@dataclass(frozen=True)
class FileJob:
    path: Path               # the content file
    bundle: Path | None      # its bundle folder, or None for a single file
    data: bytes | None = None   # its bytes, once read (for their digest and for `load`)


Loader = Callable[[FileJob, Any], Any]


def _run_one(job: FileJob, content: str | None, context: Any, load: Loader
             ) -> tuple[Any, list[Problem], tuple[tuple[str, bool], ...], str]:
    """The job's result, problems and probes, and the digest of the file's bytes: of the
    very bytes `load` reads (the file is read once), or `content`, taken before it is
    read (if the file changes meanwhile, the next build sees the change)."""
    if content is None:   # read once: the digest is of the bytes `load` reads
        data, content = _bytes_and_digest(job.path)
        job = replace(job, data=data)
    own = replace(context, problems=Problems(), probes=[])
    result = load(job, own)
    return result, own.problems.items, tuple(own.probes), content


def _compute(jobs: Sequence[tuple[FileJob, str | None]], context: Any, load: Loader,
             workers: int) -> list[tuple[Any, list[Problem], tuple[tuple[str, bool], ...], str]]:
    return forked_map(lambda job: _run_one(*job, context, load), jobs,
                      workers if len(jobs) >= PARALLEL_FROM else 1)


def load_files(jobs: Sequence[FileJob], context: Any, load: Loader, kind: str,
               listing: Callable[[Path], str]) -> list[Any]:
    """`load(job, context)` of every job, in order, reusing what the cache holds;
    `listing(bundle)`: what of a bundle folder a result depends on (for a section's
    items, documents.bundle_listing)."""
    cache = context.cache
    results: list[Any] = [None] * len(jobs)
    replay: list[list[Problem]] = [[] for _ in jobs]
    missing: list[tuple[int, str, str, str | None, tuple[int, int, int] | None]] = []
    root = str(context.root).rstrip(os.sep) + os.sep
    single_file_env = digest(context.env, kind, "")
    for index, job in enumerate(jobs):
        key = _relative_key(job.path, root, context.root)
        env = (digest(context.env, kind, listing(job.bundle)) if job.bundle is not None
               else single_file_env)
        signature = stat_signature(job.path, known=context.stats.get(str(job.path)))
        entry = cache.file(key) if cache is not None else None
        content = None
        if entry is not None and entry.env == env and entry.probes_hold():
            if signature is None or signature != entry.signature:
                content = _bytes_and_digest(job.path)[1]
            if content is None or content == entry.content:
                results[index], replay[index] = entry.value
                if content is not None and signature is not None:   # touched, same bytes
                    cache.put_signature(key, signature)
                continue
        missing.append((index, key, env, content, signature))
    computed = _compute([(jobs[index], content) for index, _, _, content, _ in missing],
                        context, load, context.jobs)
    for (index, key, env, _, signature), (result, problems, probes, content) in zip(missing,
                                                                                     computed):
        results[index], replay[index] = result, problems
        if cache is not None:
            cache.put_file(key, FileEntry(signature, content, env, probes, (result, problems)))
    for problems in replay:
        context.problems.items.extend(problems)
    return results


def _relative_key(path: Path, root_prefix: str, root: Path) -> str:
    """`path` relative to the site root, with forward slashes (its key in the cache)."""
    text = str(path)
    if text.startswith(root_prefix):
        return text[len(root_prefix):].replace(os.sep, "/")
    return path.relative_to(root).as_posix()


def _bytes_and_digest(path: Path) -> tuple[bytes | None, str]:
    """The file's bytes and their digest; (None, "") when it cannot be read (the loader
    reports that)."""
    try:
        data = path.read_bytes()
    except OSError:
        return None, ""
    return data, digest(data)
