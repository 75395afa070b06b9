"""Problems found in content: where they are, what is wrong, and how they are reported.

Every stage records problems in a `Problems` collection and goes on, so one run
reports everything; `pipeline` raises `BuildFailed` before anything is written.
Messages are written for the staff who wrote the content, in Indonesian.
"""

from __future__ import annotations

import errno
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Literal
from urllib.parse import quote

Severity = Literal["error", "warning", "notice"]   # notice: a GitHub annotation only

_SEVERITY_WORDS = {"error": "kesalahan", "warning": "peringatan", "notice": "catatan"}


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: the path relative to the site root, and a 1-based line."""

    path: Path
    line: int | None = None

    @classmethod
    def of_file(cls, path: Path, root: Path, line: int | None = None) -> Location:
        """The location of `path`, shown relative to the site root `root` when inside it."""
        try:
            return cls(path.relative_to(root), line)
        except ValueError:
            return cls(path, line)

    def at(self, line: int | None) -> Location:
        """The same file at another line (keeps this line when `line` is None)."""
        return Location(self.path, line if line is not None else self.line)

    def __str__(self) -> str:
        path = self.path.as_posix()
        return f"{path}:{self.line}" if self.line else path

    # Pickled as the path's text, its Path made when first asked for: a build loads every
    # document from its cache, each with its place (10,000 Paths parsed in 0.05 s), and
    # shows the place of hardly any.
    def __reduce__(self) -> tuple[object, tuple[str, int | None]]:
        return _unpickled_location, (str(self.path), self.line)

    def __getattr__(self, name: str) -> Path:   # only for what is not set: `path` unpickled
        text = self.__dict__.get("_text")
        if name != "path" or text is None:
            raise AttributeError(name)
        path = Path(text)
        object.__setattr__(self, "path", path)
        return path


def _unpickled_location(text: str, line: int | None) -> Location:
    location = object.__new__(Location)
    object.__setattr__(location, "_text", text)
    object.__setattr__(location, "line", line)
    return location


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, in plain words for the person who wrote it."""

    location: Location
    message: str
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, str]:
        return (self.location.path.as_posix(), self.location.line or 0, self.message)

    def __str__(self) -> str:
        return _line(self, colour=False)


