"""The service worker, `sw.js` at the site's root: pages a phone has opened stay readable
when its connection drops (a village out of coverage), long after the host's short cache
(GitHub Pages: ten minutes) has expired.

The worker is network first: an answer of the network, however slow, is what the reader
sees, as without it; the worker only keeps a copy. It handles GET requests of its own
origin under its scope (the site's base path) and nothing else, and of those only
navigations and the theme's files (`assets/`):

- a page (an address ending in "/" or ".html", not under `cari/indeks/`) that loads is
  stored, the 30 opened last kept (their address without `?query`, so `?fbclid=` makes
  no new copy), and so is the page open when the worker first started, with the theme
  files it loaded, at daftar.js's word (fetched again, mostly from the browser's own
  cache); offline, the stored copy is
  served, with a `Server-Timing` entry `simpanan` saying since when (daftar.js then
  shows "Tidak ada sambungan internet ..."), and for a page never stored a small page in
  Indonesian lists those that are, with a link home;
- a theme file that loads is stored (one copy per file, its latest `?v=`); offline, the
  stored copy, or that of another version of the same file;
- any other navigation (a PDF, a calendar, the feed) is passed to the network untouched
  and never stored; other requests (images, the search index) are not intercepted.

The page's navigation request is started by the browser while the worker starts
(navigation preload), so the worker adds no wait to a page on a slow phone.

`worker_files(theme)` writes it: this worker when the theme has `assets/daftar.js`, the
script of base.html that registers it; else one that removes itself and its caches from
a browser that registered it before (how a site drops it: docs/hosting.md). Its bytes
depend on nothing but this module (the theme's assets are found at run time, the base path
is its scope): the cache names carry a digest of its code, so a changed worker replaces
the last one (skipWaiting, clients.claim) and deletes its caches; an unchanged one is left
alone by browsers.
"""

from __future__ import annotations

import hashlib
from typing import Sequence

from site_builder.addresses import THEME_ASSETS
from site_builder.outputs import OutputFile

WORKER = "sw.js"                            # at the site's root: its scope is the whole site
REGISTRATION = THEME_ASSETS + "daftar.js"   # the theme's script that registers it
MOST_PAGES = 30                             # pages kept for offline reading

# Both workers name their caches "site_builder <scope> <kind> <version>": another site or
# program on the same origin (a catalog) keeps its own caches.
_COMMON = r"""
"use strict";
const VERSION = "@VERSION@";
const SCOPE = new URL(self.registration.scope);
const PREFIX = "site_builder " + SCOPE.pathname + " ";
"""

