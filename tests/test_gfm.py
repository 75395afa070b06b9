"""Bodies read as GitHub's web editor previews them (gfm.py): a hashtag line stays text,
a list may start right under a line of text, web and e-mail addresses and telephone numbers
written bare become links a phone can open with a tap, and ~~text~~ is struck through."""

from __future__ import annotations

import re

import pytest

from conftest import make_site, read, run

NEWS = "---\ntitle: Pelatihan\ndate: 2026-11-20\n---\n{body}\n"


def _prose(tmp_path, body: str) -> str:
    """The article's body as the built page has it."""
    root = make_site(tmp_path, {"content/news/2026-11-20-pelatihan.md": NEWS.format(body=body)})
    result = run(root, "build")
    assert result.code == 0, result.err
    page = read(root, "output/berita/pelatihan/index.html")
    return re.search(r'<div class="prose">(.*?)</div>', page, re.DOTALL)[1]


def test_a_hashtag_line_stays_text_and_a_heading_needs_its_space(tmp_path):
    prose = _prose(tmp_path, "Ikuti kami.\n\n#PerpustakaanJepara #LiterasiUntukSemua\n\n"
                             "## Jadwal\n\n##Bukan judul\n")
    assert "<p>#PerpustakaanJepara #LiterasiUntukSemua</p>" in prose
    assert '<h2 id="jadwal">Jadwal</h2>' in prose
    assert "<p>##Bukan judul</p>" in prose
    assert "<h1" not in prose


@pytest.mark.parametrize("written, link", [
    ("Daftar di https://forms.gle/abc123.",
     'Daftar di <a href="https://forms.gle/abc123">https://forms.gle/abc123</a>.'),
    ("Info: www.jepara.go.id, setiap hari",
     'Info: <a href="http://www.jepara.go.id">www.jepara.go.id</a>, setiap hari'),
    ("Surel perpustakaan@jepara.go.id!",
     'Surel <a href="mailto:perpustakaan@jepara.go.id">perpustakaan@jepara.go.id</a>!'),
    ("(lihat https://id.wikipedia.org/wiki/Jepara_(kota))",
     '(lihat <a href="https://id.wikipedia.org/wiki/Jepara_(kota)">'
     "https://id.wikipedia.org/wiki/Jepara_(kota)</a>)"),
    ("https://contoh.id/?a=1&b=2",
     '<a href="https://contoh.id/?a=1&amp;b=2">https://contoh.id/?a=1&amp;b=2</a>'),
    ("**www.jepara.go.id**",
     '<strong><a href="http://www.jepara.go.id">www.jepara.go.id</a></strong>'),
    # in quotes, as a chat writes it (GitHub leaves these text)
    ("Daftar di \u201chttps://forms.gle/abc\u201d ya.",
     'Daftar di \u201c<a href="https://forms.gle/abc">https://forms.gle/abc</a>\u201d ya.'),
    ('Buka "www.jepara.go.id".',
     'Buka "<a href="http://www.jepara.go.id">www.jepara.go.id</a>".'),
])
def test_a_bare_address_becomes_a_link(tmp_path, written, link):
    assert f"<p>{link}</p>" in _prose(tmp_path, written)


@pytest.mark.parametrize("written, kept", [
    ("`https://kode.id`", "<code>https://kode.id</code>"),
    ("[formulir](https://forms.gle/x)", '<a href="https://forms.gle/x">formulir</a>'),
    ("[https://a.id](https://b.id)", '<a href="https://b.id">https://a.id</a>'),
    ("<https://c.id>", '<a href="https://c.id">https://c.id</a>'),
    ('<a href="https://d.id">https://d.id</a>', '<a href="https://d.id">https://d.id</a>'),
    ("lihatwww.jepara.go.id", "lihatwww.jepara.go.id"),
    ("ikuti @perpusjepara", "ikuti @perpusjepara"),
])
def test_an_address_already_linked_or_in_code_is_left_as_it_is(tmp_path, written, kept):
    assert f"<p>{kept}</p>" in _prose(tmp_path, written)


