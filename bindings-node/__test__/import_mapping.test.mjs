// Column mappings (I7), record ids (I8) and undo (I9) from Node.
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { ol, throwsCode } from './helpers.mjs'

const SUPPLIER = Buffer.from('Trading Name,Acct No.,Buyer e-mail,Notes\nCorner Deli,CD-1,orders@deli.example,call first\n')
const MAPPING = { 'Trading Name': 'name', 'Acct No.': 'code', 'Buyer e-mail': 'email', Notes: null }

test('I7 an explicit mapping reads headers nobody listed, and the preview says how', () => {
  const ws = new ol.Workspace('Harbour Foods')
  assert.equal(ws.previewImport(SUPPLIER).report.refused, true)
  const p = ws.previewImport(SUPPLIER, { mapping: MAPPING })
  assert.equal(p.creates, 1)
  assert.deepEqual(p.report.issues, [])
  assert.deepEqual(p.mapping.map((c) => [c.header, c.field, c.matchedBy]), [
    ['Trading Name', 'name', 'mapping'],
    ['Acct No.', 'code', 'mapping'],
    ['Buyer e-mail', 'email', 'mapping'],
    ['Notes', null, 'mapping'],
  ])
  assert.equal(p.mappingName, null)
  const c = ws.getCustomer(ws.confirmImport(p).created[0])
  assert.deepEqual([c.code, c.email], ['CD-1', 'orders@deli.example'])
})

test('I7 an explicit mapping never guesses', () => {
  const p = new ol.Workspace('A').previewImport(SUPPLIER, { mapping: { 'Trading Name': 'name' } })
  assert.deepEqual(p.mapping[1], { header: 'Acct No.', field: null, matchedBy: 'unmatched' })
  assert.deepEqual(p.report.issues.filter((i) => i.code === 'HEADER_UNKNOWN').map((i) => i.column), ['Acct No.', 'Buyer e-mail', 'Notes'])
})

test('I7 a bad mapping is refused when given', () => {
  const ws = new ol.Workspace('A')
  for (const mapping of [{ A: 'name', B: 'name' }, { A: 'favourite_colour' }, { ' ': 'name' }]) {
    throwsCode(() => ws.previewImport(SUPPLIER, { mapping }), 'IMPORT_MAPPING_INVALID')
    throwsCode(() => ws.saveMapping('x', mapping), 'IMPORT_MAPPING_INVALID')
  }
  throwsCode(() => ws.previewImport(SUPPLIER, { mapping: 42 }), 'INVALID_ARGUMENT')
})

test('I7 saved mappings by name', () => {
  const ws = new ol.Workspace('A')
  const saved = ws.saveMapping('Harbour', MAPPING)
  assert.equal(saved.name, 'Harbour')
  assert.deepEqual(ws.importMappings().map((m) => m.name), ['Harbour'])
  assert.ok(ws.importMappings()[0].savedAt instanceof Date)
  const p = ws.previewImport(SUPPLIER, { mapping: 'harbour' })
  assert.deepEqual([p.creates, p.mappingName], [1, 'Harbour'])
  throwsCode(() => ws.previewImport(SUPPLIER, { mapping: 'nobody' }), 'IMPORT_MAPPING_NOT_FOUND')
  assert.equal(ws.deleteImportMapping('HARBOUR'), true)
  assert.equal(ws.deleteImportMapping('HARBOUR'), false)
})

test('I7 validateImport takes a mapping; suggestMapping ranks candidates', async () => {
  const r = ol.validateImport(Buffer.from('Trading Name,Buyer e-mail\nDeli,bad@\n'), { mapping: { 'Trading Name': 'name', 'Buyer e-mail': 'email' } })
  assert.deepEqual([r.errorRows, r.issues[0].code, r.issues[0].column], [1, 'EMAIL_INVALID', 'Buyer e-mail'])
  const a = await ol.validateImportAsync(Buffer.from('Trading Name\nDeli\n'), { mapping: { 'Trading Name': 'name' } })
  assert.equal(a.validRows, 1)
  throwsCode(() => ol.validateImport(SUPPLIER, { mapping: 'saved name' }), 'INVALID_ARGUMENT')
  const s = ol.suggestMapping(['Customer Name', 'Acct No.', 'Zzz'])
  assert.deepEqual(s.map((x) => x.header), ['Acct No.', 'Zzz'])
  assert.deepEqual(s[0].candidates[0], { field: 'code', confidence: 0.95, reason: 'synonym' })
  assert.deepEqual(s[1].candidates, [])
})

