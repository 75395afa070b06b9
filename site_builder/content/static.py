"""Files of content/static/, published at the site root as they are (images unprocessed)."""

from __future__ import annotations

from site_builder.content.documents import Context, is_inside
from site_builder.model import Asset


def load_static(context: Context) -> tuple[Asset, ...]:
    """Every file under static/ (hidden files skipped), at its path relative to static/."""
    static_dir = context.static_dir
    if not static_dir.is_dir():
        return ()
    assets = []
    for path in sorted(static_dir.rglob("*")):
        relative = path.relative_to(static_dir)
        if any(part.startswith(".") for part in relative.parts):
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
        assets.append(Asset(path, relative.as_posix(), context.location(path), static=True))
    return tuple(assets)