def test_a_telephone_number_written_bare_is_a_link_a_phone_can_follow(tmp_path):
    """A resident reading on a phone taps the number to call, or to chat when the text
    names WhatsApp just before the number or right after it; a landline is called."""
    prose = _prose(tmp_path, (
        "Pendaftaran lewat WhatsApp 0812-3456-7890 atau telepon (0291) 591 000.\n\n"
        "Hubungi Bu Ani (0813 2222 3333) atau Pak Budi 0856.7777.8888 (WA).\n\n"
        "Kantor: 0291-591000, +62 812 3456 7890.\n\n"
        "Telepon **kantor** 081234567890 saja.\n\n**WhatsApp:** 0812-1111-2222\n"))
    assert ('Pendaftaran lewat WhatsApp <a href="https://wa.me/6281234567890">0812-3456-7890</a>'
            ' atau telepon <a href="tel:0291591000">(0291) 591 000</a>.') in prose
    assert ('Hubungi Bu Ani (<a href="tel:081322223333">0813 2222 3333</a>) atau Pak Budi '
            '<a href="https://wa.me/6285677778888">0856.7777.8888</a> (WA).') in prose
    assert ('Kantor: <a href="tel:0291591000">0291-591000</a>, '
            '<a href="tel:+6281234567890">+62 812 3456 7890</a>.') in prose
    assert '<a href="tel:081234567890">081234567890</a> saja.' in prose
    # a label in bold names it too
    assert ('<strong>WhatsApp:</strong> <a href="https://wa.me/6281211112222">0812-1111-2222</a>'
            in prose)


def test_times_dates_and_other_numbers_are_no_telephone_numbers(tmp_path):
    written = ("Pukul 08.00 - 10.00 WIB, 08.30-11.30, tanggal 08-12-2026, tahun 2026, "
               "Rp 1.500.000, kuota 0800 orang, NIP 198501012010011001, ISBN 978-602-0000-00-0.")
    prose = _prose(tmp_path, written + "\n\n`0812-3456-7890` dan "
                   "[kantor](tel:0291591000) dan https://wa.me/6281234567890\n")
    assert f"<p>{written}</p>".replace(" WIB", "\u00a0WIB").replace("Rp ", "Rp\u00a0") in prose
    assert "<code>0812-3456-7890</code>" in prose
    assert '<a href="tel:0291591000">kantor</a>' in prose
    assert ('<a href="https://wa.me/6281234567890">https://wa.me/6281234567890</a>') in prose
    assert prose.count("<a ") == 2


@pytest.mark.parametrize("written, shown", [
    ("Kelas ~~Sabtu~~ Minggu pagi.", "Kelas <del>Sabtu</del> Minggu pagi."),
    ("~~Dibatalkan: **lomba** 5 Desember~~",
     "<del>Dibatalkan: <strong>lomba</strong> 5 Desember</del>"),
    ("Sekitar ~10 orang, jam 08.00~10.00.", "Sekitar ~10 orang, jam 08.00~10.00."),
    ("`~~kode~~` dan ~~~", "<code>~~kode~~</code> dan ~~~"),
])
def test_double_tildes_strike_text_through(tmp_path, written, shown):
    """A changed day or a cancelled event, as staff mark it in GitHub's editor."""
    assert f"<p>{shown}</p>" in _prose(tmp_path, written)


@pytest.mark.parametrize("written, shown", [
    ("Bawa:\n- KTP\n- Pas foto", "<p>Bawa:</p>\n<ul>\n<li>KTP</li>\n<li>Pas foto</li>\n</ul>"),
    ("Syarat:\n* KTP\n* Pas foto", "<p>Syarat:</p>\n<ul>\n<li>KTP</li>\n<li>Pas foto</li>\n</ul>"),
    ("Langkahnya:\n1. Datang\n2. Isi buku tamu",
     "<p>Langkahnya:</p>\n<ol>\n<li>Datang</li>\n<li>Isi buku tamu</li>\n</ol>"),
])
def test_a_list_right_under_a_paragraph_line_is_a_list(tmp_path, written, shown):
    """GitHub's preview starts a list under a line of text without a blank line between
    (CommonMark 5.3); stock Python-Markdown joined the items to the paragraph."""
    assert shown in _prose(tmp_path, written)


@pytest.mark.parametrize("written, shown", [
    # An ordered list interrupts a paragraph only from 1 (CommonMark): "2020. tahun" is text.
    ("Sejak tahun\n2020. perpustakaan buka", "<p>Sejak tahun\n2020. perpustakaan buka</p>"),
    ("Angka 10\n-5 derajat", "<p>Angka 10\n-5 derajat</p>"),
    ("- satu\n  lanjutan\n- dua", "<ul>\n<li>satu\n  lanjutan</li>\n<li>dua</li>\n</ul>"),
    ("```\nteks\n- bukan daftar\n```", "teks\n- bukan daftar"),
    ("    kode\n    - bukan daftar", "kode\n- bukan daftar"),
])
def test_what_is_no_list_under_a_paragraph_stays_as_it_was(tmp_path, written, shown):
    assert shown in _prose(tmp_path, written)


