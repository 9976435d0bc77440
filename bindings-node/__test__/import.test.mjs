// Import checks from Node (I1–I3, I5, E1): a service checking a file before it is loaded.
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ol, throwsCode } from './helpers.mjs'

const MIXED = Buffer.from('Customer Name,Customer Code,Email Address,Fax\nCorner Deli,C1,orders@deli.example,1\nPier,c1,bad,\n,C3,,\n')
const big = (rows) => {
  const lines = ['Name,Email']
  for (let i = 0; i < rows; i++) lines.push(`Customer ${i},c${i}@x.example`)
  return Buffer.from(lines.join('\n') + '\n')
}

test('I1 reads a Buffer, a string or { path }, and .tsv paths as pasted rows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orderlink-'))
  writeFileSync(join(dir, 'c.csv'), MIXED)
  writeFileSync(join(dir, 'rows.tsv'), 'Name\tEmail\nDeli, Pty\tx@y.example\n')
  assert.equal(ol.validateImport(MIXED).rowsRead, 3)
  assert.equal(ol.validateImport(new Uint8Array(MIXED)).rowsRead, 3)
  assert.equal(ol.validateImport(MIXED.toString()).rowsRead, 3)
  assert.equal(ol.validateImport({ path: join(dir, 'c.csv') }).rowsRead, 3)
  const pasted = ol.validateImport({ path: join(dir, 'rows.tsv') })
  assert.deepEqual([pasted.format, pasted.validRows], ['pasted', 1])
  const e = throwsCode(() => ol.validateImport({ path: join(dir, 'missing.csv') }), 'FILE_UNREADABLE', 'validation')
  assert.match(e.message, /cannot read/)
  throwsCode(() => ol.validateImport(42), 'INVALID_ARGUMENT')
  throwsCode(() => ol.validateImport({ file: 'c.csv' }), 'INVALID_ARGUMENT')
  throwsCode(() => ol.validateImport(MIXED, { limitz: {} }), 'INVALID_ARGUMENT')
})

test('I3 issues carry row, column, code, message, value and severity', () => {
  const r = ol.validateImport(MIXED)
  assert.deepEqual(
    r.issues.map((i) => [i.row, i.column, i.code, i.severity]),
    [
      [null, 'Fax', 'HEADER_UNKNOWN', 'warning'],
      [3, 'Email Address', 'EMAIL_INVALID', 'error'],
      [3, 'Customer Code', 'CODE_DUPLICATE_IN_FILE', 'error'],
      [4, 'Customer Name', 'NAME_REQUIRED', 'error'],
    ],
  )
  assert.equal(r.issues[1].value, 'bad')
  assert.ok(r.hasErrors && !r.refused)
  assert.deepEqual(r.summary().map((g) => g.text).slice(0, 3), ['EMAIL_INVALID in row 3', 'CODE_DUPLICATE_IN_FILE in row 3', 'NAME_REQUIRED in row 4'])
  assert.match(r.summaryText(), /^3 rows read: 1 valid, 2 with errors, 0 blank/)
})

test('I3 the error files hold the rows to fix and read back', () => {
  const r = ol.validateImport(MIXED)
  const csv = Buffer.from(r.errorFileCsv()).toString('utf8')
  assert.equal(csv.split('\r\n')[0], 'Customer Name,Customer Code,Email Address,Fax,Issues')
  assert.ok(!csv.includes('Corner Deli'))
  const again = ol.validateImport(r.errorFileXlsx())
  assert.deepEqual([again.format, again.rowsRead], ['xlsx', 2])
})

test('I2 I5 headers and limits refuse the whole file', () => {
  assert.deepEqual(ol.validateImport(Buffer.from('Email\nx@y.example\n')).issues.map((i) => i.code), ['HEADER_MISSING'])
  const r = ol.validateImport(MIXED, { limits: { maxRows: 2 } })
  assert.ok(r.refused)
  assert.deepEqual(r.issues.map((i) => i.code), ['HEADER_UNKNOWN', 'TOO_MANY_ROWS'])
  const groups = ol.validateImport(Buffer.from('Name,Price Group\nDeli,Gold\n'), { priceGroups: ['Trade'] })
  assert.deepEqual(groups.issues.map((i) => i.code), ['PRICE_GROUP_UNKNOWN'])
})

test('I5 validateImportAsync reads off the main thread and rejects with a coded Error', async () => {
  let ticks = 0
  const timer = setInterval(() => ticks++, 1)
  try {
    const r = await ol.validateImportAsync(big(300_000), { limits: { maxRows: 300_000 } })
    assert.equal(r.rowsRead, 300_000)
  } finally {
    clearInterval(timer)
  }
  assert.ok(ticks > 0, 'the event loop ran while the file was read')
  await assert.rejects(ol.validateImportAsync({ path: '/nonexistent/orderlink.csv' }), (e) => e.code === 'FILE_UNREADABLE')
})

