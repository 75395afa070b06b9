// The search page (cari/): searches the Pagefind index (pagefind/, made by the build)
// as the visitor types, reads ?q= on load and keeps it up to date, and lists each result
// as a title link, its kind and date, and an excerpt. Page text only ever reaches the
// page as text: titles through textContent, excerpts rebuilt from text and <mark>.
// Without this script the page shows its fallback (catalog form and links) instead.

const PAGE_SIZE = 10;   // results shown at first and added by "Tampilkan hasil lainnya"
const DELAY = 300;      // ms after the last keystroke before searching

const box = document.querySelector("[data-search]");
if (box) start(box, document.querySelector("[data-search-fallback]"));

function start(box, fallback) {
  const input = box.querySelector("input[name=q]");
  const status = box.querySelector("[data-search-status]");
  const list = box.querySelector("[data-search-results]");
  const more = box.querySelector("[data-search-more]");
  let pagefind = null;  // promise of the Pagefind module, loaded on first use
  let latest = 0;       // number of the latest search: answers to older ones are dropped
  let waiting = [];     // results of the latest search not shown yet
  let timer = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(box.dataset.pagefind).then(async (module) => {
        // The index's URLs already hold the base path; no worker saves a 41 KB download.
        await module.options({ baseUrl: "/", noWorker: true });
        return module;
      });
    }
    return pagefind;
  }

  async function search(text) {
    const number = ++latest;
    const words = text.trim();
    remember(words);
    if (words) status.textContent = "Mencari…";
    let results = [];
    try {
      if (words) results = (await (await load()).search(words)).results;
      if (number !== latest) return;
      waiting = results;
      await showMore(number, true);
    } catch (error) {
      if (number === latest) failed();
      return;
    }
    if (number !== latest) return;
    status.textContent = !words ? ""
      : results.length ? `${results.length.toLocaleString("id-ID")} hasil untuk “${words}”`
      : `Tidak ada hasil untuk “${words}”`;
  }

  async function showMore(number, fresh) {
    const batch = waiting.slice(0, PAGE_SIZE);
    waiting = waiting.slice(PAGE_SIZE);
    const found = await Promise.all(batch.map((result) => result.data()));
    if (number !== latest) return null;
    if (fresh) list.textContent = "";
    const items = found.map(resultItem);
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

function resultItem(data) {
  const item = element("li", "card");
  const heading = item.appendChild(element("h2", "card-title"));
  const link = heading.appendChild(element("a"));
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const kind = data.meta.jenis || "";
  const facts = [kind, data.meta.tanggal].filter(Boolean).join(" · ");
  if (facts) item.appendChild(element("p", "meta")).textContent = facts;
  appendExcerpt(item.appendChild(element("p")), data.excerpt);
  return item;
}

// Pagefind escapes the page's text in an excerpt and adds only <mark> around the words
// found. The excerpt is still parsed in an inert document and rebuilt from its text and
// <mark>s, so no markup from a page can ever reach this one.
function appendExcerpt(target, excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html").body;
  for (const node of parsed.childNodes) {
    const part = node.nodeName === "MARK" ? element("mark") : document.createTextNode("");
    target.appendChild(part).textContent = node.textContent;
  }
}

function element(name, className) {
  const made = document.createElement(name);
  if (className) made.className = className;
  return made;
}
