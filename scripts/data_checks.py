#!/usr/bin/env python3
"""The downloads of a built site, re-read by readers minhbach does not control (run by
scripts/check-site as the `data` check).

    data_checks.py --site DIR --root REPO [--only package,figures,xlsx,guard]
    data_checks.py --site DIR --root REPO --self-test

  package  `frictionless validate` on DIR/data/datapackage.json (the Frictionless library)
  figures  every CSV under DIR/data/, read with Python's csv module (UTF-8 with its BOM), holds
           exactly the figures of REPO/data/provinces/*.yaml read here with PyYAML: each
           observation (a total or a breakdown member) of the file's province, indicator or
           report has its row with the same numbers (value, or numerator/denominator, or the
           printed rate, or its state), and no row lacks an observation
  xlsx     every workbook, read with openpyxl, has the figures of its CSV, numbers as numbers
  guard    no text cell of a CSV starts with =, +, -, @, a tab or a carriage return: a
           spreadsheet would run it as a formula (the writer puts a ' in front)

--self-test plants one fault per check in a copy of the downloads (a changed number, a dropped
or added row, a missing file, no byte order mark, an unguarded formula, a number as text in a
workbook, a schema contradicting its file) and fails unless each is reported.

The gate reads the YAML itself, so a figure that minhbach misreads is caught rather than
copied. Prints one line per finding (`data: <file>: <rule>: <message>`), then a summary line,
and exits 1 when it found something, 2 when it could not run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
from pathlib import Path

DATA = "data"
GUARDED = ("=", "+", "-", "@", "\t", "\r")
# The numbers of a figure, as the files name them and as the YAML writes them.
NUMBERS = (("value", "value"), ("numerator", "numerator"), ("denominator", "denominator"), ("stated_rate", "stated"))
STATES = {"no-cases": "no_cases", "not-applicable": "not_applicable"}
# A row's identity: which observation it is.
KEY = ("province", "indicator", "period", "dimension", "member")

findings: list[str] = []
per_rule: dict[str, int] = {}
# Lines printed per rule (the rest are counted): a broken schema fails every cell of a column.
SHOWN_PER_RULE = 20
quiet = False


def finding(file: str, rule: str, message: str) -> None:
    line = f"data: {file}: {rule}: {message}"
    findings.append(line)
    per_rule[rule] = same = per_rule.get(rule, 0) + 1
    if not quiet and same <= SHOWN_PER_RULE:
        print(line)
    elif not quiet and same == SHOWN_PER_RULE + 1:
        print(f"data: …: {rule}: further findings of this rule counted, not shown")


# --- the YAML, read independently ------------------------------------------------------------


def period_key(raw: object) -> str:
    """A period as the files write it: `2024` (an integer to PyYAML), `2024-H1`, `2025-04`."""
    text = str(raw).strip()
    if ".." in text:
        return text
    return text.upper()


def expected_numbers(raw: object) -> dict[str, object]:
    """What the row of one value must say: its numbers, or its state. `value` of a ratio is the
    site's own computation and is not compared; the counts and the printed rate are."""
    if isinstance(raw, bool):
        return {"invalid": raw}
    if isinstance(raw, (int, float)):
        return {"value": float(raw)}
    if isinstance(raw, str):
        return {"state": STATES.get(raw.strip(), raw)}
    if isinstance(raw, dict):
        out: dict[str, object] = {}
        for column, key in NUMBERS:
            if key in raw and raw[key] is not None:
                out[column] = float(raw[key])
        if raw.get("state"):
            out["state"] = STATES.get(str(raw["state"]).strip(), raw["state"])
        return out
    return {"invalid": raw}


