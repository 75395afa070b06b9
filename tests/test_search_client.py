"""The search page's script (templates/assets/search.js) in real headless Chromium, on
its own: its Indonesian stemmer and word splitting against Python's (snowballstemmer, which
site_builder/search.py indexes with), and its searching on a hand-made index in the format
search.py writes under cari/indeks/:

    meta.json       {"version": 2, "pages": N, "chunks": [[first term, file], ...],
                     "undated": U}: ids below U are undated pages (classes, standing pages)
    k/<hash>.json   {term: [[title ids], [text ids]]}, ids ascending and delta-encoded
    h/<id>.json     {"url", "title", "meta": {"jenis", "tanggal"}, "text"}

where a page's terms are the stems of its words, of its hyphenated words also written as one
("Wi-Fi": "wifi"), and of its kind ("jenis", with the text's).

The index here is written by the test itself, so the script is checked against the format,
not against whatever the build happens to write; the search page around it is the one a
real build of a small site makes.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
import unicodedata
from pathlib import Path

import pytest
import snowballstemmer
from playwright.sync_api import expect

from browser import PHONE, WatchedPage, QuietHandler, serve
from conftest import PROJECT, SITE_YAML, make_site, run

SCRIPT = PROJECT / "templates" / "assets" / "search.js"
STEMMER = snowballstemmer.stemmer("indonesian")
FAILED = ("Pencarian tidak dapat dimuat. Periksa sambungan internet, lalu muat ulang "
          "halaman.")
SOME = "Tidak ada halaman yang memuat semua kata"   # the status when no page holds them all
# Said after it, and after "Tidak ada hasil untuk “…”", as the catalog box shows.
CATALOG = "; judul yang sama dapat dicari di katalog buku di bawah"


def words(text: str) -> list[str]:
    """The words of `text` as search.py splits them, before stemming."""
    folded = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", text)).lower()
    return [word for word in re.findall(r"[^\W_]+", folded) if 2 <= len(word) <= 40]


def terms(text: str) -> list[str]:
    return [STEMMER.stemWord(word) for word in words(text)]


def index_terms(text: str) -> set[str]:
    """The terms search.py indexes for `text`: those of its words, and of each word written
    with hyphens joined into one ("Wi-Fi": "wifi"), unless it repeats one word ("anak-anak")."""
    folded = re.sub("[\u0300-\u036f]", "", unicodedata.normalize("NFKD", text)).lower()
    joined = ["".join(parts) for parts in (re.split("[-\u2010\u2011]", run) for run in
              re.findall(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)+", folded))
              if len(set(parts)) > 1]
    return set(terms(text)) | {STEMMER.stemWord(word) for word in joined
                               if 2 <= len(word) <= 40}


# --- the stemmer and the word splitting -----------------------------------------------------

# Every rule of the algorithm: particles, possessives, both orders of prefixes with their
# sound changes (meny- + vowel -> s, mem-/pem- + vowel -> p), the suffixes and when they are
# kept, the measure (number of vowels) that stops it, and words with digits.
RULE_WORDS = """
    bukukah bacalah merekapun apakah dialah kamipun kah lah pun
    bukuku bukumu bukunya rumahnya rumahmu ibuku nya ku mu bukunyalah rumahkupun
    dilatih dibaca dimakan ditulis dibacakan diperbaiki diberikan dikirimi dibelikan ditanyai
    kesehatan keindahan keadilan ketua kedua ketiga kebersihan kebudayaan
    terbaca tertulis tersenyum terbawa terpelajar
    membaca memakan memukul mempunyai meminum memberikan memperbaiki mempelajari membersihkan
    menulis menemukan menemui mendengarkan menduduki menyapu menyanyi menyewa menyusun
    meyakinkan mengambil mengajarkan menganga mengikuti mengapa
    pemukul pemakai pemain pembaca pembacaan pemerintah pemerintahan
    penulis penulisan penyanyi penyapu penyair penyusun penyakit
    pengajar pengambilan pengikut pegawai pelari pelajar pelajaran pelajarlah pelatihan
    belajar bekerja bepergian beserta bersih berlari bertemu bersekolah berbahasa bertanya
    berkelanjutan bercerita perbaiki perbaikan pertanyaan perempuan perpustakaan perpusnas
    peserta pesertanya tulisannya kesempatannya sekolahan dibukakannya pemukulnya
    pelajarannyalah kanan jalani kunci nasi pasti lestari dibelikannya mempertanyakan
    di ke me mem men meng meny pe pem pen peng peny ter be ber per pel bel
    aa ab ai ia aiueo yaa ya
    menyrempet penyblok menyzzi pelajak belajau belakar beterbangan bekerjasama
    2024 covid19 b12 abc123kan m3nulis ke2 mp3 3d 1945an menyambut17an
