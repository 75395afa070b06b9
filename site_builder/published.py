"""What a published site says of itself: `site-builder.json`, written by every build, read
back from the live site by `build.py due --live`.

    {"commit": "3f9a...", "valid_until": "2026-12-06T17:00:00+07:00"}

`commit` is the commit the site was built from, as the CI gives it (GITHUB_SHA on GitHub
Actions, CI_COMMIT_SHA on GitLab; null elsewhere), or SITE_BUILDER_COMMIT when the
workflow builds another commit than the one it runs for (the last good one, see
due.py); `valid_until` the first moment at which
the same content makes another site (a scheduled item's date, a session's end, midnight:
assemble.valid_until). So the hourly workflow can ask the site itself whether it is
behind: a commit whose run was cancelled or whose deployment failed, or an hourly run
that came late or never, leaves the live site on another commit or past its moment,
and the next hourly run builds and publishes. Without the file (a site published before
it existed, a host that cannot be reached), `due` falls back to its window of minutes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from site_builder.outputs import OutputFile

FILE = "site-builder.json"
# The workflow's own choice first, then GitHub Actions', GitLab CI's.
COMMIT_VARIABLES = ("SITE_BUILDER_COMMIT", "GITHUB_SHA", "CI_COMMIT_SHA")
TIMEOUT = 10   # seconds to wait for the live site


def build_commit() -> str | None:
    """The commit this build is of, as the CI tells it; None outside CI."""
    return next((os.environ[name] for name in COMMIT_VARIABLES if os.environ.get(name)), None)


def record_file(valid_until: datetime, commit: str | None = None) -> OutputFile:
    """The site's own record (see the module doc)."""
    record = {"commit": commit, "valid_until": valid_until.isoformat()}
    return OutputFile(FILE, (json.dumps(record) + "\n").encode("utf-8"))


@dataclass(frozen=True)
class LiveRecord:
    commit: str | None
    valid_until: datetime | None


def fetch(base_url: str, timeout: float = TIMEOUT) -> LiveRecord | str:
    """The record of the site published at `base_url`, or why it could not be read."""
    url = urljoin(base_url, FILE)
    if urlsplit(url).scheme not in ("http", "https"):
        return f"{url} bukan alamat web"
    # Imported here: with http.client, ssl and email, 15 ms of the start of every build.
    from urllib.request import Request, urlopen
    try:
        request = Request(url, headers={"Cache-Control": "no-cache",
                                        "User-Agent": "site_builder due"})
        with urlopen(request, timeout=timeout) as response:   # noqa: S310 (http(s) only)
            data = json.loads(response.read(64 * 1024).decode("utf-8"))
    except (OSError, ValueError) as error:   # urllib's URLError is an OSError
        return f"{url} tidak bisa dibaca ({getattr(error, 'reason', error)})"
    if not isinstance(data, dict):
        return f"{url} tidak berisi catatan build"
    commit = data.get("commit") if isinstance(data.get("commit"), str) else None
    try:
        until = datetime.fromisoformat(data["valid_until"])
    except (KeyError, TypeError, ValueError):
        until = None
    return LiveRecord(commit, until if until is None or until.tzinfo else None)


def behind(live: LiveRecord, commit: str | None, now: datetime) -> list[str]:
    """Why the live site is not the one to build now (none: it is), in Indonesian."""
    reasons = []
    if commit and live.commit and live.commit != commit:
        reasons.append(f"situs yang terbit dibuat dari commit {live.commit[:7]}, bukan dari "
                       f"commit terbaru {commit[:7]}")
    if live.valid_until is not None and live.valid_until <= now:
        reasons.append("situs yang terbit hanya berlaku sampai "
                       f"{live.valid_until.astimezone(now.tzinfo):%Y-%m-%d %H:%M}")
    if live.valid_until is None and not (commit and live.commit):
        reasons.append("catatan situs yang terbit tidak lengkap")
    return reasons
