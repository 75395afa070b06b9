// The search page (cari/): searches the site's own index (written by site_builder/search.py)
// as the visitor types (from 3 letters; the pages shown are fetched, and the status said,
// once typing pauses), keeps ?q= up to date, and lists each result as a title link, its
// kind and date (and the words it lacks), and an excerpt. Page text reaches the page only
// as text. Without this script the page shows its fallback (catalog form and links)
// instead; style.css shows the search box before the script has come.
//
// The index folder (data-search-index, e.g. /cari/indeks/) holds:
//   meta.json     {"version": 2, "pages": N, "chunks": [[first term, file], ...], "undated":
//                 U}, by first term ("" first); a chunk holds the terms up to the next one's
//                 first. Ids below U are the pages without a date (classes, standing pages;
//                 U is 0 in an index written before it was given).
//   k/<hash>.json {term: [title ids, text-only ids]}, ascending, delta-encoded (the first
//                 absolute). Named by their content, so cached freely. A term is a stemmed
//                 word; a hyphenated one is also there joined ("Wi-Fi": "wifi"); a dated
//                 page's text also holds its year and month ("2020", "mei"), and a page
//                 writing a phrase of PHRASES ("lanjut usia") its word ("lansia").
//   h/<id>.json   {"url", "title", "meta": {"jenis", "tanggal"}, "text", and "sections":
//                 [[offset in text, heading id], ...] when the page has sections};
//                 newer: higher id.
// A word of the query finds a term that is the same or (3+ characters) starts with it. One
// found nowhere so is tried without its Indonesian prefix, then (4+ letters) as a typo. A
// word of a question ("kapan", "cara": STOP) is left out when others remain; a word
// residents say for another ("lebaran": ALIASES) is also looked up as that one.
// Pages holding every word come first; then, said so, those holding some (most first);
// classes and standing pages first among those that match as well (find).
//
// The 404 page (404.html) has the same box, marked data-search-missing (the site's base
// path): there the script first tries the address cleaned of what chat messages and typing
// add (nearAddresses) and goes to it when it is a page; otherwise it searches for the words
// of the address (addressWords) at once, without putting them in the address (missing).

const PAGE_SIZE = 10;   // results shown at first and added by "Tampilkan hasil lainnya"
const DELAY = 300;      // ms after the last keystroke before searching
const QUIET = 1200;     // ms after the last keystroke before the status may change
const VERSION = 2;      // of the index's format (meta.json), as search.py writes it

class OtherVersion extends Error {}

// Words of a question as a resident types it ("kapan perpustakaan buka", "bagaimana cara
// mendaftar"): no page is wanted for holding them, so they are left out of a query that
// has other words (a page lacking "kapan" is not "missing a word").
const STOP = new Set(("yang cara bagaimana gimana kapan berapa apa apakah dimana mana di ke " +
  "dari dan atau untuk saya mau ingin bisa ada nya sih dong ya kah").split(" "));

// Words residents say for what pages write otherwise: such a word is also looked up as
// these (and never as a typo: "lebaran" is not "lembar"). Folded, as queryWords gives them.
const ALIASES = new Map(Object.entries({
  lebaran: "idulfitri", fitri: "idulfitri", adha: "iduladha", perpusda: "perpustakaan",
  lokasi: "alamat", email: "surel", wa: "whatsapp", kursus: "pelatihan kelas", les: "kelas",
  difabel: "disabilitas", tunanetra: "disabilitas braille", hp: "telepon whatsapp",
}));

// Words residents type for a phrase pages write, as search.py's PHRASES: the index holds the
// word for every page writing the phrase, so the phrase typed is searched as the word
// ("lanjut usia": "lansia"), and the phrase's words are marked. Not an alias: "lanjut"
// alone would find "tindak lanjut".
const PHRASES = new Map(Object.entries({ lansia: "lanjut usia" }));

// Undated pages (classes and standing pages: the ids below meta.json's "undated") are a
// dozen, which residents look for by name, against thousands of news items holding the
// same words. So an undated page's score counts UNDATED times (a word in its text, 2, as
// much as one in a news item's title, 6), and it comes before the news among results
// that lack as few words and score the same. Without this, ids following the date put
// "Kelas Yoga" behind every newer "Kelas Yoga Pagi Diikuti ...", and /kontak/ (both words
// in its text) behind every "Perpustakaan Membuka ..." for "kapan perpustakaan buka". A
// page lacking more of the words still comes after.
const UNDATED = 3;