def yaml_figures(root: Path) -> dict[tuple[str, ...], dict[str, object]]:
    """Every observation of the site's YAML: (province, indicator, period, dimension, member)
    → the numbers its row must carry."""
    import yaml

    figures: dict[tuple[str, ...], dict[str, object]] = {}
    for path in sorted((root / DATA / "provinces").glob("*.yaml")):
        province = path.stem
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("observations", []) or []:
            period = period_key(block["period"])
            for indicator, raw in (block.get("values") or {}).items():
                by = (raw.get("by") if isinstance(raw, dict) else None) or {}
                # A value with only `by` is a breakdown without a total: its members only.
                figure_keys = {"value", "numerator", "denominator", "stated", "state"}
                if not (by and not figure_keys & set(raw)):
                    figures[(province, str(indicator), period, "", "")] = expected_numbers(raw)
                for dimension, members in by.items():
                    for member, value in (members or {}).items():
                        key = (province, str(indicator), period, str(dimension), str(member))
                        figures[key] = expected_numbers(value)
    return figures


# --- the files --------------------------------------------------------------------------------


def read_csv(site: Path, path: Path) -> tuple[list[str], list[dict[str, str]]] | None:
    raw = path.read_bytes()
    rel = path.relative_to(site).as_posix()
    if not raw.startswith(b"\xef\xbb\xbf"):
        finding(rel, "no-bom", "the file does not start with a UTF-8 byte order mark: Excel would read it in the local code page")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        finding(rel, "not-utf8", f"not UTF-8: {e}")
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def number(text: str) -> float | None:
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        return math.nan


def scope_filter(rel: str) -> dict[str, str] | None:
    """The rows a CSV must hold, by its path: `data/figures.csv` every row,
    `data/provinces/<p>.csv` one province, `data/indicators/<i>.csv` one indicator,
    `data/reports/<p>/<period slug>.csv` one report."""
    parts = rel.split("/")
    if parts == [DATA, "figures.csv"]:
        return {}
    if len(parts) == 3 and parts[1] == "provinces":
        return {"province": parts[2][: -len(".csv")]}
    if len(parts) == 3 and parts[1] == "indicators":
        return {"indicator": parts[2][: -len(".csv")]}
    if len(parts) == 4 and parts[1] == "reports":
        return {"province": parts[2], "period_slug": parts[3][: -len(".csv")]}
    return None


def slug_of(period: str) -> str:
    return period.lower().replace("..", "--")


def check_figures(site: Path, root: Path, csvs: dict[str, tuple[list[str], list[dict[str, str]]]]) -> None:
    figures = yaml_figures(root)
    # Each province, indicator and report with an observation has its file, and the site one.
    wanted_files = {f"{DATA}/figures.csv"} if figures else set()
    for province, indicator, period, _, _ in figures:
        wanted_files.add(f"{DATA}/provinces/{province}.csv")
        wanted_files.add(f"{DATA}/indicators/{indicator}.csv")
        wanted_files.add(f"{DATA}/reports/{province}/{slug_of(period)}.csv")
    for rel in sorted(wanted_files - set(csvs)):
        finding(rel, "missing-file", "the YAML has figures for this file, and the build did not write it")
    for rel, (header, rows) in sorted(csvs.items()):
        scope = scope_filter(rel)
        if scope is None:
            finding(rel, "unknown-file", "a CSV file the data format does not name")
            continue
        missing_columns = [c for c in KEY + ("value", "numerator", "denominator", "stated_rate", "state") if c not in header]
        if missing_columns:
            finding(rel, "missing-column", f"no column {', '.join(missing_columns)}")
            continue

        def wanted(key: tuple[str, ...]) -> bool:
            province, indicator, period = key[0], key[1], key[2]
            if "province" in scope and province != scope["province"]:
                return False
            if "indicator" in scope and indicator != scope["indicator"]:
                return False
            if "period_slug" in scope and slug_of(period) != scope["period_slug"]:
                return False
            return True

        expected = {k: v for k, v in figures.items() if wanted(k)}
        seen: set[tuple[str, ...]] = set()
        for n, row in enumerate(rows, start=2):
            key = tuple(row.get(c, "") for c in KEY)
            where = f"{rel}:{n}"
            if key in seen:
                finding(where, "duplicate-row", f"{'/'.join(k for k in key if k)} twice")
                continue
            seen.add(key)
            if key not in expected:
                finding(where, "row-without-figure", f"{'/'.join(k for k in key if k)}: no such observation in data/provinces/{key[0]}.yaml")
                continue
            want = expected[key]
            if "invalid" in want:
                finding(where, "unreadable-yaml", f"{key}: the YAML value {want['invalid']!r} is not a figure")
                continue
            if "state" in want and row.get("state", "") != want["state"]:
                finding(where, "state-differs", f"{'/'.join(k for k in key if k)}: state {row.get('state')!r}, the YAML says {want['state']!r}")
            for column, _ in NUMBERS:
                if column not in want:
                    continue
                got = number(row.get(column, ""))
                if got is None or not math.isclose(got, float(want[column]), rel_tol=1e-12, abs_tol=1e-9):
                    finding(where, "number-differs", f"{'/'.join(k for k in key if k)}: {column} is {row.get(column)!r}, the YAML says {want[column]:g}")
        for key in sorted(set(expected) - seen):
            finding(rel, "missing-row", f"{'/'.join(k for k in key if k)}: observation of data/provinces/{key[0]}.yaml has no row")


