"""Documents published as they are (PDF, Word, Excel, PowerPoint, ODF) that keep what
their authors did not mean to publish: reviewers' comments, tracked changes, the earlier
version a PDF editor's "Save" keeps inside the file, the names of their authors. Each is
a warning at the file (the build goes on, the file is published byte for byte); reading
is bounded (a 50 MB PDF, a zip bomb) and cached.

Real sites in tmp_path, built through the command line (conftest.py); the documents are
made here, by hand.
"""

from __future__ import annotations

import io
import os
import time
import tracemalloc
import zipfile

from conftest import make_site, run, write_files
from site_builder import documentinfo

NEWS = """\
    ---
    title: Lomba
    date: 2024-01-05
    ---
    Unduh [formulir](formulir.pdf) dan [laporan](laporan.docx).
    """
PUBLISHED = "diterbitkan apa adanya, dan siapa pun yang mengunduhnya bisa membacanya"
INSPECT = "File > Info > Periksa Masalah > Periksa Dokumen (Inspect Document) > Hapus Semua"
SAVE_AS = "simpan sebagai PDF baru dengan Simpan Sebagai (bukan Simpan)"


def pdf(info: bytes = b"<< /Producer (Penulis PDF) >>", annotation: bytes = b"/Link",
        updates: int = 0, first: bytes = b"", last: bytes = b"") -> bytes:
    """A one-page PDF with one annotation of kind `annotation`, the Info dictionary
    `info`, `first` after its header, `last` in its last update, and `updates`
    incremental updates (each a new version of its page, the one before kept)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>",
               b"<< /Type /Annot /Subtype " + annotation + b" /Rect [0 0 10 10] >>",
               info]
    data = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + first)
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(data)
    data += b"xref\n0 6\n0000000000 65535 f \n"
    data += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    data += b"trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    for update in range(updates):
        page = len(data)
        data += (b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
                 + (last if update == updates - 1 else b""))
        previous, xref = xref, len(data)
        data += b"xref\n0 1\n0000000000 65535 f \n3 1\n%010d 00000 n \n" % page
        data += (b"trailer\n<< /Size 6 /Root 1 0 R /Info 5 0 R /Prev %d >>\nstartxref\n%d\n"
                 b"%%%%EOF\n" % (previous, xref))
    return bytes(data)


def office(members: dict[str, str | bytes]) -> bytes:
    """A zip (an Office Open XML or ODF file) holding `members`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">{}</cp:coreProperties>')


def docx(body: str = "<w:p><w:r><w:t>Laporan.</w:t></w:r></w:p>", core: str = "",
         comments: str | None = None) -> bytes:
    members = {"[Content_Types].xml": "<Types/>",
               "word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>",
               "docProps/core.xml": CORE.format(core)}
    if comments is not None:
        members["word/comments.xml"] = f"<w:comments {W}>{comments}</w:comments>"
    return office(members)


COMMENT = ('<w:comment w:id="0" w:author="Kepala Bidang"><w:p><w:r><w:t>Jangan sebut nama '
           'Bu Sri.</w:t></w:r></w:p></w:comment>')
DELETED = ('<w:p><w:del w:id="1" w:author="Siti"><w:r><w:delText>Pak Darmo, HP 0857-3333-2222.'
           '</w:delText></w:r></w:del></w:p>')
FIELD = ('<w:p><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
         '<w:r><w:t>Halaman</w:t></w:r></w:p>')


def odf(content: str, meta: str = "") -> bytes:
    office_ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    return office({
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": f"<office:document-content {office_ns}><office:body>{content}"
                       "</office:body></office:document-content>",
        "meta.xml": f"<office:document-meta {office_ns}><office:meta>{meta}</office:meta>"
                    "</office:document-meta>"})


def warned(result) -> dict[str, str]:
    """The warnings of a build, by the file they are at (one each), but for those of a
    file's size."""
    assert result.code == 0, result.err
    found = {}
    for line in result.err.splitlines():
        where, said, message = line.partition(": peringatan: ")
        if said and not message.startswith("berkas ini berukuran"):   # check_file_size
            assert where not in found, result.err
            found[where] = message
    return found


