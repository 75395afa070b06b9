"""OutputFile: one file of the built site, as the render stage hands it to the writer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputFile:
    """A file of the site: `path` relative to the output folder ("berita/index.html").

    Exactly one of `content` (bytes made by the builder) and `source` (a file
    copied as it is) is set.
    """

    path: str
    content: bytes | None = None
    source: Path | None = None
