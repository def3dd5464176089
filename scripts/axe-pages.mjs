#!/usr/bin/env node
// axe-core in headless Chromium over every page of a built site, at a desktop and a phone width,
// plus a reflow check that axe does not make, at those widths and at 320px, the width WCAG 1.4.10
// names (there the page is only loaded and measured: axe at a third width would cost minutes).
//
//   node scripts/axe-pages.mjs --site DIR --url http://127.0.0.1:PORT/prefix/ --out results.json
//   node scripts/axe-pages.mjs --self-test
//
// Every `*.html` under DIR is opened at URL + its path (`x/index.html` as `x/`), axe-core (the
// npm package, added to every page as an init script) runs with the WCAG 2.0/2.1/2.2 A and AA
// tags, every request the page makes is recorded, and the document's width is compared with the
// viewport's (WCAG 1.4.10 Reflow); at 320px the page is loaded again for the width alone. Prints
// one line per finding (page, width, rule, element) and a summary; writes the full results to
// --out; exits 1 on any violation, on a page wider than the viewport, on a request to another
// origin, or on a page that fails to load.
//
// --self-test runs the same checks over the pages in fixtures/reflow/, served from 127.0.0.1:
// each planted page must be reported as wider than the viewport at every width (or only at those
// its `reflow-widths` meta tag lists, passing at the others), naming the element its
// `reflow-expect` meta tag names, and the clean page must pass. Exits 1 otherwise.

import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;
const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "reflow");

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// `axe: false`: the reflow check alone. 320 CSS pixels is the width of WCAG 1.4.10 (Reflow).
const WIDTHS = [
  { name: "desktop", viewport: { width: 1280, height: 900 }, isMobile: false, axe: true },
  { name: "phone", viewport: { width: 360, height: 740 }, isMobile: true, axe: true },
  { name: "narrow", viewport: { width: 320, height: 640 }, isMobile: true, axe: false },
];
const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
];

function args() {
  const out = { concurrency: 4, browser: process.env.CHROMIUM || "/usr/bin/chromium" };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    if (key === "self-test") out.selfTest = true;
    else out[key] = argv[++i];
  }
  if (!out.selfTest && (!out.site || !out.url)) {
    console.error(
      "usage: axe-pages.mjs --site DIR --url BASE_URL [--out FILE] [--concurrency N]\n" +
        "       axe-pages.mjs --self-test",
    );
    process.exit(2);
  }
  if (out.url && !out.url.endsWith("/")) out.url += "/";
  out.concurrency = Number(out.concurrency);
  return out;
}

function htmlFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".html")) found.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return found;
}

function urlPath(file) {
  if (file === "index.html") return "";
  return file.endsWith("/index.html") ? file.slice(0, -"index.html".length) : file;
}

