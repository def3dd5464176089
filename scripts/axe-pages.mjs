#!/usr/bin/env node
// axe-core in headless Chromium over every page of a built site, at a desktop and a phone width.
//
//   node scripts/axe-pages.mjs --site DIR --url http://127.0.0.1:PORT/prefix/ --out results.json
//
// Every `*.html` under DIR is opened at URL + its path (`x/index.html` as `x/`), axe-core (the
// npm package, added to every page as an init script) runs with the WCAG 2.0/2.1/2.2 A and AA
// tags, and every request the page makes is recorded. Prints one line per violation (page, width, rule, element)
// and a summary; writes the full results to --out; exits 1 on any violation, on a request to
// another origin, or on a page that fails to load.

import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, sep } from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const AXE_VERSION = require("axe-core/package.json").version;

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const WIDTHS = [
  { name: "desktop", viewport: { width: 1280, height: 900 }, isMobile: false },
  { name: "phone", viewport: { width: 360, height: 740 }, isMobile: true },
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
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, "");
    out[key] = argv[i + 1];
  }
  if (!out.site || !out.url) {
    console.error("usage: axe-pages.mjs --site DIR --url BASE_URL [--out FILE] [--concurrency N]");
    process.exit(2);
  }
  if (!out.url.endsWith("/")) out.url += "/";
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

async function checkPage(page, base, file, width, origin) {
  const url = base + urlPath(file);
  const requests = [];
  const onRequest = (req) => requests.push(req.url());
  page.on("request", onRequest);
  const record = {
    page: file,
    width: width.name,
    url,
    violations: [],
    reflow: [],
    requests: [],
    error: null,
  };
  try {
    const response = await page.goto(url, { waitUntil: "load", timeout: 30000 });
    const status = response ? response.status() : 0;
    // 404.html is served with 200 by the static server when fetched directly.
    if (status !== 200) record.error = `HTTP ${status}`;
    const result = await page.evaluate(
      (tags) =>
        window.axe.run(document, {
          runOnly: { type: "tag", values: tags },
          resultTypes: ["violations"],
        }),
      TAGS,
    );
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
    // WCAG 1.4.10 (Reflow, AA), which axe does not test: at 360px nothing may push the page
    // sideways. A table inside a scrolling wrapper scrolls on its own and does not count.
    record.reflow = await page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return [];
      const scrolls = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
        }
        return false;
      };
      const wide = [];
      for (const el of document.body.querySelectorAll("*")) {
        const r = el.getBoundingClientRect();
        if (r.right > root.clientWidth + 0.5 && r.width > 0 && !scrolls(el)) {
          if (!wide.some((w) => w.contains(el))) wide.push(el);
        }
      }
      const path = (el) => {
        const parts = [];
        for (let e = el; e && e !== document.body; e = e.parentElement) {
          let part = e.tagName.toLowerCase();
          if (e.id) part += `#${e.id}`;
          else if (e.classList.length) part += `.${[...e.classList].join(".")}`;
          parts.unshift(part);
          if (e.id) break;
        }
        return parts.join(" > ");
      };
      return wide.slice(0, 5).map((el) => ({
        target: path(el),
        html: el.outerHTML.slice(0, 200),
        overflow: Math.round(el.getBoundingClientRect().right - root.clientWidth),
      }));
    });
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

async function main() {
  const opts = args();
  const files = htmlFiles(opts.site);
  const origin = new URL(opts.url).origin;
  const started = Date.now();
  const browser = await chromium.launch({ executablePath: opts.browser, args: CHROMIUM_ARGS });
  const results = [];
  try {
    for (const width of WIDTHS) {
      const context = await browser.newContext({
        viewport: width.viewport,
        isMobile: width.isMobile,
        hasTouch: width.isMobile,
        deviceScaleFactor: width.isMobile ? 2 : 1,
      });
      // axe-core is defined in every page before the page's own content (the site has no script).
      await context.addInitScript({ content: AXE_SOURCE });
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
          results.push(await checkPage(page, opts.url, file, width, origin));
        }
        await page.close();
      };
      await Promise.all(Array.from({ length: opts.concurrency }, worker));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  results.sort((a, b) => a.page.localeCompare(b.page) || a.width.localeCompare(b.width));

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
    for (const w of r.reflow) {
      reflow++;
      console.log(
        `axe: ${r.page} [${r.width}]: reflow (WCAG 1.4.10): the page scrolls sideways, ` +
          `${w.overflow}px past the viewport\n     element ${w.target}: ${shorten(w.html)}`,
      );
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
    widths: WIDTHS.map((w) => `${w.name} ${w.viewport.width}px`),
    pages: files.length,
    runs: results.length,
    violations,
    nodes,
    failedPages,
    foreignRequests: foreign,
    reflow,
    byRule: Object.fromEntries(byRule),
    seconds: Number(seconds),
  };
  if (opts.out) writeFileSync(opts.out, JSON.stringify({ summary, results }, null, 1));
  console.log(
    `axe: axe-core ${AXE_VERSION} (${TAGS.join(", ")}): ${files.length} pages × ${WIDTHS.length} widths ` +
      `(${summary.widths.join(", ")}) = ${results.length} runs in ${seconds} s: ` +
      `${violations} violations (${nodes} elements), ${reflow} reflow failures, ` +
      `${foreign} requests to other origins, ${failedPages} pages not loaded`,
  );
  process.exit(violations + reflow + foreign + failedPages > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(`axe: ${e.stack || e}`);
  process.exit(2);
});
