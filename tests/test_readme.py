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
