"""The top of content/: what the builder reads there, and a warning for what it does not.

The builder reads news/, awards/, pages/ and static/, site.yaml and schedule.yaml. A
folder beside them, or a Markdown or YAML file, is most likely content saved in the
wrong place ("berita/" for news/, "jadwal.yaml" for schedule.yaml), which would be left
out of the site without a word: each is a warning naming where it belongs. Other files
(a note, a README) and hidden ones are left alone.
"""

from __future__ import annotations

import os

from site_builder.config import CONFIG_FILE
from site_builder.content.awards import SECTION as AWARDS
from site_builder.content.documents import (Context, is_hidden, is_markdown, report_refusals,
                                            split_name)
from site_builder.content.news import SECTION as NEWS
from site_builder.content.pages import SECTION as PAGES
from site_builder.content.schedule import SCHEDULE_FILE

READ = frozenset({NEWS, AWARDS, PAGES, "static", CONFIG_FILE, SCHEDULE_FILE})

# Where a folder of another name belongs, by the names staff give it.
_FOLDER_HINTS = {
    **dict.fromkeys(("berita", "artikel", "posts", "post", "blog", "kabar"),
                    f"berita disimpan di content/{NEWS}/"),
    **dict.fromkeys(("penghargaan", "award", "prestasi"),
                    f"pengumuman penghargaan disimpan di content/{AWARDS}/"),
    **dict.fromkeys(("halaman", "page", "profil"),
                    f"halaman tetap disimpan di content/{PAGES}/"),
    **dict.fromkeys(("foto", "gambar", "images", "image", "img", "photos"),
                    "foto berita disimpan di folder beritanya, berkas lain di content/static/"),
    **dict.fromkeys(("statis", "assets", "dokumen", "files", "unduhan", "download"),
                    "berkas yang diterbitkan apa adanya disimpan di content/static/"),
}
_EVERY_FOLDER = (f"program hanya membaca content/{NEWS}/ (berita), content/{AWARDS}/ "
                 f"(penghargaan), content/{PAGES}/ (halaman tetap) dan content/static/ "
                 "(berkas yang diterbitkan apa adanya)")
_YAML_HINTS = {
    **dict.fromkeys(("jadwal", "schedule", "kegiatan", "program", "programs"),
                    f"jadwal kegiatan disimpan di content/{SCHEDULE_FILE}"),
    **dict.fromkeys(("site", "situs", "config", "pengaturan"),
                    f"pengaturan situs disimpan di content/{CONFIG_FILE}"),
}
_EVERY_YAML = f"program hanya membaca content/{CONFIG_FILE} dan content/{SCHEDULE_FILE}"
_EVERY_ITEM = (f"simpan berita di content/{NEWS}/, pengumuman penghargaan di "
               f"content/{AWARDS}/, halaman tetap di content/{PAGES}/")


def check_layout(context: Context) -> None:
    """A warning for each folder, Markdown file and YAML file at the top of content/
    that the builder does not read (see the module doc)."""
    try:
        with os.scandir(context.content_dir) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        return   # the command line and load_config report a missing content folder
    for entry in entries:
        if entry.name in READ or is_hidden(entry.name):
            continue
        location = context.location(context.content_dir / entry.name)
        if entry.is_dir():
            hint = _FOLDER_HINTS.get(entry.name.lower(), _EVERY_FOLDER)
            context.problems.warning(location, "folder ini tidak dibaca, jadi isinya tidak "
                                               f"diterbitkan; {hint}")
            continue
        stem, suffix = split_name(entry.name)
        if suffix.lower() in (".yaml", ".yml"):
            hint = _YAML_HINTS.get(stem.lower(), _EVERY_YAML)
        elif is_markdown(entry.name):
            hint = _EVERY_ITEM
        else:
            continue
        context.problems.warning(location, f"berkas ini tidak dibaca, jadi tidak diterbitkan; "
                                           f"{hint}")


def readable(context: Context, name: str) -> bool:
    """Whether content/`name` (schedule.yaml) may be read: not when it is a symlink out of
    content/, whose target (a secret of the computer that builds) would be quoted in
    errors; an error at it then (documents.refusals)."""
    path = context.content_dir / name
    return not os.path.lexists(path) or report_refusals(path, context)
