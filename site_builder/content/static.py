"""Files of content/static/, published at the site root as they are (images unprocessed)."""

from __future__ import annotations

from site_builder.content.documents import Context, check_file_size, is_inside, is_system_file
from site_builder.model import Asset


# Hidden files are left out (.gitkeep, .DS_Store, an editor's backup), but for those a web
# server or a client looks for: Apache's .htaccess, a shared host's settings (the site's
# 404 page, headers; Jekyll publishes it too), and the .well-known/ folder (security.txt).
PUBLISHED_HIDDEN = frozenset({".htaccess", ".well-known"})


def load_static(context: Context) -> tuple[Asset, ...]:
    """Every file under static/ (hidden files skipped but PUBLISHED_HIDDEN, and the files
    an operating system leaves, documents.SYSTEM_FILES), at its path relative to static/."""
    static_dir = context.static_dir
    if not static_dir.is_dir():
        return ()
    assets = []
    for path in sorted(static_dir.rglob("*")):
        relative = path.relative_to(static_dir)
        if any(part.startswith(".") and part not in PUBLISHED_HIDDEN for part in relative.parts) \
                or is_system_file(path.name):
            continue
        if path.is_symlink() and path.is_dir():   # rglob does not enter it
            if not is_inside(path, static_dir):
                context.problems.error(context.location(path),
                                       "folder ini adalah tautan (symlink) ke luar folder "
                                       "static/; salin berkas aslinya ke sini")
            continue
        if not path.is_file():
            continue
        if not is_inside(path, static_dir):
            context.problems.error(context.location(path),
                                   "berkas ini adalah tautan (symlink) ke luar folder static/; "
                                   "salin berkas aslinya ke sini")
            continue
        location = context.location(path)
        check_file_size(path, path.stat().st_size, location, context.problems)
        assets.append(Asset(path, relative.as_posix(), location, static=True))
    return tuple(assets)
