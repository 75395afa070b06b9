"""Search: the Pagefind index of the built pages, made in memory during the build.

STUB: the interface the pipeline uses; the index is being written.
"""

from __future__ import annotations

from typing import Sequence

from site_builder.config import SiteConfig
from site_builder.errors import Problems
from site_builder.outputs import OutputFile

SEARCH_PAGE = "cari/"
BUNDLE = "pagefind"


def search_files(files: Sequence[OutputFile], config: SiteConfig, problems: Problems
                 ) -> list[OutputFile]:
    """The Pagefind bundle (pagefind/...) indexing the HTML pages among `files`."""
    return []
