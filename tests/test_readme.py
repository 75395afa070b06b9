"""README's set-up commands are the ones CI runs."""

import re

from conftest import PROJECT


def _commands(text: str) -> list[str]:
    block = re.search(r"## Set-up.*?```sh\n(.*?)```", text, re.S)
    assert block, "README has a Set-up section with a sh block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_ci_runs_readmes_test_command():
    install_and_build, install_and_test = _commands((PROJECT / "README.md").read_text())
    assert "build.py" in install_and_build and "pip install" in install_and_build
    assert "pytest" in install_and_test
    ci = (PROJECT / ".ci" / "run").read_text()
    assert install_and_test in ci.splitlines()


def _cron_command(root, log) -> str:
    """README's crontab line for a server that builds and publishes itself, as `sh` runs
    it, for a site at `root` publishing into a folder beside it."""
    import sys

    [line] = [line.strip() for line in (PROJECT / "README.md").read_text().splitlines()
              if line.strip().startswith("5 * * * * ")]
    command = line.split(" ", 5)[5]
    for said, here in (("cd /srv/situs", f"cd {root}"), (".venv/bin/python", sys.executable),
                       ("build.py", str(PROJECT / "build.py")),
                       ("ftp://...", str(root.parent / "host")),
                       ("/var/log/situs.log", str(log))):
        assert said in command, said
        command = command.replace(said, here)
    return command


def test_the_crontab_line_logs_a_failed_build_and_a_publish(tmp_path):
    """Cron mails what a command prints, and a small server has no mail: README's line
    must put a failed build in the log, not only what publish prints."""
    import subprocess

    from conftest import make_site, write_files

    root = make_site(tmp_path, {"content/news/2026-11-20-kabar.md":
                                "---\ntitle: Kabar\ndate: 2026-11-20\n---\nIsi.\n"})
    log = tmp_path / "situs.log"
    command = _cron_command(root, log)
    assert subprocess.run(["sh", "-c", command]).returncode == 0
    assert "Terbit" in log.read_text(), log.read_text()
    write_files(root, {"content/news/2026-11-20-kabar.md":
                       "---\ntitle: Kabar\ndate: 2026-13-20\n---\nIsi.\n"})
    assert subprocess.run(["sh", "-c", command]).returncode == 1
    logged = log.read_text()
    assert "2026-11-20-kabar.md:3" in logged and "kesalahan" in logged, logged