def check_guard(csvs: dict[str, tuple[list[str], list[dict[str, str]]]], text_columns: set[str]) -> None:
    for rel, (header, rows) in sorted(csvs.items()):
        for n, row in enumerate(rows, start=2):
            for column in header:
                cell = row.get(column) or ""
                if column in text_columns and cell.startswith(GUARDED):
                    finding(f"{rel}:{n}", "formula-unguarded", f"column {column} starts with {cell[:1]!r}: {cell[:40]!r} (a spreadsheet runs it; write a ' in front)")


def unguard(cell: str) -> str:
    """The text before the guard: one ' taken off a cell whose text after its 's would start a
    formula (a text that began with ' and then = was written with one ' more)."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(GUARDED) else cell


def check_xlsx(site: Path, csvs: dict[str, tuple[list[str], list[dict[str, str]]]], number_columns: set[str]) -> None:
    """Each workbook's figures sheet (the sheet whose header is its CSV's) against its CSV,
    row by row matched on the figure's identity, cell by cell."""
    import openpyxl

    for path in sorted((site / DATA).rglob("*.xlsx")):
        rel = path.relative_to(site).as_posix()
        twin = rel[: -len(".xlsx")] + ".csv"
        if twin not in csvs:
            finding(rel, "no-csv", f"no {twin} to compare with")
            continue
        header, rows = csvs[twin]
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        # The figures sheet, and the sheets it continues on past a sheet's row limit: every
        # sheet whose header is the CSV's.
        sheets = [s for s in book.worksheets if _header(s) == header]
        if not sheets:
            finding(rel, "no-figures-sheet", f"no sheet has the CSV's header ({', '.join(header[:3])}, …); sheets: {book.sheetnames}")
            book.close()
            continue
        want = {tuple(r.get(c, "") for c in KEY): r for r in rows}
        got: dict[tuple[str, ...], tuple[str, dict[str, object]]] = {}
        for sheet in sheets:
            for n, values in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
                cells = dict(zip(header, values))
                key = tuple("" if cells.get(c) is None else _text(cells.get(c)) for c in KEY)
                if key in got:
                    finding(f"{rel}:{sheet.title}!{n}", "duplicate-row", f"{'/'.join(k for k in key if k)} twice")
                got[key] = (f"{rel}:{sheet.title}!{n}", cells)
        book.close()
        for key in sorted(set(want) - set(got)):
            finding(rel, "missing-row", f"{'/'.join(k for k in key if k)}: in {twin}, not in the workbook")
        for key in sorted(set(got) - set(want)):
            finding(got[key][0], "extra-row", f"{'/'.join(k for k in key if k)}: not in {twin}")
        for key in sorted(set(got) & set(want)):
            where, cells = got[key]
            for column in header:
                value, text = cells.get(column), want[key].get(column, "")
                if column in number_columns and text != "":
                    if isinstance(value, bool) or not isinstance(value, (int, float)):
                        finding(where, "number-as-text", f"{column}: {value!r} is not a number cell (the CSV says {text})")
                    elif not math.isclose(float(value), float(text), rel_tol=1e-12, abs_tol=1e-9):
                        finding(where, "cell-differs", f"{column}: {value!r}, the CSV says {text}")
                    continue
                shown = "" if value is None else _text(value)
                if shown != unguard(text):
                    finding(where, "cell-differs", f"{column}: {shown[:40]!r}, the CSV says {text[:40]!r}")


