"""The CI files that publish the site, and the pre-commit framework's hook.

They must parse, run on the right events, never publish a pull or merge
request, and run the same install, check and build commands README.md
documents (README's Set-up command 1 and its command-line table).
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from importlib.metadata import entry_points

import pytest
import yaml

from conftest import PROJECT, make_site

GITHUB = PROJECT / ".github" / "workflows" / "publish.yml"
GITLAB = PROJECT / ".gitlab-ci.yml"
PRE_COMMIT_HOOKS = PROJECT / ".pre-commit-hooks.yaml"
NOT_A_PR = "github.event_name != 'pull_request'"


def _readme_commands() -> dict[str, str]:
    """README's install and build commands (Set-up, command 1) and its check command
    (the command-line table), as written there."""
    readme = (PROJECT / "README.md").read_text()
    block = re.search(r"## Set-up.*?```sh\n(.*?)```", readme, re.S)
    assert block, "README has a Set-up section with a sh block"
    first = next(line for line in block.group(1).splitlines()
                 if line and not line.startswith("#"))
    install, build = (part.strip() for part in first.split("&&"))
    check = re.search(r"^\| `(python3 build\.py check)\b", readme, re.M)
    assert check, "README's command-line table documents `check`"
    due = re.search(r"^\| `(python3 build\.py due)\b", readme, re.M)
    assert due, "README's command-line table documents `due`"
    return {"install": install, "build": build, "check": check.group(1), "due": due.group(1)}


README = _readme_commands()


def _commands(scripts: list[str]) -> list[str]:
    """Each shell command of `scripts`: one per line and per `&&`, comments dropped."""
    return [part.strip() for script in scripts for line in script.splitlines()
            if line.strip() and not line.strip().startswith("#")
            for part in line.split("&&")]


def _load(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- GitHub Actions -------------------------------------------------------------

@pytest.fixture(scope="module")
def github() -> dict:
    return _load(GITHUB)


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))   # YAML 1.1 reads a bare `on` as True


def _steps(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").startswith(action + "@")]


def test_github_runs_on_push_to_main_hourly_manually_and_on_pull_requests(github):
    """"master" too: a repository made with an older git, whose branch is so named, got
    no check and no publication on commit."""
    on = _triggers(github)
    assert on["push"]["branches"] == ["main", "master"]
    assert "pull_request" in on and "workflow_dispatch" in on
    schedule, daily = on["schedule"]
    minute, *hourly = schedule["cron"].split()
    assert hourly == ["*", "*", "*", "*"]
    # Early in the hour: an item dated on the hour is published minutes after it.
    assert int(minute) < 30
    assert daily["cron"].split()[2:] == ["*", "*", "*"]


def test_github_keeps_its_hourly_runs_from_being_paused(github):
    """GitHub pauses a public repository's schedules after 60 days without activity (a
    term break without a commit): the site then froze on one day's "Hari ini" and
    published no scheduled item. Once a day the workflow marks itself enabled through
    GitHub's API, with the one permission that needs."""
    job = github["jobs"]["keep-schedule"]
    daily = _triggers(github)["schedule"][1]["cron"]
    assert job["if"] == f"github.event.schedule == '{daily}'"
    assert job["permissions"] == {"actions": "write"}
    (step,) = job["steps"]
    assert step["run"].startswith("gh api --method PUT ")
    assert step["run"].endswith('/actions/workflows/publish.yml/enable"')
    assert GITHUB.name == "publish.yml"
    assert step["env"]["GH_TOKEN"] == "${{ github.token }}"


DUE = "steps.due.outputs.due != 'false'"


def test_github_hourly_runs_build_and_deploy_only_when_due(github):
    build, deploy = github["jobs"]["build"], github["jobs"]["deploy"]
    (due,) = [step for step in build["steps"] if step.get("id") == "due"]
    assert due["if"] == "github.event_name == 'schedule'"
    # asking the published site whether it is behind (published.py), not only the clock
    assert _commands([due["run"]]) == [README["due"] + " --live"]
    after = build["steps"][build["steps"].index(due) + 1:]
    assert after and all(DUE in step["if"] for step in after)
    assert build["outputs"]["due"] == "${{ steps.due.outputs.due }}"
    assert "needs.build.outputs.due != 'false'" in deploy["if"]


