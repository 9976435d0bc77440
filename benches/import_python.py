#!/usr/bin/env python3
"""Validating customer files: orderlink (the Rust CLI and the Python binding) beside what a
Python user runs today, on the same generated files, in one run.

    make bench-python-import            # builds everything, then runs this script

Files: a CSV of --rows rows (default 1,000,000, ~100 MB) and an XLSX of --xlsx-rows rows
(default 100,000) written by openpyxl; seven columns, about 3% bad rows (the same shape as
benches/import.rs). Every contender runs in its own subprocess, so its peak memory is its own:
a Python contender reads its high-water mark (VmHWM) from /proc; the CLI is started by a small
launcher process, because a child's max RSS counts the RSS of the process it was forked from
(and this script, having written the files, is larger than a small run). "growth" is the peak
less the process's size after its imports and a warm-up run on a header-only file (which pages
in the library's code); for the CLI, less its peak on that header-only file. Every contender
applies the same checks: name required and at most 200 characters, email shape, code repeated
in the file (without case), Active a yes/no word, price group one of Trade / Retail, phone at
most 50 characters. The figures are printed as a table with ratios against orderlink.
"""

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ["Customer Name", "Customer Code", "Email Address", "Phone Number", "Contact Person", "Active", "Price Group"]
GROUPS = ["Trade", "Retail"]
BOOLS = {"yes", "no", "true", "false", "y", "n", "1", "0", ""}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def row(i):
    """Row i of the generated file: every 33rd row has one of four errors."""
    r = [
        f"Customer {i} Pty Ltd",
        f"C{i:07}",
        f"orders{i}@customer{i % 977}.example",
        f"+61 2 {i % 10_000:04} {(i * 7) % 10_000:04}",
        f"Contact {i % 5000}",
        "No" if i % 10 == 0 else "Yes",
        ["Trade", "Retail", ""][i % 3],
    ]
    if i % 33 == 5:
        k = (i // 33) % 4
        if k == 0:
            r[2] = f"orders{i}@nowhere"
        elif k == 1:
            r[0] = ""
        elif k == 2:
            r[5] = "maybe"
        else:
            r[1] = "C0000001"
    return r


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow(row(i))


def write_xlsx(path, rows):
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Customers")
    ws.append(HEADER)
    for i in range(rows):
        ws.append([v if v else None for v in row(i)])
    wb.save(path)


# --- the checks, the same for every pure-Python contender ------------------------------------


def check_rows(rows):
    """Rows as lists of str (header first); returns the number of rows with an error."""
    it = iter(rows)
    header = [h.strip().lower() for h in next(it)]
    ix = {h: header.index(h) for h in header}
    n, c, e, p, a, g = (ix[h.lower()] for h in ("Customer Name", "Customer Code", "Email Address", "Phone Number", "Active", "Price Group"))
    groups = {x.lower() for x in GROUPS}
    seen = set()
    bad = 0
    width = len(header)
    for r in it:
        r = [("" if v is None else str(v)).strip() for v in r]
        r += [""] * (width - len(r))  # openpyxl's read-only rows stop at the last filled cell
        if not any(r):
            continue
        err = False
        if not r[n] or len(r[n]) > 200:
            err = True
        if r[e] and not EMAIL.match(r[e]):
            err = True
        code = r[c].lower()
        if code:
            if code in seen:
                err = True
            seen.add(code)
        if r[a].lower() not in BOOLS:
            err = True
        if r[g] and r[g].lower() not in groups:
            err = True
        if len(r[p]) > 50:
            err = True
        bad += err
    return bad


def check_frame(df):
    import pandas as pd

    df = df.fillna("").astype(str).apply(lambda s: s.str.strip())
    name = df["Customer Name"]
    email = df["Email Address"]
    code = df["Customer Code"].str.lower()
    err = (name == "") | (name.str.len() > 200)
    err |= (email != "") & ~email.str.match(EMAIL.pattern)
    err |= (code != "") & code.duplicated()
    err |= ~df["Active"].str.lower().isin(BOOLS)
    err |= (df["Price Group"] != "") & ~df["Price Group"].str.lower().isin({x.lower() for x in GROUPS})
    err |= df["Phone Number"].str.len() > 50
    blank = (df == "").all(axis=1)
    return int((err & ~blank).sum()) if isinstance(err, pd.Series) else 0


# --- contenders (each run in a subprocess by `--run NAME FILE`) ------------------------------


def run_orderlink(path):
    import orderlink

    import pathlib

    # A str is content (R5): the file is named as a path.
    r = orderlink.validate_import(pathlib.Path(path), limits={"max_rows": 2_000_000, "max_bytes": 1 << 30}, price_groups=GROUPS)
    return r.error_rows


def run_csv_loop(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return check_rows(csv.reader(f))


def run_pandas(path):
    import pandas as pd

    return check_frame(pd.read_csv(path, dtype=str, keep_default_na=False))


def run_frictionless(path):
    from frictionless import Resource, Schema

    schema = Schema.from_descriptor(
        {
            "fields": [
                {"name": "Customer Name", "type": "string", "constraints": {"required": True, "maxLength": 200}},
                {"name": "Customer Code", "type": "string", "constraints": {"unique": True}},
                {"name": "Email Address", "type": "string", "constraints": {"pattern": EMAIL.pattern[1:-1]}},
                {"name": "Phone Number", "type": "string", "constraints": {"maxLength": 50}},
                {"name": "Contact Person", "type": "string"},
                {"name": "Active", "type": "string", "constraints": {"enum": ["Yes", "No", "yes", "no", "true", "false", "y", "n", "1", "0"]}},
                {"name": "Price Group", "type": "string", "constraints": {"enum": GROUPS}},
            ]
        }
    )
    # frictionless reads relative paths only ("not safe" otherwise), and stops at 1,000 errors
    # unless told not to.
    report = Resource(path=path.name, basepath=str(path.parent), schema=schema).validate(limit_errors=10**9)
    rows = {e.row_number for e in report.tasks[0].errors if getattr(e, "row_number", None)}
    if not rows and not report.valid:
        raise SystemExit(f"frictionless: {report.tasks[0].errors[0].message}")
    return len(rows)


def run_openpyxl(path):
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return check_rows(wb.worksheets[0].iter_rows(values_only=True))


def run_pandas_calamine(path):
    import pandas as pd

    return check_frame(pd.read_excel(path, engine="calamine", dtype=str))


CONTENDERS = {
    "orderlink": run_orderlink,
    "csv_loop": run_csv_loop,
    "pandas": run_pandas,
    "frictionless": run_frictionless,
    "openpyxl": run_openpyxl,
    "pandas_calamine": run_pandas_calamine,
}
PRELOAD = {"orderlink": "orderlink", "pandas": "pandas", "frictionless": "frictionless", "openpyxl": "openpyxl", "pandas_calamine": "pandas"}


def child(name, path, empty):
    if name in PRELOAD:
        __import__(PRELOAD[name])
    CONTENDERS[name](Path(empty))
    base = high_water_kb()
    t = time.perf_counter()
    errors = CONTENDERS[name](Path(path))
    seconds = time.perf_counter() - t
    peak = high_water_kb()
    print(json.dumps({"seconds": seconds, "errors": errors, "peak_kb": peak, "growth_kb": peak - base}))


# Runs a command and prints its time and max RSS; being small and freshly started, it lends the
# command no high-water mark of its own beyond its ~10 MB.
LAUNCHER = """
import json, os, subprocess, sys, time
t = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, ru = os.wait4(proc.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - t, "errors": None, "peak_kb": ru.ru_maxrss, "growth_kb": ru.ru_maxrss}))
"""


def high_water_kb():
    """This process's peak resident size so far (its own, whatever it was forked from)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(cmd, parse_json):
    """Runs cmd: a Python contender, which prints its own figures (parse_json), or the CLI, by
    way of the launcher."""
    if not parse_json:
        cmd = [sys.executable, "-S", "-c", LAUNCHER, *cmd]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--xlsx-rows", type=int, default=100_000)
    ap.add_argument("--cli", default=str(ROOT / "target" / "release" / "orderlink"))
    ap.add_argument("--skip", action="append", default=[], help="a contender to leave out")
    ap.add_argument("--run", nargs=3, metavar=("NAME", "FILE", "EMPTY"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.run:
        return child(*a.run)

    tmp = Path(tempfile.mkdtemp(prefix="orderlink-bench-"))
    csv_path, xlsx_path = tmp / "customers.csv", tmp / "customers.xlsx"
    print(f"writing {a.rows:,} CSV rows and {a.xlsx_rows:,} XLSX rows to {tmp} ...", flush=True)
    write_csv(csv_path, a.rows)
    write_xlsx(xlsx_path, a.xlsx_rows)
    for label, path, peers in (
        ("CSV", csv_path, ["csv_loop", "pandas", "frictionless"]),
        ("XLSX", xlsx_path, ["openpyxl", "pandas_calamine"]),
    ):
        size = path.stat().st_size
        print(f"\n{label}: {path.name}, {size / 1e6:.1f} MB")
        results = {}
        # The Rust figure: the CLI in release mode, the same library with no Python around it
        # (its time includes starting the process and reading the file).
        cli = [a.cli, "import", "validate", str(path), "--quiet", "--max-rows", "2000000", "--max-bytes", str(1 << 30),
               "--price-group", "Trade", "--price-group", "Retail"]
        best = min((measure(cli, False) for _ in range(3)), key=lambda r: r["seconds"])
        # A child's max RSS starts from the forking parent's; a header-only file gives that base.
        empty = tmp / ("empty" + path.suffix)
        if not empty.exists():
            write_csv(empty, 0) if path.suffix == ".csv" else write_xlsx(empty, 0)
        base = measure([a.cli, "import", "validate", str(empty), "--quiet"], False)["peak_kb"]
        best["growth_kb"] = max(best["peak_kb"] - base, 0)
        results["orderlink CLI (Rust)"] = best
        for name in ["orderlink"] + [p for p in peers if p not in a.skip]:
            runs = 3 if name == "orderlink" else 1
            cmd = [sys.executable, __file__, "--run", name, str(path), str(empty)]
            results[name if name != "orderlink" else "orderlink (Python)"] = min(
                (measure(cmd, True) for _ in range(runs)), key=lambda r: r["seconds"])
        ours = results["orderlink (Python)"]["seconds"]
        print(f"{'contender':<22}{'seconds':>9}{'× orderlink':>13}{'rows w/ errors':>16}{'peak MB':>9}{'growth/file':>13}")
        for name, r in results.items():
            ratio = r["seconds"] / ours
            errors = "" if r["errors"] is None else f"{r['errors']:,}"
            print(f"{name:<22}{r['seconds']:>9.3f}{ratio:>12.2f}×{errors:>16}{r['peak_kb'] / 1024:>9.0f}{r['growth_kb'] * 1024 / size:>12.2f}×")
        rust = results["orderlink CLI (Rust)"]["seconds"]
        print(f"Python binding / Rust CLI: {ours / rust:.2f}×")


if __name__ == "__main__":
    main()