def _header(sheet) -> list[str]:
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    return [str(v) for v in first if v is not None]


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def package_types(site: Path) -> dict[str, str]:
    """Each field's type as the data package declares it (which columns hold numbers, which
    text), or nothing when there is no package to read."""
    path = site / DATA / "datapackage.json"
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    types: dict[str, str] = {}
    for resource in package.get("resources", []):
        schema = resource.get("schema", {})
        if isinstance(schema, str):  # a schema file shared by the resources
            schema = json.loads((path.parent / schema).read_text(encoding="utf-8"))
        if isinstance(schema, dict):
            for field in schema.get("fields", []):
                types[field["name"]] = field.get("type", "string")
    return types


def check_package(site: Path) -> dict[str, str]:
    """Validate the package; returns each field's declared type (for the other checks)."""
    path = site / DATA / "datapackage.json"
    if not path.is_file():
        finding(f"{DATA}/datapackage.json", "missing", "no data package")
        return {}
    try:
        from frictionless import validate
    except ImportError:
        print("data: frictionless is not installed: pip install -r scripts/requirements.txt", file=sys.stderr)
        sys.exit(2)
    report = validate(str(path))
    if not report.valid:
        for task in report.tasks or [None]:
            errors = task.errors if task is not None else []
            for e in errors:
                finding(f"{DATA}/datapackage.json", f"frictionless:{e.type}", f"{getattr(task, 'name', '')}: {e.message}")
        for e in report.errors:
            finding(f"{DATA}/datapackage.json", f"frictionless:{e.type}", e.message)
    return package_types(site)


def run(site: Path, root: Path, only: set[str]) -> list[str]:
    """Every check in `only` over the downloads of `site`; returns the findings."""
    findings.clear()
    per_rule.clear()
    types = check_package(site) if "package" in only else {}
    csvs = {}
    for path in sorted((site / DATA).rglob("*.csv")):
        rel = path.relative_to(site).as_posix()
        read = read_csv(site, path)
        if read is not None:
            csvs[rel] = read
    if "figures" in only:
        check_figures(site, root, csvs)
    if not types:
        types = package_types(site)
    if not types:  # no package to say: the numbers as the Data page documents them
        numbers = ("value", "numerator", "denominator", "stated_rate", "stated_decimals", "change")
        types = {c: "number" if c in numbers else "string" for h, _ in csvs.values() for c in h}
    number_columns = {c for c, t in types.items() if t in ("number", "integer")}
    text_columns = {c for c, t in types.items() if t == "string"}
    if "xlsx" in only:
        check_xlsx(site, csvs, number_columns)
    if "guard" in only:
        check_guard(csvs, text_columns)
    rows = sum(len(r) for _, r in csvs.values())
    xlsx = len(list((site / DATA).rglob("*.xlsx")))
    print(f"data: {len(findings)} problems in {len(csvs)} CSV files ({rows} rows) and {xlsx} workbooks; checks: {', '.join(sorted(only))}")
    return list(findings)


# --- self-test: each check must see the fault it exists for -----------------------------------

