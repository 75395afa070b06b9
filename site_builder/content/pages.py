"""Standing pages (profil, layanan, kontak ...): content/pages/, published at the site root."""

from __future__ import annotations

from site_builder.content.documents import Context, document_fields, read_section
from site_builder.model import Page

SECTION = "pages"


def load_pages(context: Context) -> tuple[Page, ...]:
    """Every page that is valid; problems recorded for the others."""
    pages = []
    for source in read_section(context.content_dir / SECTION, context):
        fields = document_fields(source, "")
        menu_order = source.fields.integer("menu_order")
        source.fields.finish()
        if fields is not None:
            pages.append(Page(**fields, menu_order=menu_order))
    return tuple(pages)