test('I8 an export re-imports as unchanged, codes or not, apostrophes kept', () => {
  const ws = new ol.Workspace('A')
  ws.createCustomer({ name: 'Codeless Cafe' })
  ws.createCustomer({ name: "'=Apostrophe Deli", code: 'C2' })
  const csv = ws.exportCustomers()
  assert.ok(Buffer.from(csv).toString().split('\r\n')[0].endsWith(',Record ID'))
  const p = ws.previewImport(csv)
  assert.deepEqual([p.rows.length, p.unchanged], [2, 2])
})

test('I9 confirm then undo, reported and refused a second time', async () => {
  const ws = new ol.Workspace('A')
  const pier = ws.createCustomer({ name: 'Pier', code: 'P1' })
  const result = ws.confirmImport(ws.previewImport(Buffer.from('Name,Code,Phone\nPier,P1,555\nNew Deli,N1,\n')))
  assert.match(result.batchId, /^[0-9a-f-]{36}$/)
  ws.updateCustomer(pier.id, { contact: 'Sam' })
  const report = ws.undoImport(result.batchId)
  assert.deepEqual([report.batchId, report.deleted, report.restored, report.kept], [result.batchId, result.created, [pier.id], []])
  assert.equal(ws.getCustomer(pier.id).phone, null)
  assert.equal(ws.getCustomer(pier.id).contact, 'Sam')
  const batch = ws.importBatch(result.batchId)
  assert.deepEqual(batch.rows.map((r) => r.action), ['updated', 'created'])
  assert.deepEqual(batch.rows[0].changes, [{ field: 'phone', before: null, after: '555' }])
  assert.deepEqual(batch.undo.restored, [pier.id])
  throwsCode(() => ws.undoImport(result.batchId), 'IMPORT_ALREADY_UNDONE')
  throwsCode(() => ws.undoImport('00000000-0000-4000-8000-000000000001'), 'IMPORT_BATCH_NOT_FOUND')
  await assert.rejects(ws.undoImportAsync(result.batchId), (e) => e.code === 'IMPORT_ALREADY_UNDONE')
})

test('I9 undo keeps and reports a field edited since', () => {
  const ws = new ol.Workspace('A')
  const pier = ws.createCustomer({ name: 'Pier', code: 'P1' })
  const result = ws.confirmImport(ws.previewImport(Buffer.from('Name,Code,Phone\nPier,P1,555\n')))
  ws.updateCustomer(pier.id, { phone: '777' })
  const report = ws.undoImport(result.batchId)
  assert.deepEqual(report.kept, [{ customerId: pier.id, reason: 'changed_since', fields: ['phone'] }])
  assert.equal(ws.getCustomer(pier.id).phone, '777')
})

for (const kind of ['sqlite', 'postgres']) test(`I9 the ${kind} store keeps batches and mappings, and its undo is one call`, async (t) => {
  let store
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'orderlink-i9-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    store = () => new ol.SqliteStore(join(dir, 'shop.db'))
  } else {
    const url = process.env.ORDERLINK_PG_URL
    assert.ok(url, 'the PostgreSQL tests need a server: run them through scripts/with-postgres')
    const schema = `node_i9_${randomUUID().replaceAll('-', '')}`
    store = () => new ol.PostgresStore(url, { schema })
  }
  const ws = new ol.Workspace('Harbour Foods', { store: store() })
  const pier = ws.createCustomer({ name: 'Pier', code: 'P1' })
  ws.saveMapping('Supplier', MAPPING)
  const result = ws.confirmImport(ws.previewImport(Buffer.from('Name,Code,Phone\nPier,P1,555\nNew Deli,N1,\n')))
  const again = ol.Workspace.open(store())
  assert.deepEqual(again.importMappings().map((m) => m.name), ['Supplier'])
  const report = await again.undoImportAsync(result.batchId)
  assert.deepEqual([report.deleted, report.restored], [result.created, [pier.id]])
  assert.equal(again.getCustomer(pier.id).phone, null)
  assert.deepEqual(again.importBatch(result.batchId).undo.restored, [pier.id])
  throwsCode(() => ws.undoImport(result.batchId), 'IMPORT_ALREADY_UNDONE')
})
