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

// Tones dropped and "đ" read as "d": how the index's folded twins are written.
function fold(word) {
  return word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D");
}

// The excerpt is Pagefind's HTML with <mark> around the words found: parsed inertly, and
// only its text and marks are kept. The folded twin the index adds after each word with "đ"
// ("Định Dinh", so that "dinh" finds it) is for matching, not for reading: it is left out.
function excerpt(html) {
  const t = document.createElement("template");
  t.innerHTML = html;
  const pieces = [];
  for (const n of t.content.childNodes) {
    const marked = n.nodeName === "MARK";
    for (const piece of n.textContent.split(/(\s+)/)) if (piece) pieces.push([piece, marked]);
  }
  const kept = [];
  let previous = "";
  for (const [piece, marked] of pieces) {
    if (/^\s+$/.test(piece)) {
      kept.push([piece, marked]);
      continue;
    }
    const word = piece.replace(/[.,;:!?)”"]+$/, "");
    if (/[đĐ]/.test(previous) && word !== previous && fold(previous) === word) {
      if (kept.length && /^\s+$/.test(kept[kept.length - 1][0])) kept.pop();
      const after = piece.slice(word.length);
      if (after) kept.push([after, false]);
      previous = "";
      continue;
    }
    kept.push([piece, marked]);
    previous = piece.replace(/^[(“"]+|[.,;:!?)”"]+$/g, "");
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
