"""`build.py install-hook`: real git repositories in tmp_path, real commits running the hooks.

The repository is tmp_path itself and the site (make_site) is its folder site/,
so the hooks must find content below the repository root. Commits run with the
PATH a GUI git client has (/usr/bin:/bin, no pyenv or venv), which only works
because the hooks call this Python by its absolute path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, make_site, read, run, snapshot, write_files
from site_builder.hooks import MARKER

GIT = shutil.which("git")
if GIT is None and not os.environ.get("CI"):
    pytest.skip("git is not installed", allow_module_level=True)

GOOD_NEWS = {"content/news/2024-01-05-kelas.md": """
    ---
    title: Kelas Menulis Dibuka
    date: 2024-01-05
    ---
    Kelas menulis gratis dibuka.
    """}
BROKEN_NEWS = {"content/news/2024-01-06-rusak.md": """
    ---
    title: Berita Rusak
    date: 2024-13-05
    ---
    Tanggalnya salah.
    """}
OFFICE_NEWS = {"content/news/2024-01-07-rapat.md": """
    ---
    title: Rapat Pengurus
    date: 2024-01-07
    ---
    Rapat pengurus bulan Januari.
    """}
FOREIGN_HOOK = "#!/bin/sh\n# somebody else's hook\nexit 0\n"


def _env(tmp_path: Path, path: str | None = None) -> dict[str, str]:
    """This process's environment without git's own variables or the machine's git
    configuration, so only the test repository's settings count."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
               GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    if path is not None:
        env["PATH"] = path
    return env


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    """Run git in `repo` as a GUI client would: a bare PATH."""
    gui_path = os.pathsep.join(dict.fromkeys([str(Path(GIT).parent), "/usr/bin", "/bin"]))
    return subprocess.run([GIT, *args], cwd=repo, env=_env(repo, gui_path),
                          capture_output=True, text=True, timeout=120)