@dataclass
class Problems:
    """The problems one build has found so far, errors and warnings together."""

    items: list[Problem] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message, "error"))

    def warning(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


class BuildFailed(Exception):
    """The content has errors: nothing was written. Carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted_problems(problems)
        super().__init__(f"{len(self.errors)} kesalahan")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file and line order, duplicates removed."""
    unique = {(p.location, p.message, p.severity): p for p in problems}
    return sorted(unique.values(), key=Problem.sort_key)


def disk_refusal(code: int | None, folder: Path, said: str | None = None
                 ) -> tuple[str, str] | None:
    """What is wrong and what to do (a sentence's start: every message says it after a
    full stop), in Indonesian, when the disk refused a write under `folder` with the
    system's error `code` (errno): a full disk, a read-only one, a folder this user may
    not write (as after a `sudo build.py`). The system's own text ("No space left on
    device") is English, and says nothing of what to do. Any other error: `said` (the
    system's text) with a general hint when given, else None (the caller says it as
    the system does)."""
    if code in (errno.ENOSPC, errno.EDQUOT):
        what = "disk penuh" if code == errno.ENOSPC else "kuota disk pengguna ini habis"
        return what, f"Kosongkan ruang di disk yang memuat {folder}"
    if code == errno.EROFS:
        return (f"disk yang memuat {folder} hanya bisa dibaca (read-only)",
                "Jadikan disk itu bisa ditulis lagi (misalnya mount -o remount,rw)")
    if code in (errno.EACCES, errno.EPERM):
        return (f"tidak ada izin menulis di {folder}{_owner_note(folder)}",
                "Jalankan perintah ini sebagai pemilik folder itu, atau berikan izin "
                f"menulis kepada pengguna ini (misalnya sudo chown -R $(whoami) {folder})")
    return (said, "Periksa disk dan izin folder itu") if said is not None else None


def _owner_note(folder: Path) -> str:
    """" (milik pengguna root)" when another user owns `folder` (or the nearest folder
    above it that exists); "" when this user does, or it cannot be told (Windows)."""
    if not hasattr(os, "geteuid"):
        return ""
    for place in (folder, *folder.parents):
        try:
            owner = os.stat(place).st_uid
        except OSError:
            continue
        if owner == os.geteuid():
            return ""
        try:
            import pwd
            return f" (milik pengguna {pwd.getpwuid(owner).pw_name})"
        except (ImportError, KeyError):
            return f" (milik pengguna lain, nomor {owner})"
    return ""


_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m"}   # bold red, bold yellow
_RESET = "\033[0m"


# A control character (Unicode's Cc), which no file name may hold: the build refuses one in
# content (documents.name_problem), publish one in the output (publish.check_names).
CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")
# What one_line escapes: control characters (a tab aside), and the Unicode line and
# paragraph separators.
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def one_line(text: str) -> str:
    """`text` with its control characters written as Python writes them in a string
    (a newline as \\n, ESC as \\x1b, U+2028 as \\u2028), a tab kept: so that a
    value quoted in a message (a field, a file name) can neither end the line it is
    printed on nor start one, where a CI log would read a command ("::stop-commands::"
    on GitHub Actions), nor move a terminal's cursor."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _line(problem: Problem, colour: bool) -> str:
    """"file:line: kesalahan: message", on one line whatever the file name and the
    message hold (one_line)."""
    word = _SEVERITY_WORDS[problem.severity]
    if colour:
        word = f"{_COLOURS[problem.severity]}{word}{_RESET}"
    return f"{one_line(str(problem.location))}: {word}: {one_line(problem.message)}"


# Warnings past which format_problems repeats the errors under them: years of old
# warnings (a site of 10,000 items without summaries) put the one error that stops the
# build thousands of lines above the count.
REPEATED_AFTER = 20


def format_problems(problems: Iterable[Problem], colour: bool = False) -> str:
    """One line per problem ("file:line: kesalahan: ...", control characters in the file
    name and message escaped: one_line), grouped by file with a blank
    line between files, then (among more than REPEATED_AFTER warnings) the errors again,
    then a count of errors and warnings. `colour` marks the severity words with terminal
    colours."""
    problems = sorted_problems(problems)
    lines: list[str] = []
    for index, problem in enumerate(problems):
        if index and problem.location.path != problems[index - 1].location.path:
            lines.append("")
        lines.append(_line(problem, colour))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if errors and warnings > REPEATED_AFTER:   # the errors, again, above the count
        lines += ["", "Kesalahan yang menghentikan build (juga tertulis di atas, di antara "
                      f"{warnings} peringatan):"]
        lines += [_line(problem, colour) for problem in problems if problem.severity == "error"]
    if errors:
        lines.append(f"{errors} kesalahan, {warnings} peringatan: situs tidak dibangun, "
                     "hasil sebelumnya tidak diubah.")
    elif warnings:
        lines.append(f"{warnings} peringatan.")
    return "\n".join(lines)


def _repository_path(location: Location, root: Path, workspace: Path | None) -> str:
    """The path of a problem's file in the repository (`workspace`, GITHUB_WORKSPACE) when
    the site root `root` is inside it, else as the location has it."""
    if workspace is not None:
        try:
            return (root / location.path).relative_to(workspace).as_posix()
        except ValueError:
            pass
    return location.path.as_posix()


def github_annotations(problems: Iterable[Problem], root: Path, workspace: Path | None) -> str:
    """Each problem as a GitHub Actions workflow command ("::error file=...,line=...::..."),
    which GitHub shows as an annotation at the file and line: on the commit, its checks and
    the run's summary. Paths are made relative to the repository (`workspace`,
    GITHUB_WORKSPACE) when the site root `root` is inside it."""
    lines = []
    for problem in _errors_first(problems):
        path = _repository_path(problem.location, root, workspace)
        where = f"file={_property(path)}"
        if problem.location.line:
            where += f",line={problem.location.line}"
        lines.append(f"::{problem.severity} {where},title={_SEVERITY_WORDS[problem.severity]}"
                     f"::{_data(problem.message)}")
    return "\n".join(lines)


def _errors_first(problems: Iterable[Problem]) -> list[Problem]:
    """Errors, then warnings, each in file and line order: GitHub shows a step's first
    annotations only, and a summary its first SUMMARY_ROWS rows."""
    return sorted(sorted_problems(problems), key=lambda problem: problem.severity != "error")


def _data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


# Rows of a job summary at most: GitHub drops a step's summary over 1 MiB whole.
SUMMARY_ROWS = 500


@dataclass(frozen=True)
class Repository:
    """Where the files of a GitHub Actions run are on the web: `web` (the repository's page,
    https://github.com/owner/name), the commit checked, and the branch its files are
    edited on (None: no edit links)."""

    web: str
    commit: str
    branch: str | None
    workspace: Path | None


def github_summary(problems: Iterable[Problem], root: Path, repository: Repository) -> str:
    """A job summary (GITHUB_STEP_SUMMARY: the top of the run's page on GitHub, where its
    e-mail leads) for staff who commit from the web editor: whether the site can be
    published, then each problem (errors first, each kind in file and line order) with a
    link to its line and one that opens its file in GitHub's editor. Every text is
    HTML-escaped, and kept on its row's line (one_line): a blank line would end the
    table, and Markdown after it would be read as such."""
    problems = _errors_first(problems)
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    if errors:
        lines = [f"### ❌ Situs tidak diterbitkan: {errors} kesalahan, {warnings} peringatan",
                 "", "Situs yang sedang tayang tidak berubah. Perbaiki setiap kesalahan di "
                 "bawah (**ubah** membuka berkasnya di editor GitHub), lalu simpan (*commit*) "
                 "lagi."]
    elif warnings:
        lines = [f"### ⚠️ Situs lolos pemeriksaan, dengan {warnings} peringatan", "",
                 "Situs tetap diterbitkan; sebaiknya perbaiki peringatan di bawah."]
    else:
        lines = ["### ✅ Situs lolos pemeriksaan"]
    if problems:
        lines += ["", "<table>", "<tr><th>Berkas</th><th>Masalah</th></tr>"]
        for problem in problems[:SUMMARY_ROWS]:
            path = _repository_path(problem.location, root, repository.workspace)
            line = problem.location.line
            shown = html.escape(one_line(f"{path}:{line}" if line else path))
            address = f"{repository.web}/blob/{repository.commit}/{quote(path)}"
            if line:   # the file's text with line numbers, a Markdown file's too (not rendered)
                address += f"?plain=1#L{line}"
            where = f'<a href="{html.escape(address)}">{shown}</a>'
            if repository.branch:
                edit = f"{repository.web}/edit/{quote(repository.branch)}/{quote(path)}"
                where += f' · <a href="{html.escape(edit)}">ubah</a>'
            lines.append(f"<tr><td>{where}</td><td><strong>{_SEVERITY_WORDS[problem.severity]}"
                         f"</strong>: {html.escape(one_line(problem.message))}</td></tr>")
        lines.append("</table>")
        if len(problems) > SUMMARY_ROWS:
            lines += ["", f"… dan {len(problems) - SUMMARY_ROWS} lagi: semuanya ada di catatan "
                          "langkah *Build*."]
    return "\n".join(lines) + "\n"
