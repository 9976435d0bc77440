// R1, R2, R4, R5, I3a: the hostile-file suite through the Node binding.
//
// tests/hostile/make.py writes the files and their expectations (cases.json); the CLI and
// Python suites run the same files. Each case runs in a child `node` process
// (hostile_child.mjs). V8 reserves more address space than any useful cap just to start, so the
// rule is checked on the child's measured peak resident memory: its VmHWM at the end, less its
// resident memory once the binding is loaded, must stay under 512 MiB. As a net for the machine
// the child still runs under `prlimit --as` at its baseline address space + 2 GiB, and a time
// limit. A case passes when the child ends normally (no panic, no abort), reports an expected
// code (an issue code or a thrown error's code) and the expected rows, and writes both error
// files for any report.
import test from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..', '..')
const GROWTH = 512 * 1024 * 1024
const NET = 2 * 1024 * 1024 * 1024
const TIME_LIMIT_MS = 30_000

const DIR = mkdtempSync(join(tmpdir(), 'orderlink-hostile-node-'))
execFileSync('python3', [join(ROOT, 'tests', 'hostile', 'make.py'), DIR])
const CASES = new Map(JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')).map((c) => [c.name, c]))

function child(file, asPath, cap) {
  const args = [join(HERE, 'hostile_child.mjs'), file, asPath ? '1' : '0']
  const [cmd, argv] = cap ? ['prlimit', [`--as=${cap}`, '--', process.execPath, ...args]] : [process.execPath, args]
  return spawnSync(cmd, argv, { encoding: 'utf8', timeout: TIME_LIMIT_MS, killSignal: 'SIGKILL', maxBuffer: 64 << 20 })
}

// The baseline: the child's own peak address space on a small file with an error.
const small = join(DIR, 'baseline.csv')
writeFileSync(small, 'Name,Email\nCorner Deli,orders@deli.example\nBad,not-an-email\n')
const base = child(small, false, 0)
assert.equal(base.status, 1, base.stderr)
const CAP = JSON.parse(base.stdout).vmPeak + NET

function runCase(name) {
  const c = CASES.get(name)
  assert.ok(c, `no case ${name} in cases.json`)
  const e = c.expect
  const file = c.file.startsWith('/') ? c.file : join(DIR, c.file)
  const context = `${name} (${c.why})`
  const done = child(file, c.as_path, CAP)
  const err = (done.stderr ?? '').slice(-800)
  assert.ok(!done.error, `${context}: ${done.error?.code === 'ETIMEDOUT' ? `still running after ${TIME_LIMIT_MS} ms` : done.error}`)
  assert.equal(done.signal, null, `${context}: killed by ${done.signal}; stderr: ${err}`)
  assert.ok([0, 1].includes(done.status), `${context}: exit ${done.status}; stderr: ${err}`)
  assert.ok(!/panicked|fatal error|out of memory/i.test(done.stderr), `${context}: ${err}`)
  const out = JSON.parse(done.stdout)
  const growth = out.peakRss - out.startRss
  assert.ok(growth < GROWTH, `${context}: peak resident memory grew by ${growth >> 20} MiB (limit 512 MiB)`)
  assert.deepEqual(out.errorFiles, [], `${context}: an error file failed`)
  const codes = new Set(out.issues.map(([code]) => code))
  if (out.error) codes.add(out.error)
  if (e.codes_any.length) {
    assert.ok(e.codes_any.some((x) => codes.has(x)), `${context}: expected one of ${e.codes_any}; got ${JSON.stringify(out)}`)
  } else if (e.exit.length === 1 && e.exit[0] === 0) {
    assert.equal(done.status, 0, `${context}: expected a clean report; got ${JSON.stringify(out)}`)
  }
  for (const [code, row] of e.issues) {
    assert.ok(
      out.issues.some(([c, r]) => c === code && r === row),
      `${context}: expected ${code} at row ${row}; got ${JSON.stringify(out.issues)}`,
    )
  }
}

const NAMES = {
  r2_hostile_xlsx_cell_at_xfd1048576: 'R2 hostile XLSX: a cell at XFD1048576',
  r2_hostile_xlsx_cell_at_xfd_in_row_2: 'R2 hostile XLSX: a cell at XFD in row 2',
  r2_hostile_xlsx_cell_past_the_last_column: 'R2 hostile XLSX: cells past the last column (ZZZZZ)',
  r2_hostile_xlsx_shared_strings_count_lies: 'R2 hostile XLSX: shared strings declaring count=4294967295',
  r2_hostile_xlsx_one_cell_inflating_to_1gib: 'R2 hostile XLSX: one cell inflating to 1 GiB',
  r2_hostile_xlsx_shared_strings_inflating_to_1gib: 'R2 hostile XLSX: a shared string inflating to 1 GiB',
  r2_hostile_xlsx_five_million_shared_strings: 'R2 hostile XLSX: 5,000,000 shared strings',
  r2_hostile_xlsx_ten_million_repeated_rows: 'R2 hostile XLSX: 10,000,000 repeated rows',
  r2_hostile_xlsx_ten_million_cells_in_one_row: 'R2 hostile XLSX: 10,000,000 cells in one row',
  r2_hostile_xlsx_zip_bomb_part_declaring_1kb: 'R2 hostile XLSX: a zip-bomb sheet declaring 1 KB',
  r2_hostile_xlsx_styles_zip_bomb: 'R2 hostile XLSX: a zip-bomb styles part',
  r2_hostile_xlsx_deeply_nested_xml: 'R2 hostile XLSX: 1,000,000 nested elements',
  r2_hostile_xlsx_billion_laughs: 'R2 hostile XLSX: billion laughs entities',
  r2_hostile_csv_header_of_five_million_columns: 'R2 hostile CSV: a header of 5,000,000 columns',
  r2_hostile_csv_one_huge_quoted_cell: 'R2 hostile CSV: one 19 MB quoted cell',
  i3a_hostile_csv_crlf_row_numbers: 'I3a hostile CSV: CRLF row numbers',
  i3a_hostile_csv_cr_only_row_numbers: 'I3a hostile CSV: CR-only row numbers',
  i3a_hostile_csv_lf_blank_line_row_numbers: 'I3a hostile CSV: LF with a blank line',
  r4_hostile_csv_nul_in_a_cell: 'R4 hostile CSV: NUL in a cell',
  r4_hostile_csv_ansi_escapes_in_cells: 'R4 hostile CSV: ANSI escapes in cells',
  r2_hostile_path_sparse_2gb_file: 'R2 hostile path: a 2 GB sparse file',
  r2_hostile_path_dev_zero: 'R2 hostile path: /dev/zero',
  r2_hostile_path_fifo: 'R2 hostile path: a FIFO',
}

for (const [name, title] of Object.entries(NAMES)) test(title, () => runCase(name))

test('R2 hostile: every case has a test', () => {
  assert.deepEqual(Object.keys(NAMES).sort(), [...CASES.keys()].sort())
})
