// The search page (cari/): searches the site's own index (written by site_builder/search.py)
// as the visitor types, keeps ?q= up to date, and lists each result as a title link, its
// kind and date, and an excerpt. Page text reaches the page only as text. Without this
// script the page shows its fallback (catalog form and links) instead.
//
// The index folder (data-search-index, e.g. /cari/indeks/) holds:
//   meta.json     {"version": 1, "pages": N, "chunks": [[first term, file], ...]}, by first
//                 term ("" first); a chunk holds the terms up to the next one's first.
//   k/<hash>.json {term: [title ids, text-only ids]}, ascending, delta-encoded (the first
//                 absolute). Named by their content, so cached freely.
//   h/<id>.json   {"url", "title", "meta": {"jenis", "tanggal"}, "text", and "sections":
//                 [[offset in text, heading id], ...] when the page has sections};
//                 newer: higher id.
// A result holds every term of the query: the same or (3+ characters) one starting with it.
// A term of 4 or more letters found nowhere (a typo: "komptuer", "jadwl") is looked for among
// the terms of its chunk and the chunks beside it, one edit away (two from 8 letters on).

const PAGE_SIZE = 10;   // results shown at first and added by "Tampilkan hasil lainnya"
const DELAY = 300;      // ms after the last keystroke before searching

const box = document.querySelector("[data-search]");
if (box) start(box, document.querySelector("[data-search-fallback]"));

