"""The sample site in content/: it builds cleanly, holds the seed article's facts, and every
page passes the Nu HTML Checker (vnu) with zero errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PROJECT, read, run

VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The project's content/ built into a temporary folder (the real one is not touched)."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(PROJECT / "content", root / "content")
    result = run(root, "build")
    assert result.code == 0, result.err
    assert result.err == "", "the sample site must build without warnings"
    return root


def test_seed_article_awards_profile_and_classes(sample):
    article = read(sample, "output/berita/diskarpus-raih-penghargaan-perpusnas/index.html")
    assert "Khoirul Mizan" in article and "Umar Chotob" in article
    assert "Jumat, 29 September 2023" in article
    awards = read(sample, "output/penghargaan/index.html")
    for award in ("Inovasi Layanan Digital Terbaik", "Inovasi Advokasi dan Kemitraan Terbaik",
                  "Lomba Menulis Cerita Dampak Layanan Perpustakaan", "Lomba Foto Instagram",
                  "Lifetime Achievement 2023"):
        assert award in awards, award
    profile = read(sample, "output/profil/index.html")
    assert "50.313" in profile and "2.285" in profile and "21" in profile
    programs = sorted(p.parent.name for p in (sample / "output/jadwal").glob("*/index.html"))
    assert programs == sorted(["bahasa-inggris", "wirausaha-perempuan", "merajut", "menulis",
                               "kuliah-parenting", "yoga", "marketing-online", "pijat-refleksi"])
    assert (sample / "output/berita/halaman/2/index.html").is_file()


def _vnu_command() -> list[str] | None:
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-jar", str(VNU_JAR)]
    return None


def test_every_page_passes_the_nu_html_checker(sample):
    command = _vnu_command()
    if command is None:
        if os.environ.get("CI"):
            pytest.fail("vnu is missing: .ci/run must install Java and `npm ci` (vnu-jar)")
        pytest.skip("vnu not installed: run `npm ci` and install Java")
    pages = sorted(str(p) for p in (sample / "output").rglob("*.html"))
    assert len(pages) > 40
    checked = subprocess.run([*command, "--errors-only", "--format", "json", *pages],
                             capture_output=True, text=True, timeout=300)
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [f"{m.get('url', '?').rsplit('/output/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert errors == []
