// CSV, pasted rows, paths and progress from Node (I3a, R2, R5).
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ol, throwsCode } from './helpers.mjs'

const rows = (r) => r.issues.map((i) => [i.row, i.code])

for (const [name, end] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']]) {
  test(`I3a row numbers are the sheet's with ${name} line endings and blank lines`, () => {
    const text = ['Name,Email', '', 'A,a@x.example', ',b@x.example', '', 'C,bad'].join(end) + end
    const r = ol.validateImport(text)
    assert.deepEqual(rows(r), [[4, 'NAME_REQUIRED'], [6, 'EMAIL_INVALID']])
    assert.deepEqual([r.rowsRead, r.blankRows], [5, 2])
  })
}

test('I3a pasted rows with a cell spanning lines', () => {
  // Notes is not imported (no imported field allows line breaks, R4): only its rows matter here.
  const r = ol.validateImport('Name\tNotes\r\n"Deli"\t"Jo\r\nSmith"\r\n\tx\r\n', { format: 'pasted' })
  assert.deepEqual(rows(r).filter(([, code]) => code !== 'HEADER_UNKNOWN'), [[3, 'NAME_REQUIRED']])
})

test('R5 a string is content even when it names an existing file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderlink-'))
  const path = join(dir, 'customers.csv')
  writeFileSync(path, 'Name\nDeli\n')
  const r = ol.validateImport(path)
  assert.deepEqual([r.headers, r.rowsRead], [[path], 0])
  assert.equal(ol.validateImport({ path }).rowsRead, 1)
  const ws = new ol.Workspace('Paths', { seed: 1 })
  assert.equal(ws.previewImport(path).report.rowsRead, 0)
  assert.equal(ws.previewImport({ path }).report.rowsRead, 1)
})

test('R5 a directory, a FIFO and a device are refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderlink-'))
  throwsCode(() => ol.validateImport({ path: dir }), 'FILE_NOT_REGULAR', 'validation')
  const fifo = join(dir, 'pipe.csv')
  execFileSync('mkfifo', [fifo])
  throwsCode(() => ol.validateImport({ path: fifo }), 'FILE_NOT_REGULAR')
  await assert.rejects(ol.validateImportAsync({ path: fifo }), (e) => e.code === 'FILE_NOT_REGULAR')
  throwsCode(() => new ol.Workspace('Paths', { seed: 1 }).previewImport({ path: '/dev/zero' }), 'FILE_NOT_REGULAR')
})

test('R5 a file past maxBytes is refused without reading it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderlink-'))
  const big = join(dir, 'big.csv')
  const fd = openSync(big, 'w')
  ftruncateSync(fd, 2 * 1024 ** 3) // sparse: no disk used
  closeSync(fd)
  throwsCode(() => ol.validateImport({ path: big }), 'FILE_TOO_LARGE')
  await assert.rejects(ol.validateImportAsync({ path: big }), (e) => e.code === 'FILE_TOO_LARGE')
  const small = join(dir, 'small.csv')
  writeFileSync(small, 'Name\nDeli\n')
  throwsCode(() => ol.validateImport({ path: small }, { limits: { maxBytes: 5 } }), 'FILE_TOO_LARGE')
})

test('R2 too many columns, and issues kept per code with the rest counted', () => {
  const wide = ol.validateImport('Name' + ',x'.repeat(2_000) + '\nDeli\n')
  assert.ok(wide.refused)
  assert.deepEqual(rows(wide), [[null, 'TOO_MANY_COLUMNS']])
  let text = 'Name,Email\n'
  for (let i = 0; i < 300; i++) text += `C${i},bad${i}\n`
  const r = ol.validateImport(text, { limits: { maxIssuesPerCode: 10 } })
  assert.equal(r.issues.length, 10)
  assert.deepEqual(r.issuesDropped, { EMAIL_INVALID: 290 })
  assert.equal(r.summary()[0].count, 300)
  assert.equal(r.summary()[0].text, 'EMAIL_INVALID in rows 2, 3, 4 and 297 others')
})

const bigFile = (n) => {
  const lines = ['Name,Email']
  for (let i = 0; i < n; i++) lines.push(`Customer ${i},c${i}@x.example`)
  return Buffer.from(lines.join('\n') + '\n')
}

test('R2 progress gives bytes read and returning false stops the read', () => {
  const data = bigFile(20_000)
  const seen = []
  ol.validateImport(data, { progress: (...p) => { seen.push(p) } })
  assert.deepEqual(seen.at(-1), [20_000, data.length, data.length, data.length, data.length])
  assert.ok(seen.every((p, i) => i === 0 || (p[3] >= seen[i - 1][3] && p[3] - seen[i - 1][3] <= 64 * 1024 + 64)))
  const calls = []
  const stop = (rowsRead) => {
    calls.push(rowsRead)
    return false
  }
  throwsCode(() => ol.validateImport(data, { progress: stop }), 'IMPORT_CANCELLED')
  assert.deepEqual(calls, [1_000])
  throwsCode(() => new ol.Workspace('Stop', { seed: 1 }).previewImport(data, { progress: stop }), 'IMPORT_CANCELLED')
})

test('R2 the CSV error file keeps rows wider than the header', () => {
  const r = ol.validateImport('Name,Email\nDeli,bad,,,\n')
  assert.equal(Buffer.from(r.errorFileCsv()).toString().split('\r\n')[0], 'Name,Email,,,,Issues')
})
