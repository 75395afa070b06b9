"""`build.py due`: has the clock changed the site in the last while?

The same content makes another site when a scheduled item's date comes, when a
session ends, and at midnight (`assemble.changes_ahead`). The publishing
workflows run every hour and build only when this says a moment of the kind came
within the last MINUTES, so an item dated 09:00 is on the site soon after 09:00,
without a build and a deployment every hour for nothing.

With --live, it asks the published site itself first (published.py: the commit it
was built from and the moment it stops being right): due when it is of another commit
or past that moment, whatever the window says, so a run cancelled, a deployment failed
or hourly runs come late or never are made up for by the next hourly run; the window
when the live site's record cannot be read.

While the newest commit has content errors (its own run failed, and told whoever made
it), the live site would freeze: "Hari ini" on the day of the last good build, sessions
held still ahead, scheduled items never out. With --live, `due` then names the commit
the live site was built from (step output `good`), due when that site has passed the
moment it stops being right: the workflow builds and publishes that commit with
today's clock (SITE_BUILDER_COMMIT, published.py), and the hourly runs keep it moving
until the error is fixed. The commit is taken only as 40 hex digits: it comes from
the live site, and goes into a git command.

Prints what changed (or the next change), and on GitHub Actions sets the step
output `due` to `true` or `false`. Exit codes: 0 (with --exit-code: due), 3 (with
--exit-code: nothing due), 1 the content has errors (with --live: and there is no
last good commit to build instead), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

from site_builder import arguments, published
from site_builder.assemble import next_midnight
from site_builder.errors import BuildFailed, format_problems
from site_builder.progress import is_terminal

MINUTES = 120   # an hourly schedule, with room for a run that starts late or not at all
NOT_DUE = 3     # the exit code of --exit-code when nothing is due

HELP = "say whether the clock changed the site lately (for a build every hour)"
DESCRIPTION = f"""\
Say whether the site built now differs from the one the same content made
MINUTES ago (default {MINUTES}): a scheduled news item or award's date came, a
session of the schedule ended (or the time of one marked off passed), or a day
began. Run every hour by the publishing workflows, which build and publish only
when it is so. On GitHub Actions it also sets the step output `due` (true or
false).
"""
EPILOG = f"""\
exit codes: 0 success (with --exit-code: something is due), {NOT_DUE} with --exit-code:
nothing is due, 1 the content has errors (with --live: and no last good commit to
build instead), 2 wrong usage.
"""


def _minutes(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of minutes (1 or more): {text!r}")
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_content(parser)
    arguments.add_now(parser)
    parser.add_argument("--minutes", type=_minutes, default=MINUTES, metavar="N",
                        help=f"look back this many minutes (default: {MINUTES})")
    parser.add_argument("--live", action="store_true",
                        help="ask the site published at site.yaml's base_url first: due when "
                             "it was built from another commit (GITHUB_SHA, CI_COMMIT_SHA) or "
                             "has passed the moment it stops being right; when the content has "
                             "errors, name the live site's commit to build instead (step "
                             "output `good`)")
    parser.add_argument("--outputs", type=Path, metavar="FILE",
                        help="also write the answers as GitHub's step outputs are written "
                             "(due=true or false, and good=COMMIT), for another CI: GitLab's "
                             "pages job reads them")
    parser.add_argument("--exit-code", action="store_true",
                        help=f"exit with {NOT_DUE} when nothing is due, for scripts: "
                             "build.py due --exit-code && build.py")


def _shown(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def run(args: argparse.Namespace) -> int:
    if not args.content.is_dir():
        print(f"build.py: folder konten tidak ada: {args.content}", file=sys.stderr)
        return 2
    from site_builder.options import BuildOptions
    from site_builder.pipeline import changes_within
    try:
        changes, since, now, base_url = changes_within(
            BuildOptions(content_dir=args.content, now=args.now), timedelta(minutes=args.minutes))
    except BuildFailed as failure:
        print(format_problems(failure.problems, is_terminal(sys.stderr)), file=sys.stderr)
        return _last_good(args) if args.live else 1
    came = [change for change in changes if change.moment <= now]
    due = bool(came)
    live = published.fetch(base_url) if args.live else None
    if isinstance(live, published.LiveRecord):
        reasons = published.behind(live, published.build_commit(), now)
        due = bool(reasons)
        print(f"Perlu dibangun ulang: {'; '.join(reasons)}." if due else
              f"Tidak perlu dibangun ulang: situs yang terbit ({base_url}) sudah yang terbaru.")
    else:
        if live is not None:
            print(f"Catatan: {live}; dipakai jendela {args.minutes} menit.")
        if came:
            print(f"Perlu dibangun ulang: situs berubah sejak {_shown(since)}:")
            for change in came:
                print(f"  {_shown(change.moment)}: {change.what}")
        else:
            print(f"Tidak perlu dibangun ulang: situs tidak berubah antara {_shown(since)} "
                  f"dan {_shown(now)}.")
    upcoming = min((change for change in [*changes, next_midnight(now)] if change.moment > now),
                   key=lambda change: change.moment)
    print(f"Perubahan berikutnya: {_shown(upcoming.moment)}: {upcoming.what}.")
    _answer(args, due)
    return NOT_DUE if args.exit_code and not due else 0


def _answer(args: argparse.Namespace, due: bool, good: str | None = None) -> None:
    """The step outputs on GitHub Actions, and in --outputs: `due`, and `good` (see the
    module doc)."""
    lines = f"due={'true' if due else 'false'}\n" + (f"good={good}\n" if good else "")
    for output in (os.environ.get("GITHUB_OUTPUT"), args.outputs):
        if output:
            with open(output, "a", encoding="utf-8") as file:
                file.write(lines)


_COMMIT = re.compile(r"[0-9a-f]{40}")


def _last_good(args: argparse.Namespace) -> int:
    """After the newest commit's content failed: the commit of the live site, to build
    instead (see the module doc), or 1 when there is none (another commit's record, or
    none, or site.yaml itself unreadable)."""
    from site_builder.config import load_config
    from site_builder.errors import Problems
    from site_builder.times import in_zone
    problems = Problems()
    config = load_config(args.content, problems, Path.cwd())
    if problems.errors:
        return 1
    live = published.fetch(config.base_url)
    newest = published.build_commit()
    if not isinstance(live, published.LiveRecord) or live.commit is None or \
            not _COMMIT.fullmatch(live.commit) or live.commit == newest:
        return 1
    now = in_zone(args.now or datetime.now(config.zone), config.zone)
    due = live.valid_until is not None and live.valid_until <= now
    said = f"commit terbaru{f' ({newest[:7]})' if newest else ''} berisi kesalahan (di atas)"
    print(f"::warning title=Situs dibangun dari commit sebelumnya::{said}; selama belum "
          f"diperbaiki, situs dibangun ulang setiap jam dari commit {live.commit[:7]} yang "
          "sedang terbit, supaya hari, sesi kelas, dan berita terjadwalnya tetap berjalan"
          if os.environ.get("GITHUB_ACTIONS") == "true" else
          f"Catatan: {said}; situs yang terbit dibuat dari commit {live.commit[:7]}.")
    print(f"Perlu dibangun ulang dari commit {live.commit[:7]}: situs yang terbit hanya "
          f"berlaku sampai {_shown(live.valid_until.astimezone(config.zone))}." if due else
          f"Tidak perlu dibangun ulang: situs yang terbit (commit {live.commit[:7]}) masih "
          "berlaku.")
    _answer(args, due, live.commit)
    return NOT_DUE if args.exit_code and not due else 0
