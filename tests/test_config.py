"""site.yaml read from strings: defaults, sub-path base URLs, the catalog form."""

from pathlib import Path

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
