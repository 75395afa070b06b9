"""The one configured Python-Markdown converter of the project.

`MarkdownRenderer(base_path).convert(text)` returns the body as HTML and its
first paragraph as plain text (the default summary). Root-relative links and
image sources written by staff (`/jadwal/`) are prefixed with the site's base
path, so they keep working when the site is published under a sub-path.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["extra", "sane_lists"]

# Python-Markdown leaves placeholders for stashed raw HTML in the tree's text.
_PLACEHOLDER = re.compile("\x02wzxhzdk:\\d+\x03")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RenderedMarkdown:
    html: str
    first_paragraph: str  # plain text, "" when the body has no text paragraph


class _SiteLinks(Treeprocessor):
    """Prefixes root-relative links with the base path; remembers the first paragraph."""

    def __init__(self, md: markdown.Markdown, base_path: str):
        super().__init__(md)
        self.base_path = base_path
        self.first_paragraph = ""

    def run(self, root: etree.Element) -> None:
        self.first_paragraph = ""
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value and value.startswith("/") and not value.startswith("//"):
                    element.set(attribute, self.base_path + value[1:])
            if element.tag == "p" and not self.first_paragraph:
                text = _PLACEHOLDER.sub("", "".join(element.itertext()))
                self.first_paragraph = _SPACES.sub(" ", text).strip()


class MarkdownRenderer:
    """Converts content bodies; one instance per build (Python-Markdown is not thread-safe)."""

    def __init__(self, base_path: str = "/"):
        self._md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
        self._links = _SiteLinks(self._md, base_path)
        # After inline patterns (priority 20), so links and text are final.
        self._md.treeprocessors.register(self._links, "site_links", 5)

    def convert(self, text: str) -> RenderedMarkdown:
        html = self._md.reset().convert(text)
        return RenderedMarkdown(html, self._links.first_paragraph)
