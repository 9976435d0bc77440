#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus: fuzz/corpus/<target>/<name>.

    python3 fuzz/make_seeds.py

Small files only (the whole corpus stays well under 2 MB): the repository's sample file, line
ending and quoting variants, hand-made workbooks (built with the hostile suite's zip writer,
tests/hostile/make.py, at small sizes), link codes and URLs, price macros and settings patches.
libFuzzer grows its own working corpus in fuzz/work/ (not committed); crashes found are kept in
fuzz/regressions/<target>/ by hand. core/tests/fuzz_replay.rs replays both folders.
"""
import json
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "hostile"))
import make  # noqa: E402  (the hostile suite's workbook writer)

CORPUS = ROOT / "fuzz" / "corpus"
REGRESSIONS = ROOT / "fuzz" / "regressions"

# Hand-made inputs that reproduce issue 13's defects (they fail on the code of that issue's
# opening): written to fuzz/regressions/<target>/issue13-<name> instead of the corpus, so the
# fuzzer starts from seeds that pass and the replay test keeps these fixed once they are.
KNOWN = {
    "import_csv": {"sample_cr.csv": "CR-only endings number every row 1 (I3a)",
                   "wide_row.csv": "a row wider than the header fails the CSV error file (I3)",
                   "controls.csv": "NUL and ANSI escapes pass validation and are stored (R4)"},
    "import_pasted": {"wide_row.tsv": "a row wider than the header fails the CSV error file (I3)",
                      "controls.tsv": "NUL and ANSI escapes pass validation and are stored (R4)"},
    "import_xlsx_raw": {"far_column.xlsx": "a cell at XFD: 16,385-wide rows, the CSV error file fails (R2)"},
    "import_xlsx_structured": {"random_256": "decodes to a far cell reference: a 61 GB allocation (R2)"},
    "settings_patch": {"patch_3.json": "max_columns 100000 accepted, past 16,384 (R2)",
                       "patch_4.json": "a base_url with CR/LF kept in link URLs (R4)"},
}


def write(target, name, data):
    known = KNOWN.get(target, {})
    d = (REGRESSIONS if name in known else CORPUS) / target
    if name in known:
        name = "issue13-" + name
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data.encode() if isinstance(data, str) else data)

# Crashes the fuzzer found (kept by hand, never rewritten here), for the README.
FOUND = [
    "- import_csv/found-preview-rows-cr.csv: mixed CRLF and bare LF endings give two rows one number, "
    "so the preview loses a row (I3a)",
    "- import_csv/found-confirm-counts-cr.csv: a bare CR in the header line gives two rows one number, "
    "so confirm's counts no longer add up to the rows read (I3a; it also has a row wider than its header, so the CSV error file fails first today)",
    "- import_csv/found-control-in-phone.csv: a control character (U+0015) in a phone number passes "
    "and is stored (R4)",
    "- import_xlsx_structured/found-shared-count-reserve: sharedStrings uniqueCount=2691482914; calamine "
    "reserves from it and the allocation aborts (R2)",
    "- import_xlsx_structured/found-cellref-multiply-overflow: a `<dimension ref>` with a long column "
    "part overflows calamine's cell reference arithmetic (`attempt to multiply with overflow`, "
    "calamine 0.35 xlsx/mod.rs:1896, get_dimension; a wrapped number without overflow checks) (R1)",
    "- settings_patch/found-base-url-tabs.json: a base_url with tabs (the URL parser drops them when "
    "checking, the raw text is kept) puts control characters in link URLs (R4)",
]


def csv_seeds():
    sample = (ROOT / "examples" / "customers.csv").read_bytes()
    lf = sample.replace(b"\r\n", b"\n")
    yield "sample.csv", sample
    yield "sample_crlf.csv", lf.replace(b"\n", b"\r\n")
    yield "sample_cr.csv", lf.replace(b"\n", b"\r")
    yield "bom_semicolon.csv", b"\xef\xbb\xbfName;Email;Code\nDeli;a@b.example;C1\n;bad;C1\n"
    yield "quoted_multiline.csv", b'Name,Email,Contact\n"Corner\nDeli","a@b.example","Jo ""Boss"" Smith"\n'
    yield "wide_row.csv", b"Name,Email\nDeli,bad,,,,\nShop,,\n"
    yield "blank_lines.csv", b"Name,Email\n\nDeli,x\n\n\nShop,y@z.example\n"
    yield "controls.csv", b"Name,Email\nA\x00B,a@b.example\n\x1b[31mRed\x1b[0m,\n"
    yield "latin1.csv", b"Name\nCaf\xe9\n"
    yield "all_fields.csv", (b"Customer Name,Customer Code,Email Address,Phone,Contact,Active,"
                             b"Order Web Blocked,Price Group\nDeli,C-1,a@b.example,+1 555,Jo,yes,no,Trade\n"
                             b"Shop,c-1,x,1,2,maybe,yes,Nope\n=cmd|' /C calc'!A0,C-2,,,,no,yes,\n")


def pasted_seeds():
    for name, data in csv_seeds():
        if name in ("sample.csv", "blank_lines.csv", "wide_row.csv", "controls.csv", "all_fields.csv"):
            yield name.replace(".csv", ".tsv"), data.replace(b",", b"\t")
    yield "excel_copy.tsv", b"Name\tEmail\r\nDeli\ta@b.example\r\nShop\t\r\n"


def xlsx_seeds():
    inline, sheet, wb = make.inline, make.sheet, make.workbook
    head, good = make.HEADER_ROW, make.GOOD_ROW
    yield "minimal.xlsx", wb(sheet(head, good))
    shared = (f'<?xml version="1.0"?><sst {make.NS} count="3" uniqueCount="3"><si><t>Name</t></si>'
              "<si><r><t>Corner </t></r><r><t>Deli</t></r></si><si><t>Email</t></si></sst>")
    yield "shared.xlsx", wb(sheet(['<c r="A1" t="s"><v>0</v></c>', '<c r="B1" t="s"><v>2</v></c>'],
                                  ['<c r="A2" t="s"><v>1</v></c>', '<c r="B2" t="s"><v>7</v></c>']), shared=shared)
    yield "kinds.xlsx", wb(sheet(
        head + [inline("C1", "Active"), inline("D1", "Customer Code")],
        [inline("A2", "Deli"), '<c r="B2" t="e"><v>#N/A</v></c>', '<c r="C2" t="b"><v>1</v></c>',
         '<c r="D2"><v>1001</v></c>'],
        ['<c r="A3" t="str"><f>CONCAT("a","b")</f></c>', '<c r="B3"><f>1+1</f></c>',
         '<c r="C3" t="str"><f>"no"</f><v>no</v></c>', '<c r="D3" s="1"><v>45000.5</v></c>'],
    ), styles=(f'<?xml version="1.0"?><styleSheet {make.NS}><cellXfs count="2"><xf numFmtId="0"/>'
               '<xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>'))
    yield "far_column.xlsx", wb(sheet(head, good + [inline("XFD2", "x")]))
    yield "not_at_a1.xlsx", wb(make.SHEET_HEAD + '<row r="3">' + inline("C3", "Name") + '</row><row r="5">'
                               + inline("C5", "Deli") + "</row>" + make.SHEET_TAIL)
    yield "out_of_order.xlsx", wb(make.SHEET_HEAD + '<row r="2">' + inline("A2", "Deli") + '</row><row r="1">'
                                  + inline("A1", "Name") + "</row>" + make.SHEET_TAIL)
    yield "repeated_small.xlsx", wb(make.Part((make.SHEET_HEAD + "<row>" + '<c t="inlineStr"><is><t>Name</t></is></c>'
                                               + "</row>").encode(),
                                              b'<row><c t="inlineStr"><is><t>Deli</t></is></c></row>', 200,
                                              make.SHEET_TAIL.encode()))
    yield "not_a_zip.xlsx", b"PK\x03\x04" + b"\x00" * 40


def structured_seeds():
    # Random bytes decode to random workbook descriptions; a few lengths, fixed seed.
    rng = random.Random(13)
    for n in (16, 64, 256, 1024, 4096):
        yield f"random_{n}", bytes(rng.randrange(256) for _ in range(n))


CODE = "7ZQ4MXD0N5W8K3JY6HBVRT2CA0"


def link_seeds():
    for i, s in enumerate([CODE, CODE.lower(), f"https://shop.example/order/{CODE}?utm=x",
                           f"/order/{CODE}/", f"http://[::1]:8080/a/order/{CODE}#f", "7ZQ4MXDON5W8K3JY6HBVRT2CAO",
                           CODE[:-1] + "1", "ftp://x/order/" + CODE, "https://ex\u0430mple.com/order/" + CODE,
                           " \t" + CODE + "\n", "order/" + CODE, "https://a/%6Frder/" + CODE]):
        yield f"link_{i}", s


def macro_seeds():
    for i, s in enumerate(["+10%\n19.99\n0.01\n0", "-5%\n100\n3.333", "*1.15\n7.45", "+2\n0.5", "-5\n4.99",
                           "-100%\n1", "*0.0000000000000000000000000001\n79228162514264337593543950335",
                           "+99999999999999999999999999999%\n79228162514264337593543950335", "x5\n1", "+ 1 0 %\n2"]):
        yield f"macro_{i}", s


def settings_seeds():
    for i, v in enumerate([
        {"name": "Acme", "base_url": "https://shop.example/", "currency": "jpy"},
        {"contacts_sync": {"enabled": True, "connected": True}, "strict_security": True},
        {"verification": {"max_challenges": 0}},
        {"import_limits": {"max_rows": 10, "max_columns": 100000}},
        {"base_url": "https://shop.example/a\r\nb"},
        {"defaults": {"checkout_mode": "quote", "card_payments_ready": True}},
        {"name": "   ", "unique_names": True},
        {"base_url": "javascript:alert(1)"},
    ]):
        yield f"patch_{i}.json", json.dumps(v)


def main():
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    # Only the hand-made reproducers are rewritten; crashes the fuzzer found stay as they are.
    for old in REGRESSIONS.glob("*/issue13-*"):
        old.unlink()
    for target, seeds in [("import_csv", csv_seeds()), ("import_pasted", pasted_seeds()),
                          ("import_xlsx_raw", xlsx_seeds()), ("import_xlsx_structured", structured_seeds()),
                          ("link_parse", link_seeds()), ("price_macro", macro_seeds()),
                          ("settings_patch", settings_seeds())]:
        for name, data in seeds:
            write(target, name, data)
    readme = ["# Inputs that once failed a fuzz target; core/tests/fuzz_replay.rs replays them all.", ""]
    for target, known in KNOWN.items():
        readme += [f"- {target}/issue13-{name}: {why}" for name, why in known.items()]
    readme += FOUND
    (REGRESSIONS / "README.md").write_text("\n".join(readme) + "\n")
    total = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    print(f"wrote {sum(1 for p in CORPUS.rglob('*') if p.is_file())} seeds, {total} bytes, into {CORPUS}")


if __name__ == "__main__":
    main()