"""


@pytest.fixture(scope="module")
def script_page(browser, tmp_path_factory):
    """A blank page that has imported search.js (no [data-search] on it): yields
    (WatchedPage, the script's URL, the URLs the page requested)."""
    folder = tmp_path_factory.mktemp("script")
    shutil.copy(SCRIPT, folder / "search.js")
    (folder / "index.html").write_text(
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Uji</title>'
        '<link rel="icon" href="data:,"></head><body><p>Kosong</p></body></html>',
        encoding="utf-8")
    with serve(folder) as base:
        watched = WatchedPage(browser, base)
        requested: list[str] = []
        watched.page.on("request", lambda request: requested.append(request.url))
        watched.goto(base + "index.html")
        watched.page.evaluate("async url => { window.search = await import(url); }",
                              base + "search.js")
        yield watched, base + "search.js", requested
        watched.page.close()


def site_words() -> set[str]:
    """Every word of the sample site and of the test sites, as search.py splits them."""
    found: set[str] = set()
    for folder in [PROJECT / "content", PROJECT / "tests" / "sites"]:
        for path in sorted(folder.rglob("*")):
            if path.suffix in {".md", ".yaml"}:
                found.update(words(path.read_text(encoding="utf-8", errors="replace")))
    return found


def test_importing_the_script_elsewhere_does_nothing_but_export(script_page):
    watched, url, requested = script_page
    assert watched.page.evaluate("() => Object.keys(window.search).sort()") == [
        "excerpt", "stem", "terms"]
    assert requested == [url.removesuffix("search.js") + "index.html", url]
    assert watched.page.locator("body").inner_html() == "<p>Kosong</p>"
    assert watched.errors == [] and watched.foreign_requests == []


def test_an_excerpt_neither_starts_nor_ends_inside_a_number(script_page):
    """An excerpt holds 30 words from 10 before the first match; a time or an amount
    written with a point, comma or colon ("11.30", "1.500", "08:00") is two words there,
    yet the excerpt takes it whole: "… 11.30 WIB", not "… 30 WIB"."""
    watched, _, _ = script_page
    shown = watched.page.evaluate("""([text, wanted]) => {
        const target = document.createElement("p");
        window.search.excerpt(target, text, wanted);
        return target.textContent;
    }""", ["Jadwal 09.00\u201311.30 WIB satu dua tiga empat lima enam tujuh delapan kancil "
           "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas dua belas "
           "tiga belas empat belas biaya Rp1.500,00 untuk 08:00 pagi", ["kancil"]])
    assert shown == ("\u2026 11.30 WIB satu dua tiga empat lima enam tujuh delapan kancil "
                     "satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas "
                     "dua belas tiga belas empat belas biaya Rp1.500,00 \u2026"), shown


def test_stemmer_gives_what_snowball_gives_for_every_word(script_page):
    watched, _, _ = script_page
    rule_words = RULE_WORDS.split()
    everything = sorted(site_words() | set(rule_words))
    assert len(everything) > 1500   # the sites' words were really read
    stems = watched.page.evaluate("words => words.map(search.stem)", everything)
    expected = [STEMMER.stemWord(word) for word in everything]
    wrong = [(word, got, want) for word, got, want in zip(everything, stems, expected)
             if got != want]
    assert wrong == [], wrong[:20]
    # Examples of the rules, as Snowball has them (meny- + vowel and mem- + vowel are read
    # as from s- and p-, so "menyanyi" and "memakan" come out "sanyi" and "pakan").
    known = {"dilatih": "latih", "pelatihan": "latih", "perpustakaan": "pustaka",
             "membaca": "baca", "menyapu": "sapu", "pemukul": "pukul", "belajar": "ajar",
             "pelajar": "ajar", "bukunya": "buku", "bacalah": "baca", "menyanyi": "sanyi",
             "memakan": "pakan", "pengambilan": "ambil", "bekerja": "kerja"}
    assert {word: stems[everything.index(word)] for word in known} == known
    assert watched.errors == []


TEXTS = [
    "Perpustakaan Daerah Jepara meraih penghargaan!",
    "Café, naïve; déjà-vu — Ångström ÉLÈVE São Paulo",
    "Kelas a b c x 1 2 3 untuk warga: 2024, 17 Agustus 1945, covid-19 & TV5",
    "MEMBACA Buku-Buku di PERPUSTAKAAN... (bacalah!) sehari_hari e-book",
    "Ｆｕｌｌ ｗｉｄｔｈ ﬁle ① ² ½ İstanbul straße ŉ ǅemal x²y",
    "sangat" + "panjang" * 6 + " kata " + "a" * 40 + " " + "b" * 41,
    "",
    "!!! ... ???",
]


def test_words_are_split_and_stemmed_as_python_does(script_page):
    watched, _, _ = script_page
    found = watched.page.evaluate("texts => texts.map(search.terms)", TEXTS)
    assert found == [terms(text) for text in TEXTS]
    assert found[0] == ["pustaka", "daerah", "jepara", "raih", "harga"]
    assert found[1] == ["cafe", "naive", "deja", "vu", "angstrom", "eleve", "sao", "paulo"]
    assert "x" not in found[2] and "19" in found[2] and "tv5" in found[2]
    assert found[6] == found[7] == []


# --- a hand-made index ---------------------------------------------------------------------

def page(url: str, title: str, text: str, jenis: str | None = "Berita",
         tanggal: str | None = None, sections: list | None = None) -> dict:
    meta = {key: value for key, value in [("jenis", jenis), ("tanggal", tanggal)] if value}
    found = {"url": url, "title": title, "meta": meta, "text": text}
    return {**found, "sections": sections} if sections else found


FILLER = ("Kegiatan rutin ini diadakan oleh pengelola setiap pekan bersama relawan dan "
          "pengunjung dari berbagai kecamatan sekitar kota").split()
LONG_TEXT = " ".join(FILLER * 3)   # 51 words, none of them searched for
XSS_TITLE = '<img src=x onerror=alert(1)> Judul & "kutip"'
XSS_TEXT = "Kata unikgajah ditulis <img src=x onerror=alert(1)> di sini."

# Page ids are the positions: ascending with the date, so higher is newer.
PAGES = [
    page("/profil/", "Profil perpustakaan", "Perpustakaan daerah melayani warga setiap hari.",
         jenis="Halaman", sections=[[20, "layanan"]]),   # "melayani ..." is in #layanan  # 0
    page("/layanan/tv/", "Siaran tv di ruang baca", "Layar tv untuk warga.", jenis=None),  # 1
    page("/berita/tvri/", "Kerja sama dengan TVRI", "Liputan TVRI tentang warga."),      # 2
    page("/berita/zebra-judul/", "Zebra di taman baca", "Satwa baru di taman.",
         tanggal="Senin, 1 Januari 2024"),                                               # 3
    page("/berita/zebrawi-judul/", "Festival Zebrawi", "Acara tahunan kota."),           # 4
    page("/berita/zebra-teks/", "Kabar taman", "Seekor zebra lahir di taman."),          # 5
    page("/berita/zebrawi-teks/", "", "Tari zebrawi dipentaskan."),                      # 6
    page("/berita/komputer-desa/", "Kelas komputer untuk warga desa", "Belajar mengetik.",
         tanggal="Jumat, 5 Januari 2024"),                                               # 7
    page("/berita/komputer-kota/", "Kelas komputer di kota", "Untuk warga kota."),       # 8
    page("/berita/buku-desa/", "Buku untuk desa", "Perpustakaan keliling ke desa."),     # 9
    page("/berita/judul-aneh/", XSS_TITLE, XSS_TEXT),                                   # 10
    page("/berita/kancil/", "Dongeng anak", " ".join(
        FILLER * 2 + ["Dongeng", "Kancil,", "si", "cerdik", "dan", "(kancilnya)", "yang"]
        + FILLER + ["kancil"]), tanggal="Sabtu, 6 Januari 2024"),                         # 11
    *[page(f"/berita/lomba-{number}/", f"Berita pekan ke-{number}",
           f"Hasil lomba pekan ke-{number}. {LONG_TEXT}") for number in range(13)],      # 12-24
    page("/berita/rusa/", "Rusa liar", "Ada gajah di hutan."),                           # 25
    page("/berita/gajah/", "Gajah liar", "Ada rusa di hutan."),                          # 26
    page("/layanan/", "Informasi", "Anggota meminjam dengan kartu anggota. Wi-Fi gratis "
         "di ruang internet.", jenis="Halaman", sections=[[39, "internet"]]),            # 27
    page("/jadwal/merajut/", "Pelatihan Merajut", "Kelas merajut untuk pemula.",
         jenis="Jadwal"),                                                               # 28
    page("/berita/bendera/", "Bendera merah putih", "Satu lembar kain dikibarkan."),     # 29
    page("/berita/pesan-buku/", "Pesan bacaan lewat telepon", "Diantar ke rumah."),     # 30
    page("/berita/sore/", "Sore yang santai", "Membaca di beranda."),                   # 31
    page("/berita/idulfitri/", "Libur Idulfitri", "Idulfitri: tutup sepekan."),          # 32
    page("/berita/batas/", "Batas pengembalian", "Otomatis diperpanjang."),              # 33
]
# The chunks' first terms: "tv" (exact only) falls in "p"'s chunk, next to "tvri"'s;
# the terms starting with "zebra" span the chunks of "tvri" and "zebraw".
FIRSTS = ["", "h", "p", "tvri", "zebraw"]


def delta_encoded(ids: list[int]) -> list[int]:
    return [number - previous for previous, number in zip([0, *ids], ids)]


# An index of a site's two undated pages (meta.json's "undated": 2, ids 0 and 1: a class and
# a standing page) and news that match as well or better, written under cari/indeks-kelas/.
UNDATED_PAGES = [
    page("/jadwal/yoga/", "Kelas Yoga", "Gerakan ringan untuk pemula.", jenis="Jadwal"),  # 0
    page("/kontak/", "Kontak", "Perpustakaan buka Senin sampai Sabtu.", jenis="Halaman"),  # 1
    page("/berita/yoga-pagi/", "Kelas Yoga Pagi", "Diikuti warga desa."),               # 2
    page("/berita/keliling/", "Perpustakaan Membuka Layanan Keliling", "Ke desa."),      # 3
    page("/berita/ruang-anak/", "Perpustakaan Membuka Ruang Anak", "Untuk pelajar."),   # 4
    page("/berita/yoga-taman/", "Yoga bersama warga", "Kelas yoga di taman."),          # 5
]


def write_index(folder: Path, pages: list[dict] = PAGES, firsts: list[str] = FIRSTS,
                **more) -> dict[str, str]:
    """Write the index of `pages` into `folder` (cari/indeks/), its chunks starting at
    `firsts`, `more` in meta.json; returns {first term: file}."""
    postings: dict[str, tuple[list[int], list[int]]] = {}
    for number, item in enumerate(pages):
        in_title = index_terms(item["title"])
        for term in in_title:
            postings.setdefault(term, ([], []))[0].append(number)
        kind = item["meta"].get("jenis", "")
        for term in index_terms(item["text"] + " " + kind) - in_title:
            postings.setdefault(term, ([], []))[1].append(number)
    chunks: dict[str, dict] = {first: {} for first in firsts}
    for term in sorted(postings):
        first = [start for start in firsts if start <= term][-1]
        chunks[first][term] = [delta_encoded(ids) for ids in postings[term]]
    files = {}
    for first, chunk in chunks.items():
        content = json.dumps(chunk, ensure_ascii=False, sort_keys=True).encode()
        files[first] = f"k/{hashlib.sha256(content).hexdigest()[:10]}.json"
        (folder / files[first]).parent.mkdir(parents=True, exist_ok=True)
        (folder / files[first]).write_bytes(content)
    chunk_list = [[first, files[first]] for first in firsts]
    meta = {"version": 2, "pages": len(pages), "chunks": chunk_list, **more}
    (folder / "meta.json").write_text(json.dumps(meta))
    (folder / "h").mkdir()
    for number, item in enumerate(pages):
        (folder / "h" / f"{number}.json").write_text(json.dumps(item, ensure_ascii=False),
                                                    encoding="utf-8")
    return files


class _SlowHandler(QuietHandler):
    """Serves files, answering those whose path ends with one of `slow` 1.5 s late."""

    slow: set[str] = set()

    def do_GET(self):
        if any(self.path.endswith(name) for name in self.slow):
            time.sleep(1.5)
        super().do_GET()


@pytest.fixture(scope="module")
def index_site(tmp_path_factory):
    """The fake site served: cari/ searches the hand-made index (written before meta.json
    said how many pages are undated: none is taken to be), cari/rusak/ an index folder that
    is missing, cari/lama/ an index of a format newer than its script's, cari/kelas/ the
    index of UNDATED_PAGES. Yields (base URL, {first term: chunk file}, index folder)."""
    # The search page and its script as the theme makes them: a real site's build, whose
    # own index is replaced by the hand-made one.
    site = make_site(tmp_path_factory.mktemp("index-source"), {
        "content/site.yaml": SITE_YAML + "catalog_url: https://opac.example.org/cari?kata=\n"})
    root = tmp_path_factory.mktemp("index-site") / "output"
    built = run(site, "build", "--output", str(root))
    assert built.code == 0, built.err
    shutil.rmtree(root / "cari" / "indeks")
    page = (root / "cari" / "index.html").read_text(encoding="utf-8")
    assert 'data-search-index="/cari/indeks/"' in page
    (root / "cari" / "rusak").mkdir()
    (root / "cari" / "rusak" / "index.html").write_text(
        page.replace('data-search-index="/cari/indeks/"', 'data-search-index="/cari/tidak-ada/"'),
        encoding="utf-8")
    files = write_index(root / "cari" / "indeks")
    # cari/lama/: a page the browser kept from before the site's index changed format.
    shutil.copytree(root / "cari" / "indeks", root / "cari" / "indeks-baru")
    meta = json.loads((root / "cari" / "indeks-baru" / "meta.json").read_text())
    (root / "cari" / "indeks-baru" / "meta.json").write_text(json.dumps({**meta, "version": 3}))
    (root / "cari" / "lama").mkdir()
    (root / "cari" / "lama" / "index.html").write_text(
        page.replace('data-search-index="/cari/indeks/"', 'data-search-index="/cari/indeks-baru/"'),
        encoding="utf-8")
    (root / "cari" / "indeks-kelas").mkdir()
    write_index(root / "cari" / "indeks-kelas", UNDATED_PAGES, [""], undated=2)
    (root / "cari" / "kelas").mkdir()
    (root / "cari" / "kelas" / "index.html").write_text(
        page.replace('data-search-index="/cari/indeks/"',
                     'data-search-index="/cari/indeks-kelas/"'), encoding="utf-8")
    with serve(root, _SlowHandler) as base:
        yield base, files, root / "cari" / "indeks"


@pytest.fixture
def fresh(browser):
    """Opens WatchedPages, each in a context of its own (nothing cached); closes them."""
    contexts = []

    def open_page(base: str) -> WatchedPage:
        contexts.append(browser.browser.new_context(viewport=PHONE, locale="id-ID"))
        contexts[-1].set_default_timeout(10_000)
        return WatchedPage(contexts[-1], base)

    yield open_page
    for context in contexts:
        context.close()


def status(page):
    return page.locator("[data-search-status]")


def box(page):
    return page.get_by_role("searchbox", name=re.compile("Cari berita"))


def _search_page(fresh, base: str):
    """A fresh page on the search page, and the index files it fetches (as "k/....json"),
    recorded as they are asked for."""
    watched = fresh(base)
    fetched: list[str] = []
    watched.page.on("request", lambda request: fetched.append(
        request.url.removeprefix(base + "cari/indeks/")))
    watched.goto(base + "cari/")
    return watched, fetched


def search(page, text: str, shown: str | re.Pattern) -> list[str]:
    """Submit `text`, wait for the status `shown`; returns the result links' hrefs."""
    box(page).fill(text)
    box(page).press("Enter")
    expect(status(page)).to_have_text(shown)
    return hrefs(page)


def hrefs(page) -> list[str]:
    return page.locator("[data-search-results] li h2 a").evaluate_all(
        "links => links.map((link) => link.getAttribute('href'))")


def url_of(*numbers: int) -> list[str]:
    return [PAGES[number]["url"] for number in numbers]


def test_the_hand_made_index_is_as_the_format_says(index_site):
    """The test's own index: ids delta-encoded, title or text, chunks by first term."""
    base, files, folder = index_site
    meta = json.loads((folder / "meta.json").read_text())
    assert meta == {"version": 2, "pages": 34, "chunks": [[first, files[first]]
                                                          for first in FIRSTS]}
    chunks = {first: json.loads((folder / name).read_text()) for first, name in files.items()}
    assert chunks["p"]["tv"] == [[1], []] and chunks["tvri"]["tvri"] == [[2], []]
    assert chunks["tvri"]["zebra"] == [[3], [5]] and chunks["zebraw"]["zebraw"] == [[4], [6]]
    assert chunks["h"]["lomba"] == [[], [12] + [1] * 12]
    assert chunks[""]["desa"] == [[7, 2], []] and chunks["h"]["komputer"] == [[7, 1], []]
    assert chunks["tvri"]["warga"] == [[7], [0, 1, 1, 6]]  # 0, 1, 2 and 8 in the text
    assert chunks["p"]["pustaka"] == [[0], [9]]   # 0: in title and text, listed as title
    assert delta_encoded([3, 5, 10]) == [3, 2, 5] and delta_encoded([]) == []
    assert terms("Kancil, (kancilnya) perpustakaan zebrawi") == \
        ["kancil", "kancil", "pustaka", "zebraw"]
    # A hyphenated word is also indexed as one; the kind is indexed with the text.
    assert index_terms("Wi-Fi, anak-anak, e-book") == {"wi", "fi", "wifi", "anak", "book",
                                                       "ebook"}
    assert chunks["tvri"]["wifi"] == [[], [27]] and chunks["h"]["jadwal"] == [[], [28]]
    assert PAGES[27]["text"][39:].startswith("Wi-Fi")
    for first, chunk in chunks.items():
        after = FIRSTS[FIRSTS.index(first) + 1:]
        assert all(first <= term and (not after or term < after[0]) for term in chunk)


def test_pages_holding_every_word_come_first_and_prefixes_of_three_or_more_match(
        index_site, fresh):
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    expect(page.locator("[data-search]")).to_be_visible()
    expect(page.locator("[data-search-fallback]")).to_be_hidden()
    # 7 holds both words; 9 and 8 one each (the same score: newer first).
    assert search(page, "komputer desa", "1 hasil untuk “komputer desa”; 2 hasil lain memuat "
                                         "sebagian kata") == url_of(7, 9, 8)
    assert search(page, "Desa KOMPUTER", "1 hasil untuk “Desa KOMPUTER”; 2 hasil lain "
                                         "memuat sebagian kata") == url_of(7, 9, 8)
    assert search(page, "desa", "2 hasil untuk “desa”") == url_of(9, 7)   # newer first
    # "komput" is a prefix of "komputer"; both are in the titles (3 points), newer first.
    assert search(page, "komput", "2 hasil untuk “komput”") == url_of(8, 7)
    # stem("perpustakaan") is "pustaka": "pusta" is a prefix of it.
    assert search(page, "pusta", "2 hasil untuk “pusta”") == url_of(0, 9)
    # Terms of fewer than 3 characters only match whole: "tv" does not find "tvri".
    assert search(page, "tv", "1 hasil untuk “tv”") == url_of(1)
    assert search(page, "tvri", "1 hasil untuk “tvri”") == url_of(2)
    # One-letter words and punctuation alone give no term, and so no result.
    assert search(page, "x !", f"Tidak ada hasil untuk “x !”{CATALOG}") == []
    assert watched.errors == [] and watched.foreign_requests == []


def test_a_word_with_a_typo_finds_the_words_one_edit_away(index_site, fresh):
    """A phone's keyboard slips: a word of 4 letters or more that is nowhere in the index
    finds the words a letter added, left out, changed or two letters swapped away (two
    such edits from 8 letters on), in its chunk or the chunks beside it, and says so;
    the words found are marked in the excerpts. A word that is in the index and a word
    of 3 letters or fewer are never changed (nor a number, "2025" being no typo of
    "2024")."""
    base, files, _ = index_site
    watched, fetched = _search_page(fresh, base)
    page = watched.page
    similar = "hasil untuk kata yang mirip dengan"
    # The status names the words searched for instead.
    assert search(page, "komptuer", f"2 {similar} “komptuer”: komputer") == url_of(8, 7)
    assert search(page, "kancl", f"1 {similar} “kancl”: kancil") == url_of(11)
    expect(page.locator("[data-search-results] li mark").first).to_have_text("Kancil")
    assert search(page, "komputer dsea", f"1 {similar} “komputer dsea”: desa; 2 hasil lain "
                                         "memuat sebagian kata") == url_of(7, 8, 9)
    # "zebrq" sorts into the chunk of "zebraw"; "zebra", one edit away, is in the one before.
    before = len(fetched)
    assert search(page, "zebrq", f"2 {similar} “zebrq”: zebra") == url_of(3, 5)
    assert files["tvri"] in fetched[before:] and files["zebraw"] in fetched[before:]
    # Found as written (or as the start of a word): no typo is looked for.
    assert search(page, "zebra", "4 hasil untuk “zebra”") == url_of(3, 4, 5, 6)
    assert search(page, "rusx", f"2 {similar} “rusx”: rusa") == url_of(25, 26)   # title first
    # A real word may be one typo from another ("lebar", "lembar"): the status says which
    # word was searched for, so the visitor sees that it is not theirs.
    assert search(page, "lebar", f"1 {similar} “lebar”: lembar") == url_of(29)
    # The word found is said as the results write it ("merajut"), not as its term ("rajut").
    assert search(page, "merajud", f"1 {similar} “merajud”: merajut") == url_of(28)
    assert search(page, "rsa", f"Tidak ada hasil untuk “rsa”{CATALOG}") == []     # 3 letters
    assert search(page, "gajahterbang", f"Tidak ada hasil untuk “gajahterbang”{CATALOG}") == []
    assert watched.errors == [] and watched.foreign_requests == []


def test_pages_holding_some_of_the_words_follow_those_holding_all_of_them(index_site, fresh):
    """One word on no page does not empty the result ("syarat kartu anggota" on a page of
    kartu and anggota): the pages holding the most of the words are shown, ranked by how
    many they hold, then as always; the status says so, each such result says which words
    it lacks, and the catalog is offered as when nothing is found. Pages holding every
    word, when there are any, come first."""
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    catalog = page.locator("[data-search-catalog]")
    facts = page.locator("[data-search-results] li p.meta")
    assert search(page, "syarat kartu anggota",
                  f"{SOME} “syarat kartu anggota”; 1 hasil memuat sebagian kata{CATALOG}") \
        == url_of(27)
    expect(facts).to_have_text(["Halaman · Tidak memuat: syarat"])
    expect(page.locator("[data-search-results] mark")).to_have_text(["Anggota", "kartu",
                                                                     "anggota"])
    expect(catalog).to_be_visible()
    expect(catalog.get_by_role("searchbox")).to_have_value("syarat kartu anggota")
    assert search(page, "komputer desa gajahterbang",
                  f"{SOME} “komputer desa gajahterbang”; 3 hasil memuat sebagian "
                  f"kata{CATALOG}") == url_of(7, 9, 8)
    expect(facts).to_have_text(["Berita · Jumat, 5 Januari 2024 · Tidak memuat: gajahterbang",
                                "Berita · Tidak memuat: komputer, gajahterbang",
                                "Berita · Tidak memuat: desa, gajahterbang"])
    # How many words first: 5 holds two in its text (2 + 2), 26 and 25 one in the title (6).
    assert search(page, "seekor lahir liar",
                  f"{SOME} “seekor lahir liar”; 3 hasil memuat sebagian kata{CATALOG}") == \
        url_of(5, 26, 25)
    # A page holding every word: it comes first, the status counts both, no catalog.
    assert search(page, "komputer desa", "1 hasil untuk “komputer desa”; 2 hasil lain memuat "
                                         "sebagian kata") == url_of(7, 9, 8)
    expect(facts.first).to_have_text("Berita · Jumat, 5 Januari 2024")
    expect(catalog).to_be_hidden()
    assert search(page, "gajahterbang", f"Tidak ada hasil untuk “gajahterbang”{CATALOG}") == []
    expect(catalog).to_be_visible()
    assert watched.errors == [] and watched.foreign_requests == []


@pytest.fixture(scope="module")
def site_without_catalog(tmp_path_factory):
    """The hand-made index searched on the search page of a site without a catalog
    (no catalog_url): yields its base URL."""
    site = make_site(tmp_path_factory.mktemp("no-catalog-source"))
    root = tmp_path_factory.mktemp("no-catalog") / "output"
    built = run(site, "build", "--output", str(root))
    assert built.code == 0, built.err
    shutil.rmtree(root / "cari" / "indeks")
    write_index(root / "cari" / "indeks")
    with serve(root) as base:
        yield base


def test_the_status_says_the_catalog_is_offered(index_site, site_without_catalog, fresh):
    """A screen reader reads out the status (a live region), not the catalog box showing
    under it: when nothing holds every word, the status says the box is there, on a site
    with a catalog only."""
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    assert search(page, "gajahterbang", re.compile("^Tidak ada hasil untuk")) == []
    expect(page.get_by_role("status")).to_have_text(
        "Tidak ada hasil untuk “gajahterbang”; judul yang sama dapat dicari di katalog buku "
        "di bawah")
    catalog = page.locator("[data-search-catalog]")
    expect(catalog).to_be_visible()
    expect(catalog.get_by_role("searchbox")).to_have_value("gajahterbang")
    search(page, "zebra", "4 hasil untuk “zebra”")
    expect(catalog).to_be_hidden()
    assert watched.errors == [] and watched.foreign_requests == []

    watched = fresh(site_without_catalog)
    watched.goto(site_without_catalog + "cari/")
    page = watched.page
    assert page.locator("[data-search-catalog]").count() == 0
    assert search(page, "gajahterbang", "Tidak ada hasil untuk “gajahterbang”") == []
    assert search(page, "syarat kartu anggota",
                  f"{SOME} “syarat kartu anggota”; 1 hasil memuat sebagian kata") == url_of(27)
    assert watched.errors == [] and watched.foreign_requests == []


def test_a_word_found_nowhere_is_tried_without_its_indonesian_prefix(index_site, fresh):
    """Terms are stems ("merajut": "rajut", "perpustakaan": "pustaka"), and the stemmer
    leaves a word being typed ("meraj") or a short one ("perpus") whole: a word found
    nowhere, not even as the start of a term, loses its prefix as the stemmer takes it off
    a whole word and finds the terms starting with the rest. That comes before any typo is
    looked for ("meraj" is not "merah") and never when the word is found as it is ("pesan"
    does not find "santai"; "pesant" does). It costs the rest's chunk."""
    base, files, _ = index_site
    watched, fetched = _search_page(fresh, base)
    page = watched.page
    assert search(page, "meraj", "1 hasil untuk “meraj”") == url_of(28)
    expect(page.locator("[data-search-results] mark")).to_have_text(["merajut"])
    assert sorted(name for name in fetched if name.startswith("k/")) == \
        sorted([files["h"], files["p"]])   # where "meraj" would be, and "raj"
    assert search(page, "jadwal meraj", "1 hasil untuk “jadwal meraj”") == url_of(28)
    assert search(page, "perpus", "2 hasil untuk “perpus”") == url_of(0, 9)
    assert search(page, "perpus keliling", "1 hasil untuk “perpus keliling”; 1 hasil lain "
                                           "memuat sebagian kata") == url_of(9, 0)
    assert search(page, "kelil", "1 hasil untuk “kelil”") == url_of(9)
    assert search(page, "pesan", "1 hasil untuk “pesan”") == url_of(30)
    assert search(page, "pesant", "1 hasil untuk “pesant”") == url_of(31)
    # A rest under 3 letters finds nothing ("mer": "r"), nor a word with nothing to take off.
    assert search(page, "merx", f"Tidak ada hasil untuk “merx”{CATALOG}") == []
    # A prefix the stemmer takes off the query but not off the page's word ("diperpanjang":
    # "perpanjang"; "perpanjang": "panjang"): the word as written is tried.
    assert search(page, "perpanjang", "1 hasil untuk “perpanjang”") == url_of(33)
    expect(page.locator("[data-search-results] mark")).to_have_text(["diperpanjang"])
    assert watched.errors == [] and watched.foreign_requests == []


def test_a_hyphenated_word_is_found_written_as_one(index_site, fresh):
    """ "Wi-Fi" is indexed as "wi", "fi" and "wifi" (search.py): "wifi", "wi-fi", "wi fi"
    and "wif" all find it, marked whole, linking to its section."""
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    for words in ["wifi", "Wi-Fi", "wi fi", "wif"]:
        assert search(page, words, f"1 hasil untuk “{words}”") == ["/layanan/#internet"], words
        expect(page.locator("[data-search-results] mark")).to_have_text(["Wi-Fi"])
    assert watched.errors == [] and watched.foreign_requests == []


def test_typing_is_searched_from_three_letters_and_said_once_typing_pauses(index_site, fresh):
    """While the visitor types, a lone word under 3 letters is not searched (Enter searches
    it), and the status (a live region: screen readers read out each change) and the
    catalog box change only once typing pauses: not "Tidak ada hasil untuk “m”", "“mer”",
    ... with the box popping in and out at each letter."""
    base, files, _ = index_site
    watched = fresh(base)
    fetched: list[str] = []
    watched.page.on("request", lambda request: fetched.append(request.url))
    watched.goto(base + "cari/")
    page = watched.page
    page.evaluate("""() => {
      window.said = [];      // each text the status took
      window.offered = [];   // the words in the catalog box each time it showed
      const status = document.querySelector("[data-search-status]");
      const catalog = document.querySelector("[data-search-catalog]");
      new MutationObserver(() => status.textContent && said.push(status.textContent))
        .observe(status, { childList: true, characterData: true, subtree: true });
      new MutationObserver(() => catalog.hidden ||
        offered.push(catalog.querySelector("input[type=search]").value))
        .observe(catalog, { attributes: true, attributeFilter: ["hidden"] });
    }""")
    with page.expect_request(base + "cari/indeks/meta.json"):
        box(page).focus()
    box(page).press_sequentially("me", delay=400)   # slower than the search's delay
    page.wait_for_timeout(1500)
    assert not [url for url in fetched if "/indeks/k/" in url]
    assert page.evaluate("[said, offered]") == [[], []]
    box(page).press_sequentially("rajut", delay=400)
    expect(status(page)).to_have_text("1 hasil untuk “merajut”")
    assert hrefs(page) == url_of(28)
    box(page).press_sequentially(" zzz", delay=400)
    expect(status(page)).to_have_text(
        f"{SOME} “merajut zzz”; 1 hasil memuat sebagian kata{CATALOG}")
    page.wait_for_timeout(500)
    assert page.evaluate("[said, offered]") == [
        ["1 hasil untuk “merajut”",
         f"{SOME} “merajut zzz”; 1 hasil memuat sebagian kata{CATALOG}"],
        ["merajut zzz"]]
    # Enter searches a short word, and says so at once.
    box(page).fill("tv")
    box(page).press("Enter")
    expect(status(page)).to_have_text("1 hasil untuk “tv”")
    assert hrefs(page) == url_of(1)
    assert watched.errors == [] and watched.foreign_requests == []


def test_typing_slowly_fetches_the_pages_of_the_last_words_only(index_site, fresh):
    """At 700 ms a key (a slow typist on a phone), each word on the way from 3 letters is
    searched as typing passes the search's delay (its chunk is needed to find the
    results), but the pages shown (h/<id>.json, some 1.8 KB each) are fetched only once
    typing pauses: those of "zebrawi" (4 and 6), not also those of "zeb", "zebr" and
    "zebra" (3 and 5). The results then show as before; Enter fetches them at once."""
    base, files, _ = index_site
    watched, fetched = _search_page(fresh, base)
    page = watched.page
    box(page).press_sequentially("zebrawi", delay=700)
    expect(status(page)).to_have_text("2 hasil untuk “zebrawi”")
    assert hrefs(page) == url_of(4, 6)
    page.wait_for_timeout(500)
    assert [name for name in fetched if name.startswith("h/")] == ["h/4.json", "h/6.json"]
    assert files["tvri"] in fetched   # "zeb" was searched: "zebra" is in that chunk
    box(page).fill("zebra")
    box(page).press("Enter")   # long before the pause after the last keystroke (1.2 s)
    expect(status(page)).to_have_text("4 hasil untuk “zebra”", timeout=1000)
    assert hrefs(page) == url_of(3, 4, 5, 6)
    assert [name for name in fetched if name.startswith("h/")] == \
        ["h/4.json", "h/6.json", "h/3.json", "h/5.json"]
    assert watched.errors == [] and watched.foreign_requests == []


def test_results_are_ranked_by_title_and_exactness_then_newest(index_site, fresh):
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    # zebra: title exact (3 x 2) > title prefix (3) > text exact (2) > text prefix (1),
    # though their ids (and so newest first) go the other way.
    assert search(page, "zebra", "4 hasil untuk “zebra”") == url_of(3, 4, 5, 6)
    # Scores add up over the query's terms: 3 has both in its title (6 + 6), 5 "taman" in
    # its title and "zebra" in its text (6 + 2), whichever term comes first.
    # Then those holding one of the words: 4 ("Zebrawi" in its title) before 6 (in its text).
    assert search(page, "zebra taman", "2 hasil untuk “zebra taman”; 2 hasil lain memuat "
                                       "sebagian kata") == url_of(3, 5, 4, 6)
    assert search(page, "taman zebra", "2 hasil untuk “taman zebra”; 2 hasil lain memuat "
                                       "sebagian kata") == url_of(3, 5, 4, 6)
    # The same score (6 + 2): newest first. A term given twice counts once.
    assert search(page, "rusa gajah", "2 hasil untuk “rusa gajah”") == url_of(26, 25)
    assert search(page, "rusa Rusa gajah", "2 hasil untuk “rusa Rusa gajah”") == url_of(26, 25)
    # All the same score: newest first.
    lomba = search(page, "lomba", "13 hasil untuk “lomba”")
    assert lomba == url_of(*range(24, 14, -1))
    assert watched.errors == [] and watched.foreign_requests == []


def test_classes_and_standing_pages_come_first_among_results_that_match_as_well(
        index_site, fresh):
    """The ids below meta.json's "undated" are the site's classes and standing pages, a few
    against thousands of news items: each counts three times, and comes first among
    results that match as well ("kelas yoga": the class page titled so, before every news
    item titled "Kelas Yoga ..."; "perpustakaan buka": the page holding both words in its
    text as a news item holding both in its title). Holding every word still comes first."""
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/kelas/")
    page = watched.page

    def urls(*numbers: int) -> list[str]:
        return [UNDATED_PAGES[number]["url"] for number in numbers]

    # 0: 3 x (6 + 6); 2: 6 + 6; 5: 6 + 2.
    assert search(page, "kelas yoga", "3 hasil untuk “kelas yoga”") == urls(0, 2, 5)
    # 1: 3 x (2 + 2), as 4 and 3 (6 + 6): first of them, then newest first.
    assert search(page, "perpustakaan buka", "3 hasil untuk “perpustakaan buka”") == \
        urls(1, 4, 3)
    assert search(page, "yoga", "3 hasil untuk “yoga”") == urls(0, 5, 2)
    # 2 holds both words; 0 only "kelas" (3 x 6), 5 only "kelas" (2).
    assert search(page, "kelas pagi", "1 hasil untuk “kelas pagi”; 2 hasil lain memuat "
                                      "sebagian kata") == urls(2, 0, 5)
    assert watched.errors == [] and watched.foreign_requests == []


def test_more_results_come_ten_at_a_time(index_site, fresh):
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/?q=lomba")
    page = watched.page
    expect(status(page)).to_have_text("13 hasil untuk “lomba”")
    expect(box(page)).to_have_value("lomba")
    items = page.locator("[data-search-results] li")
    expect(items).to_have_count(10)
    more = page.get_by_role("button", name="Tampilkan hasil lainnya")
    expect(more).to_be_visible()
    more.click()
    expect(items).to_have_count(13)
    expect(items.nth(10).get_by_role("link")).to_be_focused()
    expect(more).to_be_hidden()
    assert hrefs(page) == url_of(*range(24, 11, -1))
    # A new search starts the list again.
    assert search(page, "zebra", "4 hasil untuk “zebra”") == url_of(3, 4, 5, 6)
    expect(more).to_be_hidden()
    assert watched.errors == [] and watched.foreign_requests == []


def test_only_the_chunks_that_can_hold_the_terms_are_fetched(index_site, fresh):
    base, files, _ = index_site
    watched = fresh(base)
    fetched: list[tuple[str, object]] = []   # (name under cari/indeks/, request)
    watched.page.on("request", lambda request: fetched.append(
        (request.url.removeprefix(base + "cari/indeks/"), request)))
    watched.goto(base + "cari/")
    page = watched.page

    def since(count: int) -> list[str]:
        return sorted(name for name, _ in fetched[count:] if name.startswith("k/"))

    assert not [name for name, _ in fetched if name == "meta.json"]   # not before it is used
    with page.expect_request(base + "cari/indeks/meta.json"):
        box(page).focus()   # the download starts as the visitor starts typing
    before = len(fetched)
    search(page, "tv", "1 hasil untuk “tv”")
    assert since(before) == [files["p"]]          # not "tvri"'s chunk: "tv" matches whole
    before = len(fetched)
    search(page, "zebra", "4 hasil untuk “zebra”")
    assert since(before) == sorted([files["tvri"], files["zebraw"]])
    before = len(fetched)
    search(page, "komputer desa", "1 hasil untuk “komputer desa”; 2 hasil lain memuat sebagian "
                                  "kata")
    assert since(before) == sorted([files[""], files["h"]])
    before = len(fetched)
    search(page, "zebrawi komputer",
           f"{SOME} “zebrawi komputer”; 4 hasil memuat sebagian kata{CATALOG}")
    assert since(before) == []                    # chunks are kept for the page's life
    names = [name for name, _ in fetched]
    assert names.count("meta.json") == 1
    assert not [name for name in names if name.startswith("k/") and names.count(name) > 1]
    # meta.json and the pages are revalidated (fetch's cache "no-cache"); chunks are not.
    sent = {name: request.all_headers().get("cache-control", "") for name, request in fetched}
    assert sent["meta.json"] == sent["h/3.json"] == "max-age=0", sent
    assert sent[files["tvri"]] == "", sent
    assert watched.errors == [] and watched.foreign_requests == []


def test_results_show_title_kind_date_and_an_excerpt_with_marks(index_site, fresh):
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    assert search(page, "kancil", "1 hasil untuk “kancil”") == url_of(11)
    item = page.locator("[data-search-results] li.card").first
    expect(item.locator("h2.card-title a")).to_have_text("Dongeng anak")
    expect(item.locator("p.meta")).to_have_text("Berita · Sabtu, 6 Januari 2024")
    excerpt = item.locator("p:not(.meta)")
    # The excerpt starts 10 words before the first "Kancil" and holds 30 words.
    text_words = re.findall(r"[^\W_]+", PAGES[11]["text"])
    first = text_words.index("Kancil")
    assert 10 < first and first + 20 < len(text_words) - 1
    shown = excerpt.inner_text()
    assert shown.startswith("… ") and shown.endswith(" …"), shown
    assert re.findall(r"[^\W_]+", shown) == text_words[first - 10:first + 20]
    # Every matching word is marked as written, and only those; not the last "kancil",
    # which is outside the excerpt.
    assert excerpt.locator("mark").all_inner_texts() == ["Kancil", "kancilnya"]
    assert ", si cerdik dan (" in shown and ") yang " in shown
    # Of two words, the excerpt shows where both are: not the first "Kegiatan" (30 words
    # without a "kancil"), the one 17 words later, 18 words before "Kancil".
    search(page, "kegiatan kancil", "1 hasil untuk “kegiatan kancil”; 13 hasil lain memuat "
                                    "sebagian kata")
    shown = excerpt.inner_text()
    assert re.findall(r"[^\W_]+", shown) == text_words[17 - 10:17 + 20], shown
    assert excerpt.locator("mark").all_inner_texts() == ["Kegiatan", "Kancil"]

    # Kind without a date; neither; no title (the address stands in for it).
    search(page, "pusta", "2 hasil untuk “pusta”")
    expect(page.locator("[data-search-results] li").first.locator("p.meta")).to_have_text(
        "Halaman")
    search(page, "tv", "1 hasil untuk “tv”")
    expect(page.locator("[data-search-results] li p.meta")).to_have_count(0)
    search(page, "zebra", "4 hasil untuk “zebra”")
    expect(page.locator("[data-search-results] li h2 a").last).to_have_text(
        "/berita/zebrawi-teks/")
    # A short text is shown whole, without "…".
    expect(page.locator("[data-search-results] li p:not(.meta)").first).to_have_text(
        "Satwa baru di taman.")
    expect(page.locator("[data-search-results] li").first.locator("mark")).to_have_count(0)
    expect(page.locator("[data-search-results] li").nth(2).locator("mark")).to_have_text(
        "zebra")
    assert watched.errors == [] and watched.foreign_requests == []


def test_a_result_found_in_a_section_links_to_it(index_site, fresh):
    """A standing page's record says where its sections start (search.py): a result whose
    first marked word lies in one links to that section, one before them to the page."""
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    assert search(page, "melayani", "1 hasil untuk “melayani”") == ["/profil/#layanan"]
    assert search(page, "daerah", "1 hasil untuk “daerah”") == ["/profil/"]
    assert search(page, "daerah warga", "1 hasil untuk “daerah warga”; 4 hasil lain memuat "
                                        "sebagian kata")[0] == "/profil/"
    assert search(page, "warga", "5 hasil untuk “warga”")[-1] == "/profil/#layanan"
    assert watched.errors == [] and watched.foreign_requests == []


def test_page_text_that_looks_like_html_is_shown_as_text(index_site, fresh):
    base, _, _ = index_site
    watched = fresh(base)
    dialogs: list[str] = []
    watched.page.on("dialog", lambda dialog: dialogs.append(dialog.message) or dialog.dismiss())
    watched.goto(base + "cari/")
    page = watched.page
    assert search(page, "unikgajah", "1 hasil untuk “unikgajah”") == url_of(10)
    results = page.locator("[data-search-results]")
    expect(results.locator("h2 a")).to_have_text(XSS_TITLE)
    expect(results.locator("p:not(.meta)")).to_have_text(XSS_TEXT)
    assert results.locator("img, b, script").count() == 0
    # Searching for a word of the markup marks it as text, too.
    search(page, "onerror", "1 hasil untuk “onerror”")
    expect(results.locator("mark")).to_have_text(["onerror"])
    assert results.locator("img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == [] and watched.errors == [] and watched.foreign_requests == []


def test_typing_searches_and_keeps_the_address_up_to_date(index_site, fresh):
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/?q=zebra")
    page = watched.page
    expect(status(page)).to_have_text("4 hasil untuk “zebra”")
    box(page).fill("")
    expect(status(page)).to_have_text("")
    expect(page.locator("[data-search-results] li")).to_have_count(0)
    assert "q=" not in page.url
    box(page).press_sequentially("komputer desa", delay=40)
    expect(status(page)).to_have_text("1 hasil untuk “komputer desa”; 2 hasil lain memuat "
                                      "sebagian kata")
    assert hrefs(page) == url_of(7, 9, 8)
    assert re.search(r"[?&]q=komputer(\+|%20)desa$", page.url), page.url
    assert watched.errors == [] and watched.foreign_requests == []


def test_an_answer_to_an_older_search_is_dropped(index_site, fresh):
    base, files, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    answered: list[str] = []
    page.on("requestfinished", lambda request: answered.append(request.url))
    _SlowHandler.slow = {files["p"]}   # the chunk "tv" is in comes 1.5 s late
    try:
        box(page).fill("tv")
        box(page).press("Enter")
        expect(status(page)).to_have_text("Mencari…")
        assert search(page, "lomba", "13 hasil untuk “lomba”") == url_of(*range(24, 14, -1))
        assert not [url for url in answered if url.endswith(files["p"])]
        for _ in range(50):
            if [url for url in answered if url.endswith(files["p"])]:
                break
            page.wait_for_timeout(100)
        else:
            pytest.fail("the slow chunk never came")
        page.wait_for_timeout(300)   # time to (wrongly) show the answer to "tv"
    finally:
        _SlowHandler.slow = set()
    expect(status(page)).to_have_text("13 hasil untuk “lomba”")
    assert hrefs(page) == url_of(*range(24, 14, -1))
    # What is left to show is still the latest search's.
    page.get_by_role("button", name="Tampilkan hasil lainnya").click()
    expect(page.locator("[data-search-results] li")).to_have_count(13)
    assert hrefs(page) == url_of(*range(24, 11, -1))
    assert watched.errors == [] and watched.foreign_requests == []


def test_a_missing_index_shows_the_failure_and_the_fallback(index_site, fresh):
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/rusak/?q=zebra")
    page = watched.page
    expect(status(page)).to_have_text(FAILED)
    expect(page.locator("[data-search-fallback]")).to_be_visible()
    # The script runs, the connection failed: the fallback does not blame the app, nor
    # repeat the status.
    expect(page.get_by_text("tidak dapat berjalan di aplikasi")).to_be_hidden()
    expect(page.get_by_text("belum dapat dimuat")).to_be_hidden()
    expect(page.locator("[data-search-results] li")).to_have_count(0)
    # The only errors are the browser's own notes of the missing file.
    assert watched.errors and all("404" in error for error in watched.errors), watched.errors
    assert watched.foreign_requests == []


def test_an_index_of_another_format_asks_for_a_reload(index_site, fresh):
    # The page (and its script) came from the browser's cache; the index is a newer
    # build's: its terms are not read as the old format, the visitor is told to reload.
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/lama/?q=komputer")
    page = watched.page
    expect(status(page)).to_have_text(
        "Situs ini baru saja diperbarui. Muat ulang halaman untuk mencari.")
    expect(page.locator("[data-search-fallback]")).to_be_visible()
    expect(page.locator("[data-search-results] li")).to_have_count(0)
    assert watched.errors == []


def test_words_of_a_question_are_left_out_and_a_word_said_otherwise_is_found(index_site,
                                                                            fresh):
    """A resident types the question as said: "kapan", "bagaimana", "cara" (STOP) hold
    no page; left out, the pages holding the other words hold "every word", and nothing
    is said to lack them. Alone, they are searched. "lebaran" is what residents call
    Idulfitri (ALIASES): found so, marked, never taken for the typo "lembar"."""
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    assert search(page, "bagaimana cara komputer desa",
                  "1 hasil untuk “bagaimana cara komputer desa”; 2 hasil lain memuat "
                  "sebagian kata") == url_of(7, 9, 8)
    expect(page.locator("[data-search-results] li").first).not_to_contain_text("Tidak memuat")
    assert search(page, "yang", "2 hasil untuk “yang”") == url_of(31, 11)
    assert search(page, "lebaran", "1 hasil untuk “lebaran”") == url_of(32)
    expect(page.locator("[data-search-results] mark")).to_have_text(["Idulfitri"])
    assert search(page, "libur lebaran", "1 hasil untuk “libur lebaran”") == url_of(32)
    assert watched.errors == [] and watched.foreign_requests == []


def test_a_search_that_finds_nothing_shows_the_sites_pages_to_go_on_from(index_site, fresh):
    """The moment a resident most needs a way on: the fallback's links (Berita, Jadwal
    Kegiatan, the standing pages) show under "Tidak ada hasil", its catalog form not (the
    results' own catalog box has the words); a search that finds pages hides them."""
    base, _, _ = index_site
    watched = fresh(base)
    watched.goto(base + "cari/")
    page = watched.page
    fallback = page.locator("[data-search-fallback]")
    assert search(page, "gajahterbang", f"Tidak ada hasil untuk “gajahterbang”{CATALOG}") == []
    expect(fallback.get_by_role("link", name="Jadwal Kegiatan", exact=True)).to_be_visible()
    expect(fallback.get_by_role("search")).to_be_hidden()
    expect(page.locator("[data-search-catalog] input[type=search]")).to_have_value(
        "gajahterbang")
    expect(page.get_by_text("tidak dapat berjalan di aplikasi")).to_be_hidden()
    # right under the status and the catalog box, not a screen's height further down
    catalog_box = page.locator("[data-search-catalog]").bounding_box()
    pages = fallback.get_by_role("link", name="Berita", exact=True).bounding_box()
    assert pages["y"] - (catalog_box["y"] + catalog_box["height"]) < 150, (catalog_box, pages)
    assert search(page, "zebra", "4 hasil untuk “zebra”") == url_of(3, 4, 5, 6)
    expect(fallback).to_be_hidden()
    assert watched.errors == [] and watched.foreign_requests == []