_WORKER = r"""// The site's service worker, written by site_builder/offline.py (read its docstring):
// network first for pages and theme files, a stored copy of them only when offline.
""" + _COMMON + r"""const PAGES = PREFIX + "halaman " + VERSION;
const ASSETS = PREFIX + "aset " + VERSION;
const MOST_PAGES = @MOST_PAGES@;
const STORED = "simpanan";   // Server-Timing entry of a stored copy; desc: when stored

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => event.waitUntil((async () => {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== PAGES
    && name !== ASSETS).map((name) => caches.delete(name)));
  if (self.registration.navigationPreload) {
    await self.registration.navigationPreload.enable();
  }
  await self.clients.claim();
})()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== SCOPE.origin
      || !url.pathname.startsWith(SCOPE.pathname)) {
    return;
  }
  if (request.mode === "navigate") {
    const key = pageKey(url);
    event.respondWith(key ? pageOf(event, key, url) : networkOf(event));
  } else if (assetUrl(url)) {
    event.respondWith(assetOf(event, url));
  }
});

// From daftar.js, on the page open when the worker first started, which it did not
// answer: that page and the theme files it loaded (event.data, the addresses of what it
// loaded) are stored too, mostly from the browser's own cache.
self.addEventListener("message", (event) => {
  const key = event.source ? pageKey(new URL(event.source.url)) : "";
  if (key && Array.isArray(event.data)) {
    const assets = event.data.map(assetUrl).filter(Boolean);
    event.waitUntil(Promise.all([fetch(key).then((response) => keep(key, response)),
      ...assets.map((url) => fetch(url).then((response) => keepAsset(url, response)))])
      .catch(() => {}));
  }
});

// The address `address` as a URL when it is one of the theme's files, else null.
function assetUrl(address) {
  try {
    const url = new URL(String(address));
    return url.origin === SCOPE.origin
      && url.pathname.startsWith(SCOPE.pathname + "assets/") ? url : null;
  } catch (error) {
    return null;
  }
}

// The address a page of the site at `url` is stored under (without its ?query, so that
// ?fbclid= makes no copy of its own), or "" for any other address.
function pageKey(url) {
  const path = url.pathname.slice(SCOPE.pathname.length);
  const page = url.origin === SCOPE.origin && url.pathname.startsWith(SCOPE.pathname)
    && (path === "" || path.endsWith("/") || path.endsWith(".html"))
    && !path.startsWith("cari/indeks/");
  return page ? url.origin + url.pathname : "";
}

// The network's answer to a navigation: the preloaded one when there is one.
async function networkOf(event) {
  return (await event.preloadResponse) || fetch(event.request);
}

async function pageOf(event, key, url) {
  let response;
  try {
    response = await networkOf(event);
  } catch (error) {
    const cache = await caches.open(PAGES);
    return (await cache.match(key)) || offlinePage(cache, url);
  }
  event.waitUntil(keep(key, response.clone()).catch(() => {}));   // a full disk, say
  return response;
}

// Stores `response` as the page `key` when it is one: an HTML page of the site, found.
async function keep(key, response) {
  const type = response.headers.get("Content-Type") || "";
  if (response.status === 200 && response.type === "basic" && type.startsWith("text/html")) {
    await storePage(key, response);
  }
}

// Keeps a copy of a page, marked with when, and the MOST_PAGES stored last.
async function storePage(key, response) {
  const cache = await caches.open(PAGES);
  const headers = new Headers(response.headers);
  headers.delete("Content-Encoding");   // the body is decoded already, of another length
  headers.delete("Content-Length");
  headers.set("Server-Timing", STORED + ';desc="' + new Date().toISOString() + '"');
  await cache.put(key, new Response(await response.blob(),
    {status: 200, statusText: response.statusText, headers: headers}));
  const keys = await cache.keys();   // oldest first (the order they were put in)
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MOST_PAGES))
    .map((old) => cache.delete(old)));
}

async function assetOf(event, url) {
  let response;
  try {
    response = await fetch(event.request);
  } catch (error) {
    const cache = await caches.open(ASSETS);
    return (await cache.match(event.request))
      || (await cache.match(event.request, {ignoreSearch: true})) || Response.error();
  }
  event.waitUntil(keepAsset(url, response.clone()).catch(() => {}));
  return response;
}

async function keepAsset(url, response) {
  if (response.status === 200 && response.type === "basic") {
    await storeAsset(url, response);
  }
}

// Keeps one copy of each theme file: a file named with its version (?v=) is stored once.
async function storeAsset(url, response) {
  const cache = await caches.open(ASSETS);
  const kept = await cache.keys(url.origin + url.pathname, {ignoreSearch: true});
  if (url.search && kept.some((old) => old.url === url.href)) {
    return;
  }
  await Promise.all(kept.map((old) => cache.delete(old)));
  await cache.put(url.href, response);
}

// The page for an address never stored: says so, with links to the pages that are.
async function offlinePage(cache, url) {
  const links = [];
  for (const key of (await cache.keys()).reverse()) {
    const copy = await cache.match(key);
    const title = copy ? titleOf(await copy.text()) || key.url : key.url;
    links.push('<li><a href="' + escaped(key.url) + '">' + escaped(title) + "</a></li>");
  }
  const assets = await (await caches.open(ASSETS)).keys();
  const style = assets.find((key) => new URL(key.url).pathname.endsWith(".css"));
  const html = ['<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    "<title>Tidak ada sambungan internet</title>",
    style ? '<link rel="stylesheet" href="' + escaped(style.url) + '">' : "",
    '</head>\n<body>\n<main id="isi" class="wrap">\n<h1>Tidak ada sambungan internet</h1>',
    "<p>Halaman ini belum pernah dibuka di HP ini, jadi belum tersimpan."
    + " Bukalah lagi setelah HP tersambung ke internet.</p>",
    links.length ? "<p>Halaman yang sudah pernah dibuka:</p>\n<ul>\n" + links.join("\n")
      + "\n</ul>" : "",
    '<p><a href="' + escaped(SCOPE.href) + '">Kembali ke beranda</a> · <a href="'
    + escaped(url.href) + '">Coba lagi</a></p>', "</main>\n</body>\n</html>\n"];
  return new Response(html.filter(Boolean).join("\n"), {headers: {
    "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
      + "base-uri 'none'; form-action 'none'"}});
}

// A page's title without the site's name after its last " · ", as text.
function titleOf(html) {
  const found = /<title>([^<]*)<\/title>/.exec(html);
  if (!found) {
    return "";
  }
  const title = found[1].replace(/&(amp|lt|gt|quot|#34|#39|#x27);/g,   // Jinja's escapes
    (entity) => ENTITIES[entity]);
  const end = title.lastIndexOf(" · ");
  return (end > 0 ? title.slice(0, end) : title).trim();
}

const ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#34;": '"',
  "&#39;": "'", "&#x27;": "'"};

function escaped(text) {
  return text.replace(/[&<>"']/g, (character) => "&#" + character.charCodeAt(0) + ";");
}
"""

_REMOVER = r"""// Written by site_builder/offline.py for a theme without assets/daftar.js: removes
// the service worker an earlier build registered, and its stored pages, from this browser.
""" + _COMMON + r"""
self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => event.waitUntil((async () => {
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith(PREFIX))
    .map((name) => caches.delete(name)));
  await self.registration.unregister();
})()));
"""


def worker_source(registered: bool) -> str:
    """The text of sw.js: the worker (`registered`: the theme registers it), else the one
    that removes it; its VERSION is a digest of its own code."""
    source = (_WORKER if registered else _REMOVER).replace("@MOST_PAGES@", str(MOST_PAGES))
    version = hashlib.sha256(source.encode("utf-8")).hexdigest()[:10]
    return source.replace("@VERSION@", version)


def worker_files(theme: Sequence[OutputFile]) -> list[OutputFile]:
    """[sw.js] for a site of the theme files `theme` (render.theme_assets)."""
    registered = any(file.path == REGISTRATION for file in theme)
    return [OutputFile(WORKER, worker_source(registered).encode("utf-8"))]