function shorten(s, n = 160) {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function widthLabel(width) {
  return `${width.name} ${width.viewport.width}px${width.axe ? "" : " (reflow only)"}`;
}

// Runs in the page. WCAG 1.4.10 (Reflow, AA), which axe does not test: content must not make the
// page scroll sideways. The verdict is the document's own width against the viewport's, so no
// cause, however the markup produces it, can hide a failure. The elements are only named to find
// the cause: those whose box or text ends past the viewport and that no box clips on the way up
// to the page. Which boxes clip an element follows its containing blocks, not its parents: an
// absolutely positioned element is clipped only by a scrolling box that is (or contains) its
// containing block, so hidden text in a table that scrolls inside an unpositioned wrapper is
// placed against the page and widens it; a fixed element is placed against the viewport.
function measureReflow() {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const documentWidth = root.scrollWidth;
  if (documentWidth <= viewport) return null;
  const edge = viewport + window.scrollX + 0.5;
  const holdsFixed = (cs) =>
    cs.transform !== "none" ||
    cs.perspective !== "none" ||
    cs.filter !== "none" ||
    (cs.backdropFilter || "none") !== "none" ||
    /paint|layout|strict|content/.test(cs.contain) ||
    /transform|perspective|filter/.test(cs.willChange) ||
    (cs.containerType || "normal") !== "normal";
  const holdsAbsolute = (cs) => cs.position !== "static" || holdsFixed(cs);
  // The element's overflow reaches the page: no box between it and the body clips it. The
  // body's and the root's own overflow apply to the viewport, which is what is being measured.
  const reachesPage = (el) => {
    let position = getComputedStyle(el).position;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if (position === "absolute" && !holdsAbsolute(cs)) continue;
      if (position === "fixed" && !holdsFixed(cs)) continue;
      if (cs.overflowX !== "visible") return false;
      position = cs.position;
    }
    return position !== "fixed";
  };
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right + window.scrollX > edge && reachesPage(el)) {
      found.push({ el, right: r.right + window.scrollX, text: false });
    }
  }
  // A line of text can end past its own box (a long word), which the boxes above do not show.
  const range = document.createRange();
  const text = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let t = text.nextNode(); t; t = text.nextNode()) {
    const parent = t.parentElement;
    if (!parent || !t.data.trim() || found.some((f) => f.el === parent)) continue;
    range.selectNodeContents(t);
    const r = range.getBoundingClientRect();
    if (r.right + window.scrollX > edge && getComputedStyle(parent).overflowX === "visible" && reachesPage(parent)) {
      found.push({ el: parent, right: r.right + window.scrollX, text: true });
    }
  }
  // The outermost of them: an element inside another one found says nothing more.
  const culprits = found.filter((f) => !found.some((g) => g.el !== f.el && g.el.contains(f.el)));
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) part += `#${e.id}`;
      else if (e.classList.length) part += `.${[...e.classList].join(".")}`;
      const same = e.parentElement ? [...e.parentElement.children].filter((c) => c.tagName === e.tagName) : [];
      if (!e.id && same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
      parts.unshift(part);
      if (e.id) break;
    }
    return parts.join(" > ");
  };
  return {
    documentWidth,
    viewport,
    count: culprits.length,
    culprits: culprits.slice(0, 5).map((f) => ({
      target: path(f.el),
      html: f.el.outerHTML.slice(0, 300),
      position: getComputedStyle(f.el).position,
      text: f.text,
      overflow: Math.round(f.right - window.scrollX - viewport),
    })),
  };
}

async function checkPage(page, base, file, width, origin) {
  const url = base + urlPath(file);
  const requests = [];
  const onRequest = (req) => requests.push(req.url());
  page.on("request", onRequest);
  const record = {
    page: file,
    width: width.name,
    viewport: width.viewport.width,
    url,
    violations: [],
    reflow: null,
    requests: [],
    error: null,
  };
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout: 30000 });
    const status = response ? response.status() : 0;
    // 404.html is served with 200 by the static server when fetched directly.
    if (status !== 200) record.error = `HTTP ${status}`;
    const result = width.axe
      ? await page.evaluate(
          (tags) =>
            window.axe.run(document, {
              runOnly: { type: "tag", values: tags },
              resultTypes: ["violations"],
            }),
          TAGS,
        )
      : { violations: [] };
    record.violations = result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(" "),
        html: shorten(n.html),
        summary: shorten(n.failureSummary || "", 300),
      })),
    }));
    record.reflow = await page.evaluate(measureReflow);
    // What a closed <details> holds (a chart's data table, a collapsed group) must fit too
    // once a reader opens it: every one is opened and the page measured again.
    if (!record.reflow) {
      const opened = await page.evaluate(() => {
        const closed = [...document.querySelectorAll("details:not([open])")];
        closed.forEach((d) => (d.open = true));
        return closed.length;
      });
      if (opened > 0) {
        const open = await page.evaluate(measureReflow);
        if (open) record.reflow = { ...open, openedDetails: opened };
      }
    }
  } catch (e) {
    record.error = String(e.message || e).split("\n")[0];
  } finally {
    page.off("request", onRequest);
  }
  record.requests = requests;
  record.foreign = record.requests.filter((r) => {
    if (r.startsWith("data:") || r.startsWith("about:")) return false;
    try {
      return new URL(r).origin !== origin;
    } catch {
      return true;
    }
  });
  return record;
}

