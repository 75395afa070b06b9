"""Site search: the index the build makes (cari/indeks/, search.py), and the search page cari/
used in real headless Chromium, with JavaScript on and off, on the sample site, on
tests/sites/kedungwaru (published under /perpustakaan/) and on small sites of the tests' own.

The small site holds one published news item, a draft, an item dated after NOW, an award
whose facts (<dt>/<dd>) must stay separate words, and a news item whose title and text look
like HTML. Each holds a made-up word found nowhere else, so a search for it has one answer.
"""

from __future__ import annotations

import itertools
import json
import pickle
import random
import re
import shutil
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser import PHONE, WatchedPage, serve
from conftest import PROJECT, make_site, run, snapshot
from test_accessibility import axe_violations, describe_violations
from site_builder import search as search_module
from site_builder.buildcache import BuildCache
from site_builder.outputs import OutputFile
from site_builder.pipeline import BuildOptions, build_site
from site_builder.search import IndexState, index_files

SEED_ARTICLE = "/berita/diskarpus-raih-penghargaan-perpusnas/"
NOW_TIME = datetime(2026, 11, 24, 9, 0)
SAMPLE_DRAFT_WORD = "resensi"   # only in content/news/2026-11-10-lomba-resensi-buku-pelajar.md

SMALL_SITE = {
    "content/news/2024-01-05-kelas-komputer.md": """
        ---
        title: Kelas komputer untuk warga
        date: 2024-01-05
        ---
        Pelatihan komputer gratis untuk warga desa. Kata kunangterbit hanya ada di sini.
        """,
    "content/news/2024-02-01-rencana-rahasia.md": """
        ---
        title: Rencana yang belum disetujui
        date: 2024-02-01
        draft: true
        ---
        Kata kunangdraf hanya ada di draf ini.
        """,
    "content/news/2027-01-10-kabar-tahun-depan.md": """
        ---
        title: Kabar tahun depan
        date: 2027-01-10
        ---
        Kata kunangnanti hanya ada di berita yang terbit tahun depan.
        """,
    "content/news/2024-03-01-judul-aneh.md": """
        ---
        title: 'Judul <b>tebal</b> & "kutip"'
        date: 2024-03-01
        ---
        Kata unikzebra ditulis `<img src=x onerror=alert(1)>` di sini.
        """,
    "content/awards/2024-04-01-perpustakaan-terbaik.md": """
        ---
        date: 2024-04-01
        award: Perpustakaan Terbaik
        giver: Kunangpemberi Nusantara
        recipient: Perpustakaan Uji
        ---
        Penghargaan tingkat provinsi.
        """,
}