def _rewrite_csv(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    change(rows)
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig", newline="")


def _first_with(rows: list[list[str]], column: str) -> tuple[int, int]:
    i = rows[0].index(column)
    return next(n for n, r in enumerate(rows) if n and r[i]), i


def _plant_number(d: Path) -> None:
    def change(rows):
        n, i = _first_with(rows, "numerator")
        rows[n][i] = str(int(float(rows[n][i])) + 1)
    _rewrite_csv(d / "figures.csv", change)


def _plant_dropped_row(d: Path) -> None:
    _rewrite_csv(next(iter(sorted((d / "provinces").glob("*.csv")))), lambda rows: rows.pop(1))


def _plant_extra_row(d: Path) -> None:
    def change(rows):
        extra = list(rows[1])
        extra[rows[0].index("indicator")] = "planted-indicator"
        rows.append(extra)
    _rewrite_csv(next(iter(sorted((d / "reports").rglob("*.csv")))), change)


def _plant_unguarded(d: Path) -> None:
    def change(rows):
        rows[1][rows[0].index("note_en")] = '=HYPERLINK("https://example.invalid","x")'
    _rewrite_csv(next(iter(sorted((d / "reports").rglob("*.csv")))), change)


def _plant_text_number(d: Path) -> None:
    import openpyxl

    path = next(iter(sorted((d / "provinces").glob("*.xlsx"))))
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index("value") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if isinstance(sheet.cell(r, column).value, (int, float)))
    sheet.cell(row, column).value = str(sheet.cell(row, column).value)
    book.save(path)


def _plant_no_bom(d: Path) -> None:
    path = d / "figures.csv"
    path.write_bytes(path.read_bytes()[3:])


def _plant_missing_file(d: Path) -> None:
    next(iter(sorted((d / "indicators").glob("*.csv")))).unlink()


def _plant_package(d: Path) -> None:
    # One resource (to keep the test fast), whose schema now calls a number column a date.
    package = json.loads((d / "datapackage.json").read_text(encoding="utf-8"))
    package["resources"] = package["resources"][:1]
    (d / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    resource = package["resources"][0]
    schema_path = d / resource["schema"] if isinstance(resource.get("schema"), str) else None
    schema = json.loads(schema_path.read_text(encoding="utf-8")) if schema_path else resource["schema"]
    for field in schema["fields"]:
        if field["name"] == "numerator":
            field["type"] = "date"
    if schema_path:
        schema_path.write_text(json.dumps(schema), encoding="utf-8")
    else:
        (d / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")


PLANTED = (
    ("a number changed", _plant_number, "figures", "number-differs"),
    ("a row dropped", _plant_dropped_row, "figures", "missing-row"),
    ("a row added", _plant_extra_row, "figures", "row-without-figure"),
    ("a file not written", _plant_missing_file, "figures", "missing-file"),
    ("the byte order mark removed", _plant_no_bom, "figures", "no-bom"),
    ("a formula left unguarded", _plant_unguarded, "guard", "formula-unguarded"),
    ("a number written as text in a workbook", _plant_text_number, "xlsx", "number-as-text"),
    ("a package whose schema contradicts its file", _plant_package, "package", "frictionless:type-error"),
)


def self_test(site: Path, root: Path) -> int:
    """Plant each fault in a copy of the downloads and require its check to report it."""
    import contextlib
    import shutil
    import tempfile

    global quiet
    quiet = True

    failed = 0
    for name, plant, check, rule in PLANTED:
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp)
            shutil.copytree(site / DATA, copy / DATA, ignore=shutil.ignore_patterns("*.html", "*.zip"))
            plant(copy / DATA)
            with contextlib.redirect_stdout(io.StringIO()):
                found = run(copy, root, {check})
        hit = any(f": {rule}: " in f for f in found)
        failed += not hit
        print(f"data-self-test: {'caught' if hit else 'MISSED'}: {name} ({check} → {rule})")
    print(f"data-self-test: {len(PLANTED) - failed} of {len(PLANTED)} planted faults caught")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True, type=Path)
    parser.add_argument("--root", required=True, type=Path, help="the site's sources (data/provinces/*.yaml)")
    parser.add_argument("--only", default="package,figures,xlsx,guard")
    parser.add_argument("--self-test", action="store_true", help="plant each fault in a copy and require it caught")
    args = parser.parse_args()
    site, root = args.site, args.root
    if not (site / DATA).is_dir():
        print(f"data: {site}/{DATA}: no downloads in the built site", file=sys.stderr)
        return 2
    if args.self_test:
        return self_test(site, root)
    return 1 if run(site, root, set(args.only.split(","))) else 0


if __name__ == "__main__":
    sys.exit(main())
