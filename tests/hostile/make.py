#!/usr/bin/env python3
"""Writes the hostile-file suite (issue 13 part 11; SPEC R1, R2, R4, R5, I3a) into a folder.

    python3 tests/hostile/make.py OUTDIR

Writes OUTDIR/cases.json and the files it names. Every front end's suite runs these same files
with these same expectations: Rust/CLI (cli/tests/hostile.rs), Python
(bindings-python/tests/test_hostile.py) and Node (bindings-node/__test__/hostile.test.mjs). Each
runs a case in a child process under a memory cap and checks what the case's `expect` says.

Nothing large is committed and nothing large is written: the files that inflate to gigabytes are
deflate streams of repeated blocks (a block compressed once after a full flush compresses to the
same bytes every time, so it is written N times; the CRC is combined, not computed over the
data), and the 2 GB file is sparse. The whole folder is about 10 MB and takes about a second.

A case (cases.json):
    name      r2_… : the test name in every language (the rule first)
    file      the file, relative to OUTDIR, or an absolute path (/dev/zero)
    as_path   true: the front end is told it is a path (R5); false: its bytes are given
    expect    codes_any: the case passes when at least one of these codes is reported (an issue
                         code or an error's code); empty: no particular code
              issues:    [code, row] pairs that must all be reported (I3a row numbers)
              exit:      the CLI exit statuses allowed (0: no errors, 1: a report with errors,
                         2: the CLI could not read the file at all)
              no_raw_control: the CLI's text output must not carry the control characters raw
    why       what the case is and what a reader must not do
"""
import json
import os
import struct
import sys
import zlib
from pathlib import Path

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
GIB = 1 << 30
MIB = 1 << 20


# --- CRC-32 of repeated data, combined (zlib's crc32_combine), so gigabytes are never hashed ---

def _times(mat, vec):
    s, i = 0, 0
    while vec:
        if vec & 1:
            s ^= mat[i]
        vec >>= 1
        i += 1
    return s


def _square(mat):
    return [_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1, crc2, len2):
    """The CRC-32 of A+B from crc(A), crc(B) and len(B)."""
    if len2 == 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _square(odd)
    odd = _square(even)
    while True:
        even = _square(odd)
        if len2 & 1:
            crc1 = _times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _square(even)
        if len2 & 1:
            crc1 = _times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc32_repeat(chunk_crc, chunk_len, times):
    """The CRC-32 of a chunk repeated `times` times."""
    result, have = 0, False
    power_crc, power_len = chunk_crc, chunk_len
    while times:
        if times & 1:
            result = crc32_combine(result, power_crc, power_len) if have else power_crc
            have = True
        power_crc = crc32_combine(power_crc, power_crc, power_len)
        power_len *= 2
        times >>= 1
    return result


class Part:
    """A zip entry's data: prefix + unit * times + suffix, deflated without building it."""

    def __init__(self, prefix: bytes, unit: bytes = b"", times: int = 0, suffix: bytes = b""):
        self.prefix, self.unit, self.times, self.suffix = prefix, unit, times, suffix

    def size(self):
        return len(self.prefix) + len(self.unit) * self.times + len(self.suffix)

    def crc(self):
        crc = zlib.crc32(self.prefix)
        if self.times:
            u = zlib.crc32(self.unit)
            crc = crc32_combine(crc, crc32_repeat(u, len(self.unit), self.times), len(self.unit) * self.times)
        return crc32_combine(crc, zlib.crc32(self.suffix), len(self.suffix))

    def deflated(self):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        out = [c.compress(self.prefix), c.flush(zlib.Z_FULL_FLUSH)]
        if self.times:
            # Whole blocks of ~1 MiB: after a full flush the compressor starts afresh, so each
            # block compresses to the same bytes.
            per = max(1, MIB // len(self.unit))
            block = self.unit * per
            full, rest = divmod(self.times, per)
            if full:
                d = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
                again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
                assert d == again, "a flushed block compresses the same every time"
                out.append(d * full)
            if rest:
                out.append(c.compress(self.unit * rest) + c.flush(zlib.Z_FULL_FLUSH))
        out.append(c.compress(self.suffix) + c.flush())
        return b"".join(out)


def zip_bytes(entries):
    """A zip of (name, Part or bytes, declared_size or None) entries, deflated, no zip64."""
    out, central = bytearray(), bytearray()
    for name, part, declared in entries:
        if isinstance(part, (bytes, str)):
            part = Part(part.encode() if isinstance(part, str) else part)
        data = part.deflated()
        size = part.size() if declared is None else declared
        assert size < 1 << 32 and len(data) < 1 << 32
        name_b = name.encode()
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, part.crc(), len(data), size, len(name_b), 0)
        offset = len(out)
        out += b"PK\x03\x04" + fields + name_b + data
        central += b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHII", 0, 0, 0, 0, offset) + name_b
    at = len(out)
    out += central
    out += b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries), len(central), at, 0)
    return bytes(out)


