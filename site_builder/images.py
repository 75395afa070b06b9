"""Images: content photos resized with Pillow into WebP and JPEG/PNG variants.

STUB: the interface the renderer uses; the processing is being written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from site_builder.errors import Problems
from site_builder.model import Asset
from site_builder.outputs import OutputFile


@dataclass(frozen=True)
class Variant:
    url_path: str     # "berita/x/foto-480.webp"
    width: int
    height: int
    mime: str         # "image/webp", "image/jpeg", "image/png"


@dataclass(frozen=True)
class Picture:
    """A processed image. Its original `url_path` serves the largest fallback variant."""

    url_path: str                   # the asset's own path: "berita/x/foto.jpg"
    width: int                      # of the largest variant (for width/height attributes)
    height: int
    webp: tuple[Variant, ...]       # smallest first
    fallback: tuple[Variant, ...]   # JPEG or PNG, smallest first; the last is at url_path


def process_images(assets: Iterable[Asset], cache_dir: Path | None, problems: Problems
                   ) -> tuple[dict[str, Picture], list[OutputFile]]:
    """Pictures of the raster images among `assets` (by url_path) and their files."""
    return {}, []


def rewrite_images(html: str, pictures: Mapping[str, Picture], base_path: str) -> str:
    """Body HTML with each <img> of a processed image turned into a responsive <picture>."""
    return html
