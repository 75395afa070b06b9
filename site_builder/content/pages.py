"""Standing pages (profil, layanan, kontak ...): content/pages/, published at the site root."""

from __future__ import annotations

from site_builder.content.bodies import check_weekdays
from site_builder.content.documents import (Context, SourceFile, check_text_written,
                                            document_fields, load_section)
from site_builder.model import Page

SECTION = "pages"


# Fields of a news item that a standing page has no use for: a page copied from a news
# item, or a news item saved in the wrong folder.
NEWS_ONLY = ("date", "updated", "tags", "author", "source", "program")


def convert(source: SourceFile, context: Context) -> Page | None:
    """One standing page's file as a Page; None when it has errors."""
    fields = document_fields(source, "")
    menu_order = source.fields.integer("menu_order")
    for key in NEWS_ONLY:
        if key in source.fields.mapping:
            source.fields.ignore(key)
            source.fields.warning(key, f'kolom "{key}" tidak dipakai: halaman tetap tidak '
                                       "bertanggal dan tidak masuk daftar berita; hapus barisnya, "
                                       "atau, jika ini berita, pindahkan berkasnya ke "
                                       "content/news/")
    if fields is not None and fields["slug"] == "index":
        context.problems.warning(source.origin.at(None), (
            "halaman ini terbit di alamat /index/, bukan sebagai beranda: beranda dibuat "
            "otomatis dari berita, penghargaan dan jadwal. Beri berkas ini nama yang "
            "menjelaskan isinya (misalnya sejarah.md), atau hapus berkasnya jika maksudnya "
            "mengubah beranda"))
    source.fields.finish()
    check_weekdays(source.lines, source.origin.at(1), context.problems, None)
    check_text_written(source)
    return Page(**fields, menu_order=menu_order) if fields is not None else None


def load_pages(context: Context) -> tuple[Page, ...]:
    """Every page that is valid; problems recorded for the others."""
    pages = load_section(context.content_dir / SECTION, context, convert, SECTION)
    return tuple(page for page in pages if page is not None)
