"""OutputFile: one file of the built site, as the render stage hands it to the writer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from site_builder.buildcache import BuildCache, Signature


@dataclass(frozen=True)
class OutputFile:
    """A file of the site: `path` relative to the output folder ("berita/index.html").

    Exactly one of `content` (bytes made by the builder), `source` (a file copied
    as it is) and `kept` (the file output/ already holds, found unchanged) is set.
    `spooled`: `source` is a rendered page waiting in the build's spool folder,
    moved into place rather than copied. `digest` identifies the content (given for
    kept and spooled files, else made by the writer); `key` is the page key it was
    rendered from (pagekeys.py), if any; `signature` that of a spooled file as it
    was written (buildcache.file_signature), where it is placed already (writer.Spool).
    """

    path: str
    content: bytes | None = None
    source: Path | None = None
    kept: bool = False
    digest: str | None = None
    key: str | None = None
    spooled: bool = False
    signature: Signature | None = None

    def made_bytes(self) -> bytes | None:
        """Its bytes as published: `content`, else those of `source`; None for a kept file."""
        if self.content is not None:
            return self.content
        return self.source.read_bytes() if self.source is not None else None


def files_kept(cache: BuildCache | None, name: str, key: str,
               make: Callable[[], list[OutputFile]]) -> list[OutputFile]:
    """`make()`'s files (made of their content), or those `cache` keeps under `name`
    when they were made from `key`, which must digest everything they are made of."""
    kept = cache.state(name) if cache is not None else None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key:
        return [OutputFile(path, content) for path, content in kept[1]]
    files = make()
    if cache is not None:
        cache.put_state(name, (key, [(file.path, file.content) for file in files]))
    return files
