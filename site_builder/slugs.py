"""URL slugs: from file names, tag names and titles; the date prefix of file names.

Pure functions. A slug is one URL segment of lowercase ASCII letters, digits and
single hyphens, so every published URL is stable and lowercase.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

# Well under the 255-byte file name limit of common file systems, and short
# enough to read in an address bar.
MAX_SLUG_LENGTH = 100
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The date, then a hyphen, or a space or an underscore as staff may type in a web editor.
_DATE_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})[-_ ]+(?![-_ ]*$)(.+)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    """"Inklusi Sosial" -> "inklusi-sosial"; accents are dropped, other signs become hyphens.
    (Remembered: a build asks for the slug of each tag of each item, 40,000 times at
    10,000 items, for a few dozen tags.)"""
    if SLUG_PATTERN.fullmatch(text):   # already a slug, as most file names are
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


def slug_problem(text: str) -> str | None:
    """Why `text` cannot be a slug, in words for staff, or None if it can."""
    if len(text) > MAX_SLUG_LENGTH:
        return f"terlalu panjang ({len(text)} karakter; paling banyak {MAX_SLUG_LENGTH})"
    if SLUG_PATTERN.fullmatch(text) is None:
        suggestion = slugify(text)[:MAX_SLUG_LENGTH].strip("-")
        hint = f', misalnya "{suggestion}"' if suggestion else ""
        return f"hanya boleh berisi huruf kecil a-z, angka dan tanda hubung{hint}"
    return None


def split_date_prefix(stem: str) -> tuple[date | None, str]:
    """"2023-09-29-diskarpus-raih" -> (date(2023, 9, 29), "diskarpus-raih"); also after
    a space or an underscore ("2023-09-29 Diskarpus Raih" -> "Diskarpus Raih").

    A prefix that is not a real date is left in the name.
    """
    match = _DATE_PREFIX.fullmatch(stem)
    if not match:
        return None, stem
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None, stem
    return day, match[4]