def workbook(sheet, shared=None, styles=None, sheet_declared=None, shared_declared=None):
    """A workbook whose first sheet is `sheet` (a Part, bytes or str)."""
    rels = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    entries = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>', None),
        ("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>', None),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NS_R}><sheets><sheet name="Customers" sheetId="1" r:id="rId1"/></sheets></workbook>', None),
        ("xl/worksheets/sheet1.xml", sheet, sheet_declared),
    ]
    if shared is not None:
        rels += f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        entries.append(("xl/sharedStrings.xml", shared, shared_declared))
    if styles is not None:
        rels += f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
        entries.append(("xl/styles.xml", styles, None))
    rels += "</Relationships>"
    entries.insert(3, ("xl/_rels/workbook.xml.rels", rels, None))
    return zip_bytes(entries)


SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS} {NS_R}><sheetData>'
SHEET_TAIL = "</sheetData></worksheet>"


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(*rows):
    """Sheet XML from rows of cell XML (row r= given by position)."""
    body = "".join(f'<row r="{i}">{"".join(cells)}</row>' for i, cells in enumerate(rows, 1))
    return SHEET_HEAD + body + SHEET_TAIL


HEADER_ROW = [inline("A1", "Name"), inline("B1", "Email")]
GOOD_ROW = [inline("A2", "Corner Deli"), inline("B2", "orders@deli.example")]


