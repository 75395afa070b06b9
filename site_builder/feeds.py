"""Feeds and discovery files: the Atom feed, sitemap.xml and robots.txt.

STUB: the interface the pipeline uses; the files are being written.
"""

from __future__ import annotations

from typing import Sequence

from site_builder.config import SiteConfig
from site_builder.model import Site
from site_builder.outputs import OutputFile

FEED, SITEMAP, ROBOTS = "feed.xml", "sitemap.xml", "robots.txt"


def feed_files(site: Site, config: SiteConfig, page_paths: Sequence[str]) -> list[OutputFile]:
    """feed.xml, sitemap.xml (of `page_paths`, the published pages' url paths), robots.txt."""
    return []