def install_hook(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python build.py install-hook --content <root>/content ...`, run from the project."""
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), "install-hook",
                           "--content", str(root / "content"), *args],
                          cwd=PROJECT, env=_env(root.parent), capture_output=True, text=True,
                          timeout=120)


def commit(repo: Path, message: str) -> subprocess.CompletedProcess:
    assert git(repo, "add", "-A").returncode == 0
    return git(repo, "commit", "-m", message)


def head(repo: Path) -> str:
    return git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """An empty git repository (tmp_path) with git's identity set and the site's
    outputs ignored."""
    for args in (["init", "-q"], ["config", "user.name", "Humas Uji"],
                 ["config", "user.email", "humas@example.org"]):
        assert git(tmp_path, *args).returncode == 0
    (tmp_path / ".gitignore").write_text("/site/output/\n/site/.cache/\n/site/.output.*\n")
    return tmp_path


@pytest.fixture
def root(repo: Path) -> Path:
    """A small valid site in repo/site with the hooks installed."""
    site = make_site(repo)
    installed = install_hook(site)
    assert installed.returncode == 0, installed.stderr
    return site


def test_installs_executable_sh_hooks_calling_this_python(repo, root):
    for name in ("pre-commit", "post-commit", "post-merge"):
        hook = repo / ".git" / "hooks" / name
        text = hook.read_text()
        assert text.startswith("#!/bin/sh\n")
        assert MARKER in text
        assert Path(sys.executable).as_posix() in text
        assert os.access(hook, os.X_OK)


def test_install_prints_what_it_installed_in_indonesian(repo):
    result = install_hook(make_site(repo))
    assert result.returncode == 0, result.stderr
    assert str(repo / ".git" / "hooks") in result.stdout
    assert "pre-commit" in result.stdout and "sebelum setiap commit" in result.stdout
    assert "post-commit" in result.stdout and "setelah setiap commit" in result.stdout
    assert "post-merge" in result.stdout and "setelah setiap git pull" in result.stdout
    assert "Catatan" not in result.stdout   # output/ and .cache/ are ignored


def test_commit_of_valid_news_builds_the_site(repo, root):
    write_files(root, GOOD_NEWS)
    result = commit(repo, "Berita kelas menulis")
    assert result.returncode == 0, result.stderr
    assert "Kelas Menulis Dibuka" in read(root, "output/berita/kelas/index.html")
    assert "Membangun ulang situs" in result.stderr   # git shows hook output on stderr


def test_commit_of_broken_news_is_refused_and_output_kept(repo, root):
    write_files(root, GOOD_NEWS)
    assert commit(repo, "Berita kelas menulis").returncode == 0
    before, last_good = snapshot(root / "output"), head(repo)

    write_files(root, BROKEN_NEWS)
    refused = commit(repo, "Berita rusak")
    assert refused.returncode != 0
    assert 'content/news/2024-01-06-rusak.md:3: kesalahan: kolom "date"' in refused.stderr
    assert "Commit dibatalkan" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert head(repo) == last_good
    assert snapshot(root / "output") == before

    # Fixed, the same commit goes through and is published.
    write_files(root, {"content/news/2024-01-06-rusak.md":
                       BROKEN_NEWS["content/news/2024-01-06-rusak.md"].replace("13-05", "01-06")})
    assert commit(repo, "Berita diperbaiki").returncode == 0
    assert "Berita Rusak" in read(root, "output/berita/rusak/index.html")


@pytest.fixture
def web(repo: Path, root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GitHub's web editor: a clone, without hooks, of the office repository `repo`
    (hooks installed, its first commit built) through a bare repository standing for
    GitHub. The office clone takes its commits with `git pull`."""
    github = tmp_path_factory.mktemp("github")
    assert git(github, "init", "-q", "--bare", "situs.git").returncode == 0
    assert commit(repo, "Situs awal").returncode == 0
    for args in (["remote", "add", "origin", str(github / "situs.git")],
                 ["push", "-q", "-u", "origin", "HEAD"]):
        assert git(repo, *args).returncode == 0
    assert git(github, "clone", "-q", "situs.git", "web").returncode == 0
    for args in (["config", "user.name", "Humas Web"],
                 ["config", "user.email", "web@example.org"]):
        assert git(github / "web", *args).returncode == 0
    return github / "web"


def push_from_web(web: Path, files: dict[str, str], message: str) -> None:
    """Edit files of the site on the web editor, commit and push them to GitHub."""
    write_files(web / "site", files)
    assert commit(web, message).returncode == 0
    pushed = git(web, "push", "-q")
    assert pushed.returncode == 0, pushed.stderr


def test_a_pull_of_web_editor_commits_rebuilds_the_site(repo, root, web):
    """A fast-forward pull runs no commit hook; nor does the merge of a pull when the
    office has commits of its own: post-merge rebuilds after both."""
    push_from_web(web, GOOD_NEWS, "Berita dari editor web")
    pulled = git(repo, "pull", "--no-rebase")   # a fast-forward
    assert pulled.returncode == 0, pulled.stderr
    assert "Membangun ulang situs" in pulled.stderr
    assert "Kelas Menulis Dibuka" in read(root, "output/berita/kelas/index.html")

    write_files(root, OFFICE_NEWS)
    assert commit(repo, "Berita dari kantor").returncode == 0
    push_from_web(web, {"content/news/2024-01-05-kelas.md": GOOD_NEWS[
        "content/news/2024-01-05-kelas.md"].replace("Dibuka", "Dibuka Lagi")},
        "Judul dari editor web")
    merged = git(repo, "pull", "--no-rebase", "--no-edit")   # a merge commit
    assert merged.returncode == 0, merged.stderr
    assert len(git(repo, "rev-list", "--parents", "-n1", "HEAD").stdout.split()) == 3
    assert "Kelas Menulis Dibuka Lagi" in read(root, "output/berita/kelas/index.html")
    assert "Rapat Pengurus" in read(root, "output/berita/rapat/index.html")


def test_a_pulled_content_error_is_reported_and_output_kept(repo, root, web):
    before = snapshot(root / "output")
    push_from_web(web, BROKEN_NEWS, "Berita rusak dari editor web")
    pulled = git(repo, "pull", "--no-rebase")
    assert pulled.returncode == 0   # git has taken the commit: the hook cannot refuse it
    assert 'content/news/2024-01-06-rusak.md:3: kesalahan: kolom "date"' in pulled.stderr
    assert "situs tidak dibangun ulang; hasil sebelumnya tidak diubah" in pulled.stderr
    assert "Traceback" not in pulled.stderr
    assert snapshot(root / "output") == before


def test_running_install_hook_again_updates_its_own_hooks(repo, root):
    hooks = repo / ".git" / "hooks"
    before = {name: (hooks / name).read_text()
              for name in ("pre-commit", "post-commit", "post-merge")}
    again = install_hook(root)
    assert again.returncode == 0, again.stderr
    assert "diperbarui" in again.stdout
    assert {name: (hooks / name).read_text() for name in before} == before
    assert not list(hooks.glob("*.bak*"))


def test_a_foreign_hook_is_kept_unless_forced(repo):
    root = make_site(repo)
    hooks = repo / ".git" / "hooks"
    hooks.mkdir(parents=True, exist_ok=True)
    (hooks / "pre-commit").write_text(FOREIGN_HOOK)

    refused = install_hook(root)
    assert refused.returncode == 2
    assert str(hooks / "pre-commit") in refused.stderr and "--force" in refused.stderr
    assert (hooks / "pre-commit").read_text() == FOREIGN_HOOK
    assert not (hooks / "post-commit").exists()   # nothing half-installed
    assert not (hooks / "post-merge").exists()

    forced = install_hook(root, "--force")
    assert forced.returncode == 0, forced.stderr
    assert MARKER in (hooks / "pre-commit").read_text()
    assert (hooks / "pre-commit.bak").read_text() == FOREIGN_HOOK
    assert "pre-commit.bak" in forced.stdout


def test_hooks_go_where_core_hooks_path_points(repo):
    assert git(repo, "config", "core.hooksPath", ".githooks").returncode == 0
    root = make_site(repo)
    installed = install_hook(root)
    assert installed.returncode == 0, installed.stderr
    assert MARKER in (repo / ".githooks" / "pre-commit").read_text()
    assert not (repo / ".git" / "hooks" / "pre-commit").exists()

    write_files(root, BROKEN_NEWS)
    refused = commit(repo, "Berita rusak")
    assert refused.returncode != 0
    assert "content/news/2024-01-06-rusak.md:3:" in refused.stderr


def test_outside_a_git_repository_exits_2(tmp_path):
    root = make_site(tmp_path)
    result = install_hook(root)
    assert result.returncode == 2
    assert "tidak berada di dalam repositori git" in result.stderr
    assert "Traceback" not in result.stderr


def test_notes_output_folders_git_would_commit(repo):
    (repo / ".gitignore").unlink()
    result = install_hook(make_site(repo))
    assert result.returncode == 0, result.stderr
    assert "/site/output/" in result.stdout and "/site/.cache/" in result.stdout
    # the spare copy of the site beside output/: 129 files staged by a "commit all"
    assert "/site/.output.*" in result.stdout


def test_the_cache_folder_keeps_itself_out_of_git(repo):
    """A content repository of its own, committed whole ("git add -A", or a desktop
    client's "commit all"): the cache went in, and each check changed a committed file."""
    (repo / ".gitignore").unlink()
    site = make_site(repo)
    assert run(site, "check").code == 0
    git(repo, "add", "-A")
    staged = git(repo, "diff", "--cached", "--name-only").stdout.split()
    assert staged and not [name for name in staged if "/.cache/" in name], staged


def test_commit_is_refused_when_the_check_cannot_run(repo, root):
    write_files(root, GOOD_NEWS)
    assert commit(repo, "Berita kelas menulis").returncode == 0
    (root / "content").rename(root / "isi")   # the hooks still name content/
    refused = commit(repo, "Folder konten diganti namanya")
    assert refused.returncode != 0
    assert "tidak dapat dijalankan" in refused.stderr
    assert "install-hook --content" in refused.stderr
