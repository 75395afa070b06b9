"""`build.py install-hook`: check before a commit, build after it and after a pull,
for an office machine without CI (publishing stays `build.py publish`, unless the
web server serves output/ itself).

Installs three git hooks in the repository that holds the content folder:

- `pre-commit` runs `build.py check` and refuses the commit when the content
  has an error, printing every problem with its file and line;
- `post-commit` runs `build.py build`, so output/ always shows the last commit;
- `post-merge` runs the same build after a `git pull` (or `git merge`) that
  brought commits in, such as those made on GitHub's web editor: a pull that
  fast-forwards runs no commit hook, nor does the merge commit it may make.
  A content error pulled in cannot be refused (git has taken the commits):
  the build fails with the error and its file and line, and output/ stays.

A `git pull --rebase` needs no hook of its own: each local commit it replays
runs post-commit, and with none to replay it fast-forwards (git 2.39), which
runs post-merge. There is no `post-checkout` hook, on purpose: checking
out a branch or an old commit is looking at it, not publishing it, yet where
the web server serves output/ a rebuild would publish it; and `git bisect`
would rebuild at every step, `git rebase` once more before it replays.

All of them check or build the content folder as it is on disk, not only the
staged files: that is what the post-commit build publishes, so the check and
the build agree. The hooks call this Python (`sys.executable`, an absolute
path) and this project's build.py, because a GUI git client runs hooks with a
bare PATH that may find another Python, or none.

Hooks go where git looks for them (`git rev-parse --git-path hooks`, which
follows `core.hooksPath` and linked worktrees). Each carries MARKER, so a
second run rewrites our own hooks but never a hook someone else wrote,
unless `--force` (which keeps the old one beside it as `<name>.bak`).
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from site_builder import arguments
from site_builder.pipeline import CACHE_DIR

HELP = "install git hooks: check before every commit, rebuild the site after it and after a pull"
DESCRIPTION = """\
Install three git hooks in the repository holding the content folder, for a
computer without CI:

  pre-commit   runs `check`; a commit with content errors is refused and
               every error is printed with its file and line
  post-commit  runs `build` after every commit, so output/ shows the
               last commit (a failed build leaves output/ as it was)
  post-merge   runs `build` after a `git pull` that brought commits in (from
               GitHub's web editor, say); a content error pulled in is
               printed with its file and line, and output/ is left as it was

The hooks call this Python and this build.py by absolute path, so they also
work from a GUI git client. Running install-hook again updates them. A hook
not written by install-hook is left alone unless --force is given.

exit codes: 0 installed, 1 a hook could not be written, 2 not a git
repository, no content folder, or a hook of someone else is in the way.
"""

MARKER = "# site_builder install-hook:"
NAMES = ("pre-commit", "post-commit", "post-merge")
PROJECT = Path(__file__).resolve().parent.parent


class HookRefused(Exception):
    """The hooks cannot be installed; the message says why, in Indonesian."""


@dataclass(frozen=True)
class Repository:
    toplevel: Path    # the root of the working tree: git runs hooks from there
    hooks_dir: Path   # where git looks for hooks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    arguments.add_content(parser)
    parser.add_argument("--force", action="store_true",
                        help="replace hooks not written by install-hook (the old one is kept "
                             "as <name>.bak)")


def run(args: argparse.Namespace) -> int:
    """Install or update every hook of NAMES; print what was done."""
    try:
        content = _content_dir(args.content)
        repository = find_repository(content)
        relative_content = _relative_to(content, repository.toplevel)
        existing = _existing_hooks(repository.hooks_dir, force=args.force)
    except HookRefused as error:
        print(f"build.py install-hook: {error}", file=sys.stderr)
        return 2
    print(f"Hook git di {repository.hooks_dir}:")
    try:
        for name in NAMES:
            script = hook_script(name, builder_command(), relative_content)
            backup = _install(repository.hooks_dir / name, script, existing.get(name))
            print(f"  {name:<12} {_summary(name, existing.get(name))}")
            if backup:
                print(f"  {'':<12} hook lama disimpan sebagai {backup}")
    except OSError as error:
        print(f"build.py install-hook: gagal menulis hook: {error}", file=sys.stderr)
        return 1
    print(f"Konten yang diperiksa dan dibangun: {relative_content}")
    for note in _unignored_notes(repository.toplevel, content.parent):
        print(note)
    return 0


# -- finding the repository -----------------------------------------------------

def _content_dir(content: Path) -> Path:
    if not content.is_dir():
        raise HookRefused(f"folder konten tidak ada: {content}")
    return content.resolve()


def find_repository(content: Path) -> Repository:
    """The git repository holding `content`, and where its hooks go."""
    answer = _git(content, "rev-parse", "--show-toplevel", "--git-path", "hooks")
    if answer.returncode != 0:
        raise HookRefused(f"{content} tidak berada di dalam repositori git; hook tidak "
                          "dipasang. Buat repositorinya dulu (git init) atau pilih folder "
                          "konten yang lain dengan --content.")
    lines = answer.stdout.splitlines()
    if len(lines) != 2 or not lines[0]:
        # A bare repository, or content inside .git: no working tree to build from.
        raise HookRefused(f"{content} tidak berada di dalam working tree sebuah repositori git")
    toplevel = Path(lines[0]).resolve()
    # --git-path answers relative to the folder git ran in (here: content).
    return Repository(toplevel, (content / lines[1]).resolve())


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, timeout=60)
    except FileNotFoundError:
        raise HookRefused("program git tidak ditemukan; pasang git terlebih dahulu") from None


def _relative_to(path: Path, folder: Path) -> str:
    """`path` relative to `folder` as a POSIX path ("." for the folder itself)."""
    try:
        return path.relative_to(folder).as_posix()
    except ValueError:   # should not happen for a path git found inside the tree
        return path.as_posix()


# -- the scripts ----------------------------------------------------------------

def builder_command() -> list[str]:
    """How a hook starts site_builder: this Python, then build.py, or `-m site_builder`
    when the package is installed without its build.py."""
    python = Path(sys.executable).as_posix()   # not resolved: a venv's python is a symlink
    build_py = PROJECT / "build.py"
    if build_py.is_file():
        return [python, build_py.as_posix()]
    return [python, "-m", "site_builder"]


_PRE_COMMIT = """\
# Checks the content folder before every commit and refuses the commit when it
# has an error. It checks the files as they are on disk, which is what the
# post-commit hook builds.
cd "$(git rev-parse --show-toplevel)" || exit 1
printed=$({command} check --quiet --content "$content" 2>&1)
status=$?
[ -n "$printed" ] && printf '%s\\n' "$printed" >&2
[ "$status" -eq 0 ] && exit 0
case $printed in
    *Traceback*) status=broken ;;   # the check itself failed, not the content
