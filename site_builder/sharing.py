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
"""

from __future__ import annotations

import re
from datetime import date

from site_builder.config import SiteConfig
from site_builder.formatting import format_clock, format_date, format_weekly
from site_builder.model import Program, Session


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


_WEB_ADDRESS = re.compile(r"https?://|www\.|\bwa\.me/|\bforms\.gle/|\bbit\.ly/", re.I)


def program_message(program: Program, upcoming: tuple[Session, ...], today: date,
                    zone_name: str, address: str, *, config: SiteConfig) -> str:
    """The text of a program's WhatsApp message (see the module doc); `upcoming`: its
    sessions to come, held ones; `address`: its page's."""
    if not upcoming:
        return f"{program.title} {address}"
    lines = [f"{program.title} ({program.fee})" if program.fee else program.title]
    if program.weekly:
        lines.append(format_weekly(program.weekly, config.locale, config.zone, zone_name))
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
    lines.insert(1 if _WEB_ADDRESS.search("\n".join(lines)) else len(lines), address)
    return "\n".join(lines)
