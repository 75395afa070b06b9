""""Bagikan ke WhatsApp" on a class's page types the class in a few lines: what, when,
where, what it costs and how to register, then the address (sharing.py). In a WhatsApp
group a forwarded link's preview often does not load on slow data, and many read only
the message."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from conftest import make_site, read, run

SCHEDULE = """\
    programs:
      - id: komputer
        title: Kelas Komputer & "Internet" Lansia
        location: Ruang Komputer Lt. 2
        fee: Gratis
        registration: WhatsApp 0812-0000-0000
        registration_until: 2026-11-30
        weekly:
          - {day: Senin, start: 9.00, end: 11.00}
          - {day: Kamis, start: 13.00}
        period: {from: 2026-11-23, until: 2027-01-25}
        except: [2026-11-26]
      - id: merajut
        title: Kelas Merajut
        location: Aula Utama
        fee: Rp10.000 untuk benang
        full: true
        sessions:
          - {date: 2026-12-02, start: 9.00, end: 11.00, location: Balai Desa Mulyoharjo}
      - id: yoga
        title: Kelas Yoga
        location: Halaman
        sessions:
          - {date: 2026-11-03, start: 6.30, end: 7.30}
    """


def _message(root, program: str) -> str:
    """The text the page's WhatsApp link opens WhatsApp with."""
    page = read(root, f"output/jadwal/{program}/index.html")
    found = re.findall(r'href="https://wa\.me/\?text=([^"]*)"', page)
    assert len(found) == 1, found
    assert "&" not in found[0].replace("&amp;", "")   # one query value, escaped in HTML
    return unquote(found[0].replace("&amp;", "&"))


def test_a_class_is_shared_with_when_where_cost_and_how_to_register(tmp_path):
    root = make_site(tmp_path, {"content/schedule.yaml": SCHEDULE})
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    assert _message(root, "komputer") == "\n".join([
        'Kelas Komputer & "Internet" Lansia (Gratis)',
        "Setiap Senin, 09.00–11.00 WIB; setiap Kamis, 13.00 WIB",
        # the 26th is a day off: the next session held is the Monday after
        "Sesi berikutnya: Senin, 30 November 2026, 09.00–11.00 WIB",
        "Tempat: Ruang Komputer Lt. 2",
        "Pendaftaran: WhatsApp 0812-0000-0000, paling lambat Senin, 30 November 2026",
        "https://example.org/jadwal/komputer/"])
    assert _message(root, "merajut") == "\n".join([
        "Kelas Merajut (Rp10.000 untuk benang)",
        "Sesi berikutnya: Rabu, 2 Desember 2026, 09.00–11.00 WIB, Balai Desa Mulyoharjo",
        "Tempat: Aula Utama",
        "Kuota sudah penuh; pendaftaran ditutup.",
        "https://example.org/jadwal/merajut/"])
    # All its sessions past: its title and address, as a news item is shared.
    assert _message(root, "yoga") == "Kelas Yoga https://example.org/jadwal/yoga/"


@pytest.mark.parametrize("form", ["https://forms.gle/AbC123", "s.id/DaftarKomputer"])
def test_a_form_link_to_register_comes_after_the_class_address(tmp_path, form):
    """WhatsApp previews a message's first web address only (one written without
    https:// too): the class's page, so the preview shows the class, not the form."""
    schedule = SCHEDULE.replace("registration: WhatsApp 0812-0000-0000",
                                f"registration: {form} (isi formulir)")
    root = make_site(tmp_path, {"content/schedule.yaml": schedule})
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    assert _message(root, "komputer").split("\n")[:2] == [
        'Kelas Komputer & "Internet" Lansia (Gratis)', "https://example.org/jadwal/komputer/"]
    assert _message(root, "komputer").split("\n")[-1] == (
        f"Pendaftaran: {form} (isi formulir), paling lambat Senin, "
        "30 November 2026")


def test_the_message_follows_the_days(tmp_path):
    root = make_site(tmp_path, {"content/schedule.yaml": SCHEDULE})
    assert run(root, "build", now="2026-12-01T09:00").code == 0
    lines = _message(root, "komputer").split("\n")
    assert lines[2] == "Sesi berikutnya: Kamis, 3 Desember 2026, 13.00 WIB"
    assert lines[4] == "Pendaftaran sudah ditutup."


def test_days_at_the_same_hours_are_said_once(tmp_path):
    """"Setiap Selasa dan Kamis, 15.00–17.00 WIB", on the page and in the message, where
    each day repeated the hours ("Setiap Selasa, 15.00–17.00 WIB; Setiap Kamis, ...")."""
    schedule = SCHEDULE.replace(
        "          - {day: Senin, start: 9.00, end: 11.00}\n"
        "          - {day: Kamis, start: 13.00}\n",
        "          - {day: Kamis, start: 15.00, end: 17.00}\n"
        "          - {day: Selasa, start: 15.00, end: 17.00}\n"
        "          - {day: Sabtu, start: 9.00, end: 11.00}\n"
        "          - {day: Senin, start: 15.00, end: 17.00}\n")
    root = make_site(tmp_path, {"content/schedule.yaml": schedule})
    assert run(root, "build", now="2026-11-24T09:00").code == 0
    said = "Setiap Senin, Selasa, dan Kamis, 15.00–17.00 WIB; setiap Sabtu, 09.00–11.00 WIB"
    assert _message(root, "komputer").split("\n")[1] == said
    page = read(root, "output/jadwal/komputer/index.html")
    weekly = re.search(r'<p class="weekly">(.*?)<br>', page, re.S)[1]
    assert " ".join(re.sub(r"<[^>]+>", "", weekly).split()) == said
