"""The command line as staff and CI run it: real processes, exit codes, help, no tracebacks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOW, PROJECT, make_site, run
from site_builder.errors import (SUMMARY_ROWS, Location, Problem, Repository,
                                 format_problems, github_annotations, github_summary)

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


@pytest.mark.parametrize("args, meant", [
    (["build", "--ouput", "x"], "--output"), (["check", "--darfts"], "--drafts"),
    (["serve", "--prot", "8000"], "--port"), (["biuld"], "build"), (["chek"], "check"),
])
def test_a_mistyped_option_or_command_gets_the_one_meant(tmp_path, args, meant):
    result = build_py(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert f"mungkin maksudnya {meant}?" in result.stderr, result.stderr


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


WARNING = ("::warning file=site/content/news/2026-11-21-bazar.md,line=3,title=peringatan::"
           "tanggal 21 November 2062 lebih dari setahun lagi, jadi tulisan ini baru terbit saat "
           'itu; jika tahunnya salah ketik, perbaiki kolom "date"')


def test_check_on_github_actions_annotates_each_problem_at_its_file_and_line(tmp_path,
                                                                            monkeypatch):
    """Staff commit from GitHub's web editor and read the result there, not in a terminal:
    on GitHub Actions (GITHUB_ACTIONS=true) `check` also prints each problem as a workflow
    command, which GitHub shows as an annotation at the file and line, on the commit, its
    checks and the run's summary. Paths are the repository's (GITHUB_WORKSPACE)."""
    root = make_site(tmp_path, {
        "content/news/2026-11-20-lomba.md": "---\ntitle: Lomba 100%\ndate: 20-11-2026\n---\n"
                                            "Isi.\n",
        "content/news/2026-11-21-bazar.md": "---\ntitle: Bazar\ndate: 2062-11-21\n---\nIsi.\n",
    })
    plain = run(root, "check")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    failed = run(root, "check")
    assert failed.code == 1 and failed.err == plain.err   # the usual report, unchanged
    assert failed.out.splitlines() == [
        "::error file=site/content/news/2026-11-20-lomba.md,line=3,title=kesalahan::"
        'kolom "date": "20-11-2026" bukan tanggal yang valid; mungkin maksudnya 2026-11-20; '
        "tulis tanggal seperti 2023-09-29, 2023-09-29 10:30 atau 2023-09-29T10:30:00+07:00",
        WARNING,
    ]
    (root / "content/news/2026-11-20-lomba.md").write_text(
        "---\ntitle: Lomba 100%\ndate: 2026-11-20\n---\nIsi.\n", encoding="utf-8")
    warned = run(root, "check")
    assert warned.code == 0
    assert warned.out.splitlines()[0] == WARNING
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert not run(root, "check").out.startswith("::")


def _on_github(monkeypatch, workspace: Path, **more: str) -> Path:
    """The environment GitHub Actions gives a step of a run on a push to main."""
    summary = workspace / "step-summary.md"
    for name, value in {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(workspace),
                        "GITHUB_STEP_SUMMARY": str(summary),
                        "GITHUB_SERVER_URL": "https://github.com",
                        "GITHUB_REPOSITORY": "diskarpus/situs", "GITHUB_SHA": "c0ffee1",
                        "GITHUB_REF_NAME": "main", **more}.items():
        monkeypatch.setenv(name, value)
    return summary


LOMBA = "content/news/2026-11-20-lomba.md"
LOMBA_URL = "https://github.com/diskarpus/situs/blob/c0ffee1/site/content/news/2026-11-20-lomba.md"


def test_check_on_github_actions_writes_a_summary_to_fix_each_problem_from(tmp_path,
                                                                          monkeypatch):
    """A failed run's page on GitHub (where its e-mail leads) opens with the job summary:
    `check` writes there every problem in plain words, a link to its line and one that
    opens the file in GitHub's editor; annotations show ten a step at most."""
    root = make_site(tmp_path, {
        LOMBA: "---\ntitle: Lomba\ndate: <b>20-11-2026</b>\n---\nIsi.\n",
        "content/news/2026-11-21-bazar.md": "---\ntitle: Bazar\ndate: 2062-11-21\n---\nIsi.\n",
    })
    summary = _on_github(monkeypatch, tmp_path)
    summary.write_text("(an earlier step's summary)\n", encoding="utf-8")
    assert run(root, "check").code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("(an earlier step's summary)\n")   # appended, as GitHub asks
    assert "Situs tidak diterbitkan: 1 kesalahan, 1 peringatan" in text
    assert "situs yang sedang tayang tidak berubah" in text.lower()
    assert f'<a href="{LOMBA_URL}?plain=1#L3">site/{LOMBA}:3</a>' in text
    assert (f'<a href="https://github.com/diskarpus/situs/edit/main/site/{LOMBA}">ubah</a>'
            in text)
    assert "&lt;b&gt;20-11-2026&lt;/b&gt;" in text and "<b>20-11" not in text
    assert text.index("20-11-2026") < text.index("21 November 2062")   # file order

    (root / LOMBA).write_text("---\ntitle: Lomba\ndate: 2026-11-20\n---\nIsi.\n",
                              encoding="utf-8")
    summary.unlink()
    assert run(root, "check").code == 0
    text = summary.read_text(encoding="utf-8")
    assert "Situs lolos pemeriksaan, dengan 1 peringatan" in text
    assert "21 November 2062" in text and "kesalahan" not in text