function start(box, fallback) {
  const input = box.querySelector("input[name=q]");
  const status = box.querySelector("[data-search-status]");
  const list = box.querySelector("[data-search-results]");
  const more = box.querySelector("[data-search-more]");
  const catalog = box.querySelector("[data-search-catalog]");   // absent without a catalog
  const folder = new URL(box.dataset.searchIndex, window.location.href);
  const files = new Map();  // file name: promise of its JSON
  let latest = 0;       // number of the latest search: answers to older ones are dropped
  let waiting = [];     // results of the latest search not shown yet
  let wanted = [];      // terms of the latest search
  let timer = 0;

  // A file of the index, fetched once per page load (a failed one is asked for again).
  function get(file, cache = "no-cache") {
    if (!files.has(file)) {
      const json = fetch(new URL(file, folder), { cache }).then((response) => {
        if (!response.ok) throw new Error(`${file}: ${response.status}`);
        return response.json();
      });
      files.set(file, json);
      json.catch(() => files.delete(file));
    }
    return files.get(file);
  }
  const load = () => get("meta.json");

  // The chunks (as [first term, file]) and the position of the last one starting at or
  // before `term`.
  async function place(term) {
    const chunks = (await load()).chunks;
    let low = 0, high = chunks.length;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (before(chunks[middle][0], term)) low = middle; else high = middle;
    }
    return [chunks, low];
  }
  const fetchAll = (names) => Promise.all(names.map((name) => get(name, "default")));

  // The chunks that may hold terms matching `term`: the last one starting at or before
  // it, and for a prefix, those after it starting with the prefix.
  async function chunksFor(term) {
    let [chunks, low] = await place(term);
    const names = [chunks[low][1]];
    while (long(term) && chunks[++low]?.[0].startsWith(term)) names.push(chunks[low][1]);
    return fetchAll(names);
  }

  // The chunk of `term` and those beside it, where terms a typo away from it are.
  async function chunksAround(term) {
    const [chunks, at] = await place(term);
    return fetchAll(chunks.slice(Math.max(0, at - 1), at + 2).map(([, name]) => name));
  }

  // id: score of the pages holding a term of `chunks` that `accept` takes, and the terms.
  function pagesOf(chunks, accept) {
    const best = new Map(), keys = [];
    for (const [key, lists] of chunks.flatMap(Object.entries)) {
      const weight = accept(key);
      if (!weight) continue;
      keys.push(key);
      lists.forEach((deltas, inText) => {
        const score = (inText ? 1 : 3) * weight;
        let id = 0;
        for (const delta of deltas) {
          id += delta;
          best.set(id, Math.max(best.get(id) || 0, score));
        }
      });
    }
    return [best, keys];
  }

  // {results: [id, score] of every page holding every term of `query`, best first, then
  // newest; marked: the terms to mark in excerpts; similar: whether a term was found only
  // as a term a typo away from it}.
  async function find(query) {
    const chunks = await Promise.all(query.map(chunksFor));
    let found = null;   // id: score, of the pages holding every term so far
    const marked = [...query];
    let similar = false;
    for (const [number, term] of query.entries()) {
      let [best] = pagesOf(chunks[number], (key) => matches(key, term) && (key === term ? 2 : 1));
      const most = typos(term);
      if (!best.size && most) {
        const around = await chunksAround(term);
        const edits = new Map(around.flatMap(Object.keys)
          .map((key) => [key, distance(key, term, most)]));
        const near = Math.min(most + 1, ...new Set(edits.values()));
        if (near <= most) {
          let keys;
          [best, keys] = pagesOf(around, (key) => edits.get(key) === near && 1);
          marked.push(...keys);
          similar = true;
        }
      }
      if (!found) found = best;
      else for (const [id, score] of found) {
        if (best.has(id)) found.set(id, score + best.get(id)); else found.delete(id);
      }
    }
    return {
      results: [...found].sort((a, b) => b[1] - a[1] || b[0] - a[0]), marked, similar,
    };
  }

  async function search(text) {
    const number = ++latest;
    const words = text.trim();
    remember(words);
    if (words) status.textContent = "Mencari…";
    let results = [], similar = false;
    try {
      const query = [...new Set(terms(words))];
      let marked = query;
      if (query.length) ({ results, marked, similar } = await find(query));
      if (number !== latest) return;
      waiting = results;
      wanted = marked;
      await showMore(number, true);
    } catch (error) {
      if (number === latest) failed();
      return;
    }
    if (number !== latest) return;
    if (catalog) {   // nothing on the site: the same words, ready for the book catalog
      catalog.hidden = !words || results.length > 0;
      catalog.querySelector("input[type=search]").value = words;
    }
    const count = results.length.toLocaleString("id-ID");
    status.textContent = !words ? ""
      : !results.length ? `Tidak ada hasil untuk “${words}”`
      : similar ? `${count} hasil untuk kata yang mirip dengan “${words}”`
      : `${count} hasil untuk “${words}”`;
  }

  async function showMore(number, fresh) {
    const batch = waiting.slice(0, PAGE_SIZE);
    waiting = waiting.slice(PAGE_SIZE);
    const found = await Promise.all(batch.map(([id]) => get(`h/${id}.json`)));
    if (number !== latest) return null;
    if (fresh) list.textContent = "";
    const items = found.map((page) => resultItem(page, wanted));
    items.forEach((item) => list.appendChild(item));
    more.hidden = waiting.length === 0;
    return items[0] || null;
  }

  function failed() {
    status.textContent = "Pencarian tidak dapat dimuat. Periksa sambungan internet, " +
      "lalu muat ulang halaman.";
    if (fallback) fallback.hidden = false;
  }

  function remember(words) {
    const address = new URL(window.location.href);
    if (words) address.searchParams.set("q", words);
    else address.searchParams.delete("q");
    window.history.replaceState(null, "", address);
  }

  box.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), DELAY);
  });
  // Start the download while the visitor is still typing.
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  more.addEventListener("click", () => {
    showMore(latest, false).then((first) => first && first.querySelector("a").focus(), failed);
  });

  box.hidden = false;
  if (fallback) fallback.hidden = true;
  const query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    input.value = query;
    search(query);
  }
}

