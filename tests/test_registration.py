"""A class that is full, or whose registration has a last day: schedule.yaml's `full`
and `registration_until` (additions to the content format). A resident reads on the
class's page whether they can still register, and is not offered a WhatsApp chat for a
class that takes nobody more."""

from __future__ import annotations

import json
import re

import pytest

from conftest import make_site, read, run, snapshot

SCHEDULE = """\
    programs:
      - id: komputer
        title: Kelas Komputer Lansia
        location: Ruang Komputer
        quota: 15
        registration: WhatsApp 0812-0000-0000
        registration_until: 2026-11-30
        weekly:
          - {day: Senin, start: 9.00, end: 11.00}
        period: {from: 2026-12-07, until: 2027-01-25}
      - id: merajut
        title: Kelas Merajut
        location: Aula Utama
        quota: 20
        registration: WhatsApp 0812-1111-1111
        full: true
        sessions:
          - {date: 2026-12-02, start: 9.00, end: 11.00}
      - id: yoga
        title: Kelas Yoga
        location: Halaman Perpustakaan
        registration: WhatsApp 0812-2222-2222
        sessions:
          - {date: 2026-12-03, start: 6.30, end: 7.30}
    """


def _site(tmp_path, schedule: str = SCHEDULE):
    return make_site(tmp_path, {"content/schedule.yaml": schedule})


def _registration(root, program: str) -> str:
    """The text of the "Pendaftaran" fact of a program's page, tags removed."""
    page = read(root, f"output/jadwal/{program}/index.html")
    found = re.search(r"<dt>Pendaftaran</dt>\s*<dd>(.*?)</dd>", page, re.S)
    assert found, program
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[1])).strip()


def _chat_links(root, page: str) -> list[str]:
    return re.findall(r'href="(https://wa\.me/62[^"]+)"', read(root, f"output/{page}"))


def test_registration_open_until_its_last_day_says_the_day(tmp_path):
    root = _site(tmp_path)
    for now in ("2026-11-24T09:00", "2026-11-30T21:00"):   # the last day itself: still open
        assert run(root, "build", now=now).code == 0
        assert _registration(root, "komputer") == (
            "WhatsApp 0812-0000-0000 Paling lambat Senin, 30 November 2026")
        assert len(_chat_links(root, "jadwal/komputer/index.html")) == 1
    assert _registration(root, "yoga") == "WhatsApp 0812-2222-2222"


def test_after_the_last_day_registration_is_closed_and_no_chat_is_offered(tmp_path):
    root = _site(tmp_path)
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    before = snapshot(root / "output")
    # A day later than the last one, with no file changed: the next build says it.
    assert run(root, "build", now="2026-12-01T00:30").code == 0
    assert _registration(root, "komputer") == (
        "Sudah ditutup; batas pendaftaran Senin, 30 November 2026.")
    assert _chat_links(root, "jadwal/komputer/index.html") == []
    assert snapshot(root / "output") != before
    schedule = read(root, "output/jadwal/index.html")
    section = schedule.split('id="program-komputer"', 1)[1].split("</section>", 1)[0]
    assert "Pendaftaran sudah ditutup" in section
    # Where sessions of several classes are listed, as a full class's are marked: the
    # home page gave the class unmarked, right under a full one's "(kuota penuh)".
    for page in ("index.html", "jadwal/index.html"):
        html = read(root, f"output/{page}")
        assert re.search(r'Kelas Komputer Lansia</a> <span class="meta">\(pendaftaran sudah '
                         r'ditutup\)</span>', html), page
        assert not re.search(r"Kelas Yoga</a> <span[^>]*>\(pendaftaran", html)
    assert run(root, "build", now="2026-11-30T21:00").code == 0
    assert "(pendaftaran sudah ditutup)" not in read(root, "output/index.html")


def test_a_full_class_says_so_on_its_page_and_in_the_schedule(tmp_path):
    root = _site(tmp_path)
    assert run(root, "build").code == 0
    assert _registration(root, "merajut") == "Kuota sudah penuh; pendaftaran ditutup."
    assert _chat_links(root, "jadwal/merajut/index.html") == []
    schedule = read(root, "output/jadwal/index.html")
    section = schedule.split('id="program-merajut"', 1)[1].split("</section>", 1)[0]
    assert "Kuota penuh" in section
    yoga = schedule.split('id="program-yoga"', 1)[1].split("</section>", 1)[0]
    assert "penuh" not in yoga and "ditutup" not in yoga
    # Where sessions of several classes are listed (the home page, the schedule's weeks)
    for page in ("index.html", "jadwal/index.html"):
        html = read(root, f"output/{page}")
        assert re.search(r'Kelas Merajut</a> <span class="meta">\(kuota penuh\)</span>', html)
        assert not re.search(r"Kelas Yoga</a> <span[^>]*>\(kuota", html)


