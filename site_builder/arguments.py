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