function resultItem(page, wanted) {
  const item = element("li", "card");
  const link = item.appendChild(element("h2", "card-title")).appendChild(element("a"));
  link.textContent = page.title || page.url;
  const facts = [page.meta?.jenis, page.meta?.tanggal].filter(Boolean).join(" · ");
  if (facts) item.appendChild(element("p", "meta")).textContent = facts;
  const at = excerpt(item.appendChild(element("p")), page.text || "", wanted);
  link.href = page.url + sectionAt(page.sections, at);
  return item;
}

// "#id" of the section (`sections`: [[offset, id], ...] in text order) holding the text at
// offset `at`; "" before the first, or without any: the page's top.
function sectionAt(sections, at) {
  let found = "";
  for (const [offset, id] of Array.isArray(sections) ? sections : []) {
    if (typeof offset !== "number" || typeof id !== "string" || offset > at) break;
    found = "#" + encodeURIComponent(id);
  }
  return found;
}

// 30 words of `text` as written, from 10 before a word matching a term of `wanted` (the
// first of those whose 30 words match the most of its terms), each matching word in <mark>.
// Returns where the first marked word is in `text` (-1: none is).
function excerpt(target, text, wanted) {
  const words = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)];
  const hits = words.map(([word]) => {
    const found = terms(word);
    return wanted.filter((q) => found.some((term) => matches(term, q)));
  });
  let from = 0, most = 0;
  hits.forEach((found, at) => {
    const start = Math.max(0, at - 10);
    const held = found.length && new Set(hits.slice(start, start + 30).flat()).size;
    if (held > most) [from, most] = [start, held];
  });
  const to = Math.min(words.length, from + 30);
  const marked = hits.findIndex((found, number) => number >= from && found.length);
  const add = (part) => target.appendChild(document.createTextNode(part));
  let at = from && words[from].index;
  if (from) add("… ");
  for (let number = from; number < to; number++) {
    const word = words[number];
    add(text.slice(at, word.index));
    if (hits[number].length) target.appendChild(element("mark")).textContent = word[0];
    else add(word[0]);
    at = word.index + word[0].length;
  }
  add(to < words.length ? " …" : text.slice(at));
  return marked >= 0 && marked < to ? words[marked].index : -1;
}

function element(name, className) {
  const made = document.createElement(name);
  if (className) made.className = className;
  return made;
}

const long = (q) => [...q].length >= 3;   // a query term that also matches as a prefix
const matches = (term, q) => term === q || (long(q) && term.startsWith(q));

// How many typos a term found nowhere may hold: none under 4 letters or with a digit
// ("2025" is no typo of "2024"), 1 up to 7 letters, 2 from 8.
const typos = (q) => /\d/.test(q) ? 0 : [...q].length >= 8 ? 2 : [...q].length >= 4 ? 1 : 0;

// Edits (a letter added, left out or changed, two neighbours swapped) from `a` to `b`, on
// code points; `most` + 1 as soon as it is more than `most`.
function distance(a, b, most) {
  const x = [...a], y = [...b];
  if (Math.abs(x.length - y.length) > most) return most + 1;
  let older = null, previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      let edits = Math.min(previous[j] + 1, row[j - 1] + 1,
                           previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (older && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        edits = Math.min(edits, older[j - 2] + 1);
      }
      row.push(edits);
    }
    if (Math.min(...row) > most) return most + 1;
    [older, previous] = [previous, row];
  }
  return Math.min(previous[y.length], most + 1);
}

// Whether a <= b in Python's string order (by code point), in which the chunks are sorted;
// JavaScript's < compares UTF-16 code units, which differs above U+FFFF.
function before(a, b) {
  const x = [...a], y = [...b], i = x.findIndex((c, i) => c !== y[i]);
  return i < 0 || (i < y.length && x[i].codePointAt(0) < y[i].codePointAt(0));
}