def _news(title: str, date: str, text: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n{text}\n"


# What residents type, on a site whose news outnumber what they look for: a class and the
# contact page (undated: the ids before every news item's), each against eleven news items
# titled with the same words; notices of three years that never write their year;
# "lanjut usia" written out, "lansia" in the class, and "tindak lanjut" with "usia" apart.
RESIDENTS_SITE = {
    "content/schedule.yaml": """
        programs:
          - id: yoga
            title: Kelas Yoga
            summary: Yoga pagi untuk kebugaran.
            description: Gerakan ringan yang cocok untuk pemula dan lansia.
            weekly:
              - day: Minggu
                start: 6.30
                end: 8.00
            period: {from: 2026-07-05, until: 2026-12-27}
        """,
    "content/pages/kontak.md": """
        ---
        title: Kontak
        ---
        Perpustakaan buka Senin sampai Kamis pukul 08.00-15.30 WIB.
        """,
    **{f"content/news/2024-0{month}-{day:02d}-kelas-yoga-pagi-{month}-{day}.md": _news(
        "Kelas Yoga Pagi Diikuti Warga", f"2024-0{month}-{day:02d}",
        "Sebanyak tiga puluh warga mengikuti kelas yoga pagi.")
       for month, day in itertools.product((1, 2), range(1, 7)) if (month, day) != (2, 6)},
    **{f"content/news/2025-0{month}-{day:02d}-layanan-keliling-{month}-{day}.md": _news(
        "Perpustakaan Membuka Kembali Layanan Keliling", f"2025-0{month}-{day:02d}",
        "Layanan keliling kembali menyambangi desa-desa.")
       for month, day in itertools.product((1, 2), range(1, 7)) if (month, day) != (2, 6)},
    **{f"content/news/{date}-tutup-idulfitri-{year}.md": _news(
        f"Perpustakaan Tutup Selama Libur Idulfitri {year} H", date,
        "Layanan perpustakaan tutup selama libur Idulfitri.")
       for date, year in [("2020-05-18", 1441), ("2021-05-10", 1442), ("2022-04-29", 1443)]},
    "content/news/2023-03-01-senam-pagi.md": _news(
        "Senam Pagi bagi Warga Lanjut Usia", "2023-03-01",
        "Puluhan warga yang sudah lanjut usia mengikuti senam bersama."),
    "content/news/2023-04-03-pembinaan-perpustakaan-desa.md": _news(
        "Pembinaan Perpustakaan Desa", "2023-04-03",
        "Pengelola dari segala usia hadir. Pembinaan dilanjutkan bulan depan."),
    "content/news/2023-04-10-rapat-tindak-lanjut.md": _news(
        "Rapat Tindak Lanjut Program Desa", "2023-04-10",
        "Rapat membahas tindak lanjut usulan warga; peserta dari segala usia hadir."),
}


# --- helpers ------------------------------------------------------------------------------

def index_pages(output: Path) -> dict[int, dict]:
    """Every indexed page as the index stores it (cari/indeks/h/<id>.json), by id."""
    return {int(path.stem): json.loads(path.read_text(encoding="utf-8"))
            for path in (output / "cari" / "indeks" / "h").iterdir()}


def postings(output: Path) -> dict[str, tuple[list[int], list[int]]]:
    """Every term of the index: (title ids, text ids), decoded from every chunk."""
    meta = json.loads((output / "cari" / "indeks" / "meta.json").read_text(encoding="utf-8"))
    found = {}
    for first, name in meta["chunks"]:
        chunk = json.loads((output / "cari" / "indeks" / name).read_text(encoding="utf-8"))
        assert all(term >= first for term in chunk)
        for term, (title, text) in chunk.items():
            found[term] = (list(itertools.accumulate(title)), list(itertools.accumulate(text)))
    return found


def search(watched: WatchedPage, base: str, words: str) -> list[tuple[str, str]]:
    """Open cari/?q=words and wait for the answer; (href, title) of every result shown."""
    watched.goto(base + "cari/?q=" + words.replace(" ", "%20"))
    expect(status(watched.page)).to_have_text(re.compile(f"“{re.escape(words)}”"))
    return results(watched.page)


def status(page):
    return page.locator("[data-search-status]")


def results(page) -> list[tuple[str, str]]:
    # One call for them all (a call a link and attribute was most of a search's time).
    return [tuple(pair) for pair in page.locator("[data-search-results] li h2 a").evaluate_all(
        "links => links.map((link) => [link.getAttribute('href'), link.innerText])")]


@pytest.fixture
def watch(browser):
    """Opens WatchedPages in `browser` (watch(base)); closes them after the test."""
    opened: list[WatchedPage] = []

    def open_page(base: str) -> WatchedPage:
        opened.append(WatchedPage(browser, base))
        return opened[-1]

    yield open_page
    for watched in opened:
        watched.page.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """The small site built twice: output/ as published, drafts/ with --drafts."""
    root = make_site(tmp_path_factory.mktemp("small"), SMALL_SITE)
    published = run(root, "build")
    assert published.code == 0, published.err
    with_drafts = run(root, "build", "--drafts", "--output", str(root / "drafts"))
    assert with_drafts.code == 0, with_drafts.err
    return root


@pytest.fixture(scope="module")
def residents(tmp_path_factory) -> Path:
    """RESIDENTS_SITE built (output/)."""
    root = make_site(tmp_path_factory.mktemp("residents"), RESIDENTS_SITE)
    built = run(root, "build")
    assert built.code == 0, built.err
    return root / "output"


def ids_of(output: Path) -> dict[str, int]:
    """Each indexed page's id, by its address."""
    return {page["url"]: number for number, page in index_pages(output).items()}


# --- the bundle ---------------------------------------------------------------------------

def test_index_holds_the_articles_only(small):
    pages = index_pages(small / "output")
    # News and awards only: home, lists, tags, 404 and cari/ have no data-search-body.
    # Ids follow the date, so a new newest item takes the next id.
    assert [pages[number]["url"] for number in sorted(pages)] == [
        "/berita/kelas-komputer/", "/berita/judul-aneh/", "/penghargaan/perpustakaan-terbaik/"]
    meta = json.loads((small / "output" / "cari" / "indeks" / "meta.json").read_text())
    assert meta["version"] == 2 and meta["pages"] == 3 and meta["chunks"][0][0] == ""
    assert pages[0]["title"] == "Kelas komputer untuk warga"
    assert pages[0]["meta"] == {"jenis": "Berita", "tanggal": "Jumat, 5 Januari 2024"}
    # The date is shown beside a result, not again at the start of its excerpt.
    assert pages[0]["text"].startswith("Pelatihan komputer gratis"), pages[0]["text"]
    drafts = {page["url"] for page in index_pages(small / "drafts").values()}
    assert drafts == {page["url"] for page in pages.values()} | {
        "/berita/rencana-rahasia/", "/berita/kabar-tahun-depan/"}


def test_terms_are_indonesian_stems_in_title_or_text(small):
    terms = postings(small / "output")
    assert terms["komputer"] == ([0], [])      # in the title of page 0
    assert terms["latih"] == ([], [0])         # "Pelatihan" in its text
    assert terms["kunangterbit"] == ([], [0])
    assert "kunangdraf" not in terms and "kunangnanti" not in terms
    assert terms["harga"][1] == [2]            # "Penghargaan" in the award's text
    # Nothing the theme marks data-search-ignore ("Semua penghargaan" links) is indexed
    # from the award, and no page is in both lists of a term.
    assert all(not set(title) & set(text) for title, text in terms.values())


def test_a_hyphenated_word_is_also_indexed_written_as_one():
    """"Wi-Fi" is found by "wifi" too (assets/search.js joins a query's "wi-fi" the same
    way); a repeated word ("anak-anak") by its part only, a range ("15.00–17.00") is not
    joined."""
    assert search_module.terms("Wi-Fi gratis, e-book; Anak-anak covid\u201119 15.00\u201317.00"
                               " kata-kata-kata") == {
        "wi", "fi", "wifi", "gratis", "book", "ebook", "anak", "covid", "19", "covid19",
        "15", "00", "17", "kata"}
    assert search_module.joined_words("Wi-Fi, e-book, x-y-z, anak-anak, " + "a-" * 40 + "b") \
        == ["wifi", "ebook", "xyz"]


def test_the_kind_of_a_page_is_indexed_with_its_text(small):
    """The kind given on the article (data-search-meta="jenis:Berita"), shown with each
    result, is searched as the page's text: "jadwal merajut" finds the class page."""
    terms = postings(small / "output")
    (berita,) = search_module.terms("Berita")   # "ita": Snowball takes "ber-" off
    assert terms[berita] == ([], [0, 1])
    assert terms["harga"] == ([], [2])   # "Penghargaan": the award's kind and text


def test_facts_in_a_definition_list_stay_separate_words(small):
    award = index_pages(small / "output")[2]
    # each fact read as a sentence: "Pemberi: Kunangpemberi Nusantara." (below)
    assert re.search(r"\bPemberi: Kunangpemberi Nusantara\. ", award["text"]), award["text"]
    assert "Semua penghargaan" not in award["text"]


def test_each_block_of_a_page_ends_a_sentence_of_its_text():
    """A result's excerpt reads a page's headings, facts and list items as sentences
    ("Tempat: Ruang Baca. Biaya: Gratis."), not run together ("Tempat Ruang Baca Biaya
    Gratis"): a block ending without punctuation gets ".", a term of a definition list
    ":". The title and the facts shown with a result are left as written, and the
    punctuation adds no term."""
    page = ('<html><body><article data-search-body><h1>Kelas <em>Yoga</em></h1>'
            '<p data-search-meta="tanggal" data-search-ignore>Senin, 7 Desember 2026</p>'
            '<p>Gerakan ringan untuk <strong>pemula</strong></p><h2>Jadwal</h2>'
            '<dl><dt>Tempat</dt><dd>Ruang <b>Baca</b> <span>Lt. 2</span></dd>'
            '<dt>Biaya:</dt> <dd>Gratis (tanpa daftar)</dd></dl>'
            '<ul><li>Bawa matras;</li>\n<li>Datang <a href="/x/">lebih awal</a></li></ul>'
            '<p>\u201cAyo ikut!\u201d</p><p>Info di perpustakaan.jepara.go.id/</p>'
            '<p>Kelas &amp; &lt;b&gt;</p><p>\u2013</p></article></body></html>')
    record = search_module.read_page("jadwal/yoga/index.html", page.encode())
    data = json.loads(record.data)
    assert data["title"] == "Kelas Yoga"
    assert data["meta"] == {"tanggal": "Senin, 7 Desember 2026"}
    assert data["text"] == (
        "Gerakan ringan untuk pemula. Jadwal. Tempat: Ruang Baca Lt. 2. Biaya: Gratis (tanpa "
        "daftar). Bawa matras; Datang lebih awal. \u201cAyo ikut!\u201d Info di "
        "perpustakaan.jepara.go.id/ Kelas & <b> \u2013")
    unpunctuated = re.sub(r"(?<=[\w)])[.:](?= |$)", "", data["text"])
    assert set(record.text_terms) == search_module.terms(unpunctuated) - set(record.title_terms)


def test_a_pages_text_leaves_out_scripts_and_joins_words_split_by_inline_tags():
    """What is no text is left out (a script, a style, a template: up to its end tag,
    whatever it holds, tags too), a word split by inline tags reads as one word, a line
    break is a space, and an end tag in capitals ends a sentence as any other."""
    page = ('<article data-search-body><h1>Judul</h1>'
            '<p>Per<b>pus</b>takaan</P ><script>if (a<b) {x("</p>")}</script>'
            '<style>p { color: red }</style><template><p>contoh</p></template>'
            '<p>Buka <SPAN>setiap</SPAN> hari<br>Senin</p><script>tanpa akhir</article>')
    data = json.loads(search_module.read_page("berita/x/index.html", page.encode()).data)
    assert data["text"] == "Perpustakaan. Buka setiap hari Senin. tanpa akhir."   # no end tag: text


def test_a_class_page_text_leaves_out_the_heading_of_its_folded_past_sessions(sites):
    """The past sessions of a class page are folded and not indexed; nor is their heading,
    which would end the excerpt ("... Sesi yang sudah lewat")."""
    pages = index_pages(sites["sample"].output)
    (yoga,) = [page for page in pages.values() if page["url"] == "/jadwal/yoga/"]
    assert "Sesi mendatang" in yoga["text"] and "sudah lewat" not in yoga["text"], yoga["text"]


def test_undated_pages_take_the_first_ids_and_the_meta_says_how_many(small, residents):
    """Classes and standing pages have no data-search-date: ids follow (date, path), so
    theirs come first, and meta.json says how many there are (search.js ranks them ahead
    of news among results that match as well)."""
    meta = json.loads((residents / "cari" / "indeks" / "meta.json").read_text())
    assert meta["version"] == 2 and meta["undated"] == 2
    urls = [page["url"] for _, page in sorted(index_pages(residents).items())]
    assert urls[:2] == ["/jadwal/yoga/", "/kontak/"]
    assert all(url.startswith("/berita/") for url in urls[2:]) and len(urls) == 30
    meta = json.loads((small / "output" / "cari" / "indeks" / "meta.json").read_text())
    assert meta["undated"] == 0


def test_the_year_and_month_of_a_page_are_indexed_with_its_text(small, residents):
    """A notice of May 2020 that never writes "2020" is found by "libur lebaran 2020" and
    by "mei": its date's year and month are terms of its text (not of its title, nor of
    the text the result shows). Undated pages get none."""
    ids = ids_of(residents)
    terms = postings(residents)
    notices = [ids[f"/berita/tutup-idulfitri-{year}/"] for year in (1441, 1442, 1443)]
    assert terms["2020"] == ([], [notices[0]])
    assert terms["2021"] == ([], [notices[1]]) and terms["2022"] == ([], [notices[2]])
    (mei,) = search_module.terms("Mei")
    (april,) = search_module.terms("April")
    assert notices[:2] == [number for number in terms[mei][1] if number in notices]
    assert notices[2] in terms[april][1] and terms[mei][0] == []
    assert len(terms["2024"][1]) == len(terms["2025"][1]) == 11
    assert not {ids["/jadwal/yoga/"], ids["/kontak/"]} & set(terms["2024"][1] + terms[mei][1])
    shown = index_pages(residents)[notices[0]]
    assert "2020" not in shown["text"] and shown["meta"]["tanggal"] == "Senin, 18 Mei 2020"
    # The small site's items, of 2024: January, March and April.
    small_terms = postings(small / "output")
    assert small_terms["2024"] == ([], [0, 1, 2])
    assert [small_terms[term] for month in ("Januari", "Maret", "April")
            for term in search_module.terms(month)] == [([], [0]), ([], [1]), ([], [2])]


def test_lanjut_usia_is_also_indexed_as_lansia(residents):
    """Residents type "lansia" for "lanjut usia": a page that writes the phrase is indexed
    under "lansia" too, in its title or text as the phrase is; "lanjut" and "usia" apart
    ("tindak lanjut ... segala usia") are not the phrase."""
    ids = ids_of(residents)
    terms = postings(residents)
    assert terms["lansia"] == ([ids["/berita/senam-pagi/"]], [ids["/jadwal/yoga/"]])
    assert ids["/berita/rapat-tindak-lanjut/"] in terms["lanjut"][0]
    assert ids["/berita/rapat-tindak-lanjut/"] in terms["usia"][1]
    assert search_module.PHRASES == {"lansia": "lanjut usia"}


def test_sample_site_indexes_only_its_articles_and_builds_identically(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(PROJECT / "content", root / "content")
    first = run(root, "build")
    assert first.code == 0, first.err
    again = run(root, "build", "--no-cache", "--output", str(tmp_path / "again"))
    assert again.code == 0, again.err
    bundle = snapshot(root / "output" / "cari" / "indeks")
    assert bundle and bundle == snapshot(tmp_path / "again" / "cari" / "indeks")
    pages = index_pages(root / "output").values()
    urls = sorted(page["url"] for page in pages)
    assert SEED_ARTICLE in urls and "/profil/" in urls and "/jadwal/bahasa-inggris/" in urls
    assert "/penghargaan/inovasi-layanan-digital-terbaik/" in urls
    lists = {"/", "/berita/", "/penghargaan/", "/jadwal/", "/tag/", "/cari/"}
    assert not lists & set(urls)
    assert not [url for url in urls if url.startswith(("/tag/", "/berita/halaman/"))]
    assert all(SAMPLE_DRAFT_WORD not in page["text"].lower() for page in pages)


# Characters that fold unusually: decomposing to a space (\u00a8, \u02dc), a ligature,
# a dotted capital I, a capital sigma (lower case depends on its neighbours), combining
# accents, and white space of several kinds.
_FOLDING = list(" \t\n\u00a0\u2002\u3000\u200b\u0301\u0308\u00a8\u02dc\ufb01\u0130\u03a3\u00df_,.“”—")


@pytest.mark.parametrize("seed", range(3))
def test_terms_are_the_stems_of_the_words_however_the_text_is_cut(seed):
    """terms() reads a text piece by piece (split at white space, each piece's terms kept
    for the next page): the same terms as stemming every word (and hyphenated word joined)
    of the whole text."""
    rng = random.Random(seed)
    alphabet = [chr(code) for code in range(0x20, 0x2100)] + _FOLDING * 40
    known = dict(search_module._PIECE_TERMS)
    for _ in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        expected = {search_module._STEMMER.stemWord(word) for word in
                    search_module.words(text) + search_module.joined_words(text)}
        assert search_module.terms(text) == expected, repr(text)
        assert search_module.terms(text) == expected, repr(text)   # from the kept pieces
    assert len(search_module._PIECE_TERMS) > len(known)


def test_urls_hold_the_base_path():
    page = OutputFile("berita/kabar/index.html", b'<html lang="id"><body><article '
                      b'data-search-body><h1>Kabar</h1><p>Isi kabar.</p></article></body></html>')
    not_indexed = [OutputFile("404.html", b"<html><body><article data-search-body>"
                              b"<h1>Tidak ada</h1></article></body></html>"),
                   OutputFile("cari/index.html", b"<html><body><h1>Cari</h1></body></html>")]
    files = index_files([page, *not_indexed], "/perpustakaan/", BuildCache(None), "uji", {},
                        lambda path: b"")
    by_path = {file.path: file.content for file in files}
    assert sorted(by_path) == ["cari/indeks/h/0.json", "cari/indeks/k/" + next(
        path.rsplit("/", 1)[1] for path in by_path if "/k/" in path), "cari/indeks/meta.json"]
    assert json.loads(by_path["cari/indeks/h/0.json"]) == {
        "url": "/perpustakaan/berita/kabar/", "title": "Kabar", "meta": {}, "text": "Isi kabar."}


# --- kept up to date page by page --------------------------------------------------------

def _item(title: str, words: str, date: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\n{words}\n"


def size_cut(output: Path) -> list[str]:
    """The chunks of the index in `output` that begin where their run was cut for size."""
    meta = json.loads((output / "cari" / "indeks" / "meta.json").read_text(encoding="utf-8"))
    return [name for first, name in meta["chunks"][1:] if not search_module._starts_chunk(first)]


@pytest.mark.parametrize("seed, chunk, chunk_bytes",
                         [(1, 4, None), (2, 4, None), (3, 4, None), (4, 8, 120), (5, 16, 200)])
def test_a_patched_index_is_the_index_a_clean_build_makes(tmp_path, monkeypatch, seed, chunk,
                                                           chunk_bytes):
    """Edits of every kind, one build after another with the cache, each compared byte for
    byte with a build without it. Small runs (`chunk` terms on average) make edits split,
    merge and empty chunks; a small size (`chunk_bytes` characters; None: CHUNK_BYTES,
    which this site never reaches) cuts runs within."""
    monkeypatch.setattr(search_module, "CHUNK", chunk)
    if chunk_bytes is not None:
        monkeypatch.setattr(search_module, "CHUNK_BYTES", chunk_bytes)
    rng = random.Random(seed)
    vocabulary = ["buku", "membaca", "pelatihan", "komputer", "warga", "desa", "anak",
                  "dongeng", "perpustakaan", "inklusi", "sosial", "lomba", "menulis",
                  "kearsipan", "digital", "taman", "bacaan", "kunjungan", "sekolah", "guru"]
    root = make_site(tmp_path)
    (root / "content" / "news").mkdir()
    items: dict[str, tuple[str, str, str]] = {}

    def text() -> str:
        return " ".join(rng.choice(vocabulary) for _ in range(rng.randint(3, 12))) + \
            f" kata{rng.randint(0, 60)}"

    def write_item(name: str) -> None:
        title, words, date = items[name]
        (root / "content" / "news" / f"{name}.md").write_text(_item(title, words, date),
                                                              encoding="utf-8")

    # A long item never edited: many chunks, of which an edit touches a few.
    (root / "content" / "news" / "2023-06-01-daftar-istilah.md").write_text(
        _item("Daftar istilah", " ".join(f"istilah{n}" for n in range(300)), "2023-06-01"),
        encoding="utf-8")
    for number in range(12):
        name = f"2024-01-{number + 1:02d}-kabar-{number}"
        items[name] = (text(), text(), f"2024-01-{number + 1:02d}")
        write_item(name)
    options = BuildOptions(content_dir=root / "content", output_dir=root / "output", now=NOW_TIME)
    build_site(options)
    patched = cut = 0
    for step in range(14):
        kind = rng.choice(["title", "text", "newest", "older", "delete", "same"])
        name = rng.choice(sorted(items))
        if kind == "title":
            items[name] = (text(), *items[name][1:])
        elif kind == "text":
            items[name] = (items[name][0], text(), items[name][2])
        elif kind in ("newest", "older"):
            name = (f"2024-02-{step + 1:02d}-baru-{step}" if kind == "newest"
                    else f"2023-12-{step + 1:02d}-lama-{step}")
            items[name] = (text(), text(), name[:10])
        elif kind == "delete" and len(items) > 3:
            del items[name]
            (root / "content" / "news" / f"{name}.md").unlink()
        if name in items:
            write_item(name)
        result = build_site(options)
        fresh = tmp_path / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        build_site(replace(options, output_dir=fresh, cache=False))
        assert snapshot(root / "output" / "cari" / "indeks") == \
            snapshot(fresh / "cari" / "indeks"), (step, kind)
        chunks = [path for path in snapshot(fresh / "cari" / "indeks") if path.startswith("k/")]
        changed = [path for path in result.written.changed_paths if "/indeks/k/" in path]
        if kind in ("title", "text") and len(changed) < len(chunks):
            patched += 1
        cut += bool(size_cut(fresh))
    assert patched, "no edit was patched into the index: every build made it anew"
    assert bool(cut) == (chunk_bytes is not None)


def test_an_edit_decodes_only_the_entries_of_the_terms_it_moves(tmp_path, monkeypatch):
    """An edit is patched into the index by rewriting the entries of the terms it adds or
    removes; every other entry of the chunks it touches is kept as the cache holds its
    text, not decoded and encoded again (at 10,000 items one run of chunks held 2 MB).
    Terms in other scripts (Javanese, here) and with digits are read back as written."""
    monkeypatch.setattr(search_module, "CHUNK", 10 ** 6)   # all terms in one run
    words = "buku membaca desa anak dongeng guru taman ꦗꦮ 2024 kata7"
    root = make_site(tmp_path)
    news = root / "content" / "news"
    news.mkdir()
    for number in range(1, 5):
        (news / f"2024-01-0{number}-kabar-{number}.md").write_text(
            _item(f"Kabar {number}", words, f"2024-01-0{number}"), encoding="utf-8")
    (news / "2024-01-05-lain.md").write_text(_item("Lain", "inklusi sosial", "2024-01-05"),
                                             encoding="utf-8")
    options = BuildOptions(content_dir=root / "content", output_dir=root / "output", now=NOW_TIME)
    build_site(options)
    decoded: list[str] = []
    made: list[object] = []
    lists = search_module._lists
    monkeypatch.setattr(search_module, "_lists",
                        lambda entry: decoded.append(entry) or lists(entry))
    make = search_module.SearchIndex._make
    monkeypatch.setattr(search_module.SearchIndex, "_make",
                        lambda self, *args: made.append(args) or make(self, *args))
    # "Lain" gains a word other pages have and one no page has.
    (news / "2024-01-05-lain.md").write_text(
        _item("Lain", "inklusi sosial dongeng zebra", "2024-01-05"), encoding="utf-8")
    build_site(options)
    assert not made, "the index was made anew, not patched"
    assert [entry.split('"')[1] for entry in decoded] == ["dongeng"]
    fresh = tmp_path / "fresh"
    build_site(replace(options, output_dir=fresh, cache=False))
    assert snapshot(root / "output" / "cari" / "indeks") == snapshot(fresh / "cari" / "indeks")
    chunk = next((fresh / "cari" / "indeks" / "k").iterdir()).read_bytes()
    assert {"ꦗꦮ", "2024", "kata7"} <= set(search_module._chunk_entries(chunk))


@pytest.fixture(scope="module")
def sample_cut_small(tmp_path_factory) -> Path:
    """The sample site built with chunks of at most 2,000 characters (output/)."""
    root = tmp_path_factory.mktemp("cut")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_module, "CHUNK_BYTES", 2000)
        build_site(BuildOptions(content_dir=PROJECT / "content", output_dir=root / "output",
                                cache=False, now=NOW_TIME))
    return root / "output"


def test_a_chunk_holds_at_most_chunk_bytes_unless_one_term_alone(sites, sample_cut_small):
    """The same terms and pages as the sample site's own index, cut into more chunks, none
    over the size but where one term's lists alone are."""
    assert postings(sample_cut_small) == postings(sites["sample"].output)
    chunks = sorted((sample_cut_small / "cari" / "indeks" / "k").iterdir())
    own = list((sites["sample"].output / "cari" / "indeks" / "k").iterdir())
    assert len(chunks) > len(own) and size_cut(sample_cut_small)
    for path in chunks:
        text = path.read_text(encoding="utf-8")
        assert len(text) <= 2000 or len(json.loads(text)) == 1, (path.name, len(text))
    assert max(len(path.read_text(encoding="utf-8")) for path in own) > 2000


def test_words_are_found_across_chunks_cut_for_size(sites, sample_cut_small, watch):
    """Searches of the sample site find the same pages in chunks cut for size."""
    for words in ("inklusi sosial", "perpustakaan", "jepara", "anak membaca"):
        with serve(sites["sample"].output) as base:
            expected = search(watch(base), base, words)
        with serve(sample_cut_small) as base:
            watched = watch(base)
            assert search(watched, base, words) == expected and expected, words
            assert watched.errors == []


# --- the search page in Chromium ----------------------------------------------------------

def test_sample_site_finds_the_seed_article_as_typed(sites, watch):
    site = sites["sample"]
    watched = watch(site.base)
    requests: list[str] = []
    watched.page.on("request", lambda request: requests.append(request.url))
    found = search(watched, site.base, "inklusi sosial")
    assert (SEED_ARTICLE, "Diskarpus Jepara Raih Lima Penghargaan Nasional dari Perpustakaan "
                          "Nasional") in found
    box = watched.page.get_by_role("main").get_by_role("searchbox",
                                                       name=re.compile("Cari berita"))
    expect(box).to_have_value("inklusi sosial")

    box.fill("")
    expect(status(watched.page)).to_have_text("")
    expect(watched.page.locator("[data-search-results] li")).to_have_count(0)
    box.press_sequentially("inklusi sosial", delay=40)
    expect(status(watched.page)).to_have_text(re.compile(
        r"^\d+ hasil untuk “inklusi sosial”(; \d+ hasil lain memuat sebagian kata)?$"))
    found = results(watched.page)
    assert SEED_ARTICLE in [href for href, _ in found]
    assert all(href.startswith(("/berita/", "/penghargaan/", "/jadwal/", "/profil/",
                                "/layanan/", "/kontak/")) for href, _ in found), found
    assert re.search(r"[?&]q=inklusi(\+|%20)sosial", watched.page.url)
    assert watched.page.locator("[data-search-results] mark").count() > 0
    expect(watched.page.locator("[data-search-fallback]")).to_be_hidden()
    assert watched.errors == [] and watched.foreign_requests == []
    # The index's files only: meta.json, the chunks holding the two words, the pages shown.
    index = [url.split("/cari/indeks/", 1)[1] for url in requests if "/cari/indeks/" in url]
    assert index[0] == "meta.json" and "meta.json" not in index[1:]
    chunks = [name for name in index if name.startswith("k/")]
    assert chunks and len(chunks) == len(set(chunks))
    for name in chunks:   # each holds a term the words' stems begin
        held = json.loads((site.output / "cari" / "indeks" / name).read_text(encoding="utf-8"))
        assert any(term.startswith(("inklusi", "sosial")) for term in held), name
    assert not [url for url in requests if url.endswith((".wasm", ".pagefind"))]

    watched.page.locator("[data-search-results]").get_by_role(
        "link", name=re.compile("^Diskarpus Jepara Raih")).click()
    watched.page.wait_for_url(site.base + SEED_ARTICLE.lstrip("/"))


def test_more_results_come_ten_at_a_time(sites, watch):
    site = sites["sample"]
    watched = watch(site.base)
    assert len(search(watched, site.base, "perpustakaan")) == 10
    total = int(re.match(r"\d+", status(watched.page).inner_text()).group())
    assert total > 10
    items = watched.page.locator("[data-search-results] li")
    more = watched.page.get_by_role("button", name="Tampilkan hasil lainnya")
    while items.count() < total:
        shown = items.count()
        more.click()
        expect(items).to_have_count(min(total, shown + 10))
        # Keyboard and screen reader users continue at the first new result.
        expect(items.nth(shown).get_by_role("link")).to_be_focused()
    expect(more).to_be_hidden()
    assert len(set(results(watched.page))) == total
    assert watched.errors == []


def test_sample_site_draft_gives_no_result(sites, watch):
    site = sites["sample"]
    watched = watch(site.base)
    assert search(watched, site.base, SAMPLE_DRAFT_WORD) == []
    expect(status(watched.page)).to_have_text(f"Tidak ada hasil untuk “{SAMPLE_DRAFT_WORD}”; "
                                              "judul yang sama dapat dicari di katalog buku "
                                              "di bawah")
    assert watched.errors == []


def test_nothing_found_offers_the_same_words_to_the_book_catalog(sites, watch):
    """A resident who searches the site for a book ("novel harry potter") finds no page
    holding all the words (only the news of a gift of novels); the page then offers the
    library's catalog, the words already in its box. A search that finds a page holding
    them all, or no words, does not."""
    site = sites["sample"]
    watched = watch(site.base)
    main = watched.page.get_by_role("main")
    catalog = main.get_by_role("search", name="Katalog buku")
    assert [href for href, _ in search(watched, site.base, "novel harry potter")] == \
        ["/berita/donasi-buku-dari-komunitas/"]
    expect(status(watched.page)).to_have_text(
        "Tidak ada halaman yang memuat semua kata “novel harry potter”; 1 hasil memuat "
        "sebagian kata; judul yang sama dapat dicari di katalog buku di bawah")
    expect(catalog).to_be_visible()
    assert catalog.get_attribute("action") == \
        "https://opac.perpustakaan.jepara.go.id/opac/pencarian-sederhana"
    expect(catalog.get_by_role("searchbox", name="Cari koleksi buku")).to_have_value(
        "novel harry potter")
    expect(catalog.get_by_role("button", name="Cari")).to_be_visible()
    violations = axe_violations(watched.page)
    assert violations == [], describe_violations("cari/ with nothing found", violations)
    box = main.get_by_role("searchbox", name=re.compile("Cari berita"))
    box.fill("inklusi")
    box.press("Enter")
    expect(status(watched.page)).to_have_text(re.compile(r"^\d+ hasil untuk “inklusi”$"))
    expect(catalog).to_be_hidden()
    assert watched.errors == [] and watched.foreign_requests == []


# What residents search for, and a page each must find among the first three results.
AUDIT = {
    "syarat kartu anggota": "/layanan/#peminjaman-buku",   # no page holds "syarat"
    "jadwal merajut": "/jadwal/merajut/",   # its kind, Jadwal, is indexed
    "jadwal bahasa inggris": "/jadwal/bahasa-inggris/",
    "kelas yoga": "/jadwal/yoga/",
    "kelas bahasa inggris": "/jadwal/bahasa-inggris/",
    "jam buka": "/layanan/",
    "kapan perpustakaan buka": "/layanan/",   # its opening hours, before the news
    "wifi": "/layanan/#komputer-dan-internet",              # "Wi-Fi gratis"
    "perpus": "/profil/",   # "Profil Perpustakaan": the standing pages before the news
    "perpus keliling": "/berita/perpustakaan-keliling-sambangi-desa-pesisir/",
    "meraj": "/jadwal/merajut/",                            # as typed, on the way to "merajut"
    "donasi buku": "/berita/donasi-buku-dari-komunitas/",
}


def test_sample_site_answers_what_residents_search_for(sites, watch):
    """The searches of an audit of the sample site, and each class of the schedule (the
    list, /jadwal/, is not indexed) found by "jadwal <name>" and "kelas <name>"."""
    site = sites["sample"]
    watched = watch(site.base)
    for words, wanted in AUDIT.items():
        found = [href for href, _ in search(watched, site.base, words)]
        assert wanted in found[:3], (words, found[:3])
    for path in (site.output / "jadwal").iterdir():
        if not (path / "index.html").is_file():
            continue
        name = (path / "index.html").read_text(encoding="utf-8").split("<h1", 1)[1]
        name = re.sub(r"<[^>]*>", "", name.split(">", 1)[1].split("</h1>", 1)[0])
        name = name.removeprefix("Pelatihan ").removeprefix("Kelas ").lower()
        for words in (f"jadwal {name}", f"kelas {name}"):
            found = [href for href, _ in search(watched, site.base, words)]
            assert f"/jadwal/{path.name}/" in found, (words, found)
    assert watched.errors == [] and watched.foreign_requests == []


def test_a_class_and_a_standing_page_come_before_news_that_match_as_well(residents, watch):
    """An audit of a site of 10,000 news items: "kelas yoga" put the class page "Kelas
    Yoga" at 645 (every news item titled so matched as well, and was newer), "kapan
    perpustakaan buka" the contact page at 9,627 (behind every news item "Perpustakaan
    Membuka ...")."""
    with serve(residents) as base:
        watched = watch(base)
        assert search(watched, base, "kelas yoga")[0] == ("/jadwal/yoga/", "Kelas Yoga")
        assert search(watched, base, "kapan perpustakaan buka")[0] == ("/kontak/", "Kontak")
        assert watched.errors == [] and watched.foreign_requests == []


def test_a_year_typed_finds_the_items_of_that_year(residents, watch):
    """"libur lebaran 2020" found the notice of May 2020 only as lacking "2020": its text
    never writes the year its date shows."""
    with serve(residents) as base:
        watched = watch(base)
        assert search(watched, base, "libur lebaran 2020")[0][0] == \
            "/berita/tutup-idulfitri-1441/"
        expect(status(watched.page)).to_have_text(
            "1 hasil untuk “libur lebaran 2020”; 2 hasil lain memuat sebagian kata")
        expect(watched.page.locator("[data-search-results] li .meta").first).to_have_text(
            "Berita · Senin, 18 Mei 2020")
        assert [href for href, _ in search(watched, base, "idulfitri mei")] == [
            "/berita/tutup-idulfitri-1442/", "/berita/tutup-idulfitri-1441/",
            "/berita/tutup-idulfitri-1443/"]
        expect(status(watched.page)).to_have_text(
            "2 hasil untuk “idulfitri mei”; 1 hasil lain memuat sebagian kata")
        assert watched.errors == [] and watched.foreign_requests == []


def test_lansia_finds_lanjut_usia_and_the_other_way_round(residents, watch):
    """"lansia" found no page that writes "lanjut usia"; "lanjut usia" found "tindak lanjut
    ... segala usia" but not the class for "lansia"."""
    with serve(residents) as base:
        watched = watch(base)
        lansia = ["/jadwal/yoga/", "/berita/senam-pagi/"]
        assert [href for href, _ in search(watched, base, "lansia")] == lansia
        expect(status(watched.page)).to_have_text("2 hasil untuk “lansia”")
        # The phrase's words are marked where a page writes it.
        expect(watched.page.locator("[data-search-results] li").nth(1).locator("mark")) \
            .to_have_text(["lanjut", "usia"])
        assert [href for href, _ in search(watched, base, "lanjut usia")] == lansia
        expect(status(watched.page)).to_have_text("2 hasil untuk “lanjut usia”")
        assert search(watched, base, "tindak lanjut")[0][0] == "/berita/rapat-tindak-lanjut/"
        assert watched.errors == [] and watched.foreign_requests == []

@pytest.mark.parametrize("word, published, with_drafts", [
    ("kunangterbit", ["/berita/kelas-komputer/"], ["/berita/kelas-komputer/"]),
    ("kunangdraf", [], ["/berita/rencana-rahasia/"]),
    ("kunangnanti", [], ["/berita/kabar-tahun-depan/"]),
    ("kunangpemberi", ["/penghargaan/perpustakaan-terbaik/"],
     ["/penghargaan/perpustakaan-terbaik/"]),
])
def test_drafts_and_future_items_are_found_only_in_a_drafts_build(small, watch, word,
                                                                   published, with_drafts):
    for folder, expected in [("output", published), ("drafts", with_drafts)]:
        with serve(small / folder) as base:
            watched = watch(base)
            assert [href for href, _ in search(watched, base, word)] == expected, folder
            assert watched.errors == [] and watched.foreign_requests == []


def test_words_are_stemmed_as_indonesian(small, watch):
    """"dilatih" (is trained) finds "Pelatihan" (training): both stem to "latih"."""
    with serve(small / "output") as base:
        watched = watch(base)
        assert [href for href, _ in search(watched, base, "dilatih")] == \
            ["/berita/kelas-komputer/"]


def test_page_text_that_looks_like_html_is_shown_as_text(small, watch):
    with serve(small / "output") as base:
        watched = watch(base)
        dialogs: list[str] = []
        watched.page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
        found = search(watched, base, "unikzebra")
        assert found == [("/berita/judul-aneh/", 'Judul <b>tebal</b> & "kutip"')]
        shown = watched.page.locator("[data-search-results]")
        assert shown.locator("img, b, script").count() == 0
        assert "ditulis <img src=x onerror=alert(1)> di sini" in shown.inner_text()
        # The index holds the raw text; only the script's use of textContent keeps it text.
        page = next(page for page in index_pages(small / "output").values()
                    if page["url"] == "/berita/judul-aneh/")
        assert page["title"] == 'Judul <b>tebal</b> & "kutip"'
        assert "<img src=x onerror=alert(1)>" in page["text"]
        assert shown.locator("mark").first.inner_text() == "unikzebra"
        assert dialogs == [] and watched.errors == []


def test_results_show_kind_and_date(small, watch, tmp_path):
    """The theme names an article's kind with data-search-meta="jenis:..." and its date
    with data-search-meta="tanggal"."""
    built = run(small, "build", "--output", str(tmp_path / "out"))
    assert built.code == 0, built.err
    with serve(tmp_path / "out") as base:
        watched = watch(base)
        assert search(watched, base, "kunangterbit") == [("/berita/kelas-komputer/",
                                                          "Kelas komputer untuk warga")]
        facts = watched.page.locator("[data-search-results] li .meta")
        expect(facts).to_have_text("Berita · Jumat, 5 Januari 2024")


def test_sub_path_site_links_under_its_base_path(sites, watch):
    site = sites["kedungwaru"]
    assert site.base.endswith("/perpustakaan/")
    watched = watch(site.base)
    found = search(watched, site.base, "dongeng")
    hrefs = [href for href, _ in found]
    assert "/perpustakaan/jadwal/dongeng-anak/" in hrefs, hrefs
    assert all(href.startswith("/perpustakaan/") for href in hrefs), hrefs
    assert watched.errors == [] and watched.foreign_requests == []
    href, title = found[0]
    watched.page.locator("[data-search-results]").get_by_role(
        "link", name=title, exact=True).first.click()
    watched.page.wait_for_url(site.base.removesuffix("/perpustakaan/") + href)
    assert watched.page.get_by_role("heading", level=1).inner_text().strip() == title


def test_without_javascript_the_page_offers_the_catalog_and_links(sites, browser):
    site = sites["sample"]
    # A second chromium() cannot start while `browser` runs (one sync Playwright at a
    # time), so the context without JavaScript comes from the same browser.
    context = browser.browser.new_context(viewport=PHONE, java_script_enabled=False,
                                          locale="id-ID")
    try:
        watched = WatchedPage(context, site.base)
        watched.goto(site.base + "cari/?q=inklusi")
        main = watched.page.get_by_role("main")
        expect(main.get_by_text("Pencarian di situs ini tidak dapat berjalan")).to_be_visible()
        catalog = main.get_by_role("search", name="Katalog buku")
        expect(catalog).to_be_visible()
        assert catalog.get_attribute("action") == \
            "https://opac.perpustakaan.jepara.go.id/opac/pencarian-sederhana"
        expect(catalog.get_by_role("searchbox", name="Cari koleksi buku")).to_be_visible()
        # the classes running and the standing pages, by name: what is most looked for
        for name, path in [("Berita", "berita/"), ("Jadwal Kegiatan", "jadwal/"),
                           ("Berita per topik", "tag/"), ("Kelas Yoga", "jadwal/yoga/"),
                           ("Layanan", "layanan/")]:
            link = main.get_by_role("link", name=name, exact=True)
            expect(link).to_be_visible()
            assert link.get_attribute("href") == "/" + path
        expect(main.get_by_role("search", name="Cari di situs ini")).to_be_hidden()
        main.get_by_role("link", name="Berita per topik", exact=True).click()
        watched.page.wait_for_url(site.base + "tag/")
        assert watched.page.get_by_role("link", name=re.compile("^Inklusi Sosial")).count() >= 1
        assert watched.errors == [] and watched.foreign_requests == []
    finally:
        context.close()


def test_search_page_markup(small):
    html = (small / "output" / "cari" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script type="module" src="/assets/search.js\?v=[0-9a-f]{10}"></script>', html)
    assert 'data-search-index="/cari/indeks/"' in html
    assert re.search(r'<form [^>]*role="search"[^>]*action="/cari/"', html)
    assert '<label for="cari-kata">' in html and 'name="q" type="search"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html)
    assert not re.search(r"\son[a-z]+=", html)
    assert (small / "output" / "assets" / "search.js").is_file()


def test_content_cannot_take_the_search_bundle_address(tmp_path):
    root = make_site(tmp_path, {"content/static/cari/indeks/meta.json": "{}\n"})
    result = run(root, "build")
    assert result.code == 1
    assert ("content/static/cari/indeks/meta.json: kesalahan: alamat /cari/indeks/ dipakai"
            in result.err)


@pytest.mark.parametrize("state", [
    IndexState(),
    IndexState(pages={"index.html": ("k1", None)}),
    IndexState(pages={"berita/a/index.html": ("k1", "2026-11-02T08:00:00+07:00"),
                      "index.html": ("k2", None), "berita/b/index.html": ("k3", "")},
               order=["berita/b/index.html", "berita/a/index.html"],
               chunks=[("", "k/1.json"), ("pustaka", "k/2.json")]),
])
def test_the_index_state_the_cache_keeps_comes_back_as_it_was(state):
    """Pickled packed (texts joined, not a tuple per page): what comes back must be equal,
    undated pages (None) told apart from pages with an empty date."""
    assert pickle.loads(pickle.dumps(state, pickle.HIGHEST_PROTOCOL)) == state


def test_the_stemmer_in_c_gives_what_snowballs_python_one_gives():
    """snowballstemmer hands out PyStemmer's stemmers (Snowball's C code) when it is
    installed, as the project requires: they must stem as the Python algorithm does
    (and as assets/search.js, which ports it; tests/test_search_client.py)."""
    import Stemmer
    from snowballstemmer.indonesian_stemmer import IndonesianStemmer
    assert isinstance(search_module._STEMMER, Stemmer.Stemmer)
    text = " ".join(path.read_text(encoding="utf-8", errors="replace")
                    for folder in (PROJECT / "content", PROJECT / "tests" / "sites")
                    for path in folder.rglob("*.md"))
    vocabulary = sorted(set(search_module.words(text)) | {
        "menyapu", "memperbaiki", "pelatihan", "dilatih", "keberhasilan", "bersekolah",
        "perpustakaannya", "kepadamu", "diberikan", "pengetahuan", "sekolahlah",
        "menanyakanlah", "ketidakadilan", "menyanyi", "pemberdayaan", "berpengalaman",
        "memakan", "pengambilan", "bekerja", "pelajar", "bacalah", "bukunya", "kapanpun"})
    assert len(vocabulary) > 1000
    python = IndonesianStemmer()
    assert [search_module._STEMMER.stemWord(word) for word in vocabulary] == \
        [python.stemWord(word) for word in vocabulary]
