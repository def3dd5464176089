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
// only its text and marks are kept. The folded twins the index adds after a text with words
// with "đ" ("Bình Định ¦ Dinh", so that "dinh" finds it) are for matching, not for reading:
// from the mark "¦" to the end of that text (its full stop, which stays) they are left out.
function excerpt(html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  const pieces = [];
  for (const n of t.content.childNodes) {
    const marked = n.nodeName === "MARK";
    for (const piece of n.textContent.split(/(\s+|¦)/)) if (piece) pieces.push([piece, marked]);
  }
  const kept = [];
  let twins = false;
  for (const [piece, marked] of pieces) {
    if (piece === "¦") {
      while (kept.length && /^\s+$/.test(kept[kept.length - 1][0])) kept.pop();
      twins = true;
      continue;
    }
    if (!twins) {
      kept.push([piece, marked]);
      continue;
    }
    // Within the twins: only the full stop that ends them is kept (once: a text that ended
    // with its own full stop has one already).
    const stop = piece.match(/\.(\s*)$/);
    if (!stop) continue;
    twins = false;
    const before = kept.length ? kept[kept.length - 1][0] : "";
    kept.push([/\.$/.test(before) ? stop[1] : "." + stop[1], false]);
  }
  const p = document.createElement("p");
  p.className = "search-excerpt";
  for (const [text, marked] of kept) {
    if (marked) {
      const m = document.createElement("mark");
      m.textContent = text;
      p.append(m);
    } else {
      p.append(text);
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
