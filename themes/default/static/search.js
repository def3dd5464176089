// The search page's own script (loaded on that page only): reads ?q= from the address, asks
// Pagefind (pagefind.js and its wasm, imported from the site's own bundle), lists the
// results with their kind and period, and keeps ?q= in the address so a search can be shared.
// Without it the page still has its form and its A–Z index.
const box = document.getElementById("search-results");
const form = document.querySelector("form.search-form");
const input = document.getElementById("search-q");
const status = box.querySelector(".search-status");
const list = box.querySelector(".search-list");
const SHOWN = 20;
let pagefind = null;
let latest = 0;

function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? values[k] : m));
}

// The excerpt is Pagefind's HTML with <mark> around the words found: parsed inertly, and
// only its text and marks are kept.
function excerpt(html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  const p = document.createElement("p");
  p.className = "search-excerpt";
  for (const n of t.content.childNodes) {
    if (n.nodeName === "MARK") {
      const m = document.createElement("mark");
      m.textContent = n.textContent;
      p.append(m);
    } else {
      p.append(n.textContent);
    }
  }
  return p;
}

function item(data) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  const about = document.createElement("span");
  about.className = "muted";
  about.textContent = [data.meta.kind, data.meta.period].filter(Boolean).join(" · ");
  li.append(a, " ", about, excerpt(data.excerpt || ""));
  return li;
}

async function run(query) {
  const mine = ++latest;
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  list.replaceChildren();
  if (!query) {
    status.textContent = "";
    return;
  }
  status.textContent = box.dataset.loading;
  try {
    pagefind = pagefind || (await import(box.dataset.bundle));
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data()));
    if (mine !== latest) return;
    list.replaceChildren(...data.map(item));
    const n = found.results.length;
    status.textContent = say(n ? box.dataset.count : box.dataset.none, { count: n, query });
  } catch (e) {
    if (mine === latest) status.textContent = box.dataset.failed;
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  run(input.value.trim());
});
const start = new URLSearchParams(location.search).get("q") || "";
input.value = start;
run(start.trim());
