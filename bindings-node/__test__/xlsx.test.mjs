// R2, I3b from Node: XLSX files that used to stop the process or read wrong, through
// validateImport. The fixtures are written by tests/make_xlsx_fixtures.py (a few KB each).
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ol } from './helpers.mjs'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fixtures', 'xlsx')
const fixture = (name) => readFileSync(join(FIXTURES, name))
const codes = (r) => r.issues.map((i) => [i.row ?? null, i.code])

test('R2 a cell far past the last column is refused, not allocated', () => {
  const data = fixture('far_column.xlsx')
  assert.ok(data.length < 2048)
  const r = ol.validateImport(data)
  assert.equal(r.refused, true)
  assert.deepEqual(codes(r), [[null, 'TOO_MANY_COLUMNS']])
  assert.match(r.issues[0].message, /XFD1/)
})

test('R2 an absurd shared-strings count is never reserved', () => {
  const r = ol.validateImport(fixture('absurd_shared_count.xlsx'))
  assert.deepEqual([r.refused, r.rowsRead, r.validRows], [false, 1, 1])
})

test('R2 one huge cell is refused before it is read whole', () => {
  const data = fixture('huge_cell.xlsx')
  assert.ok(data.length < 4096)
  const r = ol.validateImport(data)
  assert.deepEqual(codes(r), [[null, 'FILE_TOO_LARGE_INFLATED']])
})

test('R2 progress is in bytes of the sheet', () => {
  const seen = []
  const r = ol.validateImport(fixture('absurd_shared_count.xlsx'), { progress: (...p) => seen.push(p) })
  assert.equal(r.rowsRead, 1)
  const [, done, total, bytesRead, bytesTotal] = seen[seen.length - 1]
  assert.equal(done, total)
  assert.deepEqual([bytesRead, bytesTotal], [done, total], 'XLSX: bytes of the sheet once inflated')
  assert.ok(total > 100, `bytes, not rows: ${total}`)
})

test('I3b a formula with no calculated value is its own issue, never a blank', () => {
  const r = ol.validateImport(fixture('formula_not_calculated.xlsx'))
  assert.deepEqual(codes(r), [[3, 'FORMULA_NOT_CALCULATED'], [4, 'FORMULA_NOT_CALCULATED']])
  const [first, second] = r.issues
  assert.match(first.message, /B3/)
  assert.equal(first.column, 'Code')
  assert.equal(first.value, '=SUM(B1:B2)')
  assert.match(second.message, /B4/)
  assert.deepEqual([r.validRows, r.errorRows, r.blankRows], [1, 2, 0])
})