// Segments of an address that say where a page is, not what it is about: left out of the
// words the 404 page searches for (addressWords). Those of addresses.py, "halaman" of a
// list's later pages, "index" of index.html.
const PLACES = new Set(["berita", "penghargaan", "jadwal", "tag", "cari", "assets", "halaman",
  "index"]);

const box = document.querySelector("[data-search]");
if (box) start(box, document.querySelector("[data-search-fallback]"));

function start(box, fallback) {
  const input = box.querySelector("input[name=q]");
  const status = box.querySelector("[data-search-status]");
  const list = box.querySelector("[data-search-results]");
  const more = box.querySelector("[data-search-more]");
  const catalog = box.querySelector("[data-search-catalog]");   // absent without a catalog
  // The fallback's catalog form, left out when the fallback's links are shown for a search
  // that found nothing (absent without a catalog).
  const fallbackCatalog = fallback && fallback.querySelector("[data-search-fallback-catalog]");
  const folder = new URL(box.dataset.searchIndex, window.location.href);
  const files = new Map();  // file name: promise of its JSON
  let latest = 0;       // number of the latest search: answers to older ones are dropped
  let waiting = [];     // results of the latest search not shown yet
  let wanted = [];      // terms of the latest search
  let timer = 0, telling = 0, typed = 0;

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
  // The index's description; one of another format (written by a newer build than the
  // one that made this page, which the browser kept) is not read.
  const load = () => get("meta.json").then((meta) => {
    if (meta.version !== VERSION) throw new OtherVersion();
    return meta;
  });

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
    while (long(term) && chunks[++low] && chunks[low][0].startsWith(term)) {
      names.push(chunks[low][1]);
    }
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

  // pagesOf for the terms that are `term` (2 points) or start with it (1; 3+ characters).
  const pagesFor = async (term) => pagesOf(await chunksFor(term),
    (key) => matches(key, term) && (key === term ? 2 : 1));

  // [id: score of the pages holding the query's `word` (stemmed: `term`), the terms to mark,
  // the terms used instead when it is found only a typo away].
  async function lookup([word, term]) {
    if (ALIASES.has(word)) return lookupAlso(term, ALIASES.get(word).split(" ").map(stem));
    let [best] = await pagesFor(term);
    // Found nowhere so, tried as two other terms, in turn. The stemmer leaves a word under
    // 3 vowels whole, so a word being typed ("meraj") or short ("perpus") keeps the prefix
    // its terms lost ("rajut", "pustaka"): take it off as from a whole word, vowels no rule
    // removes standing in for the rest ("raj", "pus"). And it takes "per-" off
    // "perpanjang" but not off "diperpanjang" (after "di-"), so the page's term is
    // "perpanjang" and the query's "panjang": the word as written.
    for (const other of new Set([stem(word + "ooo").slice(0, -3), word])) {
      if (best.size || !long(other) || other === term) continue;
      [best] = pagesOf(await chunksFor(other), (key) => matches(key, other) && 1);
      if (best.size) return [best, [other]];
    }
    // Found in none of these ways, and only then: a typo ("komptuer", "jadwl").
    const most = typos(term);
    if (!best.size && most) {
      const around = await chunksAround(term);
      const edits = new Map(around.flatMap(Object.keys)
        .map((key) => [key, distance(key, term, most)]));
      const near = Math.min(most + 1, ...new Set(edits.values()));
      if (near <= most) {
        const [similar, keys] = pagesOf(around, (key) => edits.get(key) === near && 1);
        return [similar, keys, keys];
      }
    }
    return [best, [term]];
  }

  // As lookup, for a word of ALIASES: the pages holding its `term` or one of `others`
  // (terms), each its best score; all of them marked.
  async function lookupAlso(term, others) {
    const best = new Map();
    for (const each of [term, ...others]) {
      const [found] = await pagesFor(each);
      for (const [id, score] of found) best.set(id, Math.max(best.get(id) || 0, score));
    }
    return [best, [term, ...others]];
  }

  // {results: [id, score, the words it lacks] of the pages holding a word of `query`
  // ([word, term] pairs), fewest lacking first, then best, then undated (a class or
  // standing page, its score UNDATED times), then newest; full: how many lack none;
  // marked: the terms to mark in excerpts; similar: those found a typo away}.
  async function find(query) {
    const found = await Promise.all(query.map(lookup));
    const given = (await load()).undated;
    const undated = Number.isInteger(given) ? given : 0;
    const scores = new Map();
    for (const [best] of found) {
      for (const [id, score] of best) scores.set(id, (scores.get(id) || 0) + score);
    }
    const results = [...scores].map(([id, score]) =>
      [id, id < undated ? score * UNDATED : score,
        query.filter((_, number) => !found[number][0].has(id)).map(([word]) => word)])
      .sort((a, b) => a[2].length - b[2].length || b[1] - a[1]
        || (b[0] < undated) - (a[0] < undated) || b[0] - a[0]);
    return {
      results, full: results.filter(([, , lacking]) => !lacking.length).length,
      marked: [...found.flatMap(([, marked]) => marked),
        ...query.flatMap(([word]) => terms(PHRASES.get(word) || ""))],
      similar: found.flatMap(([, , similar = []]) => similar),
    };
  }

  // Search `text`; `typing`: as the visitor types, not on Enter or from the address;
  // `kept`: the words put in the address (?q=), so that reloading searches them again.
  async function search(text, typing, kept = true) {
    const number = ++latest;
    const words = text.trim();
    if (kept) remember(words);
    let query = [...new Map(phrased(queryWords(words)).map((word) => [stem(word), word]))]
      .map(([term, word]) => [word, term]);
    const meant = query.filter(([word]) => !STOP.has(word));
    if (meant.length) query = meant;
    // A lone word under 3 letters is still being typed ("m", "me"): it would find nothing
    // or everything, so wait for more (Enter searches it).
    if (!words || typing && query.length < 2 && !long((query.length && query[0][0]) || "")) {
      list.textContent = "";
      more.hidden = true;
      return tell("", typing, false);
    }
    tell("Mencari…", typing);
    let results = [], full = 0, similar = [];
    try {
      let marked = [];
      if (query.length) ({ results, full, marked, similar } = await find(query));
      if (number !== latest) return;
      // Typing, the pages shown (h/) are fetched only once the visitor pauses, not for each
      // word on the way ("perpu", "perpus", ...); nor is "Mencari…" said just for them.
      clearTimeout(telling);
      for (let wait; typing && (wait = typed + QUIET - performance.now()) > 0;) {
        await new Promise((done) => setTimeout(done, wait));
        if (number !== latest) return;
      }
      waiting = results;
      wanted = marked;
      await showMore(number, true);
    } catch (error) {
      if (number === latest) failed(error);
      return;
    }
    if (number !== latest) return;
    const count = (n) => n.toLocaleString("id-ID"), some = results.length - full;
    // The words found for those a typo away, as the results shown write them ("Merajut",
    // not its term "rajut"); a term none of them shows is said as it is.
    const near = [...new Set(similar.map(written))].join(", ");
    const said = !results.length ? `Tidak ada hasil untuk “${words}”`
      : !full ? `Tidak ada halaman yang memuat semua kata “${words}”`
      : near ? `${count(full)} hasil untuk kata yang mirip dengan “${words}”: ${near}`
      : `${count(full)} hasil untuk “${words}”`;
    // Nothing holds every word: the same words, ready for the book catalog, and said so.
    const offer = catalog && !full ? "; judul yang sama dapat dicari di katalog buku di bawah" : "";
    tell(said + (some ? `; ${count(some)} hasil ${full ? "lain " : ""}memuat sebagian kata` : "")
      + offer, typing, !full, words, !results.length);
  }

  // Say `text` in the status, a live region (a screen reader reads out each change), and
  // show the catalog box with `words` or hide it (`offer`; undefined: leave it), and with
  // nothing found (`none`), the site's pages to go on from (showPages). While the visitor
  // types, wait until they pause: nothing is said nor pops in and out per letter.
  function tell(text, typing, offer, words, none = false) {
    clearTimeout(telling);
    const show = () => {
      status.textContent = text;
      if (catalog && offer !== undefined) {
        catalog.hidden = !offer;
        catalog.querySelector("input[type=search]").value = words || "";
      }
      if (offer !== undefined) showPages(none);
    };
    const wait = typing ? typed + QUIET - performance.now() : 0;
    if (wait <= 0) return show();
    status.textContent = "";   // not read out; the old text no longer fits the results
    telling = setTimeout(show, wait);
  }

  async function showMore(number, fresh) {
    const batch = waiting.slice(0, PAGE_SIZE);
    waiting = waiting.slice(PAGE_SIZE);
    const found = await Promise.all(batch.map(([id]) => get(`h/${id}.json`)));
    if (number !== latest) return null;
    if (fresh) list.textContent = "";
    const items = found.map((page, at) => resultItem(page, wanted, batch[at][2]));
    items.forEach((item) => list.appendChild(item));
    more.hidden = waiting.length === 0;
    return items[0] || null;
  }

  // A word of the results shown (their titles, then their excerpts) whose term is `term`,
  // in lower case; else `term`.
  function written(term) {
    const shown = [...list.querySelectorAll(".card-title a, mark")].map((node) => node.textContent);
    for (const text of shown) {
      const word = queryWords(text).find((each) => terms(each).includes(term));
      if (word) return word;
    }
    return term;
  }

  // Show the fallback's links (and not its catalog form) under a search that found
  // nothing, or hide them.
  function showPages(shown) {
    if (!fallback) return;
    fallback.hidden = !shown;
    box.classList.toggle("with-pages", shown);   // the box then no longer a screen high
    if (fallbackCatalog) fallbackCatalog.hidden = shown;
  }

  function failed(error) {
    tell(error instanceof OtherVersion
      ? "Situs ini baru saja diperbarui. Muat ulang halaman untuk mencari."
      : "Pencarian tidak dapat dimuat. Periksa sambungan internet, lalu muat ulang halaman.");
    if (fallback) fallback.hidden = false;
    box.classList.add("with-pages");
    if (fallbackCatalog) fallbackCatalog.hidden = false;
  }

  // The 404 page: the address, cleaned, when it is a page (a 200 to a HEAD request, of the
  // same origin), its query and fragment kept; else a search for the words of the address,
  // or those of its ?q= (a search typed here, then reloaded), which leaves the address as it
  // is (the address that failed stays in sight, to tell whoever shared it). An address with
  // no words leaves the box empty, the site's pages shown under it.
  async function missing(home, query) {
    const here = window.location;
    const words = query || addressWords(trimmed(withinSite(here.pathname, home)));
    input.value = words;
    for (const path of nearAddresses(here.pathname, home)) {
      const near = new URL(here.href);
      near.pathname = path.replace(/%/g, "%25");   // decoded: a "%" was written "%25"
      near.search = near.hash = "";
      try {
        const answer = await fetch(near, { method: "HEAD" });
        const there = new URL(answer.url || near);
        if (answer.status === 200 && there.origin === here.origin) {
          there.search = here.search;
          there.hash = here.hash;
          return here.replace(there.href);
        }
      } catch (error) {
        // Offline or refused: the search below may still help.
      }
    }
    if (latest) return;   // the visitor has searched meanwhile
    if (words) search(words, false, false);
    else showPages(true);
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
    clearTimeout(telling);
    typed = performance.now();
    timer = setTimeout(() => search(input.value, true), DELAY);
  });
  // Start the download while the visitor is still typing.
  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  more.addEventListener("click", () => {
    showMore(latest, false).then((first) => first && first.querySelector("a").focus(), failed);
  });

  box.hidden = false;
  if (fallback) fallback.hidden = true;
  const query = new URLSearchParams(window.location.search).get("q");
  if (box.dataset.searchMissing !== undefined) {
    missing(box.dataset.searchMissing, query);
  } else if (query) {
    input.value = query;
    search(query);
  }
}