@pytest.mark.parametrize("written, shown", [
    ("- satu\n  - anak satu\n  - anak dua\n- dua",
     "<ul>\n<li>satu<ul>\n<li>anak satu</li>\n<li>anak dua</li>\n</ul>\n</li>\n<li>dua</li>\n</ul>"),
    ("1. Daftar\n   - isi formulir\n2. Datang",
     "<ol>\n<li>Daftar<ul>\n<li>isi formulir</li>\n</ul>\n</li>\n<li>Datang</li>\n</ol>"),
    ("- a\n  - b\n    - c\n- d",
     "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>"),
    ("- satu\n    - anak\n- dua",
     "<ul>\n<li>satu<ul>\n<li>anak</li>\n</ul>\n</li>\n<li>dua</li>\n</ul>"),
])
def test_a_list_indented_under_an_item_as_github_does_is_nested(tmp_path, written, shown):
    """GitHub nests an item indented to its parent's text (two spaces under "- ", three
    under "1. "); stock Python-Markdown wants four, and made such items siblings or text."""
    assert shown in _prose(tmp_path, written)


@pytest.mark.parametrize("written, shown", [
    ("Langkah:\n1) Datang\n2) Isi buku tamu",
     "<p>Langkah:</p>\n<ol>\n<li>Datang</li>\n<li>Isi buku tamu</li>\n</ol>"),
    ("3) Tiga\n4) Empat", '<ol start="3">\n<li>Tiga</li>\n<li>Empat</li>\n</ol>'),
    ("Pemenang:\n| Nama | Juara |\n| --- | --- |\n| Ani | 1 |",
     "<p>Pemenang:</p>\n" + '<div class="table-scroll"'),
    ("## Jadwal\n\nJudul lain\n---", '<h2 id="judul-lain">Judul lain</h2>'),
])
def test_numbers_with_a_parenthesis_and_a_table_under_text_read_as_github_does(
        tmp_path, written, shown):
    """"1)" numbers a list as "1." does; a table's header row may be the line right
    under a line of text (the preview shows text, then the table)."""
    assert shown in _prose(tmp_path, written)


@pytest.mark.parametrize("written, shown", [
    ("Alamat:\\\nJl. Kartini No. 9", "<p>Alamat:<br>\nJl. Kartini No. 9</p>"),
    ("Dua garis miring \\\\\nbukan baris baru", "<p>Dua garis miring \\\nbukan baris baru</p>"),
    ("`kode\\`\nlanjut", "<code>kode\\</code>"),
])
def test_a_backslash_at_the_end_of_a_line_breaks_it(tmp_path, written, shown):
    """A "\\" ending a line is a line break in GitHub's preview (CommonMark 6.7)."""
    assert shown in _prose(tmp_path, written)


def _warnings(tmp_path, body: str) -> list[str]:
    root = make_site(tmp_path, {"content/news/2026-11-20-pelatihan.md": NEWS.format(body=body)})
    result = run(root, "build")
    assert result.code == 0, result.err
    return [line for line in result.err.splitlines() if ": peringatan: " in line]


def test_a_mark_missing_its_space_is_a_warning_with_the_line_to_write(tmp_path):
    warnings = _warnings(tmp_path, (
        "##Jadwal Kelas\n\nSyarat:\n\n1.Datang pukul 08.00\n2.Bawa KTP\n\n"
        "Daftar lewat [formulir daring] (https://forms.gle/abc123).\n"))
    assert warnings == [
        'content/news/2026-11-20-pelatihan.md:5: peringatan: baris "##Jadwal Kelas" tidak '
        'menjadi subjudul karena tidak ada spasi setelah "##"; tulis "## Jadwal Kelas"',
        'content/news/2026-11-20-pelatihan.md:9: peringatan: baris "1.Datang pukul 08.00" tidak '
        'menjadi daftar bernomor karena tidak ada spasi setelah "1."; tulis "1. Datang pukul '
        '08.00"',
        'content/news/2026-11-20-pelatihan.md:10: peringatan: baris "2.Bawa KTP" tidak menjadi '
        'daftar bernomor karena tidak ada spasi setelah "2."; tulis "2. Bawa KTP"',
        'content/news/2026-11-20-pelatihan.md:12: peringatan: "[formulir daring] '
        '(https://forms.gle/abc123)" tidak menjadi tautan karena ada spasi di antara "]" dan '
        '"("; tulis "[formulir daring](https://forms.gle/abc123)"']


