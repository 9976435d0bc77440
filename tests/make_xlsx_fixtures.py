#!/usr/bin/env python3
"""Writes the small XLSX fixtures of R2 and I3b into tests/fixtures/xlsx/ (or the folder given).

    python3 tests/make_xlsx_fixtures.py [OUT_DIR]

Each workbook is written part by part with the standard library's zipfile, so it can hold what
no spreadsheet program writes: a cell far past the last column, a shared-strings table that
claims billions of entries, one cell of megabytes, a formula with no calculated value. Every
file is a few KB on disk. The bytes are the same on every run (fixed timestamps, fixed order);
bindings-python/tests/test_xlsx_limits.py checks that regenerating changes nothing.
"""

import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "fixtures" / "xlsx"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)


def sheet(rows):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(rows, shared=None):
    """The parts of a one-sheet workbook ("Customers"), in a fixed order."""
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", sheet(rows)),
    ]
    if shared is not None:
        parts.append(("xl/sharedStrings.xml", shared))
    return parts


FIXTURES = {
    # R2: a cell at XFD (column 16,384), past the default 1,024 columns. Under the old reader
    # this 1 KB file aborted the process (the row was sized to the cell's column).
    "far_column.xlsx": workbook(
        '<row r="1">' + inline("A1", "Name") + inline("XFD1", "far") + "</row>"
    ),
    # R2: a shared-strings table that claims 4,294,967,295 entries and holds two: read as what
    # it holds, never reserved from what it claims.
    "absurd_shared_count.xlsx": workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>',
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'count="18446744073709551615" uniqueCount="4294967295">'
        "<si><t>Name</t></si><si><t>Corner Deli</t></si></sst>",
    ),
    # R2: one cell of 2 MiB of text (a spreadsheet cell holds 32,767 characters): refused as
    # FILE_TOO_LARGE_INFLATED before it is gathered into memory.
    "huge_cell.xlsx": workbook(
        '<row r="1">' + inline("A1", "Name") + '</row><row r="2">' + inline("A2", "y" * (2 * 1024 * 1024)) + "</row>"
    ),
    # I3b: formulas as openpyxl writes them, with no calculated value: B3 has no <v>, B4 an
    # empty one. Row 2's formula has its value and reads as it.
    "formula_not_calculated.xlsx": workbook(
        '<row r="1">' + inline("A1", "Name") + inline("B1", "Code") + "</row>"
        '<row r="2">' + inline("A2", "Corner Deli") + '<c r="B2" t="str"><f>"C"&amp;"7"</f><v>C7</v></c></row>'
        '<row r="3">' + inline("A3", "Pier Seafood") + '<c r="B3"><f>SUM(B1:B2)</f></c></row>'
        '<row r="4">' + inline("A4", "Harbour Cafe") + '<c r="B4" t="str"><f>"C"&amp;"9"</f><v></v></c></row>'
    ),
}


def write(out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, parts in FIXTURES.items():
        with zipfile.ZipFile(out_dir / name, "w") as z:
            for part, text in parts:
                info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, text.encode("utf-8"), compresslevel=9)
    return sorted(FIXTURES)


if __name__ == "__main__":
    for name in write(sys.argv[1] if len(sys.argv) > 1 else OUT):
        print(name)
