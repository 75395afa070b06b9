"""News items (berita): content/news/*.md and content/news/NAME/index.md, also in year
folders (content/news/2026/...)."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from functools import partial
from typing import Any

from site_builder.addresses import NEWS
from site_builder.assemble import FAR_AHEAD
from site_builder.content.bodies import check_weekdays
from site_builder.content.documents import (Context, SourceFile, check_text_written,
                                            document_fields, load_section, read_image,
                                            section_entries, split_name)
from site_builder.formatting import format_short_date
from site_builder.links import check_summary
from site_builder.model import NewsItem
from site_builder.slugs import slugify, split_date_prefix

SECTION = "news"


def news_fields(source: SourceFile, url_prefix: str, context: Context, zone: tzinfo,
                title_required: bool = True) -> dict[str, Any] | None:
    """The fields of a news item (awards have them too), or None if one is unusable.

    Every field is read even after a problem, so one run reports them all.
    """
    reader = source.fields
    document = document_fields(source, url_prefix, title_required)
    date = reader.datetime("date", zone, required=True)
    if date is not None:
        _check_named_date(source, date, zone, context)
        check_weekdays(source.lines, source.origin.at(1), context.problems,
                       date.astimezone(zone).date())
        if document is not None:
            _check_year_folder(source, date, zone, document["url_path"], context)
    updated = reader.datetime("updated", zone)
    if (updated is not None and date is not None
            and updated.astimezone(zone).date() < date.astimezone(zone).date()):
        shown = [format_short_date(moment, "id", zone) for moment in (updated, date)]
        reader.warning("updated", f'kolom "updated" ({shown[0]}) lebih awal dari "date" '
                                  f'({shown[1]}), padahal "Diperbarui" tampil di samping tanggal '
                                  "terbit; tulis tanggal perubahan terakhir, atau hapus kolom ini")
    fields = dict(tags=reader.text_list("tags"), author=reader.text("author"),
                  source=reader.text("source"), date=date, updated=updated,
                  program=reader.text("program"))
    image, extra_assets = read_image(source, document["url_path"] if document else "", context)
    if document is None or date is None:
        return None
    document["assets"] += extra_assets
    check_summary(document, source.lines, source.body_line, context.problems)
    return document | fields | dict(image=image)


def _check_year_folder(source: SourceFile, date: datetime, zone: tzinfo, url_path: str,
                       context: Context) -> None:
    """A warning when an item lies in the year folder of another year than its date's."""
    year = date.astimezone(zone).year
    if source.year_folder is not None and source.year_folder != year:
        context.problems.warning(
            source.fields.location_of("date"),
            f"tulisan bertanggal {format_short_date(date, 'id', zone)} ada di folder "
            f"{source.year_folder}; pindahkan ke folder {year} (alamatnya tetap "
            f'{source.base_path}{url_path}), atau perbaiki kolom "date"')


# Further apart than this, the date in a file's name and its `date:` disagree: most often
# an old item copied, its name changed and its date not (it then publishes under the old
# date, deep in the archive). Closer, the name was written ahead, or a day typed wrong.
NAMED_DATE_SLACK = timedelta(days=31)


def _check_named_date(source: SourceFile, date: datetime, zone: tzinfo, context: Context) -> None:
    """A date more than FAR_AHEAD after the name's is most likely a year typed wrong, which
    assemble's check of dates far ahead speaks about: not twice."""
    named = source.named_date
    if named is None:
        return
    apart = date.astimezone(zone).date() - named
    if NAMED_DATE_SLACK < abs(apart) and apart <= FAR_AHEAD:
        context.problems.warning(
            source.fields.location_of("date"),
            f"tanggal {format_short_date(date, 'id', zone)} jauh dari tanggal di nama berkas "
            f"({format_short_date(named, 'id', zone)}), dan tulisan ini tampil dengan tanggal "
            'kolom "date"; jika berkas ini salinan tulisan lama, perbarui kolom "date", jika '
            "tidak, samakan tanggal di nama berkas")


def news_slugs(context: Context) -> frozenset[str]:
    """The slug every file of news/ takes from its name, readable or not, so that an
    award linking to a news item with errors is not also reported as a broken link."""
    names = [entry.name if entry.is_dir() else split_name(entry.name)[0]
             for entry in section_entries(context.content_dir / SECTION, by_year=True)]
    return frozenset(slugify(split_date_prefix(name)[1]) for name in names)


def convert(zone: tzinfo, source: SourceFile, context: Context) -> NewsItem | None:
    """One news file, read and split, as a NewsItem; None when it has errors."""
    fields = news_fields(source, NEWS, context, zone)
    _check_award_written_as_news(source)
    source.fields.finish()
    check_text_written(source)
    return NewsItem(**fields) if fields is not None else None


AWARD_FIELDS = ("award", "giver", "recipient")


def _check_award_written_as_news(source: SourceFile) -> None:
    """One warning, not one per field unknown to news, for an award announcement saved in
    content/news/: it publishes as news, without its award's page and list."""
    reader = source.fields
    written = [key for key in AWARD_FIELDS if key in reader.mapping]
    if len(written) < 2:
        return
    reader.ignore(*written)
    reader.warning(written[0], (
        f"kolom {', '.join(written)} milik pengumuman penghargaan, tetapi berkas ini ada di "
        "content/news/, jadi terbit sebagai berita biasa tanpa halaman penghargaannya; "
        "pindahkan berkasnya ke content/awards/"))


def load_news(context: Context, zone: tzinfo) -> tuple[NewsItem, ...]:
    """Every news item that is valid; problems recorded for the others."""
    items = load_section(context.content_dir / SECTION, context, partial(convert, zone),
                         SECTION, by_year=True)
    return tuple(item for item in items if item is not None)