def test_an_item_numbered_with_a_parenthesis_missing_its_space_is_a_warning(tmp_path):
    """"1)Fotokopi KTP", as a chat writes it, ran into one line with no word, though
    "1.Fotokopi KTP" was warned about."""
    assert _warnings(tmp_path, "Syarat:\n1)Fotokopi KTP\n2)Pas foto 3x4\n\n1) Datang\n") == [
        f'content/news/2026-11-20-pelatihan.md:{line}: peringatan: baris "{mark}{item}" tidak '
        f'menjadi daftar bernomor karena tidak ada spasi setelah "{mark}"; tulis "{mark} {item}"'
        for line, mark, item in ((6, "1)", "Fotokopi KTP"), (7, "2)", "Pas foto 3x4"))]


def test_dashes_right_under_a_line_of_text_are_a_warning(tmp_path):
    """"---" meant as a separator, typed right under a paragraph, makes its last line a
    heading (Markdown's setext heading). A "---" after a blank line is a separator, as
    is one in code; "===" under a line is told as any level-1 heading is."""
    body = "Pendaftaran dibuka.\n---\nSyarat peserta.\n\n---\n\n```\nkode\n---\n```"
    assert _warnings(tmp_path, body) == [
        'content/news/2026-11-20-pelatihan.md:6: peringatan: garis "---" tepat di bawah baris '
        '"Pendaftaran dibuka." menjadikan baris itu subjudul; jika maksudnya garis pemisah, beri '
        'satu baris kosong di atas "---"; jika maksudnya subjudul, tulis "## Pendaftaran '
        'dibuka."']


def test_bold_or_italic_with_a_space_inside_its_marks_is_a_warning(tmp_path):
    """"** menarik**" or "*gratis *" shows its asterisks on the page, as in GitHub's
    preview: a warning at its line gives the marks to write. A lone "*" (a footnote's
    mark, "5 * 3"), an escaped one and marks in code stay silent."""
    warnings = _warnings(tmp_path, (
        "Hadiah ** menarik** untuk **pemenang **, semua *gratis *.\n\n"
        "Syarat *berlaku. Hitung 5 * 3 * 2, tulis \\*tanda\\* atau `** kode**`.\n\n"
        "**Penting:** datang * tepat waktu*.\n\n* Harga belum termasuk pajak*\n"))
    assert warnings == [
        f'content/news/2026-11-20-pelatihan.md:{line}: peringatan: "{written}" tidak menjadi '
        f'{kind} karena ada spasi di sebelah dalam tanda "{mark}"; tulis "{meant}"'
        for line, written, kind, mark, meant in (
            (5, "** menarik**", "huruf tebal", "**", "**menarik**"),
            (5, "**pemenang **", "huruf tebal", "**", "**pemenang**"),
            (5, "*gratis *", "huruf miring", "*", "*gratis*"),
            (9, "* tepat waktu*", "huruf miring", "*", "*tepat waktu*"))]


def test_single_tildes_of_whatsapp_are_a_warning_with_the_tildes_to_write(tmp_path):
    """"Kelas ~Sabtu~ Minggu" is struck through in WhatsApp, but the site shows the
    tildes, and readers may take Saturday as still on. A lone "~" (about, a range, a web
    address), two tildes and code stay silent."""
    warnings = _warnings(tmp_path, (
        "Kelas ~Sabtu~ Minggu pagi, ~kelas sore~ libur.\n\n"
        "Sekitar ~10 orang, Rp10.000~15.000, 08.00~10.00 dan ~ 12.00 ~, ~~Senin~~, `~kode~`, "
        "https://contoh.id/~budi/ dan ~20 orang.\n"))
    assert warnings == [
        f'content/news/2026-11-20-pelatihan.md:5: peringatan: "~{words}~" tampil apa adanya, '
        "dengan tanda ~, tidak dicoret seperti di WhatsApp; untuk teks dicoret tulis "
        f'"~~{words}~~" (dua tanda ~ di setiap sisi)' for words in ("Sabtu", "kelas sore")]


