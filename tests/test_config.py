"""site.yaml read from strings: defaults, sub-path base URLs, the catalog form."""

from pathlib import Path

from conftest import make_site, read, run
from site_builder.config import catalog_search, parse_config
from site_builder.errors import Location, Problems

WHERE = Location(Path("content/site.yaml"))


def parse(text):
    problems = Problems()
    return parse_config(text, WHERE, problems), problems


def test_defaults():
    config, problems = parse("title: Perpustakaan\nbase_url: https://example.org\n")
    assert not problems.items
    assert config.base_url == "https://example.org/"
    assert config.base_path == "/"
    assert (config.language, config.timezone, config.per_page, config.menu) == ("id", "Asia/Jakarta", 10, None)


def test_sub_path_and_contact():
    config, problems = parse("""\
title: Perpustakaan
base_url: https://example.org/perpustakaan
contact:
  address: Jl. Kartini 9
  opening_hours: [Senin–Kamis 08.00–15.30, "Jumat: 08.00–11.00"]
  email: perpus@example.org
menu:
  - {title: Beranda, url: /}
  - {title: OPAC, url: https://opac.example.org/}
""")
    assert not problems.items
    assert config.base_path == "/perpustakaan/"
    assert config.contact.address == ("Jl. Kartini 9",)
    assert config.contact.opening_hours == ("Senin–Kamis 08.00–15.30", "Jumat: 08.00–11.00")
    assert [m.url for m in config.menu] == ["/", "https://opac.example.org/"]


def test_every_problem_at_once():
    config, problems = parse("title:\nbase_url: example.org\nper_page: 0\ntimezone: Asia/Jakrta\nlanguag: id\n")
    assert config.per_page == 10   # replaced, so content can still be checked in this run
    messages = {p.location.line: p.message for p in problems}
    assert 'kolom "title" wajib diisi' in messages[1]
    assert "alamat web lengkap" in messages[2]
    assert "per_page" in messages[3]
    assert "Asia/Jakrta" in messages[4]
    assert 'mungkin maksudnya "language"' in messages[5]
    assert [p.severity for p in problems if p.location.line == 5] == ["warning"]


def test_catalog_search_form_keeps_fixed_parameters_as_hidden_inputs():
    form = catalog_search("https://opac.example.org/opac/pencarian-sederhana?action=pencarianSederhana&ruas=Judul&katakunci=")
    assert form.action == "https://opac.example.org/opac/pencarian-sederhana"
    assert form.query_name == "katakunci"
    assert form.hidden == (("action", "pencarianSederhana"), ("ruas", "Judul"))
    assert catalog_search("https://opac.example.org/search").query_name == "q"
    assert catalog_search("https://opac.example.org/cari?kata={query}&x=1").query_name == "kata"


def test_contact_fields_written_in_indonesian_are_named_in_english():
    config, problems = parse("title: Perpustakaan\nbase_url: https://example.org\ncontact:\n"
                             "  alamat: Jl. Kartini 9\n  peta: https://maps.app.goo.gl/x\n"
                             "  telepon: (0291) 591 000\n")
    assert config.contact.map is None and config.contact.address == ()
    assert [(p.location.line, p.severity, p.message.split("; ")[1]) for p in problems] == [
        (4, "warning", 'mungkin maksudnya "address"?'),
        (5, "warning", 'mungkin maksudnya "map"?'),
        (6, "warning", 'mungkin maksudnya "phone"?')]


SITE = "title: Perpustakaan\nbase_url: https://example.org\n"


