"""Award announcements (penghargaan): content/awards/, laid out like news."""

from __future__ import annotations

from datetime import tzinfo
from functools import partial

from site_builder.addresses import AWARDS
from site_builder.content.documents import Context, SourceFile, check_title, load_section
from site_builder.content.news import news_fields
from site_builder.model import Award, NewsLink

SECTION = "awards"

RECIPIENT_TYPES = {
    "institution": "institution", "lembaga": "institution", "instansi": "institution",
    "organisasi": "institution",
    "individual": "individual", "perorangan": "individual", "individu": "individual",
    "perseorangan": "individual", "pribadi": "individual", "orang": "individual",
}


def convert(zone: tzinfo, source: SourceFile, context: Context
            ) -> tuple[Award | None, NewsLink | None]:
    """One award file as an Award (None when it has errors) and its `news` link."""
    reader = source.fields
    fields = news_fields(source, AWARDS, context, zone, title_required=False)
    # A news item saved among the awards (its every field one news_fields read): one
    # error to move it, not three "required".
    news_item = "title" in reader.mapping and set(reader.mapping) <= reader.asked
    if news_item:
        reader.error("title", "berkas ini tidak punya kolom award, giver dan recipient, jadi "
                              "tampaknya berita biasa yang tersimpan di content/awards/; "
                              "pindahkan ke content/news/, atau, jika ini pengumuman "
                              "penghargaan, tambahkan award: (nama penghargaan), giver: "
                              "(pemberi) dan recipient: (penerima)")
    award = reader.text("award", required=not news_item)
    if award and "title" not in reader.mapping:   # the award's name titles its page
        check_title(reader, award, "award")
    giver = reader.text("giver", required=not news_item)
    recipient = reader.text("recipient", required=not news_item)
    recipient_type = reader.choice("recipient_type", RECIPIENT_TYPES, "institution")
    year = reader.integer("year", minimum=1900, maximum=2200)
    event = reader.text("event")
    news = reader.slug("news")
    link = NewsLink(news, reader.location_of("news")) if news else None
    reader.finish()
    if fields is None or not (award and giver and recipient):
        return None, link
    return Award(
        **fields | dict(title=fields["title"] or award),
        award=award, giver=giver, recipient=recipient, recipient_type=recipient_type,
        year=year or fields["date"].year, event=event, news=news), link


def load_awards(context: Context, zone: tzinfo
                ) -> tuple[tuple[Award, ...], tuple[NewsLink, ...]]:
    """Every award that is valid (problems recorded for the others), and the `news`
    link of every award, valid or not, so a wrong slug is reported in the same run."""
    loaded = [pair or (None, None) for pair in
              load_section(context.content_dir / SECTION, context, partial(convert, zone),
                           SECTION, by_year=True)]
    return (tuple(award for award, _ in loaded if award is not None),
            tuple(link for _, link in loaded if link is not None))
