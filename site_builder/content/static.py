"""Files of content/static/, published at the site root as they are; but the photos pages
show, resized and stripped of their metadata at their own address (images.
static_photos_shown), and site.yaml's `image`, stripped (images.share_image_files).

A symlink out of static/, a name the output or the upload cannot take and an SVG with a
script are errors (documents.refusals); a web page is not: a search engine's verification
file (google1234abcd.html) is put here on purpose. So is a photo the builder cannot strip
of its GPS (HEIC, TIFF: documents.unpublishable_photo); an editor's or Office's leftover
(index.md~, x.bak, ~WRL0001.tmp) is left out, as an operating system's files are.

A Markdown file there that starts with fields ("---") is a news item, award or page saved
in the wrong folder: an error, and it is not published (see _check_not_an_item).
"""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.content.awards import SECTION as AWARDS
from site_builder.content.documents import (BUNDLE_INDEX, Context, check_file_size, is_markdown,
                                            is_system_file, report_refusals,
                                            unpublishable_photo)
from site_builder.content.news import AWARD_FIELDS, SECTION as NEWS
from site_builder.content.pages import SECTION as PAGES
from site_builder.documentinfo import check_document
from site_builder.model import Asset


# Hidden files are left out (.gitkeep, .DS_Store, an editor's backup), but for those a web
# server or a client looks for: Apache's .htaccess, a shared host's settings (the site's
# 404 page, headers; Jekyll publishes it too), and the .well-known/ folder (security.txt).
PUBLISHED_HIDDEN = frozenset({".htaccess", ".well-known"})


def load_static(context: Context) -> tuple[Asset, ...]:
    """Every file under static/ (hidden files skipped but PUBLISHED_HIDDEN, and the files
    an operating system or an editor leaves, documents.is_system_file), at its path
    relative to static/. A photo the builder cannot clean (HEIC, TIFF) is an error, and
    not published (documents.unpublishable_photo)."""
    static_dir = context.static_dir
    if not static_dir.is_dir() or not report_refusals(static_dir, context):
        return ()   # (refused: a symlink out of content/)
    assets = []
    refused: set[Path] = set()   # folders refused, whose files are left out with them
    for path in sorted(static_dir.rglob("*")):
        relative = path.relative_to(static_dir)
        if any(part.startswith(".") and part not in PUBLISHED_HIDDEN for part in relative.parts) \
                or is_system_file(path.name) or not refused.isdisjoint(path.parents):
            continue
        # A symlink out of static/ (a folder too: rglob does not enter it), a name the
        # output or the upload cannot take, an SVG with a script (documents.refusals).
        if not report_refusals(path, context, static_dir, "static/"):
            refused.add(path)
            continue
        if not path.is_file():
            continue
        location = context.location(path)
        if is_markdown(path.name) and _check_not_an_item(path, context):
            continue
        unpublishable = unpublishable_photo(path.name)
        if unpublishable:
            context.problems.error(location, unpublishable)
            continue
        check_file_size(path, path.stat().st_size, location, context.problems)
        check_document(path, location, context.problems, context.cache)
        assets.append(Asset(path, relative.as_posix(), location, static=True))
    return tuple(assets)


# What a file with fields is, by the fields written: (section, what it would be published as).
_AN_AWARD = (AWARDS, "pengumuman penghargaan")
_A_PAGE = (PAGES, "halaman")
_A_NEWS_ITEM = (NEWS, "berita")


def _check_not_an_item(path: Path, context: Context) -> bool:
    """An error for a Markdown file of static/ that starts with fields ("---"): a news item
    (award, page) uploaded to the wrong folder. Copied as it is, it would not be published
    as an item, and its whole text, a draft's too, would be public as raw text. Whether
    there was one (the file is then not published)."""
    try:
        with open(path, "rb") as file:
            head = file.read(65536).decode("utf-8", errors="replace").lstrip("\ufeff")
    except OSError:
        return False   # copying it reports the file that cannot be read
    lines = head.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].rstrip() != "---":
        return False
    keys = set()
    for line in lines[first + 1:]:
        if line.rstrip() in ("---", "..."):
            break
        key, colon, _ = line.partition(":")
        if colon and key.strip():
            keys.add(key.strip().lower())
    section, kind = (_AN_AWARD if len(keys & set(AWARD_FIELDS)) >= 2 else
                     _A_PAGE if "menu_order" in keys else _A_NEWS_ITEM)
    bundle = path.name.lower() == BUNDLE_INDEX and path.parent != context.static_dir
    name = path.parent.name if bundle else path.name
    moved = context.content_dir / section / name
    what = f'folder "{name}" beserta isinya' if bundle else "berkasnya"
    shown = context.location(moved).path.as_posix() + ("/" if bundle else "")
    if os.path.lexists(moved):   # uploaded twice, maybe: moved, it would replace the other
        this = f'folder "{name}"' if bundle else "berkas ini"
        fix = (f"sudah ada {shown}: hapus {this} jika isinya sama, atau pindahkan {what} ke "
               f"{context.location(moved.parent).path.as_posix()}/ dengan nama lain")
    else:
        fix = f"pindahkan {what} ke {shown}"
    context.problems.error(context.location(path, first + 1), (
        "berkas di content/static/ disalin ke situs apa adanya, jadi tulisan ini tidak terbit "
        f"sebagai {kind}, dan seluruh isinya, kolom-kolomnya juga, bisa dibuka siapa pun "
        f"sebagai teks mentah; {fix}"))
    return True
