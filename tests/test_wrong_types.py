"""Every field given a value of the wrong type: a clear error or a correct page, never a crash."""

from __future__ import annotations

import re

import pytest

from conftest import image_bytes, make_site, run

NEWS_FIELDS = ["title", "date", "summary", "tags", "image", "image_alt", "author", "source",
               "updated", "slug", "draft"]
AWARD_FIELDS = NEWS_FIELDS + ["award", "giver", "recipient", "recipient_type", "year", "event",
                              "news"]
PAGE_FIELDS = ["title", "slug", "summary", "menu_order", "draft"]
PROGRAM_FIELDS = ["id", "title", "summary", "description", "category", "partner", "location",
                  "audience", "fee", "quota", "registration", "weekly", "period", "except",
                  "sessions"]
SITE_FIELDS = ["title", "base_url", "language", "timezone", "tagline", "description", "contact",
               "social", "catalog_url", "menu", "per_page"]

WRONG = {
    "list": "[a, [b], {c: d}]",
    "mapping": "{a: 1, b: [2]}",
    "number": "12",
    "float": "-1.5e3",
    "bool": "yes",
    "null": "~",
    "empty": "''",
    "long": "'" + "x" * 5000 + "'",
    "unicode": "'\u202e\u0000\U0001F600'",
}

NEWS = {"title": "Judul", "date": "2024-01-05", "summary": "Ringkas", "tags": "[A]",
        "image": "x.png", "image_alt": "alt", "author": "A", "source": "S",
        "updated": "2024-01-06", "slug": "judul", "draft": "false"}
AWARD = {**NEWS, "award": "Juara", "giver": "Pemberi", "recipient": "Penerima",
         "recipient_type": "individual", "year": "2024", "event": "Acara", "news": "judul"}
PAGE = {"title": "Profil", "slug": "profil", "summary": "Ringkas", "menu_order": "1",
        "draft": "false"}