def test_angle_brackets_around_words_that_are_no_html_stay_as_written(tmp_path):
    """A message form to send ("DAFTAR <spasi> NAMA") or an example to fill in
    ("DAFTAR#<Budi Santoso>") was removed as tags of no element: residents would send
    the wrong text. Only tags of HTML elements are HTML (then sanitized)."""
    prose = _prose(tmp_path, "Ketik: DAFTAR <spasi> NAMA kirim ke WA.\n\n"
                             "Contoh: DAFTAR#<Budi Santoso>#<SDN 1 Jepara>\n\n"
                             "Ini <font color=red>merah</font>, <b>tebal</b> dan <my-el>x</my-el>.")
    assert prose == (
        "<p>Ketik: DAFTAR &lt;spasi&gt; NAMA kirim ke WA.</p>\n"
        "<p>Contoh: DAFTAR#&lt;Budi Santoso&gt;#&lt;SDN 1 Jepara&gt;</p>\n"
        "<p>Ini merah, <b>tebal</b> dan x.</p>"), prose


def test_a_table_pasted_from_a_spreadsheet_is_a_table(tmp_path):
    """Cells copied from Excel or Google Sheets arrive separated by tabs: the lines of
    one paragraph, run together on the page. A block of two or more such lines with as
    many cells each is a table, its first line the header."""
    prose = _prose(tmp_path, (
        "Satu\tbaris saja.\n\nJadwal lomba:\nKelompok\tUsia\tWaktu\nA\t4-6 tahun\t08.00\n"
        "B\t7-10 | 11 tahun\t\n\n> kutipan\tdengan tab\n> baris\tkedua\n\n"
        "- butir\tsatu\n- butir\tdua\n\nHari\t: Sabtu\nTempat\t: Aula\n\n"
        "Nama:\tBudi\nUsia:\t10\n\n```\nkode\tdi\npagar\tkode\n```\n"))
    table = re.search(r"<table>.*?</table>", prose, re.DOTALL)[0]
    assert [re.findall(r"<t[hd]>(.*?)</t[hd]>", row)
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)] == [
        ["Kelompok", "Usia", "Waktu"], ["A", "4-6 tahun", "08.00"], ["B", "7-10 | 11 tahun", ""]]
    assert re.search(r"<p>Satu\s+baris saja.</p>\s*<p>Jadwal lomba:</p>\s*<div", prose), prose
    page = read(tmp_path / "site", "output/berita/pelatihan/index.html")
    assert page.count("<table>") == 1 and "<blockquote>" in page and "<li>butir" in page
    # facts lined up with a tab, as a letter is typed: each on its line, no table
    assert re.search(r"<p>Hari\s+: Sabtu<br>\s*Tempat\s+: Aula</p>", page), page
    assert re.search(r"<p>Nama:\s+Budi<br>\s*Usia:\s+10</p>", page), page
    assert re.search(r"<pre><code>kode\s+di\npagar\s+kode\n</code></pre>", page), page


def test_a_link_written_the_wrong_way_round_or_with_a_space_in_its_address_is_a_warning(
        tmp_path):
    """"(formulir)[https://...]" shows as written, its address not even a link; an
    address with a space in it ("https://forms.gle/abc 123") leads somewhere else. Each
    is a warning at its line with the link to write."""
    warnings = _warnings(tmp_path, (
        "Isi (formulir pendaftaran)[https://forms.gle/abc123] sekarang.\n\n"
        "Atau [formulir](https://forms.gle/abc 123) dan (lihat)[/jadwal/].\n\n"
        "Jadwal (lihat di bawah) [1] dan [formulir](https://forms.gle/benar \"Formulir\").\n"))
    assert warnings == [
        'content/news/2026-11-20-pelatihan.md:5: peringatan: "(formulir pendaftaran)'
        '[https://forms.gle/abc123]" tidak menjadi tautan karena tanda kurungnya tertukar; '
        'tulis "[formulir pendaftaran](https://forms.gle/abc123)"',
        'content/news/2026-11-20-pelatihan.md:7: peringatan: "(lihat)[/jadwal/]" tidak '
        'menjadi tautan karena tanda kurungnya tertukar; tulis "[lihat](/jadwal/)"',
        'content/news/2026-11-20-pelatihan.md:7: peringatan: alamat tautan '
        '"https://forms.gle/abc 123" berisi spasi, jadi tautannya menuju alamat lain; '
        'alamat web tidak pernah berisi spasi: hapus spasinya']