def test_github_builds_with_python_311_and_keeps_the_caches_and_the_site(github):
    build = github["jobs"]["build"]
    (setup,) = _steps(build, "actions/setup-python")
    assert setup["with"]["python-version"] == "3.11"
    (cache,) = _steps(build, "actions/cache")
    # output/ too: restored, a page whose key is unchanged is neither rendered nor written
    assert cache["with"]["path"].split() == [".cache/", "output/"]
    assert "hashFiles('content/" in cache["with"]["key"]


def test_github_runs_readmes_install_and_build_which_checks(github):
    """No `check` step before the build: the build checks everything check does (and
    annotates on GitHub as check does, test_cli), and a check first read and checked
    every content file a second time on each commit."""
    commands = _commands([step["run"] for step in github["jobs"]["build"]["steps"]
                          if "run" in step])
    assert commands == [README["install"], README["due"] + " --live", *LAST_GOOD,
                        README["build"]]


def _git(cwd, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "Staf",
                               "GIT_AUTHOR_EMAIL": "staf@example.org",
                               "GIT_COMMITTER_NAME": "Staf",
                               "GIT_COMMITTER_EMAIL": "staf@example.org"}).stdout.strip()


def _good_then_broken(tmp_path, site_yaml: str | None = None) -> tuple[Path, str, str]:
    """A site's history as the hourly runs meet it: a good commit, then one whose news
    item has a date that does not exist; pushed to a bare repository standing for the
    host (which serves a commit asked for by its id), and cloned from it at depth 1 as
    a runner checks out. (The runner's clone, the good commit, the newest.)"""
    extra = {"content/site.yaml": site_yaml} if site_yaml else {}
    site = make_site(tmp_path / "work", {**extra, "content/news/2026-11-20-kabar.md":
                                         "---\ntitle: Kabar Baik\ndate: 2026-11-20\n---\nIsi.\n"})
    _git(site, "init", "-q", "-b", "main")
    _git(site, "add", "content")
    _git(site, "commit", "-q", "-m", "Kabar")
    good = _git(site, "rev-parse", "HEAD")
    (site / "content/news/2026-11-20-kabar.md").write_text(
        "---\ntitle: Kabar Baik\ndate: 2026-11-31\n---\nIsi.\n")
    _git(site, "commit", "-q", "-am", "Tanggal salah")
    newest = _git(site, "rev-parse", "HEAD")
    _git(tmp_path, "clone", "-q", "--bare", str(site), "origin.git")
    _git(tmp_path / "origin.git", "config", "uploadpack.allowReachableSHA1InWant", "true")
    _git(tmp_path, "clone", "-q", "--depth=1", f"file://{tmp_path / 'origin.git'}", "runner")
    return tmp_path / "runner", good, newest


LAST_GOOD = ['git fetch --depth=1 origin "$GOOD"', 'git checkout --force --detach "$GOOD"']