def test_a_pdf_with_comments_an_earlier_version_or_its_author_is_a_warning(tmp_path):
    """The audit's form: a sticky note, a NIK "removed" by an incremental update (the
    first version stays in the file), the author's name. Published byte for byte, with a
    warning at the file saying what it keeps (not quoting it) and how to make it clean.
    A PDF with none of these, a linearized one (two %%EOF by design) and a signed one
    (the signature is an update) are not warnings."""
    form = pdf(info=b"<< /Author (Siti Aminah - Humas) /Producer (Word) >>",
               annotation=b"/Text", updates=1)
    root = make_site(tmp_path, {
        "content/news/2024-01-05-lomba/index.md": NEWS,
        "content/news/2024-01-05-lomba/formulir.pdf": form,
        "content/news/2024-01-05-lomba/laporan.docx": docx(),
        "content/static/unduhan/bersih.pdf": pdf(info=b"<< /Author () /Title (Formulir) >>"),
        "content/static/unduhan/kosong.pdf": pdf(info=b"<< /Author <FEFF> >>"),
        "content/static/unduhan/catatan.pdf": pdf(annotation=b"/FreeText"),
        "content/static/unduhan/sorotan.pdf": pdf(annotation=b"/Popup"),
        "content/static/unduhan/penulis.pdf": pdf(info=b"<< /Author <FEFF00530069> >>"),
        "content/static/unduhan/revisi.pdf": pdf(updates=2),
        "content/static/unduhan/web.pdf": pdf(
            first=b"7 0 obj\n<< /Linearized 1 /L 900 >>\nendobj\ntrailer\n<< /Size 8 >>\n"
                  b"startxref\n0\n%%EOF\n"),
        "content/static/unduhan/sk-bertanda.pdf": pdf(updates=1, last=(
            b"8 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [0 10 20 30] "
            b"/Contents <00> >>\nendobj\n")),
        "content/static/unduhan/kosong-isi.pdf": b"%PDF-1.4\n",
    })
    found = warned(run(root))
    assert found == {
        "content/news/2024-01-05-lomba/formulir.pdf":
            "berkas ini berisi komentar, menyimpan versi sebelumnya (teks yang sudah diubah "
            "atau dihapus bisa masih ada di dalam berkasnya) dan mencatat nama penulis; berkas ini "
            f"{PUBLISHED}; buka dokumen asalnya di Word, pilih {INSPECT}, terima atau tolak "
            f"semua perubahan, lalu {SAVE_AS} dan ganti berkas ini dengannya",
        "content/static/unduhan/catatan.pdf": found.get("content/static/unduhan/catatan.pdf"),
        "content/static/unduhan/sorotan.pdf": found.get("content/static/unduhan/sorotan.pdf"),
        "content/static/unduhan/revisi.pdf": found.get("content/static/unduhan/revisi.pdf"),
    }, found   # penulis.pdf: an author's name alone is no warning (nearly every PDF has one)
    assert found["content/static/unduhan/catatan.pdf"].startswith("berkas ini berisi komentar; ")
    assert found["content/static/unduhan/sorotan.pdf"].startswith("berkas ini berisi komentar; ")
    assert found["content/static/unduhan/revisi.pdf"].startswith(
        "berkas ini menyimpan versi sebelumnya ")
    assert "Siti" not in str(found) and "Humas" not in str(found)   # not quoted
    assert (root / "output/berita/lomba/formulir.pdf").read_bytes() == form   # not rewritten