@pytest.mark.parametrize("line, fragments", [
    ("full: ya", ['kolom "full" harus true atau false', "mungkin maksudnya true"]),
    ("registration_until: 30-11-2026", ['kolom "registration_until"',
                                        "mungkin maksudnya 2026-11-30"]),
])
def test_a_wrong_value_is_an_error_at_its_line(tmp_path, line, fragments):
    schedule = SCHEDULE.replace("registration_until: 2026-11-30", line)
    root = _site(tmp_path, schedule)
    result = run(root, "build")
    assert result.code == 1
    error = next(text for text in result.err.splitlines() if ": kesalahan: " in text)
    assert error.startswith("content/schedule.yaml:7: kesalahan: "), error
    for fragment in fragments:
        assert fragment in error, error


def test_a_last_day_after_the_last_session_is_a_warning(tmp_path):
    schedule = SCHEDULE.replace("registration_until: 2026-11-30",
                                "registration_until: 2027-11-30")
    result = run(_site(tmp_path, schedule), "build")
    assert result.code == 0, result.err
    warnings = [line for line in result.err.splitlines() if ": peringatan: " in line]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("content/schedule.yaml:7: peringatan: ")
    assert "2027-11-30" in warnings[0] and "2027-01-25" in warnings[0]


def test_last_terms_last_day_left_in_a_new_term_is_a_warning(tmp_path):
    """Staff start the next term by changing the dates: the last day to register stayed
    from the term before, and the new class said "Sudah ditutup" months before it began."""
    schedule = SCHEDULE.replace("period: {from: 2026-12-07, until: 2027-01-25}",
                                "period: {from: 2027-09-06, until: 2027-12-20}")
    result = run(_site(tmp_path, schedule), "build")
    assert result.code == 0, result.err
    assert ("content/schedule.yaml:7: peringatan: batas pendaftaran 2026-11-30 jatuh lebih "
            "dari setengah tahun sebelum sesi pertama (2027-09-06): mungkin tertinggal dari "
            "periode sebelumnya") in result.err