// --- The 404 page: what the missing address was most likely meant to be ---------------------

// `text` percent-decoded; as it is when it is not well encoded.
function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch (error) {
    return text;
  }
}

// The part of the address path `pathname` after the site's base path `home` ("/" or
// "/perpustakaan/", matched whatever its case), decoded; the whole path without its first
// "/" when it is not under it.
function withinSite(pathname, home) {
  const path = decoded(pathname), base = decoded(home);
  return path.toLowerCase().startsWith(base.toLowerCase()) ? path.slice(base.length)
    : path.replace(/^\/+/, "");
}

// `path` without what a chat message or a sentence leaves at the end of an address pasted
// or tapped in it (")", "]", ".", ",", ";", ":", "!", quotes, spaces: "%20"), with an old
// ".htm" as ".html". A missing final "/" is the host's to add (it redirects).
function trimmed(path) {
  return path.replace(/[)\].,;:!'"\u2018\u2019\u201c\u201d>\s]+$/u, "")
    .replace(/\.htm$/i, ".html");
}

// The decoded paths the missing address `pathname` was most likely meant to be (trimmed,
// then also in small letters: addresses the builder makes have no capitals), those that
// differ from it: none when it has nothing to clean.
function nearAddresses(pathname, home) {
  const base = decoded(home), rest = trimmed(withinSite(pathname, home));
  return [...new Set([base + rest, base + rest.toLowerCase()])]
    .filter((path) => path !== decoded(pathname));
}