def test_a_bold_line_standing_as_a_heading_is_a_warning(tmp_path):
    """"**Cara Mendaftar**" on a line of its own, above the text it names, looks like a
    heading but is none to a screen reader, whose user jumps from heading to heading.
    A bold sentence, a label ending in ":" and a bold last line stay silent."""
    warnings = _warnings(tmp_path, (
        "Kelas dibuka.\n\n**Cara Mendaftar**\n\nDatang ke meja layanan.\n\n"
        "**Pendaftaran gratis!**\n\nBawa KTP.\n\n**Syarat:**\n\n- KTP\n\n"
        "__Hadiah__\n\nBuku.\n\n**Terima kasih**\n"))
    assert warnings == [
        f'content/news/2026-11-20-pelatihan.md:{line}: peringatan: baris "{written}" tampak '
        "seperti subjudul, tetapi pembaca layar (yang dipakai warga tunanetra) membacanya "
        "sebagai teks biasa, sehingga penggunanya tidak bisa melompat langsung ke bagian "
        "ini; untuk subjudul tulis "
        f'"## {words}"' for line, written, words in (
            (7, "**Cara Mendaftar**", "Cara Mendaftar"), (19, "__Hadiah__", "Hadiah"))]


def test_a_time_keeps_its_zone_and_rupiah_its_amount_on_one_line(tmp_path):
    """"15.00 WIB" and "Rp 50.000" never break at their space on a narrow phone (a
    no-break space), as the theme keeps a class's hours; other spaces are left alone."""
    prose = _prose(tmp_path, "Mulai pukul 15.00 WIB (08:30 WITA), biaya Rp 50.000 atau "
                             "Rp. 5.000; zona WIB berlaku.\n")
    assert ("Mulai pukul 15.00\u00a0WIB (08:30\u00a0WITA), biaya Rp\u00a050.000 atau "
            "Rp.\u00a05.000; zona WIB berlaku.") in prose


def test_dash_items_without_their_space_are_a_warning(tmp_path):
    """"-Fotokopi KTP" under "-Pas foto", as a chat writes a list: one run-on line on the
    page. Two or more such lines in a row are warned; one (a signature, "-5 derajat") not."""
    warnings = _warnings(tmp_path, (
        "Syarat:\n-Fotokopi KTP\n-Pas foto 3x4\n\nSuhu turun hingga\n-5 derajat.\n\n"
        "Salam,\n-Humas\n"))
    assert warnings == [
        f'content/news/2026-11-20-pelatihan.md:{line}: peringatan: baris "-{item}" tidak '
        f'menjadi butir daftar karena tidak ada spasi setelah "-"; tulis "- {item}"'
        for line, item in ((6, "Fotokopi KTP"), (7, "Pas foto 3x4"))]


def test_an_address_written_without_https_is_a_warning_with_the_link_to_write(tmp_path):
    """"Daftar di bit.ly/lomba-mewarnai" or "s.id/DaftarKelas": plain text a phone cannot
    open with a tap. Addresses with https://, www. (linked), in a link or in code, a
    name like "S.Pd/S.Ag" or a ratio stay silent."""
    warnings = _warnings(tmp_path, (
        "Daftar di bit.ly/lomba-mewarnai atau s.id/DaftarKelas.\n\n"
        "Lihat https://forms.gle/abc123, www.jepara.go.id/berita dan "
        "[bit.ly/info](https://bit.ly/info).\n\n"
        "Pengajar: Siti, S.Pd/S.Ag; nilai 8.5/10; `contoh.id/kode`.\n"))
    assert warnings == [
        f'content/news/2026-11-20-pelatihan.md:5: peringatan: alamat "{address}" tidak '
        'menjadi tautan karena tidak diawali https://, jadi pembaca tidak bisa mengetuknya; '
        f'tulis https://{address}' for address in ("bit.ly/lomba-mewarnai", "s.id/DaftarKelas")]


