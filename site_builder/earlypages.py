"""Early pages: the preview's first answer to a save, before the site is rebuilt.

A staff member who saves a news item is looking at that item's page. Rebuilding
the whole site takes seconds once it holds thousands of items (every list, tag
page and feed is checked, the search index patched, the preview folder
swapped), so the preview first renders the saved documents' own pages from
the last good build's model, each saved document read again in place of its
old self, and serves them from memory (serve.py) while the full rebuild, which
always follows, runs. When it is done its pages replace the early ones.

Only a save that cannot move anything else gets an early page: a Markdown file
of news/, awards/ or pages/ that the last build published, read again without
errors, still at the same address, of the same kind, with the same date, tags,
draft status, menu place, bundle files and images. Anything else (a new or
deleted file, schedule.yaml, site.yaml, a template, an image, an error) waits
for the full rebuild, which also reports every problem. An early page is
rendered by the same code and templates as the full build's (render.py), so it
is the page the rebuild writes unless a template shows a document's body on
another document's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable

from site_builder.config import SiteConfig
from site_builder.content import awards, news, pages
from site_builder.content.documents import (BUNDLE_INDEX, Context, is_hidden, is_markdown,
                                            is_year_folder, read_source)
from site_builder.content.loading import FileJob
from site_builder.errors import Problems
from site_builder.images import Picture
from site_builder.markdown import MarkdownRenderer
from site_builder.model import Document, NewsItem, Page, Site
from site_builder.render import render_documents


@dataclass(frozen=True)
class BuiltModel:
    """What a good build knew: enough to render one of its pages again."""

    site: Site
    config: SiteConfig
    root: Path               # the site root
    content_dir: Path        # absolute
    templates_dir: Path
    pictures: dict[str, Picture]

    def documents(self) -> dict[Path, Document]:
        """Every published document by its file, relative to the site root."""
        return {document.origin.path: document
                for document in (*self.site.news, *self.site.awards, *self.site.pages)}


def early_pages(model: BuiltModel, saved: Iterable[Path]) -> dict[str, bytes]:
    """Output path -> page of each saved document, or {} when any saved file is not a
    document that can be shown early (see the module doc)."""
    published = model.documents()
    documents = []
    for path in saved:
        document = _read_again(model, Path(path).absolute(), published)
        if document is None:
            return {}
        documents.append(document)
    if not documents:
        return {}
    return {file.path: file.content for file in render_documents(
        model.site, model.config, model.templates_dir, documents, model.pictures)
        if file.content is not None}


def prepare_early_pages(model: BuiltModel) -> None:
    """Render one document's page as an early page is rendered, and drop it, so that
    what the first render loads is loaded before the first save (0.3 s each): the
    compiled templates (the build compiles into its own cache) and the locale's date
    names (a large build formats its dates in worker processes)."""
    site = model.site
    first = [*site.news[:1], *site.awards[:1], *site.pages[:1]][:1]
    render_documents(site, model.config, model.templates_dir, first, model.pictures)


def _read_again(model: BuiltModel, path: Path, published: dict[Path, Document]
                ) -> Document | None:
    """The saved document, read again, when it can stand in for its published self."""
    try:
        relative = path.relative_to(model.content_dir)
    except ValueError:
        return None
    parts = relative.parts
    in_section = parts[1:]   # an item's parts within its section, its year folder aside
    if (len(parts) > 2 and parts[0] != pages.SECTION
            and is_year_folder(parts[1], str(model.content_dir / parts[0] / parts[1]))):
        in_section = parts[2:]
    if len(in_section) == 1 and is_markdown(path.name):
        bundle = None
    elif len(in_section) == 2 and in_section[1] == BUNDLE_INDEX:
        bundle = path.parent
    else:
        return None
    config = model.config
    convert = _converter(parts[0], config)
    old = published.get(path.relative_to(model.root))   # content/ is inside the root
    if convert is None or old is None or any(is_hidden(part) for part in parts):
        return None
    context = Context(model.root, model.content_dir, Problems(),
                      MarkdownRenderer(config.base_path, config.embed_hosts), config.base_path)
    source = read_source(FileJob(path, bundle), context)
    new = convert(source, context) if source is not None else None
    if new is None or context.problems.errors or not _same_place(old, new):
        return None
    return new


def _converter(section: str, config: SiteConfig) -> Callable[[Any, Context], Any] | None:
    if section == news.SECTION:
        return partial(news.convert, config.zone)
    if section == awards.SECTION:
        return lambda source, context: awards.convert(config.zone, source, context)[0]
    if section == pages.SECTION:
        return pages.convert
    return None


def _same_place(old: Document, new: Document) -> bool:
    """Whether `new` changes nothing but what its own page shows: not where it is
    listed, which tag pages and menus name it, nor which files are published."""
    if type(new) is not type(old) or (new.url_path, new.draft, new.assets) != (
            old.url_path, old.draft, old.assets):
        return False
    if _body_images(new) != _body_images(old):
        return False
    if isinstance(new, NewsItem) and isinstance(old, NewsItem):
        return (new.date, new.tags, _image_path(new)) == (old.date, old.tags, _image_path(old))
    if isinstance(new, Page) and isinstance(old, Page):
        # A page in the menu is named there by its title.
        return new.menu_order == old.menu_order and (
            new.menu_order is None or new.title == old.title)
    return True


def _body_images(document: Document) -> set[str]:
    return {reference.value for reference in document.references if reference.tag == "img"}


def _image_path(item: NewsItem) -> str | None:
    return item.image.url_path if item.image is not None else None
