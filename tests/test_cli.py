"""The command line as staff and CI run it: real processes, exit codes, help, no tracebacks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import NOW, PROJECT, make_site

BUILD_PY = str(PROJECT / "build.py")


def build_py(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, BUILD_PY, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("args, words", [
    (["--help"], ["build", "check", "exit codes"]),
    (["build", "--help"], ["--content", "--output", "--base-url", "--drafts"]),
    (["check", "--help"], ["--content", "without writing"]),
])
def test_help(tmp_path, args, words):
    result = build_py(*args, cwd=tmp_path)
    assert result.returncode == 0
    for word in words:
        assert word in result.stdout


@pytest.mark.parametrize("args", [["publish-everything"], ["build", "--nope"],
                                  ["build", "--now", "kemarin"],
                                  ["build", "--base-url", "example.org/perpustakaan"]])
def test_wrong_usage_exits_2(tmp_path, args):
    result = build_py(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_missing_content_folder_exits_2(tmp_path):
    result = build_py("build", "--content", str(tmp_path / "nothing"), cwd=tmp_path)
    assert result.returncode == 2
    assert "folder konten tidak ada" in result.stderr


def test_plain_build_py_builds_content_into_output(tmp_path):
    root = make_site(tmp_path, {"content/pages/profil.md": "---\ntitle: Profil\n---\nIsi.\n"})
    result = build_py("--now", NOW, cwd=root)
    assert result.returncode == 0, result.stderr
    assert (root / "output/profil/index.html").is_file()
    assert "Selesai: " in result.stdout


def test_content_errors_exit_1_with_every_problem_and_no_traceback(tmp_path):
    root = make_site(tmp_path, {
        "content/news/a.md": "---\ntitle: A\ndate: 2024-02-30\n---\n",
        "content/news/b.md": "---\ndate: 2024-01-01\nimage: tidak-ada.jpg\n---\n",
        "content/schedule.yaml": "programs:\n  - id: yoga\n    title: Yoga\n    weekly:\n"
                                 "      - {day: Senen, start: 7.00}\n",
    })
    result = build_py("check", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("content/news/a.md:3: kesalahan:")
    assert any(line.startswith("content/news/b.md:2: kesalahan: kolom \"title\" wajib ada")
               for line in lines)
    assert any(line.startswith("content/news/b.md:3: kesalahan:") and "image_alt" in line
               for line in lines)
    assert any(line.startswith("content/schedule.yaml:5: kesalahan:") and "Senen" in line
               for line in lines)
    assert lines[-1].startswith("5 kesalahan")


def test_console_script_is_installed():
    script = shutil.which("site-builder")
    if script is None:
        if os.environ.get("CI"):
            pytest.fail("site-builder is not on PATH: README's install command must install it")
        pytest.skip("package not installed")
    result = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "check" in result.stdout


def test_missing_templates_folder_is_a_clear_error(tmp_path):
    root = make_site(tmp_path)
    result = build_py("build", "--templates", str(tmp_path / "tema-hilang"), "--now", NOW, cwd=root)
    assert result.returncode == 1
    assert "folder template tidak ditemukan" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "output").exists()


def test_a_plain_install_ships_the_theme(tmp_path):
    """The pre-commit framework installs without -e: the wheel must carry templates/."""
    import zipfile

    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                            "-q", "-w", str(tmp_path), str(PROJECT)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("site_builder-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    theme = {path.relative_to(PROJECT).as_posix() for path in (PROJECT / "templates").rglob("*")
             if path.is_file()}
    assert {"site_builder/" + name for name in theme} <= names
