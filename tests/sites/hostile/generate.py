"""Create the generated parts of the hostile held-out cases.

Some cases cannot (or must not) be committed as plain files: a 20 MB Markdown
file, an 8 MB photo, a PNG decompression bomb, 10,000-deep YAML nesting,
symlinks (git may not keep them) and BOM+CRLF files (git may normalise line
endings). cases.yaml describes them with `generate:`; this module makes them.

Library use (by tests/test_hostile_heldout.py):

    import generate
    generate.apply(case["generate"], site_dir)   # site_dir holds content/

Command line (writes complete case folders, committed files + generated ones):

    python3 generate.py DEST [--case NAME ...] [--all]

Without --case/--all only the cases that have a `generate:` entry are written.
Everything is deterministic (fixed seeds).
"""
from __future__ import annotations

import argparse
import io
import random
import shutil
import struct
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent


# --------------------------------------------------------------- helpers
def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


# --------------------------------------------------------------- kinds
def bom_crlf(spec: dict, site: Path) -> None:
    """Re-save committed UTF-8/LF files with a UTF-8 BOM and CRLF line endings."""
    for rel in spec["paths"]:
        p = site / rel
        text = p.read_bytes().decode("utf-8").replace("\r\n", "\n")
        _write(p, b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def deep_nesting(spec: dict, site: Path) -> None:
    """A news item whose `field` is a flow sequence nested `depth` levels deep."""
    depth = int(spec.get("depth", 10000))
    field = spec.get("field", "tags")
    nested = "[" * depth + "Anak" + "]" * depth
    text = ("---\ntitle: Lomba Mewarnai\ndate: 2026-11-20\n"
            f"{field}: {nested}\n---\nIsi berita.\n")
    _write(site / spec["path"], text.encode("utf-8"))


def big_markdown(spec: dict, site: Path) -> None:
    """A valid news item whose Markdown body is `megabytes` MB of ordinary paragraphs."""
    target = int(float(spec.get("megabytes", 20)) * 1024 * 1024)
    head = ("---\ntitle: Laporan Tahunan yang Sangat Panjang\ndate: 2026-11-20\n"
            "summary: Laporan kegiatan perpustakaan.\n---\n").encode("utf-8")
    para = ("Perpustakaan Daerah Kabupaten Jepara melayani **pengunjung** dari seluruh "
            "kecamatan, dengan koleksi buku, layanan komputer, dan pelatihan gratis "
            "bagi masyarakat. Kegiatan ini didukung relawan dan mitra komunitas.\n\n")
    block = (para * 64).encode("utf-8")
    p = site / spec["path"]
    p.parent.mkdir(parents=True, exist_ok=True)
    with open(p, "wb") as f:
        f.write(head)
        size = len(head)
        while size < target:
            f.write(block)
            size += len(block)


def png_bomb(spec: dict, site: Path) -> None:
    """A small PNG (a few hundred KB) that declares width x height grey pixels."""
    w, h = int(spec.get("width", 20000)), int(spec.get("height", 20000))
    comp = zlib.compressobj(9)
    row = b"\x00" * (w + 1)  # filter byte 0 + w zero pixels
    parts = [comp.compress(row) for _ in range(h)]
    parts.append(comp.flush())
    idat = b"".join(parts)
    data = (b"\x89PNG\r\n\x1a\n"
            + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))
    _write(site / spec["path"], data)


def big_photo(spec: dict, site: Path) -> None:
    """A camera-like JPEG of about `megabytes` MB (noise, EXIF orientation 6)."""
    from PIL import Image  # Pillow is a dependency of the builder

    target = float(spec.get("megabytes", 8)) * 1_000_000
    rnd = random.Random(8)
    w, h = 2000, 1500
    data = b""
    for _ in range(6):
        img = Image.frombytes("RGB", (w, h), rnd.randbytes(w * h * 3))
        exif = Image.Exif()
        exif[0x0112] = 6            # Orientation: rotate 90 CW
        exif[0x010F] = "Samsung"    # Make
        exif[0x0110] = "Galaxy A14"  # Model
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90, exif=exif.tobytes())
        data = buf.getvalue()
        if len(data) >= target * 0.97:
            break
        scale = (target / len(data)) ** 0.5 * 1.02
        w, h = int(w * scale), int(h * scale)
    _write(site / spec["path"], data)


def symlink(spec: dict, site: Path) -> None:
    """A symlink at `path` to `target` (relative as written, or '@abs:REL' = site/REL absolute)."""
    ct = spec.get("create_target")
    if ct:
        _write(site / ct["path"], ct.get("text", "").encode("utf-8"))
    target = spec["target"]
    if target.startswith("@abs:"):
        target = str((site / target[len("@abs:"):]).resolve())
    link = site / spec["path"]
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target)


KINDS = {f.__name__: f for f in (bom_crlf, deep_nesting, big_markdown, png_bomb, big_photo, symlink)}


def apply(specs, site) -> None:
    """Apply one spec (dict) or a list of specs to the case copy in `site`."""
    site = Path(site)
    if isinstance(specs, dict):
        specs = [specs]
    for spec in specs or []:
        KINDS[spec["kind"]](spec, site)


def load_cases(path: Path = HERE / "cases.yaml") -> dict:
    import yaml
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dest", type=Path, help="folder to write case folders into")
    ap.add_argument("--case", action="append", default=[], help="case name (repeatable)")
    ap.add_argument("--all", action="store_true", help="write every case, not only generated ones")
    args = ap.parse_args(argv)
    cases = load_cases()["cases"]
    for case in cases:
        if args.case and case["name"] not in args.case:
            continue
        if not (args.case or args.all or case.get("generate")):
            continue
        out = args.dest / case["name"]
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(HERE / case["name"], out, symlinks=True)
        apply(case.get("generate"), out)
        print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