def test_a_paragraph_indented_four_spaces_shows_as_code_and_says_so(tmp_path):
    """Text pasted from a word processor often starts with spaces: four or more (or a tab)
    after a blank line make Python-Markdown show it as code, as GitHub's preview does."""
    body = ("Kelas dibuka untuk umum.\n\n"
            "    Peserta membawa alat tulis sendiri dan datang sepuluh menit lebih awal.\n"
            "    Tempat terbatas.\n\n"
            "Pendaftaran:\n\n"
            "\tDaftar lewat WhatsApp.\n\n"
            "1. Datang\n\n    ke meja layanan\n\n"
            "```\n    di dalam pagar kode\n```\n")
    assert _warnings(tmp_path, body) == [
        'content/news/2026-11-20-pelatihan.md:7: peringatan: baris "Peserta membawa alat '
        'tulis sendiri dan datang…" tampil sebagai kode (huruf mesin ketik, dalam '
        'kotak), bukan paragraf biasa, karena diawali 4 spasi atau lebih; hapus spasi di '
        'awal baris itu dan baris menjorok sesudahnya. Teks yang memang harus tampil apa '
        'adanya, seperti puisi, diapit baris ``` di atas dan di bawahnya',
        'content/news/2026-11-20-pelatihan.md:12: peringatan: baris "Daftar lewat '
        'WhatsApp." tampil sebagai kode (huruf mesin ketik, dalam kotak), bukan paragraf '
        'biasa, karena diawali tab; hapus spasi di awal baris itu dan baris menjorok '
        'sesudahnya. Teks yang memang harus tampil apa adanya, seperti puisi, diapit baris '
        '``` di atas dan di bawahnya']
    prose = _prose(tmp_path / "again", body)
    assert "<p>ke meja layanan</p>" in prose   # a list item's second paragraph: no code
    assert prose.count("<pre><code>") == 3


def test_hashtags_numbers_and_code_are_no_missing_space(tmp_path):
    assert _warnings(tmp_path, (
        "#PerpustakaanJepara #LiterasiUntukSemua\n\n2.500 buku baru tiba.\n\n"
        "## Jadwal\n\n1. Datang\n\n[formulir](https://forms.gle/abc123) (gratis)\n\n"
        "```\n##bukan\n1.kode\n```\n")) == []


@pytest.mark.parametrize("written, shown", [
    # an announcement pasted from a chat: one fact a line, each line kept
    ("Waktu: Senin, 5 Desember 2026\nTempat: Aula Utama\nBiaya: gratis",
     "<p>Waktu: Senin, 5 Desember 2026<br>\nTempat: Aula Utama<br>\nBiaya: gratis</p>"),
    ("Rincian kegiatan:\n📅 Sabtu, 7 Desember 2026\n📍 Aula Utama\n✅ Gratis, terbuka untuk umum",
     "<p>Rincian kegiatan:<br>\n📅 Sabtu, 7 Desember 2026<br>\n📍 Aula Utama<br>\n"
     "✅ Gratis, terbuka untuk umum</p>"),
    ("Hari/tanggal: Sabtu, 7 Desember 2026\nTempat: Aula Utama\nAjak keluarga dan teman Anda.",
     "<p>Hari/tanggal: Sabtu, 7 Desember 2026<br>\nTempat: Aula Utama<br>\n"
     "Ajak keluarga dan teman Anda.</p>"),
    # bullets of a word processor or a chat: a list
    ("Syarat:\n• Pelajar SMP atau SMA\n• Membawa kartu pelajar",
     "<p>Syarat:</p>\n<ul>\n<li>Pelajar SMP atau SMA</li>\n<li>Membawa kartu pelajar</li>\n</ul>"),
    ("● Pelajar\n● Umum", "<ul>\n<li>Pelajar</li>\n<li>Umum</li>\n</ul>"),
    # items lettered as in a letter or a notice: a., b., c. each on its line
    ("Syarat pendaftaran\na. Fotokopi KTP\nb. Pas foto 3x4\nc. Mengisi formulir",
     "<p>Syarat pendaftaran<br>\na. Fotokopi KTP<br>\nb. Pas foto 3x4<br>\n"
     "c. Mengisi formulir</p>"),
    ("A) Pelajar\nB) Umum", "<p>A) Pelajar<br>\nB) Umum</p>"),
    # bullets of Word pasted as text: "•" and a tab, its Symbol bullet, "·", "–" (its "- ")
    ("Syarat:\n•\tFotokopi KTP\n•\tPas foto 3x4",
     "<p>Syarat:</p>\n<ul>\n<li>Fotokopi KTP</li>\n<li>Pas foto 3x4</li>\n</ul>"),
    ("\uf0b7\tPelajar\n\uf0b7\tUmum", "<ul>\n<li>Pelajar</li>\n<li>Umum</li>\n</ul>"),
    ("· Pelajar\n· Umum", "<ul>\n<li>Pelajar</li>\n<li>Umum</li>\n</ul>"),
    ("– Pelajar\n– Umum", "<ul>\n<li>Pelajar</li>\n<li>Umum</li>\n</ul>"),
    # ... and lettered with a tab: lines, no table of letters
    ("a)\tUntuk anak\nb)\tUntuk remaja", "<p>a)  Untuk anak<br>\nb)  Untuk remaja</p>"),
    # facts with bold or italic labels, as a chat writes them
    ("**Hari:** Sabtu, 12 Desember 2026\n**Tempat:** Aula Utama",
     "<p><strong>Hari:</strong> Sabtu, 12 Desember 2026<br>\n"
     "<strong>Tempat:</strong> Aula Utama</p>"),
    ("*Hari :* Sabtu\n*Tempat :* Aula",
     "<p><em>Hari :</em> Sabtu<br>\n<em>Tempat :</em> Aula</p>"),
])
def test_lines_pasted_from_a_chat_keep_their_line_ends(tmp_path, written, shown):
    """Staff paste announcements from WhatsApp, where each line is a fact ("Waktu: ...",
    "📍 ...") or a bullet ("• ..."): Markdown would run them into one line. Two or more
    such lines in a paragraph keep their line ends; bullets make a list."""
    assert _prose(tmp_path, written) == shown