def test_an_office_file_with_comments_tracked_changes_or_names_is_a_warning(tmp_path):
    """The audit's report: a reviewer's comment, a tracked deletion (a participant's
    phone), the author and the last editor (with a NIP). A Word file with a field (its
    <w:instrText>, not a tracked insertion) and empty names is not a warning; nor is an
    ODF file with an empty list of tracked changes."""
    root = make_site(tmp_path, {
        "content/news/2024-01-05-lomba/index.md": NEWS,
        "content/news/2024-01-05-lomba/formulir.pdf": pdf(),
        "content/news/2024-01-05-lomba/laporan.docx": docx(
            DELETED, "<dc:creator>Siti Aminah</dc:creator><cp:lastModifiedBy>Agus (NIP "
                     "19800101)</cp:lastModifiedBy>", COMMENT),
        "content/static/unduhan/bersih.docx": docx(
            FIELD, "<dc:creator></dc:creator><cp:lastModifiedBy/><dc:title>Laporan</dc:title>",
            comments=""),
        "content/static/unduhan/sisipan.docx": docx('<w:p><w:ins w:id="2"><w:r><w:t>baru'
                                                    '</w:t></w:r></w:ins></w:p>'),
        "content/static/unduhan/editor.docx": docx(core="<cp:lastModifiedBy>Agus"
                                                        "</cp:lastModifiedBy>"),
        "content/static/unduhan/data.xlsx": office({
            "xl/workbook.xml": "<workbook/>",
            "xl/comments1.xml": '<comments><commentList><comment ref="A1" authorId="0">'
                                "<text><t>telp 0812</t></text></comment></commentList>"
                                "</comments>"}),
        "content/static/unduhan/paparan.pptx": office({
            "ppt/presentation.xml": "<p:presentation/>",
            "ppt/comments/comment1.xml": '<p:cmLst><p:cm authorId="0"><p:text>cek</p:text>'
                                         "</p:cm></p:cmLst>"}),
        "content/static/unduhan/surat.odt": odf(
            "<office:text><text:p>Isi<office:annotation><text:p>hapus</text:p>"
            "</office:annotation></text:p></office:text>",
            "<meta:initial-creator>Siti Aminah</meta:initial-creator>"),
        "content/static/unduhan/rapi.odt": odf(
            "<office:text><text:tracked-changes/><text:p>Isi</text:p></office:text>",
            "<meta:initial-creator></meta:initial-creator>"),
        "content/static/unduhan/tabel.ods": odf(
            "<office:spreadsheet><table:tracked-changes><table:cell-content-change>"
            "</table:cell-content-change></table:tracked-changes></office:spreadsheet>"),
        "content/static/unduhan/bukan-zip.docx": b"bukan zip",
    })
    found = warned(run(root))
    assert found == {
        "content/news/2024-01-05-lomba/laporan.docx":
            "berkas ini berisi komentar, menyimpan perubahan terlacak (Track Changes) yang "
            "memperlihatkan teks sebelum diubah atau dihapus dan mencatat nama penulis atau "
            "orang yang terakhir "
            f"mengubahnya; berkas ini {PUBLISHED}; buka di Word, pilih {INSPECT}, terima "
            f"atau tolak semua perubahan, lalu {SAVE_AS} dan tautkan PDF itu sebagai gantinya",
        **{f"content/static/unduhan/{name}": found.get(f"content/static/unduhan/{name}")
           for name in ("sisipan.docx", "data.xlsx", "paparan.pptx", "surat.odt", "tabel.ods")},
    }, found   # editor.docx: names alone are no warning (nearly every Word file has them)
    said = {name.rpartition("/")[2]: message.partition(";")[0] for name, message in found.items()}
    assert said["sisipan.docx"] == ("berkas ini menyimpan perubahan terlacak (Track Changes) "
                                    "yang memperlihatkan teks sebelum diubah atau dihapus")
    assert said["data.xlsx"] == said["paparan.pptx"] == "berkas ini berisi komentar"
    assert said["surat.odt"] == ("berkas ini berisi komentar dan mencatat nama penulis atau "
                                 "orang yang terakhir mengubahnya")
    assert said["tabel.ods"].startswith("berkas ini menyimpan perubahan terlacak")
    assert "Agus" not in str(found) and "Sri" not in str(found)