def test_github_hourly_runs_build_the_last_good_commit_while_the_newest_has_errors(
        github, tmp_path):
    """due names the live site's commit while the newest has content errors (test_due):
    the hourly run checks that one out, in the shallow clone actions/checkout makes, and
    builds it, its record naming it. Run here on real repositories: a bare one as
    GitHub (which serves a commit asked for by its id), a clone of depth 1."""
    steps = github["jobs"]["build"]["steps"]
    (step,) = [step for step in steps if step.get("name") == "Last good commit"]
    assert steps.index(step) == [s.get("id") for s in steps].index("due") + 1
    assert step["if"] == f"{DUE} && steps.due.outputs.good != ''"
    assert step["env"] == {"GOOD": "${{ steps.due.outputs.good }}"}   # never in the script
    (build,) = [s for s in steps if s.get("run") == README["build"]]
    assert build["env"] == {"SITE_BUILDER_COMMIT": "${{ steps.due.outputs.good }}"}

    runner, good, _ = _good_then_broken(tmp_path)
    assert subprocess.run(["bash", "-c", step["run"]], cwd=runner,
                          env={**os.environ, "GOOD": good}).returncode == 0
    assert _git(runner, "rev-parse", "HEAD") == good
    built = subprocess.run([sys.executable, str(PROJECT / "build.py"), "-q", "--now", "2026-11-24"],
                           cwd=runner, env={**os.environ, "SITE_BUILDER_COMMIT": good},
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    record = (runner / "output/site-builder.json").read_text()
    assert f'"commit": "{good}"' in record


def test_github_deploys_output_to_pages_except_for_pull_requests(github):
    build, deploy = github["jobs"]["build"], github["jobs"]["deploy"]
    order = [step.get("uses", step.get("run", "")).split("@")[0] for step in build["steps"]]
    assert order.index(README["build"]) < order.index("actions/configure-pages") \
        < order.index("actions/upload-pages-artifact")
    for action in ("actions/configure-pages", "actions/upload-pages-artifact"):
        (step,) = _steps(build, action)
        assert step["if"] == f"{NOT_A_PR} && {DUE}"
    (upload,) = _steps(build, "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "output"

    assert deploy["if"].startswith(NOT_A_PR + " && ") and deploy["needs"] == "build"
    assert _steps(deploy, "actions/deploy-pages")
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert github["permissions"] == {"contents": "read"}   # the build job writes nothing


def test_github_deployments_never_overlap(github):
    # Every deployment shares one group and is never cancelled halfway; the runs
    # themselves do not: an hourly run with nothing due cancelled a push's run waiting
    # in the group, and published nothing.
    assert github["jobs"]["deploy"]["concurrency"] == {"group": "pages",
                                                       "cancel-in-progress": False}
    concurrency = github["concurrency"]
    assert "'pages'" not in concurrency["group"] and "github.run_id" in concurrency["group"]
    assert concurrency["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


# -- GitLab CI ------------------------------------------------------------------

@pytest.fixture(scope="module")
def gitlab() -> dict:
    return _load(GITLAB)


def _rules(job: dict) -> list[str]:
    return [rule["if"] for rule in job["rules"]]


def test_gitlab_checks_merge_requests_and_the_default_branch_builds_alone(gitlab):
    assert gitlab["image"] == "python:3.11"
    check = gitlab["check"]
    # not on schedules: those only publish, when due
    assert check["rules"][0] == {"if": '$CI_PIPELINE_SOURCE == "schedule"', "when": "never"}
    # nor on the default branch, where the pages job's build checks (a second job there
    # cost its start, its install and a second reading of every content file)
    assert _rules(check)[1:] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']
    # compared with the last build of public/, the folder the pages job builds
    assert _commands(gitlab["before_script"] + check["script"]) == [
        README["install"], README["check"] + " --output public"]
    assert "`python3 build.py check [--content DIR] [--output DIR]" in \
        (PROJECT / "README.md").read_text()   # --output is a documented option


def test_gitlab_publishes_public_from_the_default_branch_only(gitlab):
    pages = gitlab["pages"]
    # Pushes and schedules on the default branch both set CI_COMMIT_BRANCH;
    # merge request pipelines do not, so they never publish.
    assert _rules(pages) == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    assert gitlab["stages"].index(pages["stage"]) > gitlab["stages"].index(gitlab["check"]["stage"])
    *commands, compress = _commands(gitlab["before_script"] + pages["script"])
    assert commands == [
        README["install"],
        f'if [ "$CI_PIPELINE_SOURCE" = schedule ]; then {README["due"]} --live --exit-code '
        "--outputs due.env; fi",
        "if grep -qs '^good=' due.env; then . ./due.env; git fetch --depth=1 origin \"$good\"",
        'git checkout --force --detach "$good"; export SITE_BUILDER_COMMIT="$good"; fi',
        README["build"] + " build --output public"]
    assert compress.startswith("find public ")
    # a schedule with nothing due stops there, allowed, and publishes nothing
    assert pages["allow_failure"] == {"exit_codes": 3}
    assert "`python3 build.py build [--content DIR] [--output DIR]" in \
        (PROJECT / "README.md").read_text()   # --output is a documented option
    assert pages["artifacts"]["paths"] == ["public"]
    assert ".cache/" in gitlab["cache"]["paths"]


def test_gitlab_schedules_build_the_last_good_commit_while_the_newest_has_errors(
        gitlab, tmp_path):
    """The pages job's own lines, run by bash as GitLab runs them (one shell), on real
    repositories (a bare one serving a commit by its id, a clone of depth 1) and a live
    site served here whose record names the good commit and is past its moment: the
    newest commit's content error makes due name the live one, which is checked out,
    built with the day's clock, and recorded as built from it."""
    from browser import serve

    live = tmp_path / "live"
    live.mkdir()
    with serve(live) as base:
        runner, good, newest = _good_then_broken(
            tmp_path, f"title: Perpustakaan Uji\nbase_url: {base}\n")
        (live / "site-builder.json").write_text(
            f'{{"commit": "{good}", "valid_until": "2026-11-25T00:00:00+07:00"}}\n')
        builder = f"{sys.executable} {PROJECT / 'build.py'}"
        lines = [line.replace("python3 build.py", builder)
                 .replace("--live", "--live --now 2026-11-25T00:05")
                 .replace("build --output public", "build --output public --now 2026-11-25T00:05")
                 for line in gitlab["pages"]["script"][:3]]
        done = subprocess.run(["bash", "-e", "-c", "\n".join(lines)], cwd=runner,
                              capture_output=True, text=True,
                              env={**os.environ, "CI_PIPELINE_SOURCE": "schedule",
                                   "CI_COMMIT_SHA": newest, "GITHUB_OUTPUT": ""})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2026-11-20-kabar.md:3" in done.stderr   # the error is still told
    assert _git(runner, "rev-parse", "HEAD") == good
    assert (runner / "due.env").read_text() == f"due=true\ngood={good}\n"
    assert f'"commit": "{good}"' in (runner / "public/site-builder.json").read_text()
    assert "Kabar Baik" in (runner / "public/berita/kabar/index.html").read_text()


# -- the pre-commit framework -----------------------------------------------------

def test_pre_commit_hook_runs_the_installed_check_on_content_and_templates():
    (hook,) = _load(PRE_COMMIT_HOOKS)
    assert hook["id"] == "site-builder-check"
    assert hook["language"] == "python"
    assert hook["entry"] == "site-builder check"
    assert hook["pass_filenames"] is False and hook["always_run"] is False
    files = re.compile(hook["files"])
    for path in ("content/news/2024-01-05-kelas.md", "content/site.yaml", "templates/base.html"):
        assert files.search(path), path
    for path in ("README.md", "site_builder/cli.py", "tests/content/x.md"):
        assert not files.search(path), path


def test_pre_commit_entry_is_the_projects_console_script():
    script = _load(PRE_COMMIT_HOOKS)[0]["entry"].split()[0]
    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text())["project"]["scripts"]
    assert declared[script] == "site_builder.cli:run"
    installed = entry_points(group="console_scripts", name=script)
    assert [entry.value for entry in installed] == ["site_builder.cli:run"]


def test_pre_commit_entry_checks_a_site_from_its_root(tmp_path):
    """The framework runs the entry from the repository root, where content/ is."""
    executable = shutil.which("site-builder")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("site-builder is not on PATH: README's pip install must put it there")
        pytest.skip("site-builder is not on PATH (README's pip install puts it there)")
    root = make_site(tmp_path)
    result = subprocess.run([executable, "check"], cwd=root, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert not (root / "output").exists()


def test_gitlab_pages_get_their_text_files_compressed_beside_them(gitlab, tmp_path):
    """GitLab Pages compresses nothing itself: without a .gz beside each text file, pages
    went out 3 to 6 times heavier on residents' mobile data."""
    compress = gitlab["pages"]["script"][-1]
    public = tmp_path / "public"
    files = {"index.html": "<p>Halo</p>" * 200, "assets/style.css": "p{color:red}" * 200,
             "jadwal/jadwal.ics": "BEGIN:VCALENDAR\r\n" * 50, "feed.xml": "<feed/>" * 100,
             "foto.jpg": "not text"}
    for name, text in files.items():
        (public / name).parent.mkdir(parents=True, exist_ok=True)
        (public / name).write_text(text)
    subprocess.run(["sh", "-c", compress], cwd=tmp_path, check=True)
    for name, text in files.items():
        packed = public / (name + ".gz")
        if name.endswith(".jpg"):
            assert not packed.exists()
        else:
            assert gzip.decompress(packed.read_bytes()).decode() == text
            assert (public / name).exists()   # the file itself stays, for other browsers