def test_the_summary_of_a_pull_request_edits_its_own_branch(tmp_path, monkeypatch):
    root = make_site(tmp_path, {LOMBA: "---\ntitle: Lomba\ndate: 2026-13-01\n---\nIsi.\n"})
    summary = _on_github(monkeypatch, tmp_path, GITHUB_REF_NAME="7/merge",
                         GITHUB_HEAD_REF="perbaiki-lomba")
    run(root, "check")
    assert f"/edit/perbaiki-lomba/site/{LOMBA}" in summary.read_text(encoding="utf-8")


def test_a_clean_check_says_so_in_the_summary(tmp_path, monkeypatch):
    root = make_site(tmp_path, {LOMBA: "---\ntitle: Lomba\ndate: 2026-11-20\n---\nIsi.\n"})
    summary = _on_github(monkeypatch, tmp_path)
    assert run(root, "check").code == 0
    assert "Situs lolos pemeriksaan" in summary.read_text(encoding="utf-8")


def _annotations(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::")]


def test_build_on_github_actions_annotates_and_summarises_as_check_does(tmp_path,
                                                                       monkeypatch):
    """The workflow runs `build` alone (test_workflows): it must tell staff what `check`
    tells them, on the commit and at the top of the run's page, whether it stops at an
    error, builds with a warning, or finds nothing changed since the last build."""
    broken = "---\ntitle: Lomba\ndate: 20-11-2026\n---\nIsi.\n"
    root = make_site(tmp_path, {LOMBA: broken, "content/news/2026-11-21-bazar.md":
                                "---\ntitle: Bazar\ndate: 2062-11-21\n---\nIsi.\n",
                                "content/news/2027-01-05-pameran.md":
                                "---\ntitle: Pameran\ndate: 2027-01-05\n---\nIsi.\n"})
    summary = _on_github(monkeypatch, tmp_path)
    for content, code in ((broken, 1), ("---\ntitle: Lomba\ndate: 2026-11-20\n---\nIsi.\n", 0)):
        (root / LOMBA).write_text(content, encoding="utf-8")
        checked = run(root, "check")
        checked_summary = summary.read_text(encoding="utf-8")
        summary.unlink()
        built = run(root, "build")
        assert checked.code == built.code == code, built.err
        assert _annotations(built.out) == _annotations(checked.out) != []
        assert summary.read_text(encoding="utf-8") == checked_summary
        summary.unlink()
    assert "Situs tidak diterbitkan" not in checked_summary
    assert "21 November 2062" in checked_summary   # the warning
    assert any(line.startswith("::notice file=site/content/news/2027-01-05-pameran.md")
               for line in _annotations(built.out))   # the scheduled item, at its date
    unchanged = run(root, "build")   # output/ already holds this build (uptodate.py)
    assert unchanged.code == 0 and "0 berubah" in unchanged.out
    assert _annotations(unchanged.out) == _annotations(built.out)
    assert summary.read_text(encoding="utf-8") == checked_summary


def test_a_summary_of_many_problems_stays_under_githubs_limit():
    """GitHub drops a step summary over 1 MiB: the table stops at SUMMARY_ROWS."""
    problems = [Problem(Location(Path(f"content/news/{n:05}.md"), 3), "x" * 300)
                for n in range(5000)]
    text = github_summary(problems, Path("/repo"), Repository("https://github.com/a/b", "c",
                                                              "main", Path("/repo")))
    assert len(text.encode()) < 1024 * 1024
    assert text.count("<tr><td>") == SUMMARY_ROWS
    assert f"dan {5000 - SUMMARY_ROWS} lagi" in text


def test_the_error_that_stops_the_build_is_not_buried_under_years_of_warnings():
    """With 6,000 old warnings (items of 2016 without a summary) and today's one error,
    the summary's 500 rows held 2016's warnings only, GitHub's annotations of the step
    the first ten of them, and the log put the error 11,000 lines above its count."""
    old = [Problem(Location(Path(f"content/news/2016/2016-01-{n:05}.md"), 5),
                   "paragraf pertama panjang", "warning") for n in range(600)]
    today = Problem(Location(Path("content/news/2026/2026-11-24-lomba.md"), 3),
                    'kolom "date": "24-11-2026" bukan tanggal yang valid')
    problems = [*old, today]
    text = github_summary(problems, Path("/repo"), Repository("https://github.com/a/b", "c",
                                                              "main", Path("/repo")))
    rows = re.findall(r"<tr><td>.*?</tr>", text)
    assert len(rows) == SUMMARY_ROWS and "24-11-2026" in rows[0]
    assert github_annotations(problems, Path("/repo"), None).startswith(
        "::error file=content/news/2026/2026-11-24-lomba.md,line=3")
    log = format_problems(problems).splitlines()
    assert log[-1] == ("1 kesalahan, 600 peringatan: situs tidak dibangun, hasil sebelumnya "
                       "tidak diubah.")
    assert log[-2] == str(today) and log[-3].startswith("Kesalahan yang menghentikan build")
    assert [line for line in format_problems(old[:20] + [today]).splitlines()
            if "24-11-2026" in line] == [str(today)]   # a few warnings: said once


def test_workflow_commands_escape_what_github_would_read_as_syntax():
    problem = Problem(Location(Path("content/news/a,b:c.md"), 4), "100% baris\r\nkedua")
    assert github_annotations([problem], Path("/repo/site"), None) == (
        "::error file=content/news/a%2Cb%3Ac.md,line=4,title=kesalahan::100%25 baris%0D%0Akedua")


def test_a_scheduled_titles_newlines_start_no_line_of_the_log(tmp_path):
    """The line a scheduled item gets quotes its title: one line too."""
    root = make_site(tmp_path, {"content/news/2027-01-05-lomba.md":
                                '---\ntitle: "Lomba\\n::stop-commands::abc"\ndate: 2027-01-05\n'
                                "---\nIsi.\n"})
    result = run(root, "check")
    assert result.code == 0, result.err
    assert not [line for line in result.out.splitlines() if line.startswith("::")]
    assert '"Lomba\\n::stop-commands::abc"' in result.out


def test_a_value_with_newlines_starts_no_line_of_checks_log(tmp_path, monkeypatch):
    """A field value is quoted in its problem's message; its newlines, printed as they
    were, started lines of the log on GitHub Actions with "::", which GitHub reads as a
    workflow command: ::stop-commands:: switched off the annotations after it, ::error
    forged one. One problem is one line, its control characters escaped."""
    value = "Perpustakaan Daerah Jepara\\n::stop-commands::abc123\\r\\n::error file=x.md::palsu"
    root = make_site(tmp_path, {"content/site.yaml": "title: Perpustakaan Uji\n"
                                                     "base_url: https://example.org/\n"
                                                     f'short_title: "{value}"\n'})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    result = run(root, "check")
    assert result.code == 0, result.err
    log = result.err.splitlines()
    assert [line for line in log if "short_title" in line] == [
        'content/site.yaml:3: peringatan: kolom "short_title": "Perpustakaan Daerah Jepara\\n'
        '::stop-commands::abc123\\r\\n::error file=x.md::palsu" 76 karakter; di layar '
        "utama HP nama di bawah ikon terpotong sesudah 12 sampai 15 huruf "
        '("Perpustakaan…"), jadi tulis yang lebih pendek']
    assert len(log) == 2 and log[1] == "1 peringatan."
    # The annotation stays one workflow command, escaped as GitHub's toolkit does.
    annotations = [line for line in result.out.splitlines() if line.startswith("::")]
    assert annotations == [
        "::warning file=site/content/site.yaml,line=3,title=peringatan::kolom \"short_title\": "
        '"Perpustakaan Daerah Jepara%0A::stop-commands::abc123%0D%0A::error file=x.md::palsu'
        '" 76 karakter; di layar utama HP nama di bawah ikon terpotong sesudah 12 sampai '
        '15 huruf ("Perpustakaan…"), jadi tulis yang lebih pendek']


def test_a_problem_is_one_line_whatever_its_message_and_file_name_hold():
    problems = [Problem(Location(Path("content/static/panduan\nR! zzz"), None),
                        "nama berkas\r\n::error::palsu\x1b[31m\x00\x7f\x85\u2028\u2029 akhir"),
                Problem(Location(Path("content/news/a.md"), 3), "tab\ttetap", "warning")]
    for colour in (False, True):
        lines = format_problems(problems, colour).splitlines()
        assert len(lines) == 4 and lines[1] == ""            # two files, then the count
        assert lines[0].startswith("content/news/a.md:3: ") and lines[0].endswith(": tab\ttetap")
        assert lines[2].startswith("content/static/panduan\\nR! zzz: ")
        assert lines[2].endswith(": nama berkas\\r\\n::error::palsu\\x1b[31m\\x00\\x7f\\x85"
                                 "\\u2028\\u2029 akhir")
    assert str(problems[0]) == format_problems(problems).splitlines()[2]
    summary = github_summary(problems, Path("/repo"), Repository("https://github.com/a/b", "c",
                                                                 "main", Path("/repo")))
    rows = [line for line in summary.splitlines() if line.startswith("<tr><td>")]
    assert len(rows) == 2 and "palsu\\x1b[31m" in rows[0]     # one row, one line