esac
if [ "$status" = 1 ]; then   # the content has errors, printed above with file and line
    echo "Commit dibatalkan: perbaiki kesalahan di atas, lalu commit lagi." >&2
else   # Python, site_builder or the content folder moved or broke
    echo "Commit dibatalkan: pemeriksaan situs tidak dapat dijalankan." >&2
    echo "Jika Python, site_builder atau folder konten sudah dipindah, pasang ulang hook" >&2
    echo "ini dari folder site_builder dengan:" >&2
    echo "    python build.py install-hook --content $(pwd)/$content" >&2
fi
exit 1
"""

_POST_COMMIT = """\
# Rebuilds the site after every commit. A failed build leaves the previous site
# in place; the commit itself is kept either way.
cd "$(git rev-parse --show-toplevel)" || exit 0
echo "Membangun ulang situs dari $content ..."
if ! {command} build --content "$content"; then
    echo "Commit tersimpan, tetapi situs tidak dibangun ulang; hasil sebelumnya tidak diubah." >&2
fi
exit 0
"""

_POST_MERGE = """\
# Rebuilds the site after a git pull (or merge) that brought commits in, such as
# those made on GitHub's web editor. A failed build leaves the previous site in
# place; the pulled commits are kept either way (git has taken them already).
cd "$(git rev-parse --show-toplevel)" || exit 0
echo "Membangun ulang situs dari $content ..."
if ! {command} build --content "$content"; then
    echo "git pull selesai, tetapi situs tidak dibangun ulang; hasil sebelumnya tidak diubah." >&2
    echo "Perbaiki kesalahan di atas lalu commit, atau perbaiki di GitHub lalu git pull lagi." >&2
