"""The site on a phone's home screen (webmanifest.py): a web app manifest that Chromium
reads without an error and deems installable, with the library's name and icons, opening
at the home page under the site's sub-path; an icon for iPhone's "Add to Home Screen";
the theme's colours; every text of site.yaml only ever a JSON string."""

from __future__ import annotations

import io
import json
import shutil
from urllib.parse import urljoin

from PIL import Image

from browser import build_and_serve, chromium_with_profile
from conftest import NOW, PROJECT, SITE_YAML, make_site, read, run

SHORT = SITE_YAML + "short_title: Perpus Uji\ndescription: Berita dan jadwal kelas gratis.\n"


def test_chromium_can_install_the_site_with_its_icons(tmp_path):
    content = make_site(tmp_path / "source", {"content/site.yaml": SHORT}) / "content"
    with build_and_serve(content, tmp_path / "served", NOW, "perpustakaan/") as served, \
            chromium_with_profile(tmp_path / "profil") as context:
        page = context.new_page()
        page.goto(served.base)
        browser = context.new_cdp_session(page)
        found = browser.send("Page.getAppManifest")
        assert found["url"] == served.base + "manifest.webmanifest"
        assert found["errors"] == [], found["errors"]
        manifest = found["manifest"]
        assert (manifest["name"], manifest["startUrl"], manifest["scope"], manifest["id"]) == (
            "Perpustakaan Uji", served.base, served.base, served.base)
        assert manifest["display"] == "kMinimalUi"
        assert manifest["themeColor"] == "rgba(11,85,99,1)"   # the theme's --brand
        # What Chrome asks before it offers "Instal aplikasi": icons it could fetch, ...
        assert browser.send("Page.getInstallabilityErrors") == {"installabilityErrors": []}
        written = json.loads(read(served.output, "manifest.webmanifest"))
        assert written["short_name"] == "Perpus Uji"
        assert written["lang"] == "id" and written["description"].startswith("Berita dan")
        # Each icon is an image of the size it claims; one fills its square for the mask.
        for icon in written["icons"]:
            answer = page.request.get(urljoin(served.base, icon["src"]))
            assert answer.ok and answer.headers["content-type"] == icon["type"], icon
            if icon["type"] == "image/png":
                image = Image.open(io.BytesIO(answer.body()))
                assert f"{image.width}x{image.height}" == icon["sizes"]
                if icon["purpose"] == "maskable":
                    assert image.convert("RGBA").getpixel((0, 0))[3] == 255
        assert {icon["purpose"] for icon in written["icons"]} == {"any", "maskable"}
        # iPhone's "Add to Home Screen" takes apple-touch-icon: 180 pixels, no transparency.
        touch = page.get_attribute('link[rel="apple-touch-icon"]', "href")
        answer = page.request.get(urljoin(served.base, touch))
        image = Image.open(io.BytesIO(answer.body()))
        assert answer.ok and image.size == (180, 180) and image.mode == "RGB"


def test_without_short_title_the_name_under_the_icon_is_the_title(tmp_path):
    root = make_site(tmp_path)
    assert run(root, "build").code == 0
    manifest = json.loads(read(root, "output/manifest.webmanifest"))
    assert manifest["short_name"] == manifest["name"] == "Perpustakaan Uji"
    assert manifest["start_url"] == manifest["scope"] == "/" and "description" not in manifest
    assert '<link rel="manifest" href="/manifest.webmanifest">' in read(root, "output/index.html")


def test_a_short_title_a_home_screen_cuts_is_a_warning(tmp_path):
    root = make_site(tmp_path, {"content/site.yaml": SITE_YAML + "short_title: Perpustakaan Jepara\n"})
    result = run(root, "build")
    assert result.code == 0
    assert ('peringatan: kolom "short_title": "Perpustakaan Jepara" 19 karakter; di layar utama HP '
            'nama di bawah ikon terpotong sesudah 12 sampai 15 huruf ("Perpustakaan…"), jadi '
            'tulis yang lebih pendek, misalnya "Perpus Jepara"') in result.err, result.err
    assert json.loads(read(root, "output/manifest.webmanifest"))["short_name"] \
        == "Perpustakaan Jepara"   # used as written
    root = make_site(tmp_path / "b", {"content/site.yaml": SITE_YAML + "short_title: Perpus Jepara\n"})
    assert "short_title" not in run(root, "build").err


def test_texts_of_site_yaml_stay_json_strings(tmp_path):
    title = 'Perpustakaan "Uji" </script><b>&amp;'
    root = make_site(tmp_path, {"content/site.yaml": SITE_YAML.replace(
        "title: Perpustakaan Uji", f"title: '{title}'") + "short_title: \"A\\\\\\\"}\"\n"})
    result = run(root, "build")
    assert result.code == 0, result.err
    manifest = json.loads(read(root, "output/manifest.webmanifest"))
    assert manifest["name"] == title and manifest["short_name"] == 'A\\"}'


def test_the_colours_are_the_themes_and_a_theme_without_icons_gets_no_manifest(tmp_path):
    root = make_site(tmp_path)
    theme = tmp_path / "tema"
    shutil.copytree(PROJECT / "templates", theme)
    style = theme / "assets" / "style.css"
    css = style.read_text(encoding="utf-8")
    style.write_text(css.replace("--brand: #0b5563", "--brand: #7a1f3d")
                     .replace("--paper: #ffffff", "--paper: #fffdf7"), encoding="utf-8")
    assert run(root, "build", "--templates", str(theme)).code == 0
    manifest = json.loads(read(root, "output/manifest.webmanifest"))
    assert (manifest["theme_color"], manifest["background_color"]) == ("#7a1f3d", "#fffdf7")
    for icon in (theme / "assets").glob("ikon-*.png"):
        icon.unlink()
    assert run(root, "build", "--templates", str(theme)).code == 0
    assert not (root / "output" / "manifest.webmanifest").exists()
