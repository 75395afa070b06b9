"""The web app manifest, `manifest.webmanifest`: what a phone needs to keep the site on
its home screen as an app of its own (Chrome on Android: "Tambahkan ke layar utama" or
"Instal aplikasi"), with the library's icon and name under it, opening at the home page
with the address bar folded (`display: minimal-ui`: back and reload stay).

`manifest_files(config, theme)` makes it from site.yaml (`title`; `short_title`, the
name under the icon, else the title; `description`; `language`) and the theme: its
icons are the theme's files ICONS names (templates/assets/ikon-192.png ...), those it
has, at the addresses pages give them (with `?v=`: the SVG one is the page's own icon, so
Chrome, which fetches the manifest and that icon with a page, finds it cached); its colours are those of the theme's stylesheet (`--brand` and `--paper` of its
first `:root`), so a theme with other colours needs no code. A theme without a PNG icon
gets no manifest (no phone installs an app without one): its base.html should link none.
Ours also names the 180-pixel icon as `apple-touch-icon` (iPhone's "Add to Home
Screen"), which would otherwise ask for /apple-touch-icon.png and get the 404 page.

JSON is written by json.dumps, so any text of site.yaml is a JSON string, nothing more.
"""

from __future__ import annotations

import json
import re
from typing import Sequence

from site_builder.addresses import THEME_ASSETS
from site_builder.config import SiteConfig
from site_builder.outputs import OutputFile
from site_builder.render import asset_url, asset_versions

MANIFEST = "manifest.webmanifest"
# Theme file (under assets/) -> its "sizes" and "purpose". A maskable icon fills its
# square, its picture inside the middle 80% circle that every launcher's mask keeps.
ICONS = (("ikon-192.png", "192x192", "any"), ("ikon-512.png", "512x512", "any"),
         ("ikon-maskable-512.png", "512x512", "maskable"), ("ikon.svg", "any", "any"))
STYLESHEET = "style.css"
DEFAULT_COLOURS = {"brand": "#0b5563", "paper": "#ffffff"}
_COLOUR = re.compile(r"--(brand|paper):\s*(#[0-9a-fA-F]{3,8})\b")
_TYPES = {".png": "image/png", ".svg": "image/svg+xml"}


def manifest_files(config: SiteConfig, theme: Sequence[OutputFile]) -> list[OutputFile]:
    """[manifest.webmanifest] for the site and the theme files `theme`; [] when the theme
    has no PNG icon."""
    files = {file.path: file for file in theme}
    versions = asset_versions(theme)
    icons = [{"src": asset_url(versions, config, THEME_ASSETS + name), "sizes": sizes,
              "type": _TYPES[name[name.rfind("."):]], "purpose": purpose}
             for name, sizes, purpose in ICONS if THEME_ASSETS + name in files]
    if not any(icon["type"] == "image/png" for icon in icons):
        return []
    colours = _theme_colours(files.get(THEME_ASSETS + STYLESHEET))
    manifest = {
        "id": config.base_path,
        "name": config.title,
        "short_name": config.short_title or config.title,
        **({"description": config.description} if config.description else {}),
        "lang": config.language,
        "dir": "ltr",
        "start_url": config.base_path,
        "scope": config.base_path,
        "display": "minimal-ui",
        "background_color": colours["paper"],
        "theme_color": colours["brand"],
        "icons": icons,
    }
    data = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    return [OutputFile(MANIFEST, data.encode("utf-8"))]


def _theme_colours(stylesheet: OutputFile | None) -> dict[str, str]:
    """`--brand` and `--paper` of the stylesheet's first rules (its light `:root`; a dark
    one comes later), else DEFAULT_COLOURS."""
    colours = dict(DEFAULT_COLOURS)
    css = stylesheet.made_bytes() if stylesheet is not None else None
    if css is not None:
        found: dict[str, str] = {}
        for name, value in _COLOUR.findall(css.decode("utf-8", errors="replace")):
            found.setdefault(name, value)
        colours.update(found)
    return colours