test('E1 neutraliseCell', () => {
  assert.equal(ol.neutraliseCell('=HYPERLINK("x")'), '\'=HYPERLINK("x")')
  assert.equal(ol.neutraliseCell('Corner Deli'), 'Corner Deli')
})

test('I4 previewImport then confirmImport writes exactly the valid rows', () => {
  const ws = new ol.Workspace('Acme')
  const existing = ws.createCustomer({ name: 'Harbour', code: 'C3' })
  const p = ws.previewImport(Buffer.from('Customer Name,Customer Code,Email Address\nCorner Deli,C1,orders@deli.example\nPier,C2,bad\nHarbour Cafe,C3,\n,,\n'))
  assert.deepEqual(p.rows.map((r) => [r.row, r.action]), [[2, 'create'], [3, 'error'], [4, 'update']])
  assert.deepEqual([p.rows[2].customerId, p.rows[2].changes], [existing.id, ['name']])
  assert.deepEqual([p.creates, p.updates, p.unchanged, p.errors], [1, 1, 0, 1])
  assert.equal(ws.listCustomers().total, 1, 'preview saves nothing')
  const r = ws.confirmImport(p)
  assert.deepEqual([r.created.length, r.updated, r.errorRows, r.blankRows, r.rowsRead], [1, [existing.id], [3], 1, 4])
  assert.equal(ws.getCustomer(existing.id).name, 'Harbour Cafe')
})

test('I4 confirmImport refuses a stale preview and writes nothing', () => {
  const ws = new ol.Workspace('Acme')
  const p = ws.previewImport(Buffer.from('Name,Code\nCorner Deli,C1\nPier,C2\n'))
  ws.createCustomer({ name: 'Someone Else', code: 'c2' })
  const e = throwsCode(() => ws.confirmImport(p), 'IMPORT_STALE', 'conflict')
  assert.match(e.message, /row 3/)
  assert.equal(ws.listCustomers().total, 1)
})

test('I6 import is refused while contacts sync is the source of truth', () => {
  const ws = new ol.Workspace('Acme', { contactsSync: { enabled: true, connected: true } })
  throwsCode(() => ws.previewImport(MIXED), 'SOURCE_OF_TRUTH_EXTERNAL', 'contacts_sync')
})

test('E1 exportCustomers re-imports as updates with no change', () => {
  const ws = new ol.Workspace('Acme')
  ws.createCustomer({ name: '=Deli', code: 'C1', phone: '+61 2 9999 0000' })
  ws.createCustomer({ name: 'Closed', code: 'C2', active: false })
  const data = Buffer.from(ws.exportCustomers({ filter: 'all' }))
  assert.ok(data.includes("'=Deli") && data.includes("'+61 2 9999 0000"))
  const p = ws.previewImport(data)
  assert.deepEqual([p.updates, p.unchanged, p.creates, p.errors], [2, 2, 0, 0])
  assert.equal(Buffer.from(ws.exportCustomers()).toString().split('\r\n').length - 1, 2, 'the default view is active customers')
})

test('I5 progress is reported every 1,000 rows and an exception from it stops the read', () => {
  const seen = []
  const report = ol.validateImport(big(25_000), { progress: (rows, done, total) => seen.push([rows, done <= total]) })
  assert.equal(report.rowsRead, 25_000)
  assert.equal(seen.at(-1)[0], 25_000)
  assert.ok(seen.every((s, i) => s[1] && (i === 0 || s[0] - seen[i - 1][0] <= 1_000)))
  class Stop extends Error {}
  assert.throws(() => ol.validateImport(big(25_000), { progress: () => { throw new Stop('enough') } }), Stop)
  throwsCode(() => ol.validateImport(big(10), { progress: 'yes' }), 'INVALID_ARGUMENT')
  const ws = new ol.Workspace('Harbour Foods')
  const previewSeen = []
  ws.previewImport(big(12_000), { progress: (rows) => previewSeen.push(rows) })
  assert.deepEqual(previewSeen.at(-1), 12_000)
  assert.ok(previewSeen.length >= 12)
})

test('I5 workspace import limits are a constructor option and a setting', () => {
  const ws = new ol.Workspace('Harbour Foods', { importLimits: { maxRows: 2 } })
  const preview = ws.previewImport(Buffer.from('Customer Name\nA\nB\nC\n'))
  assert.ok(preview.report.refused)
  assert.deepEqual(preview.report.issues.map((i) => i.code), ['TOO_MANY_ROWS'])
  ws.updateSettings({ importLimits: { maxRows: 5 } })
  assert.equal(ws.previewImport(Buffer.from('Customer Name\nA\nB\nC\n')).report.refused, false)
  throwsCode(() => new ol.Workspace('X', { importLimits: { maxRowz: 1 } }), 'INVALID_ARGUMENT')
})