// Every file at every width, `concurrency` pages at a time; results sorted by page and width.
async function checkPages(browserPath, base, files, concurrency) {
  const origin = new URL(base).origin;
  const browser = await chromium.launch({ executablePath: browserPath, args: CHROMIUM_ARGS });
  const results = [];
  const seconds = {};
  try {
    for (const width of WIDTHS) {
      const started = Date.now();
      const context = await browser.newContext({
        viewport: width.viewport,
        isMobile: width.isMobile,
        hasTouch: width.isMobile,
        deviceScaleFactor: width.isMobile ? 2 : 1,
      });
      // axe-core is defined in every page before the page's own content (the site has no script).
      if (width.axe) await context.addInitScript({ content: AXE_SOURCE });
      // Nothing but the site itself is fetched: a request elsewhere is recorded, then refused.
      await context.route(
        (u) => u.origin !== origin,
        (route) => route.abort("blockedbyclient"),
      );
      let next = 0;
      const worker = async () => {
        const page = await context.newPage();
        while (next < files.length) {
          const file = files[next++];
          results.push(await checkPage(page, base, file, width, origin));
        }
        await page.close();
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      await context.close();
      seconds[width.name] = Number(((Date.now() - started) / 1000).toFixed(1));
    }
  } finally {
    await browser.close();
  }
  const order = (r) => WIDTHS.findIndex((w) => w.name === r.width);
  results.sort((a, b) => a.page.localeCompare(b.page) || order(a) - order(b));
  return { results, seconds };
}

function reflowLines(prefix, r) {
  const w = r.reflow;
  const lines = [
    `${prefix}: ${r.page} [${r.width} ${r.viewport}px]: reflow (WCAG 1.4.10): the page scrolls sideways: ` +
      `the document is ${w.documentWidth}px wide in a ${w.viewport}px viewport` +
      (w.openedDetails ? ` once its ${w.openedDetails} closed <details> are opened` : ""),
  ];
  for (const c of w.culprits) {
    const how = [c.text ? "its text" : "its box", c.position === "static" ? "" : `position: ${c.position}`]
      .filter(Boolean)
      .join(", ");
    lines.push(`     element ${c.target} (${how}) ends ${c.overflow}px past the viewport: ${shorten(c.html)}`);
  }
  if (w.count > w.culprits.length) lines.push(`     and ${w.count - w.culprits.length} more elements`);
  if (w.count === 0) lines.push("     no element found that ends past the viewport unclipped: look for margins and transforms");
  return lines;
}

async function main(opts) {
  const files = htmlFiles(opts.site);
  const started = Date.now();
  const { results, seconds: perWidth } = await checkPages(opts.browser, opts.url, files, opts.concurrency);

  let violations = 0;
  let nodes = 0;
  let failedPages = 0;
  let foreign = 0;
  let reflow = 0;
  const byRule = new Map();
  for (const r of results) {
    if (r.error) {
      failedPages++;
      console.log(`axe: ${r.page} [${r.width}]: page did not load: ${r.error}`);
    }
    for (const f of r.foreign) {
      foreign++;
      console.log(`axe: ${r.page} [${r.width}]: request to another origin: ${f}`);
    }
    if (r.reflow) {
      reflow++;
      console.log(reflowLines("axe", r).join("\n"));
    }
    for (const v of r.violations) {
      violations++;
      byRule.set(v.rule, (byRule.get(v.rule) || 0) + v.nodes.length);
      for (const n of v.nodes) {
        nodes++;
        console.log(
          `axe: ${r.page} [${r.width}]: ${v.rule} (${v.impact}): ${v.help}\n` +
            `     element ${n.target}: ${n.html}\n     ${n.summary}`,
        );
      }
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const summary = {
    axe: AXE_VERSION,
    tags: TAGS,
    widths: WIDTHS.map(widthLabel),
    axeRuns: results.filter((r) => WIDTHS.find((w) => w.name === r.width).axe).length,
    pages: files.length,
    runs: results.length,
    violations,
    nodes,
    failedPages,
    foreignRequests: foreign,
    reflow,
    byRule: Object.fromEntries(byRule),
    seconds: Number(seconds),
    secondsPerWidth: perWidth,
  };
  if (opts.out) writeFileSync(opts.out, JSON.stringify({ summary, results }, null, 1));
  console.log(
    `axe: axe-core ${AXE_VERSION} (${TAGS.join(", ")}): ${files.length} pages × ${WIDTHS.length} widths ` +
      `(${summary.widths.join(", ")}) = ${results.length} runs (${summary.axeRuns} with axe) in ${seconds} s ` +
      `(${WIDTHS.map((w) => `${perWidth[w.name]} s at ${w.viewport.width}px`).join(", ")}): ` +
      `${violations} violations (${nodes} elements), ${reflow} pages wider than the viewport, ` +
      `${foreign} requests to other origins, ${failedPages} pages not loaded`,
  );
  return violations + reflow + foreign + failedPages > 0 ? 1 : 0;
}

// The fixtures served as they are, from 127.0.0.1 on a free port.
function serveFixtures() {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\//, "");
    if (!/^[a-z-]+\.html$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = readFileSync(join(FIXTURES, name));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function selfTest(opts) {
  const files = htmlFiles(FIXTURES);
  // `reflow-expect`: the element that overflows ("" for a clean page); `reflow-widths`, if there,
  // the only viewport widths at which it does: at the others the page must pass.
  const expected = new Map(
    files.map((f) => {
      const html = readFileSync(join(FIXTURES, f), "utf8");
      const m = html.match(/<meta name="reflow-expect" content="([^"]*)">/);
      const w = html.match(/<meta name="reflow-widths" content="([^"]*)">/);
      return [f, m ? { element: m[1], widths: w ? w[1].split(/[ ,]+/).map(Number) : null } : null];
    }),
  );
  const server = await serveFixtures();
  let results;
  try {
    ({ results } = await checkPages(opts.browser, `http://127.0.0.1:${server.address().port}/`, files, 2));
  } finally {
    server.close();
  }
  const problems = [];
  let planted = 0;
  let clean = 0;
  for (const r of results) {
    const where = `${r.page} [${r.width} ${r.viewport}px]`;
    const plants = expected.get(r.page);
    if (plants === null) {
      problems.push(`${r.page}: no <meta name="reflow-expect" content="..."> to say what it plants`);
      continue;
    }
    const expect = plants.widths && !plants.widths.includes(r.viewport) ? "" : plants.element;
    if (r.error) problems.push(`${where}: the page did not load: ${r.error}`);
    else if (expect === "") {
      clean++;
      if (r.reflow) {
        const [verdict, ...elements] = reflowLines("", r);
        const what = plants.element ? `a page that overflows only at ${plants.widths.join(", ")}px` : "a clean page";
        problems.push(`${where}: ${what} was reported${verdict.slice(`: ${where}`.length)}\n${elements.join("\n")}`);
      }
      if (!plants.element)
        for (const v of r.violations) problems.push(`${where}: a clean page has an axe violation: ${v.rule}`);
    } else {
      planted++;
      if (!r.reflow) problems.push(`${where}: the planted overflow (${expect}) was not reported`);
      else if (!r.reflow.culprits.some((c) => c.target.endsWith(expect)))
        problems.push(
          `${where}: reported, but not naming ${expect}: ${r.reflow.culprits.map((c) => c.target).join("; ") || "no element"}`,
        );
      else console.log(reflowLines("self-test: reported as planted", r).join("\n"));
    }
  }
  // Every fixture was checked at every width, and every width a fixture overflows at was checked.
  for (const f of files) {
    for (const w of WIDTHS)
      if (!results.some((r) => r.page === f && r.width === w.name)) problems.push(`${f} [${widthLabel(w)}]: not checked`);
    for (const px of expected.get(f)?.widths || [])
      if (!WIDTHS.some((w) => w.viewport.width === px)) problems.push(`${f}: overflows at ${px}px, a width not checked`);
  }
  for (const p of problems) console.log(`self-test: FAILED: ${p}`);
  console.log(
    `self-test: the reflow check over ${files.length} fixture pages × ${WIDTHS.length} widths ` +
      `(${WIDTHS.map(widthLabel).join(", ")}): ${planted} planted runs, ${clean} clean runs, ` +
      `${problems.length ? `${problems.length} wrong verdicts: the check cannot be trusted` : "every verdict right"}`,
  );
  return problems.length > 0 || planted === 0 || clean === 0 ? 1 : 0;
}

const opts = args();
(opts.selfTest ? selfTest(opts) : main(opts)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`axe: ${e.stack || e}`);
    process.exit(2);
  },
);
