"""JSON-LD (schema.org) for search engines: Library, NewsArticle, Event.

Each function returns plain dicts; `script_json` serialises one for a
`<script type="application/ld+json">` element, escaping `<`, `>` and `&` so no
content value can close the script element.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any, Callable, Iterable

from markupsafe import Markup

from site_builder import hours
from site_builder.config import SiteConfig
from site_builder.model import Cancellation, Closure, NewsItem, Program, Session
from site_builder.phones import international

Url = Callable[[str], str]   # a site path as an absolute URL


def script_json(data: Any) -> Markup:
    """`data` as JSON safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def library(config: SiteConfig, url: Url, closures: Iterable[Closure], today: date
            ) -> dict[str, Any]:
    """The organisation behind the site; its days closed from `today` on (schedule.yaml's
    `closed`) as special hours, closed all day as schema.org writes it (00:00 to 00:00),
    and its special opening hours not yet over (site.yaml's `special_hours`)."""
    contact = config.contact
    return _without_empty({
        "@context": "https://schema.org", "@type": "Library", "@id": url("") + "#perpustakaan",
        "name": config.title, "url": url(""), "description": config.description,
        "address": _postal_address(config),
        # with its country code, as Google asks: "(0291) 591 000" could be anywhere
        "telephone": (international(contact.phone) or contact.phone) if contact.phone else None,
        "email": contact.email,
        "hasMap": contact.map,
        "openingHoursSpecification": hours.schema_org(
            hours.read_opening_hours(contact.opening_hours) or ()),
        "specialOpeningHoursSpecification": [
            {"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00",
             "validFrom": closure.first.isoformat(), "validThrough": closure.last.isoformat()}
            for closure in closures if closure.last >= today] + [
            specification for special in contact.special_hours if special.last >= today
            for specification in hours.special_schema_org(special.hours, special.first,
                                                          special.last)],
        "sameAs": [link for _, link in config.social],
        "image": url(config.image.url_path) if config.image else None,
    })


def _postal_address(config: SiteConfig) -> dict[str, Any] | None:
    """site.yaml's address as the PostalAddress Google requires (a text is ignored, and
    with it the block's opening hours); written whole as its street address, which
    Google's documentation accepts."""
    lines = config.contact.address
    return ({"@type": "PostalAddress", "streetAddress": ", ".join(lines), "addressCountry": "ID"}
            if lines else None)


def news_article(item: NewsItem, config: SiteConfig, url: Url,
                 images: Iterable[str] = ()) -> dict[str, Any]:
    """A news item or award announcement; `images`: its own photo's addresses, largest
    first (never the site's card: Google asks for no logos). Modified never before it was
    published (an `updated` before `date` is warned of, and the sitemap takes the later)."""
    return _without_empty({
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": item.title[:110], "description": item.summary,
        "datePublished": item.date.isoformat(),
        "dateModified": max(item.date, item.updated or item.date).isoformat(),
        "mainEntityOfPage": url(item.url_path), "url": url(item.url_path),
        "image": list(images), "keywords": list(item.tags),
        "author": ({"@type": "Person", "name": item.author} if item.author else
                   {"@type": "Organization", "name": config.title, "url": url("")}),
        "publisher": {"@type": "Organization", "name": config.title, "url": url("")},
        "inLanguage": config.language,
    })


def event(session: Session | Cancellation, config: SiteConfig, url: Url) -> dict[str, Any]:
    """One session of a program: free, in person, at the library or the session's place;
    cancelled when it is not held (as search engines ask, rather than dropping it). The
    library's address is the place's when it is the program's own (a room of the
    library, as a rule); a session somewhere else of its own is only its name."""
    program = session.program
    place = session.location or program.location or config.title
    elsewhere = not program.held_at_library(session.location)
    price = 0 if program.fee.strip().lower() in ("gratis", "free") else rupiah(program.fee)
    return _without_empty({
        "@context": "https://schema.org", "@type": "Event",
        "name": program.title, "description": program.summary,
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat() if session.end else None,
        "eventStatus": ("https://schema.org/EventCancelled" if session.cancelled else
                        "https://schema.org/EventScheduled"),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": price == 0,
        "offers": _registration_offer(program, price, config, url),
        "location": _without_empty({"@type": "Place", "name": place,
                                    "address": place if elsewhere else _postal_address(config)}),
        "organizer": {"@type": "Library", "name": config.title, "url": url("")},
        "url": url(program.url_path), "inLanguage": config.language,
        "image": (url(program.image.url_path) if program.image else
                  url(config.image.url_path) if config.image else None),
    })


# A fee that is an amount of rupiah and nothing else: "Rp 50.000,-", "Rp25.000", "75000".
_RUPIAH = re.compile(r"(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)(?:,-|,00)?", re.IGNORECASE)


def rupiah(fee: str) -> int | None:
    """The amount a `fee` written as rupiah says ("Rp 50.000,-" -> 50000); None for a fee
    in words ("Rp25.000 per pertemuan", "Gratis")."""
    found = _RUPIAH.fullmatch(fee.strip())
    return int(found[1].replace(".", "")) if found else None


def _registration_offer(program: Program, price: int | None, config: SiteConfig, url: Url
                        ) -> dict[str, Any] | None:
    """A place in the class, when schedule.yaml says how long one can be had (sold out
    when `full`, on offer up to the end of `registration_until` otherwise) or what it
    costs (`price`: its `fee` in rupiah, 0 when free, None when not a sum)."""
    if not (program.full or program.registration_until or price):
        return None
    until = program.registration_until
    known = program.full or until
    return _without_empty({
        "@type": "Offer", "url": url(program.url_path),
        "availability": ("https://schema.org/" + ("SoldOut" if program.full else "InStock")
                         if known else None),
        "validThrough": (datetime.combine(until, time(23, 59, 59), config.zone).isoformat()
                         if until else None),
        "price": price, "priceCurrency": "IDR" if price is not None else None,
    })
