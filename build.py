#!/usr/bin/env python3
"""Build the site: `python build.py --help` lists the commands."""
from site_builder.cli import run

if __name__ == "__main__":
    run()
