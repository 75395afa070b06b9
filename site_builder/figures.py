"""Photo captions in a body: an image alone in its paragraph, with a title, is a figure.

Indonesian news items print a caption under each photo ("Peserta kelas komputer,
Senin (16/11). Foto: Humas"). Markdown has a place for it, the image's title,
`![Peserta belajar komputer](kelas.jpg "Peserta kelas komputer ... Foto: Humas")`,
which browsers show only as a tooltip, on hover: never on a phone. So, as Pandoc's
implicit figures and Hugo's figure shortcode do, a paragraph holding nothing but one
such image becomes

    <figure><img alt="Peserta belajar komputer" src="kelas.jpg">
    <figcaption>Peserta kelas komputer ... Foto: Humas</figcaption></figure>

The title is moved, not copied (a screen reader would read it twice), and is text:
Markdown in it stays as written. The alt text still describes the photo for those who
cannot see it; the caption tells everyone what it does not show (who, where, when, whose
photo). An image among words, or without a title, is left as it is.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class FigureTreeprocessor(Treeprocessor):
    """`<p><img title="..."></p>` as `<figure><img><figcaption>...</figcaption></figure>`."""

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            if len(paragraph) != 1 or (paragraph.text or "").strip():
                continue
            image = paragraph[0]
            title = image.get("title", "").strip()
            if image.tag != "img" or not title or (image.tail or "").strip():
                continue
            del image.attrib["title"]
            image.tail = None
            caption = etree.SubElement(paragraph, "figcaption")
            caption.text = title
            paragraph.tag, paragraph.text = "figure", None


class FiguresExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After the inline patterns (20), which make the <img>.
        md.treeprocessors.register(FigureTreeprocessor(md), "figures", 15)


def makeExtension(**kwargs: object) -> FiguresExtension:
    return FiguresExtension(**kwargs)