def test_search_engines_read_a_full_class_and_a_last_day_in_the_events(tmp_path):
    """schema.org Event `offers`: SoldOut for a full class, InStock until the end of the
    last day (in the site's zone) otherwise; none for a class that says neither."""
    root = _site(tmp_path)
    assert run(root, "build").code == 0

    def offers(program: str) -> list[dict | None]:
        page = read(root, f"output/jadwal/{program}/index.html")
        events = [json.loads(text) for text in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', page, re.S)]
        return [event.get("offers") for event in events if event.get("@type") == "Event"]

    full = offers("merajut")
    assert full and all(offer["availability"] == "https://schema.org/SoldOut"
                        and offer["price"] == 0 and offer["priceCurrency"] == "IDR"
                        for offer in full)
    until = offers("komputer")
    assert until and all(offer["availability"] == "https://schema.org/InStock"
                         and offer["validThrough"] == "2026-11-30T23:59:59+07:00"
                         for offer in until)
    assert offers("yoga") and offers("yoga") == [None]


def test_a_finished_class_offers_no_registration(tmp_path):
    """Its page says the class is over; a chat to register for it would go nowhere."""
    root = _site(tmp_path)
    assert run(root, "build", now="2026-12-04T09:00").code == 0   # yoga met on the 3rd
    assert _registration(root, "yoga") == "Sudah ditutup; kegiatan ini sudah selesai."
    assert _chat_links(root, "jadwal/yoga/index.html") == []
    assert _registration(root, "komputer") == (   # weekly from 7 December: still to come
        "Sudah ditutup; batas pendaftaran Senin, 30 November 2026.")


def test_news_about_a_full_class_does_not_promise_a_way_to_register(tmp_path):
    news = """\
        ---
        title: Kelas Merajut Dimulai
        date: 2026-11-20
        program: {program}
        ---
        Kelas merajut dimulai.
        """
    root = make_site(tmp_path, {
        "content/schedule.yaml": SCHEDULE,
        "content/news/2026-11-20-merajut.md": news.format(program="merajut"),
        "content/news/2026-11-21-yoga.md": news.format(program="yoga").replace(
            "merajut", "yoga").replace("Merajut", "Yoga"),
    })
    assert run(root, "build").code == 0
    related = re.compile(r'<section class="related"[^>]*aria-labelledby="kegiatan-terkait">'
                         r"(.*?)</section>", re.S)
    full = re.sub(r"<[^>]+>|\s+", " ", related.search(
        read(root, "output/berita/merajut/index.html"))[1]).split()
    assert " ".join(full).startswith(
        "Kegiatan terkait Kelas Merajut (kuota penuh): jadwal dan tempat. Sesi berikutnya:")
    open_ = related.search(read(root, "output/berita/yoga/index.html"))[1]
    assert "jadwal, tempat, dan cara mendaftar." in open_


def test_a_paid_class_tells_search_engines_its_price_in_rupiah(tmp_path):
    """A `fee` written as an amount of rupiah ("Rp 50.000,-", "Rp25.000", "75000") is the
    Event's offer price in IDR, with or without a last day; a fee in words ("Rp25.000
    per pertemuan") is shown on the page but gives search engines no price."""
    schedule = """\
        programs:
          - id: menjahit
            title: Kursus Menjahit
            fee: Rp 50.000,-
            registration_until: 2026-11-30
            sessions:
              - {date: 2026-12-05, start: 9.00, end: 11.00}
          - id: batik
            title: Kursus Batik
            fee: Rp75.000
            sessions:
              - {date: 2026-12-06, start: 9.00, end: 11.00}
          - id: ukir
            title: Kursus Ukir
            fee: Rp25.000 per pertemuan
            sessions:
              - {date: 2026-12-07, start: 9.00, end: 11.00}
        """
    root = _site(tmp_path, schedule)
    assert run(root, "build").code == 0

    def event(program: str) -> dict:
        page = read(root, f"output/jadwal/{program}/index.html")
        return next(data for data in (json.loads(text) for text in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', page, re.S))
            if data.get("@type") == "Event")

    menjahit, batik, ukir = event("menjahit"), event("batik"), event("ukir")
    assert menjahit["isAccessibleForFree"] is False
    assert (menjahit["offers"]["price"], menjahit["offers"]["priceCurrency"]) == (50000, "IDR")
    assert menjahit["offers"]["validThrough"] == "2026-11-30T23:59:59+07:00"
    assert batik["offers"] == {"@type": "Offer", "url": "https://example.org/jadwal/batik/",
                               "price": 75000, "priceCurrency": "IDR"}
    assert "offers" not in ukir and ukir["isAccessibleForFree"] is False
    assert "Rp25.000 per pertemuan" in read(root, "output/jadwal/ukir/index.html")


def test_a_web_address_in_the_registration_text_is_a_link(tmp_path):
    """"Isi formulir: https://forms.gle/... atau WhatsApp 0812-..." links both: the form
    (the full stop after it left out) and the chat. An address written without
    https:// cannot be linked: a warning at its line gives the one to write."""
    schedule = SCHEDULE.replace(
        "registration: WhatsApp 0812-0000-0000",
        'registration: "Isi formulir: https://forms.gle/abc123. Atau WhatsApp 0812-0000-0000"'
    ).replace("registration: WhatsApp 0812-2222-2222", "registration: Formulir bit.ly/yoga-pagi")
    root = _site(tmp_path, schedule)
    result = run(root, "build")
    assert result.code == 0, result.err
    page = read(root, "output/jadwal/komputer/index.html")
    assert ('Isi formulir: <a href="https://forms.gle/abc123">https://forms.gle/abc123</a>. '
            "Atau WhatsApp <a href=\"https://wa.me/6281200000000?text=") in page
    warnings = [line for line in result.err.splitlines() if ": peringatan: " in line]
    assert len(warnings) == 1, result.err
    assert warnings[0].startswith("content/schedule.yaml:22: peringatan: ")
    assert '"bit.ly/yoga-pagi"' in warnings[0] and "https://bit.ly/yoga-pagi" in warnings[0]


def test_a_whatsapp_link_with_the_number_as_dialled_is_an_error_with_the_link_to_write(
        tmp_path):
    """WhatsApp opens wa.me/62812..., not wa.me/0812-...: nobody could register."""
    schedule = SCHEDULE.replace("registration: WhatsApp 0812-0000-0000",
                                "registration: https://wa.me/0812-0000-0000")
    result = run(_site(tmp_path, schedule), "build")
    assert result.code == 1
    [error] = [line for line in result.err.splitlines() if ": kesalahan: " in line]
    assert error.startswith('content/schedule.yaml:6: kesalahan: kolom "registration": '
                            'tautan WhatsApp "https://wa.me/0812-0000-0000" tidak membuka '
                            "obrolan"), error
    assert error.endswith("tulis https://wa.me/6281200000000"), error


def test_a_fee_written_as_a_bare_number_is_shown_in_rupiah(tmp_path):
    schedule = SCHEDULE.replace("        quota: 15\n", "        quota: 15\n        fee: 50000\n")
    root = _site(tmp_path, schedule)
    assert run(root, "build").code == 0
    page = read(root, "output/jadwal/komputer/index.html")
    assert "<dt>Biaya</dt><dd>Rp50.000</dd>" in page
    assert '"price": 50000' in page or '"price":50000' in page