def test_a_social_handle_or_an_address_without_https_is_told_the_address_to_write():
    _, problems = parse(SITE + 'social:\n  Instagram: "@perpustakaan.jepara"\n'
                               "  Facebook: facebook.com/perpustakaan.jepara\n")
    assert [(p.location.line, p.message) for p in problems] == [
        (4, 'kolom "Instagram": "@perpustakaan.jepara" adalah nama akun; tulis alamat lengkap '
            "halamannya: Instagram: https://www.instagram.com/perpustakaan.jepara/"),
        (5, 'kolom "Facebook": "facebook.com/perpustakaan.jepara" bukan alamat web lengkap; '
            "tulis lengkap dengan https:// di depannya: "
            "https://facebook.com/perpustakaan.jepara")]
    # unquoted, YAML cannot read it: the message says both what YAML needs and what to write
    _, problems = parse(SITE + "social:\n  TikTok: @perpustakaan.jepara\n")
    (problem,) = problems
    assert problem.location.line == 4
    assert 'TikTok: "@perpustakaan.jepara"' in problem.message
    assert "TikTok: https://www.tiktok.com/@perpustakaan.jepara" in problem.message


def test_a_whatsapp_link_is_read_as_its_number_and_words_beside_a_number_are_a_warning():
    config, problems = parse(SITE + "contact:\n  whatsapp: https://wa.me/6281200000000\n")
    assert not problems.items
    assert (config.contact.whatsapp, config.contact.whatsapp_link) == (
        "0812-0000-0000", "https://wa.me/6281200000000")
    config, problems = parse(SITE + "contact:\n  whatsapp: 0812-0000-0000 (Bu Ani)\n")
    (problem,) = problems
    assert (problem.location.line, problem.severity) == (4, "warning")
    assert '"0812-0000-0000 (Bu Ani)" bukan nomor telepon saja' in problem.message
    assert problem.message.endswith("tulis nomornya saja: whatsapp: 0812-0000-0000")
    assert config.contact.whatsapp_link is None
    _, problems = parse(SITE + "contact:\n  whatsapp: hubungi admin\n")
    assert [problem.message.endswith("whatsapp: 0812-3456-7890") for problem in problems] == [True]


def test_an_email_address_without_its_domain_is_an_error():
    _, problems = parse(SITE + "contact:\n  email: perpustakaan@jepara\n")
    (problem,) = problems
    assert (problem.location.line, problem.severity) == (4, "error")
    assert '"perpustakaan@jepara" bukan alamat email lengkap' in problem.message


def test_the_footer_links_the_number_of_a_copied_whatsapp_chat_link(tmp_path: Path):
    root = make_site(tmp_path, {"content/site.yaml": SITE + "contact:\n"
                                "  whatsapp: https://api.whatsapp.com/send?phone=6281200000000\n"})
    result = run(root, "build")
    assert result.code == 0 and result.err == "", result.err
    assert ('WhatsApp: <a href="https://wa.me/6281200000000">0812-0000-0000</a>'
            in read(root, "output/index.html"))


def test_a_catalog_address_without_https_is_a_warning_at_its_line():
    """Every catalog search (what a reader looks for: health, religion) would travel
    unencrypted; the catalog is still used, and an https:// address is not a warning."""
    config, problems = parse("title: Perpustakaan\nbase_url: https://example.org\n"
                             "catalog_url: http://opac.example.org/cari?katakunci=\n")
    assert config.catalog.action == "http://opac.example.org/cari"
    assert [(p.location.line, p.severity) for p in problems] == [(3, "warning")]
    assert problems.items[0].message == (
        'kolom "catalog_url": alamat katalog diawali http://, jadi setiap pencarian di katalog '
        "(kata yang dicari pembaca, yang bisa menunjukkan minat bacanya) terkirim tanpa "
        "enkripsi dan bisa dibaca siapa pun di jaringan yang dilewatinya; tanyakan kepada "
        "pengelola katalog apakah katalog bisa dibuka dengan https://, lalu tulis alamat itu: "
        "catalog_url: https://opac.example.org/cari?katakunci=")
    config, problems = parse("title: Perpustakaan\nbase_url: https://example.org\n"
                             "catalog_url: HTTPS://opac.example.org/cari?katakunci=\n")
    assert not problems.items
