"""What "Bagikan ke WhatsApp" on a program's page types in: the class in a few lines.

Residents pass classes on in WhatsApp groups, where a forwarded link's preview often
does not load on slow data and many read only the message. So a program's message says
what, when, where, what it costs and how to register, then the address:

    Pelatihan Bahasa Inggris (Gratis)
    Setiap Selasa dan Kamis, 15.00–17.00 WIB
    Sesi berikutnya: Selasa, 8 Desember 2026, 15.00–17.00 WIB
    Tempat: Ruang Pelatihan Lt. 2, Perpustakaan Daerah
    Pendaftaran: WhatsApp 0812-0000-0000, paling lambat Senin, 30 November 2026
    https://perpustakaan.jepara.go.id/jadwal/bahasa-inggris/

WhatsApp previews the first web address of a message only: when the registration line
holds one (a form, a wa.me link), the page's address comes right after the title, so
the preview shows the class, not the form. A program with no session left is shared
by its title and address alone, as a news item is. The text is plain (the template
URL-encodes it); nothing here is HTML.

What a shared link's preview says (its description, under the title) of the pages
made from the schedule, whose content gives none: a class's summary with its days,
hours, place and fee (`program_description`), and the schedule's classes by name
(`schedule_description`); a preview shows about two lines, and most readers read
nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from site_builder.config import SiteConfig
from site_builder.fields import other_site_without_scheme
from site_builder.formatting import (WEB_ADDRESS, format_clock, format_date, format_weekly,
                                     join_words)
from site_builder.model import Program, Session, WeeklyRule


def _registration(program: Program, today: date, config: SiteConfig) -> str | None:
    if program.full:
        return "Kuota sudah penuh; pendaftaran ditutup."
    if program.registration_closed(today):
        return "Pendaftaran sudah ditutup."
    if not program.registration:
        return None
    until = program.registration_until
    return f"Pendaftaran: {program.registration}" + (
        f", paling lambat {format_date(until, config.locale, config.zone)}" if until else "")


def _holds_address(text: str) -> bool:
    """Whether `text` holds a web address, which WhatsApp would preview: one with https://
    (formatting.WEB_ADDRESS, as the page links it) or one without ("bit.ly/daftar",
    "www.jepara.go.id": fields.other_site_without_scheme, as the registration check says)."""
    return bool(WEB_ADDRESS.search(text)) or any(
        other_site_without_scheme(word.lstrip("(\"'").rstrip(".,;:!?)\"'"))
        for word in text.split())


def program_message(program: Program, upcoming: tuple[Session, ...], today: date,
                    zone_name: str, address: str, *, config: SiteConfig) -> str:
    """The text of a program's WhatsApp message (see the module doc); `upcoming`: its
    sessions to come, held ones; `address`: its page's."""
    if not upcoming:
        return f"{program.title} {address}"
    lines = [f"{program.title} ({program.fee})" if program.fee else program.title]
    if program.weekly:
        lines.append(format_weekly(program.weekly_on(today), config.locale, config.zone,
                                   zone_name))
    first = upcoming[0]
    next_line = (f"Sesi berikutnya: {format_date(first.start, config.locale, config.zone)}, "
                 f"{format_clock(first.start, first.end, config.locale, config.zone, zone_name)}")
    if first.location and first.location != program.location:
        next_line += f", {first.location}"
    lines.append(next_line)
    if program.location:
        lines.append(f"Tempat: {program.location}")
    registration = _registration(program, today, config)
    if registration:
        lines.append(registration)
    lines.insert(1 if _holds_address("\n".join(lines)) else len(lines), address)
    return "\n".join(lines)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def program_description(program: Program, weekly: Sequence[WeeklyRule], zone_name: str, *,
                        config: SiteConfig) -> str | None:
    """A class's link preview: "Yoga pagi untuk pemula. Setiap Minggu, 06.30–08.00 WIB.
    Tempat: Halaman Perpustakaan Daerah. Biaya: Gratis."; `weekly`: its weekly rules
    still running, none once it has no session to come; None when it says nothing but
    its title."""
    parts = [program.summary or ""]
    if weekly:
        parts.append(format_weekly(weekly, config.locale, config.zone, zone_name))
    if program.location:
        parts.append(f"Tempat: {program.location}")
    if program.fee:
        parts.append(f"Biaya: {program.fee}")
    return " ".join(_sentence(part) for part in parts if part.strip()) or None


SCHEDULE_NAMED = 3   # classes named in the schedule's link preview; the others counted


def schedule_description(titles: list[str], *, config: SiteConfig) -> str:
    """The schedule's link preview: the classes running, the first SCHEDULE_NAMED by name
    ("... Kelas Yoga, Merajut, dan 5 kegiatan lain"), and what the page tells of them."""
    named = titles[:SCHEDULE_NAMED]
    if len(titles) > SCHEDULE_NAMED:
        named.append(f"{len(titles) - SCHEDULE_NAMED} kegiatan lain")
    running = f": {join_words(named, config.locale)}" if named else ""
    return (f"Jadwal kegiatan {config.title}{running}. Hari, jam, tempat, dan cara "
            "mendaftar setiap kegiatan.")
