"""QR codes of page addresses, for the pages staff print for a notice board: the schedule
and each program's page carry, on paper only, a code of their address that a phone's
camera opens (templates' `print_qr`, shown by the print stylesheet).

`qr_files(site, config)` makes `jadwal/kode-qr.svg` and `jadwal/<id>/kode-qr.svg`:
SVG drawn by segno (a maintained pure-Python QR encoder: versions, masks and error
correction are its job, not ours), error correction M (a crease or a pin through the
paper still scans), the standard quiet zone of four modules, black on white. On the
screen the image is hidden and lazy, so phones never fetch it. The files are kept in the
build cache by the addresses they encode: a build with the same addresses neither makes
them again nor imports segno (60 ms at ten programs, in every one-edit build).
"""

from __future__ import annotations

import io

from site_builder.addresses import SCHEDULE
from site_builder.buildcache import BuildCache, digest
from site_builder.config import SiteConfig
from site_builder.model import Site
from site_builder.outputs import OutputFile, files_kept

FILE_NAME = "kode-qr.svg"   # beside the page's index.html


def qr_svg(url: str) -> bytes:
    """A QR code of `url` as an SVG file (one path, no XML declaration)."""
    import segno   # only when a code is made (see the module doc)

    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=4, dark="#000", light="#fff", xmldecl=False,
        svgclass=None, lineclass=None)
    return buffer.getvalue()


def qr_files(site: Site, config: SiteConfig, cache: BuildCache | None = None
             ) -> list[OutputFile]:
    """The code of the schedule page and of each program's page, beside each page;
    reused from `cache` when the addresses are those they were made of."""
    addresses = [(path + FILE_NAME, config.absolute_url(path))
                 for path in [SCHEDULE, *(program.url_path for program in site.programs)]]
    return files_kept(cache, "qr-codes", digest(*(part for pair in addresses for part in pair)),
                      lambda: [OutputFile(path, qr_svg(url)) for path, url in addresses])