fi
exit 0
"""


def hook_script(name: str, command: list[str], content: str) -> str:
    """The POSIX sh text of hook `name` running `command` on the `content` folder."""
    body = {"pre-commit": _PRE_COMMIT, "post-commit": _POST_COMMIT,
            "post-merge": _POST_MERGE}[name]
    header = (f"#!/bin/sh\n{MARKER} {name}\n"
              "# Written by `build.py install-hook`; running it again rewrites this file.\n"
              "# Delete this file to stop it.\n"
              f"content={shlex.quote(content)}\n")
    return header + body.format(command=shlex.join(command))


# -- installing -----------------------------------------------------------------

def _existing_hooks(hooks_dir: Path, *, force: bool) -> dict[str, str]:
    """Each hook already there: "ours" or "foreign". Refuses, before anything is
    written, when a foreign hook is in the way and `force` is not set."""
    existing = {}
    for name in NAMES:
        path = hooks_dir / name
        if path.exists() or path.is_symlink():
            existing[name] = "ours" if _is_ours(path) else "foreign"
    foreign = [hooks_dir / name for name, kind in existing.items() if kind == "foreign"]
    if foreign and not force:
        listed = ", ".join(str(path) for path in foreign)
        raise HookRefused(f"sudah ada hook yang bukan buatan site_builder: {listed}; "
                          "tidak ada yang diubah. Gabungkan isinya sendiri, atau jalankan "
                          "lagi dengan --force untuk menggantinya (hook lama disimpan "
                          "sebagai <nama>.bak).")
    return existing


def _is_ours(path: Path) -> bool:
    try:
        return MARKER.encode() in path.read_bytes()
    except OSError:   # a dangling symlink, a folder: not ours
        return False


def _install(path: Path, script: str, existing: str | None) -> Path | None:
    """Write `script` at `path`, executable; returns the backup of a foreign hook."""
    path.parent.mkdir(parents=True, exist_ok=True)
    backup = None
    if existing == "foreign":
        backup = _free_name(path.with_name(path.name + ".bak"))
        os.replace(path, backup)
    # Write beside it, then rename: a commit running now sees the old hook or the new.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
        file.write(script)
    os.chmod(temporary, 0o755)
    os.replace(temporary, path)
    return backup


def _free_name(path: Path) -> Path:
    candidate, number = path, 1
    while candidate.exists() or candidate.is_symlink():
        candidate = path.with_name(f"{path.name}.{number}")
        number += 1
    return candidate


def _summary(name: str, existing: str | None) -> str:
    action = "diperbarui" if existing == "ours" else "dipasang"
    if name == "pre-commit":
        return (f"{action}: memeriksa konten sebelum setiap commit; commit dibatalkan "
                "jika ada kesalahan")
    if name == "post-merge":
        return (f"{action}: membangun ulang situs ke output/ setelah setiap git pull yang "
                "membawa perubahan (misalnya dari editor web GitHub)")
    return f"{action}: membangun ulang situs ke output/ setelah setiap commit"


def _unignored_notes(toplevel: Path, site_root: Path) -> list[str]:
    """Advice when output/ or .cache/ would show up as files to commit."""
    notes = []
    for folder in ("output", CACHE_DIR):
        relative = _relative_to(site_root / folder, toplevel)
        if _git(toplevel, "check-ignore", "-q", f"{relative}/").returncode == 1:
            notes.append(f"Catatan: {relative}/ belum diabaikan git; tambahkan baris "
                         f"/{relative}/ ke .gitignore agar tidak ikut di-commit.")
    # beside output/: the builder's spare copy of the site, its lock, a failed build's record
    folder = _relative_to(site_root, toplevel)
    spare = ("" if folder == "." else folder + "/") + ".output.*"
    if _git(toplevel, "check-ignore", "-q", spare.replace("*", "spare/")).returncode == 1:
        notes.append(f"Catatan: {spare} (salinan cadangan situs dan catatan build di samping "
                     f"output/) belum diabaikan git; tambahkan baris /{spare} ke .gitignore.")
    return notes