def front_matter(fields: dict[str, str]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\nIsi.\n"


def assert_handled(root) -> None:
    result = run(root)
    assert result.code in (0, 1), result.err
    assert "Traceback" not in result.err
    *problems, summary = result.err.splitlines() or [""]
    problems = [line for line in problems if line]   # a blank line separates files
    for line in problems:
        assert line.startswith("content/") and re.search(r":\d+: (kesalahan|peringatan): ", line), line
    if result.code == 1:
        assert any(": kesalahan: " in line for line in problems)
        assert "kesalahan" in summary


@pytest.mark.parametrize("kind", sorted(WRONG))
@pytest.mark.parametrize("field", AWARD_FIELDS)
def test_news_and_award_fields(tmp_path, field, kind):
    files = {
        "content/news/2024-01-05-judul/index.md": front_matter(
            {**NEWS, field: WRONG[kind]} if field in NEWS else NEWS),
        "content/news/2024-01-05-judul/x.png": image_bytes(kind="PNG"),
        "content/awards/2024-01-05-juara/index.md": front_matter({**AWARD, field: WRONG[kind]}),
        "content/awards/2024-01-05-juara/x.png": image_bytes(kind="PNG"),
    }
    assert_handled(make_site(tmp_path, files))


@pytest.mark.parametrize("kind", sorted(WRONG))
@pytest.mark.parametrize("field", PAGE_FIELDS)
def test_page_fields(tmp_path, field, kind):
    root = make_site(tmp_path, {"content/pages/profil.md": front_matter({**PAGE, field: WRONG[kind]})})
    assert_handled(root)


PROGRAM = """\
programs:
  - id: yoga
    title: Kelas Yoga
    summary: Yoga
    description: Yoga **pagi**
    category: Olahraga
    partner: Komunitas
    location: Aula
    audience: Umum
    fee: Gratis
    quota: 20
    registration: WA
    weekly: [{day: Sabtu, start: 7.00, end: 8.00}]
    period: {from: 2026-10-01, until: 2026-12-31}
    except: [2026-12-26]
    sessions: [{date: 2026-12-27, start: 7.00, end: 8.00, location: Alun-alun, note: Terbuka}]
"""


@pytest.mark.parametrize("kind", sorted(WRONG))
@pytest.mark.parametrize("field", PROGRAM_FIELDS)
def test_program_fields(tmp_path, field, kind):
    lines = [f"    {field}: {WRONG[kind]}" if line.startswith(f"    {field}:") else line
             for line in PROGRAM.splitlines()]
    assert_handled(make_site(tmp_path, {"content/schedule.yaml": "\n".join(lines) + "\n"}))


@pytest.mark.parametrize("kind", sorted(WRONG))
@pytest.mark.parametrize("field", ["day", "start", "end", "date", "location", "note", "from",
                                   "until"])
def test_session_fields(tmp_path, field, kind):
    text = PROGRAM.replace(f"{field}: ", f"{field}: {WRONG[kind]}, _was: ")
    assert_handled(make_site(tmp_path, {"content/schedule.yaml": text}))


@pytest.mark.parametrize("kind", sorted(WRONG))
@pytest.mark.parametrize("field", SITE_FIELDS)
def test_site_fields(tmp_path, field, kind):
    text = f"title: Uji\nbase_url: https://example.org/\n{field}: {WRONG[kind]}\n"
    text = text.replace(f"{field}: ", "_old: ", 1) if field in ("title", "base_url") else text
    assert_handled(make_site(tmp_path, {"content/site.yaml": text}))


@pytest.mark.parametrize("text", ["", "---\n", "[]\n", "just text\n", "programs: 3\n",
                                  "programs: [1, two, [3]]\n", "- a\n- b\n", "--- a\n--- b\n",
                                  "programs:\n  - &a {id: x, title: y, sessions: *a}\n"])
def test_odd_schedule_files(tmp_path, text):
    assert_handled(make_site(tmp_path, {"content/schedule.yaml": text}))


@pytest.mark.parametrize("text", ["", "---\n", "---\n---\n", "---\n- a\n---\n", "---\n---\n---\n",
                                  "---\ntitle: [\n---\n", "\n---\ntitle: x\n---\n",
                                  "---\n: x\n---\n", "---\n? [a]\n: b\n---\n"])
def test_odd_markdown_files(tmp_path, text):
    assert_handled(make_site(tmp_path, {"content/news/2024-01-05-x.md": text}))


def test_quoted_true_false_and_whole_numbers_are_read_as_meant(tmp_path):
    """The guide teaches to quote a value when in doubt: "false" was refused as "bukan
    "false"", and "4" as not a number. They are read as meant, with no message."""
    session = "sessions: [{date: 2026-12-27, start: 7.00, cancelled: \"false\"}]"
    root = make_site(tmp_path, {
        "content/news/2024-01-05-terbit.md": front_matter(
            {"title": "Terbit", "date": "2024-01-05", "draft": '"false"'}),
        "content/news/2024-01-06-konsep.md": front_matter(
            {"title": "Konsep", "date": "2024-01-06", "draft": '"True"'}).replace(
                "Isi.", "GANTI: isi berita."),   # a draft may keep what `new` left
        "content/pages/profil.md": front_matter({"title": "Profil", "menu_order": '"2"'}),
        "content/pages/kontak.md": front_matter({"title": "Kontak", "menu_order": "'1'"}),
        "content/awards/2024-01-05-juara.md": front_matter(
            {"date": "2024-01-05", "award": "Juara", "giver": "Pemberi",
             "recipient": "Penerima", "year": '"2023"'}),
        "content/schedule.yaml": PROGRAM.replace("quota: 20", 'quota: "25"').replace(
            "sessions: [{date: 2026-12-27, start: 7.00, end: 8.00, location: Alun-alun, "
            "note: Terbuka}]", session).replace("    except: [2026-12-26]\n", ""),
    })
    result = run(root)
    assert result.code == 0 and result.err == "", result.err
    out = root / "output"
    assert (out / "berita/terbit/index.html").is_file()
    assert not (out / "berita/konsep").exists()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert home.index('href="/kontak/"') < home.index('href="/profil/"')
    assert "2023</dd>" in (out / "penghargaan/juara/index.html").read_text(encoding="utf-8")
    program = (out / "jadwal/yoga/index.html").read_text(encoding="utf-8")
    assert "25 orang" in program and "tidak ada sesi" not in program


def test_a_number_with_a_comma_is_told_in_plain_words(tmp_path):
    """"bilangan bulat" is a word of school maths; "angka tanpa koma" says it plainly."""
    root = make_site(tmp_path, {"content/pages/profil.md": front_matter(
        {"title": "Profil", "menu_order": "'2,5'"})})
    result = run(root)
    assert result.code == 1
    assert ('content/pages/profil.md:3: kesalahan: kolom "menu_order" harus berupa angka '
            'tanpa koma, bukan "2,5"') in result.err
    assert "bilangan bulat" not in result.err


def test_a_programs_draft_quoted_false_is_no_call_to_cancel_it(tmp_path):
    """`draft: "false"` on a program says nothing is off: no error asking to cancel it,
    only the unknown field's warning."""
    root = make_site(tmp_path, {"content/schedule.yaml": PROGRAM.replace(
        "    title: Kelas Yoga\n", '    title: Kelas Yoga\n    draft: "false"\n')})
    result = run(root)
    assert result.code == 0, result.err
    assert 'kolom "draft" tidak dikenal dan diabaikan' in result.err
    assert "kesalahan" not in result.err
