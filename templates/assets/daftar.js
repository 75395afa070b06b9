// Every page: registers the site's service worker (data-sw: the site's sw.js, see
// site_builder/offline.py) once the page has loaded, where browsers have them (https,
// localhost); asks it to store this page, with what it loaded, when it did not answer it;
// says at the top of <main> when the page shown is the copy it stored.
const script = document.querySelector("script[data-sw]");
if (script && "serviceWorker" in navigator) {
  addEventListener("load", () => {
    const first = !navigator.serviceWorker.controller;   // the worker did not answer
    navigator.serviceWorker.register(script.dataset.sw)
      .then(() => navigator.serviceWorker.ready)
      .then((ready) => first && ready.active && ready.active.postMessage(
        performance.getEntriesByType("resource").map((entry) => entry.name)))
      .catch(() => {});
  });
}
const entry = performance.getEntriesByType("navigation")[0];
const stored = entry && (entry.serverTiming || []).find((timing) => timing.name === "simpanan");
const main = document.querySelector("main");
if (stored && main) {
  const date = new Date(stored.description);
  const box = document.createElement("div");
  const notice = box.appendChild(document.createElement("p"));
  box.className = "notices";
  notice.className = "notice";
  notice.setAttribute("role", "status");
  notice.textContent = "Tidak ada sambungan internet. Halaman ini disimpan di HP sejak " +
    date.toLocaleString("id-ID", {dateStyle: "long", timeStyle: "short"}) +
    " dan mungkin sudah berubah.";
  main.prepend(box);
}