// The terms of `text` in order, as search.py's terms(): words (runs of letters and digits,
// 2 to 40 characters, accents dropped, lower case), stemmed.
export function terms(text) {
  const folded = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  return [...folded.matchAll(/[\p{L}\p{N}]+/gu)].map(([word]) => word)
    .filter((word) => [...word].length >= 2 && [...word].length <= 40).map(stem);
}

// Snowball's Indonesian stemmer, ported from snowballstemmer 3.1.1 (indonesian_stemmer.py),
// on characters (code points) as Python's is. Its licence (BSD-3-Clause):
/*
Copyright (c) 2001, Dr Martin Porter
Copyright (c) 2004,2005, Richard Boulton
Copyright (c) 2013, Yoshiki Shibukawa
Copyright (c) 2006-2025, Olly Betts
All rights reserved.

Redistribution and use in source and binary forms, with or without
modification, are permitted provided that the following conditions
are met:

  1. Redistributions of source code must retain the above copyright notice,
     this list of conditions and the following disclaimer.
  2. Redistributions in binary form must reproduce the above copyright notice,
     this list of conditions and the following disclaimer in the documentation
     and/or other materials provided with the distribution.
  3. Neither the name of the Snowball project nor the names of its contributors
     may be used to endorse or promote products derived from this software
     without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR
ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES
(INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON
ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
*/
export function stem(word) {
  const s = [...word];
  const vowel = (i) => i < s.length && "aeiou".includes(s[i]);
  const at = (i, part) => i >= 0 && s.slice(i, i + part.length).join("") === part;
  let measure = s.filter((_, i) => vowel(i)).length;   // the number of vowels left
  let prefix = 0;   // removed: 1 di-/me-/ter-, 2 pe(r)-, 3 ke-/pe(n)-, 4 be(r)-
  let start = 0;    // where a suffix may begin: after an "s" or "p" left by a prefix
  const cut = (i, length, by = "") => (s.splice(i, length, ...by), measure--, true);

  const suffix = () => {   // -kan, -an, -i
    const n = s.length, after = (i, part) => i >= start && at(i, part);
    if (after(n - 2, "an")) {
      if (prefix !== 2 && prefix !== 3 && after(n - 3, "k")) return cut(n - 3, 3);
      return prefix !== 1 && cut(n - 2, 2);
    }
    return after(n - 1, "i") && prefix <= 2 && !after(n - 2, "s") && cut(n - 1, 1);
  };
  const second = (i) => {  // pe-, per-, pelajar, be-, ber-, belajar, be-Cer-
    const kind = at(i, "pe") ? 1 : at(i, "be") ? 2 : 0;
    const r = s[i + 2] === "r", ajar = !r && s[i + 2] === "l" && at(i + 3, "ajar");
    if (!kind || (kind === 2 && !r && !ajar && (vowel(i + 2) || !at(i + 3, "er")))) return;
    if (kind === 2) prefix = 4; else if (!ajar) prefix = 2;
    cut(i, r || ajar ? 3 : 2);
  };

  for (const ending of ["kah lah pun", "nya ku mu"]) {   // a particle, then a possessive
    if (measure <= 2) return s.join("");
    const found = ending.split(" ").find((end) => at(s.length - end.length, end));
    if (found) cut(s.length - found.length, found.length);
  }
  if (measure <= 2) return s.join("");
  const first = "meng peng mem men pem pen ter di ke me".split(" ").find((p) => at(0, p));
  if (first) {
    prefix = /^(ke|pe)/.test(first) ? 3 : 1;
    const y = /^[mp]en$/.test(first) && s[3] === "y" && vowel(4);   // meny-a → s-a
    const p = /^[mp]em$/.test(first) && vowel(3);                    // mem-a → p-a
    cut(0, y ? 4 : first.length, y ? "s" : p ? "p" : "");
    start = y || p ? 1 : 0;
    if (measure > 2 && suffix() && measure > 2) second(start);
  } else {
    second(0);
    if (measure > 2) suffix();
  }
  return s.join("");
}