def cases(out: Path):
    """Writes every file; returns the cases."""
    all_cases = []

    def add(name, file_name, data, expect, why, as_path=False):
        if data is not None:
            (out / file_name).write_bytes(data)
        exp = {"codes_any": [], "issues": [], "exit": [0, 1], "no_raw_control": False}
        exp.update(expect)
        all_cases.append({"name": name, "file": file_name, "as_path": as_path, "expect": exp, "why": why})

    # --- XLSX -----------------------------------------------------------------------------
    add("r2_hostile_xlsx_cell_at_xfd1048576", "far_xfd.xlsx",
        workbook(SHEET_HEAD + '<row r="1">' + "".join(HEADER_ROW) + '</row><row r="2">' + "".join(GOOD_ROW)
                 + '</row><row r="1048576">' + inline("XFD1048576", "x") + "</row>" + SHEET_TAIL),
        {"codes_any": ["TOO_MANY_COLUMNS", "TOO_MANY_ROWS"], "exit": [1]},
        "a cell at the last column and row of a spreadsheet (under 2 KB): refused at max_columns "
        "(1,024) or max_rows (50,000), whichever the reader meets first; never a row sized to 16,384 "
        "cells or a million rows kept")
    add("r2_hostile_xlsx_cell_at_xfd_in_row_2", "far_xfd2.xlsx",
        workbook(sheet(HEADER_ROW, GOOD_ROW + [inline("XFD2", "x")])),
        {"codes_any": ["TOO_MANY_COLUMNS"], "exit": [1]},
        "a data row with a cell at XFD, the last column (under 2 KB): refused at max_columns (1,024)")
    add("r2_hostile_xlsx_cell_past_the_last_column", "far_zzzzz.xlsx",
        workbook(sheet(HEADER_ROW, GOOD_ROW + [inline("ZZZZZ2", "x")], [inline("AAAAAAAAAAAAA3", "y")])),
        {"codes_any": ["TOO_MANY_COLUMNS", "FILE_UNREADABLE"], "exit": [1]},
        "cell references past XFD (ZZZZZ, 13 letters): refused, never a row vector sized to them")
    shared_lie = ('<?xml version="1.0" encoding="UTF-8"?>'
                  f'<sst {NS} count="4294967295" uniqueCount="4294967295">'
                  '<si><t>Name</t></si><si><t>Corner Deli</t></si></sst>')
    add("r2_hostile_xlsx_shared_strings_count_lies", "shared_count.xlsx",
        workbook(sheet(['<c r="A1" t="s"><v>0</v></c>'], ['<c r="A2" t="s"><v>1</v></c>']), shared=shared_lie),
        {"codes_any": [], "exit": [0]},
        "sharedStrings declares count=uniqueCount=4294967295 and holds two: read as two, nothing "
        "reserved from the count; the file is valid")
    add("r2_hostile_xlsx_one_cell_inflating_to_1gib", "huge_cell.xlsx",
        workbook(Part((SHEET_HEAD + '<row r="1">' + inline("A1", "Name") + '</row><row r="2"><c r="A2" t="inlineStr"><is><t>').encode(),
                      b"A" * 1024, GIB // 1024, b"</t></is></c></row>" + SHEET_TAIL.encode())),
        {"codes_any": ["FILE_TOO_LARGE_INFLATED"], "exit": [1]},
        "one inline cell of 1 GiB (about 1 MB zipped): refused at max_part_bytes (256 MiB), not read")
    add("r2_hostile_xlsx_shared_strings_inflating_to_1gib", "huge_shared.xlsx",
        workbook(sheet(['<c r="A1" t="s"><v>0</v></c>'], ['<c r="A2" t="s"><v>1</v></c>']),
                 shared=Part(f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="2" uniqueCount="2"><si><t>Name</t></si><si><t>'.encode(),
                             b"B" * 1024, GIB // 1024, b"</t></si></sst>")),
        {"codes_any": ["FILE_TOO_LARGE_INFLATED"], "exit": [1]},
        "one shared string of 1 GiB: refused at max_shared_string_bytes (64 MiB)")
    add("r2_hostile_xlsx_five_million_shared_strings", "many_shared.xlsx",
        workbook(sheet(['<c r="A1" t="s"><v>0</v></c>'], ['<c r="A2" t="s"><v>1</v></c>']),
                 shared=Part(f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}><si><t>Name</t></si>'.encode(),
                             b"<si><t>x</t></si>", 5_000_000, b"</sst>")),
        {"codes_any": ["FILE_TOO_LARGE_INFLATED"], "exit": [1]},
        "5,000,000 shared strings (85 MB inflated, 80 KB zipped): refused at max_shared_strings (1,000,000)")
    add("r2_hostile_xlsx_ten_million_repeated_rows", "repeated_rows.xlsx",
        workbook(Part((SHEET_HEAD + '<row>' + inline("A1", "Name").replace(' r="A1"', "") + "</row>").encode(),
                      b'<row><c t="inlineStr"><is><t>Deli</t></is></c></row>', 10_000_000, SHEET_TAIL.encode())),
        {"codes_any": ["TOO_MANY_ROWS", "FILE_TOO_LARGE_INFLATED"], "exit": [1]},
        "10,000,000 rows of one repeated cell (520 MB inflated): refused at max_rows (50,000) or the "
        "part limit, long before the end")
    add("r2_hostile_xlsx_ten_million_cells_in_one_row", "repeated_cells.xlsx",
        workbook(Part((SHEET_HEAD + '<row>').encode(), b'<c t="inlineStr"><is><t>x</t></is></c>', 10_000_000,
                      ("</row>" + SHEET_TAIL).encode())),
        {"codes_any": ["TOO_MANY_COLUMNS", "FILE_TOO_LARGE_INFLATED"], "exit": [1]},
        "a header row of 10,000,000 cells without references: refused at max_columns")
    add("r2_hostile_xlsx_zip_bomb_part_declaring_1kb", "bomb.xlsx",
        workbook(Part((SHEET_HEAD + '<row r="1">' + inline("A1", "Name") + "</row><!--").encode(),
                      b"a" * 1024, 2 * GIB // 1024 - 1, ("-->" + SHEET_TAIL).encode()),
                 sheet_declared=1000),
        {"codes_any": ["FILE_TOO_LARGE_INFLATED", "FILE_UNREADABLE"], "exit": [1]},
        "the sheet entry declares 1,000 bytes and inflates to 2 GiB (a comment): refused by the bytes "
        "actually inflated (or as a broken zip), never trusted or read to the end")
    add("r2_hostile_xlsx_styles_zip_bomb", "styles_bomb.xlsx",
        workbook(sheet(HEADER_ROW, GOOD_ROW),
                 styles=Part(f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><!--'.encode(), b"a" * 1024,
                             GIB // 1024, b"--></styleSheet>")),
        {"codes_any": [], "exit": [0, 1]},
        "styles.xml inflates to 1 GiB: a reader reads it within the limits or not at all "
        "(FILE_TOO_LARGE_INFLATED or a clean report); memory stays capped")
    add("r2_hostile_xlsx_deeply_nested_xml", "nested.xlsx",
        workbook(Part((SHEET_HEAD + '<row r="1">' + inline("A1", "Name") + "</row>").encode(), b"<x>", 1_000_000,
                      b"</x>" * 1000 + SHEET_TAIL.encode())),
        {"codes_any": [], "exit": [0, 1]},
        "1,000,000 nested unknown elements (unclosed): no recursion, no stack overflow; FILE_UNREADABLE "
        "or a report")
    laughs = '<!DOCTYPE worksheet [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)) + "]>"
    add("r2_hostile_xlsx_billion_laughs", "laughs.xlsx",
        workbook(f'<?xml version="1.0" encoding="UTF-8"?>{laughs}<worksheet {NS}><sheetData><row r="1">'
                 + inline("A1", "Name") + '</row><row r="2">' + inline("A2", "&lol9;") + "</row>" + SHEET_TAIL),
        {"codes_any": [], "exit": [0, 1]},
        "a DOCTYPE defining nested entities: never expanded (FILE_UNREADABLE, CELL_INVALID or the text "
        "as written)")

    # --- CSV --------------------------------------------------------------------------------
    add("r2_hostile_csv_header_of_five_million_columns", "wide_header.csv",
        b"Name" + b",x" * 5_000_000 + b"\nCorner Deli\n",
        {"codes_any": ["TOO_MANY_COLUMNS"], "exit": [1]},
        "a 10 MB header of 5,000,000 unknown columns: refused at max_columns, not one warning each")
    big = (b"a" * 99 + b"\n") * 190_000
    add("r2_hostile_csv_one_huge_quoted_cell", "huge_quoted.csv",
        b'Name,Email\n"' + big + b'",orders@deli.example\nCorner Deli,orders@deli.example\n',
        {"codes_any": ["TEXT_INVALID", "NAME_TOO_LONG"], "exit": [1]},
        "one quoted 19 MB cell over 190,000 lines: TEXT_INVALID (a name takes no line breaks, R4), and "
        "both error files are written quickly (the XLSX one cuts the cell to 32,767 characters)"
        "(the XLSX one cuts the cell to 32,767 characters)")
    rows = [b"Name,Email", b"Corner Deli,orders@deli.example", b"Bad Email Ltd,not-an-email", b"",
            b"Blank Above,still-bad"]
    expect_rows = {"issues": [["EMAIL_INVALID", 3], ["EMAIL_INVALID", 5]], "exit": [1]}
    add("i3a_hostile_csv_crlf_row_numbers", "crlf.csv", b"\r\n".join(rows) + b"\r\n", expect_rows,
        "CRLF endings (Excel on Windows, Python's csv, orderlink's export): the sheet's row numbers, "
        "the blank row 4 counted")
    add("i3a_hostile_csv_cr_only_row_numbers", "cr.csv", b"\r".join(rows) + b"\r", expect_rows,
        "CR-only endings (old Mac): every row its own number, not all row 1")
    add("i3a_hostile_csv_lf_blank_line_row_numbers", "lf.csv", b"\n".join(rows) + b"\n", expect_rows,
        "LF endings with a blank line: the row after it is row 5")
    add("r4_hostile_csv_nul_in_a_cell", "nul.csv", b"Name,Email\nCorner\x00Deli,orders@deli.example\n",
        {"issues": [["TEXT_INVALID", 2]], "exit": [1]},
        "NUL inside a name: TEXT_INVALID where it enters (PostgreSQL cannot store it)")
    add("r4_hostile_csv_ansi_escapes_in_cells", "ansi.csv",
        b"Name,Email\n\x1b[2J\x1b[31mEvil Deli\x1b[0m,\x1b]0;owned\x07x@deli.example\n",
        {"issues": [["TEXT_INVALID", 2]], "exit": [1], "no_raw_control": True},
        "ANSI escape sequences in cells: TEXT_INVALID, and the CLI never prints them raw")

    # --- Paths (R2, R5) -------------------------------------------------------------------------
    sparse = out / "sparse_2gb.csv"
    with open(sparse, "wb") as f:
        f.write(b"Name,Email\n")
        f.truncate(2 * 10**9)
    add("r2_hostile_path_sparse_2gb_file", sparse.name, None,
        {"codes_any": ["FILE_TOO_LARGE"], "exit": [1, 2]},
        "a 2 GB (sparse) file given as a path: refused from its size, never read whole", as_path=True)
    add("r2_hostile_path_dev_zero", "/dev/zero", None,
        {"codes_any": ["FILE_NOT_REGULAR"], "exit": [1, 2]},
        "/dev/zero given as a path: not a regular file, refused without reading (reading it until "
        "memory runs out, then INVALID_ARGUMENT, is what this case catches)", as_path=True)
    fifo = out / "fifo.csv"
    if fifo.exists():
        fifo.unlink()
    os.mkfifo(fifo)
    add("r2_hostile_path_fifo", fifo.name, None,
        {"codes_any": ["FILE_NOT_REGULAR"], "exit": [1, 2]},
        "a FIFO with no writer given as a path: refused, never opened for a blocking read", as_path=True)
    return all_cases


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make.py OUTDIR")
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    all_cases = cases(out)
    (out / "cases.json").write_text(json.dumps(all_cases, indent=1))


if __name__ == "__main__":
    main()