// The words of the last segment of `path` (of withinSite) that says what the page was
// about, in small letters: "berita/2025-06-21-donasi-buku/index.html": "donasi buku". A
// file's suffix, a date the builder drops from a file's name, and any sign between words
// ("-", "_", "+") are left out; so is a segment of PLACES or of numbers (a year, a page).
function addressWords(path) {
  const named = path.split("/").map((segment) => segment.toLowerCase()
    .replace(/\.[a-z]{2,4}$/, "")
    .replace(/^\d{4}-\d{2}-\d{2}(?=[-_ ])/, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ").trim())
    .filter((words) => words && !PLACES.has(words) && !/^[\d ]+$/.test(words));
  return named.length ? named[named.length - 1] : "";
}

// `lacking`: the words of the search the page does not hold.
function resultItem(page, wanted, lacking) {
  const item = element("li", "card");
  const link = item.appendChild(element("h2", "card-title")).appendChild(element("a"));
  link.textContent = page.title || page.url;
  const meta = page.meta || {};
  const facts = [meta.jenis, meta.tanggal,
    lacking.length && "Tidak memuat: " + lacking.join(", ")].filter(Boolean).join(" · ");
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
// first of those whose 30 words match the most of its terms), each matching word in <mark>;
// a number written with a point, comma or colon ("11.30", "1.500,00") is taken whole at
// either end. Returns where the first marked word is in `text` (-1: none is).
export function excerpt(target, text, wanted) {
  const words = [...text.matchAll(   // a hyphenated word ("Wi-Fi") as one: wi, fi, wifi
    /[\p{L}\p{N}\p{M}]+(?:[-\u2010\u2011][\p{L}\p{N}\p{M}]+)*/gu)];
  const hits = words.map(([word]) => {
    const found = [...terms(word), ...queryWords(word).map(stem)];
    return wanted.filter((q) => found.some((term) => matches(term, q)));
  });
  let from = 0, most = 0;
  hits.forEach((found, at) => {
    const start = Math.max(0, at - 10);
    const held = found.length && new Set(hits.slice(start, start + 30).flat()).size;
    if (held > most) [from, most] = [start, held];
  });
  let to = Math.min(words.length, from + 30);
  // Words n - 1 and n are parts of one number: digits on both sides of a "." "," or ":".
  const joined = (n) => /\d$/.test(words[n - 1][0]) && /^\d/.test(words[n][0]) &&
    /^[.,:]$/.test(text.slice(words[n - 1].index + words[n - 1][0].length, words[n].index));
  while (from > 0 && joined(from)) from--;
  while (to < words.length && joined(to)) to++;
  const marked = hits.findIndex((found, number) => number >= from && found.length);
  // The text between marks as one text node; a line may break after an "@" or "/" before a
  // word (an e-mail or web address, wider than a phone's line in large text, wraps there
  // rather than inside a word, as the footer's e-mail address does).
  let run = "";
  const add = (part) => { run += part; };
  const put = (node) => {
    if (run) target.appendChild(document.createTextNode(run));
    run = "";
    return node && target.appendChild(node);
  };
  let at = from && words[from].index;
  if (from) add("… ");
  for (let number = from; number < to; number++) {
    const word = words[number];
    add(text.slice(at, word.index));
    if (/[@/]$/.test(run)) put(element("wbr"));
    if (hits[number].length) put(element("mark")).textContent = word[0];
    else add(word[0]);
    at = word.index + word[0].length;
  }
  add(to < words.length ? " …" : text.slice(at));
  put(null);
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
  return spelled(text, /[\p{L}\p{N}]+/gu).map(stem);
}

// The words of a query: as terms() has them, but a hyphenated word as one ("wi-fi": "wifi",
// also a term, search.py), or as its part where it repeats one ("anak-anak": "anak").
function queryWords(text) {
  return spelled(text, /[\p{L}\p{N}]+(?:[-\u2010\u2011][\p{L}\p{N}]+)*/gu, (run) => {
    const parts = run.split(/[-\u2010\u2011]/);
    return new Set(parts).size > 1 ? parts.join("") : parts[0];
  });
}

// `words` (of queryWords) with each phrase of PHRASES in them as its word ("lanjut usia":
// "lansia").
function phrased(words) {
  for (const [word, phrase] of PHRASES) {
    const parts = phrase.split(" ");
    for (let at = words.length - parts.length; at >= 0; at--) {
      if (parts.every((part, number) => words[at + number] === part)) {
        words.splice(at, parts.length, word);
      }
    }
  }
  return words;
}

// The runs of `text` matching `pattern`, folded (no accents, lower case), as `join` makes
// them words, of 2 to 40 characters.
function spelled(text, pattern, join = (run) => run) {
  const folded = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  return [...folded.matchAll(pattern)].map(([run]) => join(run))
    .filter((word) => [...word].length >= 2 && [...word].length <= 40);
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