def _big_pdf(path, size):
    """A PDF of `size` bytes (sparse: zeros in between) with an author at its start and
    an update at its end."""
    with open(path, "wb") as file:
        file.write(pdf(info=b"<< /Author (Siti) >>"))
        file.truncate(size)
        file.seek(size)
        file.write(b"\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 >>\n%%EOF\n")


def _zip_bomb(path, size):
    """A Word file whose document.xml and comments.xml each unpack to `size` bytes (a few
    hundred KB packed): a comment at the start of one, a tracked insertion at the end of
    the other, past what is read."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, start, end in (
                ("word/document.xml", f"<w:document {W}><w:body><w:p>", '<w:ins w:id="1">'),
                ("word/comments.xml", f"<w:comments {W}>{COMMENT}", "</w:comments>")):
            with archive.open(name, "w", force_zip64=True) as member:
                member.write(start.encode())
                block = b" " * (1 << 20)
                for _ in range(size >> 20):
                    member.write(block)
                member.write(end.encode())
        archive.writestr("docProps/core.xml", CORE.format("<dc:creator>Siti</dc:creator>"
                                                          + " " * (64 << 20)))


def test_a_50_mb_pdf_and_a_zip_bomb_are_read_in_bounds(tmp_path):
    """Only the start and the end of a large PDF, and at most some megabytes of each
    member of a zip named, are read, a chunk at a time: the build ends quickly, and the
    reading holds little in memory."""
    root = make_site(tmp_path, {"content/news/2024-01-05-lomba/index.md": NEWS})
    bundle = root / "content/news/2024-01-05-lomba"
    _big_pdf(bundle / "formulir.pdf", 50_000_000)
    _zip_bomb(bundle / "laporan.docx", 200 << 20)
    start = time.perf_counter()
    found = warned(run(root))
    seconds = time.perf_counter() - start
    assert seconds < 10, f"{seconds:.1f} s"
    assert "menyimpan versi sebelumnya" in found["content/news/2024-01-05-lomba/formulir.pdf"]
    assert "mencatat nama penulis" in found["content/news/2024-01-05-lomba/formulir.pdf"]
    assert found["content/news/2024-01-05-lomba/laporan.docx"].startswith(
        "berkas ini berisi komentar dan mencatat nama penulis")   # not read 200 MB far
    for path in (bundle / "formulir.pdf", bundle / "laporan.docx"):
        tracemalloc.start()
        try:
            assert documentinfo.findings(path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 24_000_000, (path.name, peak)


def test_what_a_document_holds_is_read_once_while_it_is_unchanged(tmp_path, monkeypatch):
    """A document of static/ (whose files are listed at every build) and one of a bundle
    (whose item is cached) are not read again while unchanged; changed, they are."""
    root = make_site(tmp_path, {
        "content/news/2024-01-05-lomba/index.md": NEWS,
        "content/news/2024-01-05-lomba/formulir.pdf": pdf(annotation=b"/Text"),
        "content/news/2024-01-05-lomba/laporan.docx": docx(),
        "content/static/unduhan/revisi.pdf": pdf(updates=1),
        "content/pages/tentang.md": "---\ntitle: Tentang\n---\nIsi.\n",
    })
    old = time.time() - 3600
    for path in (root / "content").rglob("*"):
        os.utime(path, (old, old))   # written long ago: its signature is trusted
    first = warned(run(root))
    assert set(first) == {"content/news/2024-01-05-lomba/formulir.pdf",
                          "content/static/unduhan/revisi.pdf"}

    def not_again(path):
        raise AssertionError(f"{path} read again")

    monkeypatch.setattr(documentinfo, "findings", not_again)
    write_files(root, {"content/pages/tentang.md": "---\ntitle: Tentang\n---\nIsi baru.\n"})
    assert warned(run(root)) == first
    monkeypatch.undo()
    write_files(root, {"content/static/unduhan/revisi.pdf": pdf()})
    os.utime(root / "content/static/unduhan/revisi.pdf", (old, old))
    assert set(warned(run(root))) == {"content/news/2024-01-05-lomba/formulir.pdf"}