def test_lines_counted_without_a_colon_keep_their_line_ends(tmp_path):
    """A winners list or a rundown pasted from WhatsApp, one item a line without a colon
    ("Juara 1 Budi", "II. Sambutan"), ran together into one line. Lines counted in order
    keep their line ends; a time, a year or prose wrapped by hand ("kelas 1 dan") not."""
    prose = _prose(tmp_path, (
        "Pemenang lomba:\nJuara 1 Budi\nJuara 2 Ani\nJuara 3 Citra\n\n"
        "I. Pembukaan\nII. Sambutan\nIII. Lomba\n\n*Sesi 1* Dongeng\n*Sesi 2* Mewarnai\n\n"
        "Pukul 08.00 Pembukaan\nPukul 09.00 Sambutan\n\nTahun 2020 kami mulai\nTahun 2021 "
        "lagi\n\nKelas ini dibuka untuk\nkelas 1 dan\nkelas 2 SD.\n\nJuara 1 Budi\nJuara 3 Ani"))
    assert prose == (
        "<p>Pemenang lomba:<br>\nJuara 1 Budi<br>\nJuara 2 Ani<br>\nJuara 3 Citra</p>\n"
        "<p>I. Pembukaan<br>\nII. Sambutan<br>\nIII. Lomba</p>\n"
        "<p><em>Sesi 1</em> Dongeng<br>\n<em>Sesi 2</em> Mewarnai</p>\n"
        "<p>Pukul 08.00 Pembukaan\nPukul 09.00 Sambutan</p>\n"
        "<p>Tahun 2020 kami mulai\nTahun 2021 lagi</p>\n"
        "<p>Kelas ini dibuka untuk\nkelas 1 dan\nkelas 2 SD.</p>\n"
        "<p>Juara 1 Budi\nJuara 3 Ani</p>")


@pytest.mark.parametrize("written, shown", [
    # a paragraph wrapped by hand is one line, as Markdown has it
    ("Kelas ini dibuka kembali mulai\nSeptember dan terbuka untuk umum.",
     "<p>Kelas ini dibuka kembali mulai\nSeptember dan terbuka untuk umum.</p>"),
    ("Catatan: kelas ini dibuka kembali mulai\nSeptember dan terbuka untuk umum.",
     "<p>Catatan: kelas ini dibuka kembali mulai\nSeptember dan terbuka untuk umum.</p>"),
    # code stays as written
    ("```\nWaktu: 08.00\nTempat: Aula\n• satu\n```",
     "<pre><code>Waktu: 08.00\nTempat: Aula\n• satu\n</code></pre>"),
    # a dot between words is no bullet
    ("Jepara · Jawa Tengah", "<p>Jepara · Jawa Tengah</p>"),
    # a letter at a line start, not in order from "a": prose wrapped by hand
    ("Nilai rata-rata kelas\nb. Indonesia naik tahun ini.",
     "<p>Nilai rata-rata kelas\nb. Indonesia naik tahun ini.</p>"),
])
def test_prose_wrapped_by_hand_and_code_are_left_as_they_are(tmp_path, written, shown):
    assert _prose(tmp_path, written) == shown
