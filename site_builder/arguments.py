"""Command-line options every command shares: --content, --templates, --now."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path


def parse_now(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date or time: {text!r}") from None


def add_content(parser: argparse.ArgumentParser,
                help: str = "content folder holding site.yaml (default: ./content)") -> None:
    parser.add_argument("--content", type=Path, default=Path("content"), metavar="DIR", help=help)


def add_templates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--templates", type=Path, metavar="DIR",
                        help="templates folder (default: templates/ beside the content folder, "
                             "else the built-in theme)")


def add_now(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--now", type=parse_now, metavar="YYYY-MM-DD[THH:MM]",
                        help="act as if it were this time (which scheduled items appear, which "
                             "sessions are past); default: the current time")


def parse_seconds(text: str) -> float:
    """A number of seconds, 0 or more; "0,5" as Indonesians write it too."""
    try:
        seconds = float(text.replace(",", "."))
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds (0 or more): {text!r}")
    return seconds


def add_wait(parser: argparse.ArgumentParser, what: str) -> None:
    """--wait: how long to wait for `what` holding the output folder's lock."""
    from site_builder.writer import WAIT_SECONDS
    parser.add_argument("--wait", type=parse_seconds, default=WAIT_SECONDS, metavar="SECONDS",
                        help=f"wait this long for {what} to finish, then give up with exit "
                             f"code 1 (default: {WAIT_SECONDS:g})")
