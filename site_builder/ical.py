"""Calendar: the schedule as iCalendar files (RFC 5545) for phone calendars.

STUB: the interface the pipeline uses; the files are being written.
"""

from __future__ import annotations

from site_builder.config import SiteConfig
from site_builder.model import Program, Site
from site_builder.outputs import OutputFile

ALL_PROGRAMS = "jadwal/jadwal.ics"


def program_calendar_path(program: Program) -> str:
    """Where a program's own calendar is published: "jadwal/<id>.ics"."""
    return f"jadwal/{program.id}.ics"


def calendar_files(site: Site, config: SiteConfig) -> list[OutputFile]:
    """jadwal/jadwal.ics with every program, and jadwal/<id>.ics for each."""
    return []
