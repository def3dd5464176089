#!/usr/bin/env node
// The search page in headless Chromium: each query of QUERIES is opened from its address
// (/search/?q=dong+thap), as a reader who follows a shared link would, and the page it must
// find has to be among the results the page lists (by href). Also measured: the bytes the
// browser downloads for the first query (the page, its CSS and script, pagefind.js, the wasm
// and the index chunks), and the address must keep its ?q= (a search can be shared).
//
//   node scripts/search-pages.mjs --url http://127.0.0.1:PORT/dash/
//   node scripts/search-pages.mjs --url http://127.0.0.1:PORT/dash/ --self-test
//
// Prints one line per query and a summary line "search: …"; exits 1 when a query misses or
// an excerpt shows what it must not (the folded twin of a word with "đ").
// --self-test runs the same check with planted faults (an expected page that does not exist,
// a query that finds nothing, an excerpt text that is there): each must be reported as a
// miss, naming what was missed;
// exits 1 if any planted fault passes.

import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

// The example site: Đồng Tháp by its name without diacritics (Pagefind folds tones, not
// "đ"), Bình Định in English, Tiền Giang (a unit without a file of its own) leading to the
// province formed from it, and an indicator by its label without diacritics ("định danh
// điện tử" typed "dinh danh dien tu": without the folded twins of its "đ" words, missed).
// `unseen`: text no result's excerpt may show, here the folded twins the index adds after a
// text with words with "đ" ("Đồng Tháp ¦ Dong", "Bình Định ¦ Dinh"): they are for matching, and
// search.js leaves them out of what a reader sees. No excerpt may show their mark "¦" either.
const QUERIES = [
  { page: "search/?q=dong+thap", expect: "provinces/dong-thap/", unseen: "Tháp Dong" },
  { page: "en/search/?q=binh+dinh", expect: "en/provinces/binh-dinh/", unseen: "Định Dinh" },
  { page: "search/?q=tien+giang", expect: "provinces/dong-thap-2025/" },
  { page: "search/?q=tai+khoan+dinh+danh+dien+tu+duoc+cap+trong+ky", expect: "indicators/id-eid-accounts-issued/" },
];
const PLANTED = [
  { page: "search/?q=dong+thap", expect: "provinces/no-such-province/" },
  { page: "search/?q=zzqxv", expect: "provinces/dong-thap/" },
  { page: "search/?q=dong+thap", expect: "provinces/dong-thap/", unseen: "Đồng Tháp" },
];

function args() {
  const out = { browser: process.env.CHROMIUM || "/usr/bin/chromium" };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    if (key === "self-test") out.selfTest = true;
    else out[key] = argv[++i];
  }
  if (!out.url) {
    console.error("usage: search-pages.mjs --url BASE_URL [--self-test]");
    process.exit(2);
  }
  if (!out.url.endsWith("/")) out.url += "/";
  return out;
}

// Open one query; returns the hrefs listed, the status line, the address and the bytes.
async function open(browser, base, query) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  let bytes = 0;
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + query.page, { waitUntil: "load" });
  const loading = await page.getAttribute("#search-results", "data-loading");
  await page.waitForFunction(
    (loading) => {
      const s = document.querySelector("#search-results .search-status");
      return s && s.textContent && s.textContent !== loading;
    },
    loading,
    { timeout: 15000 },
  );
  await page.waitForLoadState("networkidle");
  const hrefs = await page.$$eval("#search-results .search-list a", (as) => as.map((a) => a.getAttribute("href")));
  const excerpts = await page.$$eval("#search-results .search-list .search-excerpt", (ps) => ps.map((p) => p.textContent));
  const status = await page.textContent("#search-results .search-status");
  const address = page.url();
  await context.close();
  return { hrefs, excerpts, status, address, bytes, errors };
}

async function check(browser, base, queries) {
  const basePath = new URL(base).pathname;
  const misses = [];
  let firstBytes = 0;
  for (const [i, q] of queries.entries()) {
    const r = await open(browser, base, q);
    if (i === 0) firstBytes = r.bytes;
    const want = basePath + q.expect;
    const problems = [];
    if (!r.hrefs.includes(want)) problems.push(`${want} not among the ${r.hrefs.length} results [${r.hrefs.slice(0, 5).join(", ")}]`);
    if (!r.address.includes("?q=")) problems.push(`the address lost its query: ${r.address}`);
    for (const unseen of ["¦", q.unseen].filter(Boolean)) {
      const shown = r.excerpts.filter((e) => e.includes(unseen));
      if (shown.length) problems.push(`an excerpt shows “${unseen}”: “${shown[0]}”`);
    }
    if (!r.excerpts.length) problems.push("no excerpt listed");
    problems.push(...r.errors.map((e) => `script error: ${e}`));
    const line = `${q.page}: ${problems.length ? "MISS " + problems.join("; ") : "found " + want} (“${r.status.trim()}”, ${r.bytes} bytes)`;
    console.log(line);
    if (problems.length) misses.push(line);
  }
  return { misses, firstBytes };
}

const opts = args();
const browser = await chromium.launch({
  executablePath: opts.browser,
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
let rc = 0;
try {
  if (opts.selfTest) {
    const { misses } = await check(browser, opts.url, PLANTED);
    const caught = misses.length === PLANTED.length;
    console.log(`search: self-test ${caught ? "caught" : "MISSED"} ${misses.length} of ${PLANTED.length} planted faults`);
    rc = caught ? 0 : 1;
  } else {
    const { misses, firstBytes } = await check(browser, opts.url, QUERIES);
    console.log(
      `search: ${QUERIES.length - misses.length} of ${QUERIES.length} queries found their page; ` +
        `${firstBytes} bytes downloaded for "${QUERIES[0].page}"`,
    );
    rc = misses.length ? 1 : 0;
  }
} finally {
  await browser.close();
}
process.exit(rc);
