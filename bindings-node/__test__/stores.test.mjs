// Stores through the Node API: a workspace in a SQLite file survives closing and reopening, a
// store holds one workspace, and the refusals carry their codes.
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { ol, T0, throwsCode } from './helpers.mjs'

/** A new folder for one test's files, removed after it. */
function folder(t) {
  const dir = mkdtempSync(join(tmpdir(), 'orderlink-stores-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Everything the reopen test compares. */
function snapshot(ws) {
  const customers = ws.listCustomers({ filter: 'all', limit: 1000 }).items
  const sheet = ws.resolvePrices(customers[0].id)
  return {
    settings: ws.settings(),
    customers,
    rotations: customers.map((c) => ws.linkRotations(c.id)),
    orders: customers.map((c) => ws.customerOrders(c.id)),
    pending: ws.pendingBuyers(true),
    mappings: ws.mappings(),
    audit: ws.auditTrail(),
    products: ws.products(),
    groups: ws.priceGroups(),
    prices: [sheet.skus, sheet.amounts, sheet.tiers],
  }
}

/** A function giving a new store value on the same data each time it is called. */
function opener(kind, t) {
  if (kind === 'sqlite') {
    const path = join(folder(t), 'shop.db')
    return () => new ol.SqliteStore(path)
  }
  const url = process.env.ORDERLINK_PG_URL
  assert.ok(url, 'the PostgreSQL tests need a server: run them through scripts/with-postgres (make test-node does)')
  const schema = `node_${randomUUID().replaceAll('-', '')}`
  return () => new ol.PostgresStore(url, { schema })
}

for (const kind of ['sqlite', 'postgres']) test(`a reopened ${kind} store keeps customers, mappings, the audit trail and prices`, (t) => {
  const store = opener(kind, t)
  const clock = new ol.ManualClock(T0)
  const ws = new ol.Workspace('Harbour Foods', { currency: 'AUD', seed: 7, clock, store: store() })
  const deli = ws.createCustomer({ name: 'Corner Deli', code: 'HF-1', priceGroup: 'Trade', tags: ['cafe'] })
  const right = ws.createCustomer({ name: 'Right Co' })
  ws.upsertProducts([
    { sku: 'EGGS-12', name: 'Eggs', basePrice: '7.00' },
    { sku: 'MILK', name: 'Milk' },
  ])
  ws.setDefaultPrices({ MILK: '2.10' })
  ws.upsertPriceGroup('Trade')
  ws.setGroupPrices('Trade', { 'EGGS-12': '6.20' })
  const buyer = { businessName: 'Right Co', email: 'r@right.example' }
  const held = ws.intakeOrder(ws.workspaceLinkUrl(), { number: 'W-1', total: '10.00' }, buyer)
  ws.mapPending(held.pendingId, deli.id, 'reviewer')
  ws.remap('Right Co', 'r@right.example', right.id, 'admin')
  ws.rotateLink(deli.id, { by: 'admin', reason: 'posted publicly' })
  const before = snapshot(ws)
  assert.deepEqual(before.prices[1], ['6.20', '2.10'])

  const reopened = ol.Workspace.open(store(), { seed: 8, clock })
  assert.deepEqual(snapshot(reopened), before)
  assert.equal(reopened.getCustomer(right.id).orders, 1)
  assert.deepEqual(reopened.auditTrail().map((e) => e.action), ['map', 'remap'])
  throwsCode(() => reopened.createCustomer({ name: 'Copy', code: 'hf-1' }), 'CODE_TAKEN', 'conflict')
})

test('a store holds one workspace: a second is WORKSPACE_EXISTS, an empty store WORKSPACE_NOT_FOUND', (t) => {
  const dir = folder(t)
  const store = new ol.SqliteStore(join(dir, 'shop.db'))
  assert.equal(store.path, join(dir, 'shop.db'))
  new ol.Workspace('First', { store })
  throwsCode(() => new ol.Workspace('Second', { store }), 'WORKSPACE_EXISTS', 'conflict')
  assert.equal(ol.Workspace.open(store).settings().name, 'First')
  throwsCode(() => ol.Workspace.open(new ol.SqliteStore(join(dir, 'new.db'))), 'WORKSPACE_NOT_FOUND', 'not_found')
  throwsCode(() => ol.Workspace.open(new ol.MemoryStore()), 'WORKSPACE_NOT_FOUND', 'not_found')
})

test('two workspaces over one memory store share it', () => {
  const clock = new ol.ManualClock(T0)
  const store = new ol.MemoryStore()
  const first = new ol.Workspace('Harbour Foods', { store, seed: 1, clock })
  const second = ol.Workspace.open(store, { seed: 2, clock })
  const deli = first.createCustomer({ name: 'Corner Deli' })
  assert.deepEqual(second.getCustomer(deli.id), deli)
  assert.equal(second.settings().linkCode, first.settings().linkCode)
})

test('store arguments and files are refused with their codes', (t) => {
  const dir = folder(t)
  throwsCode(() => new ol.Workspace('A', { store: 'shop.db' }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => new ol.Workspace('A', { store: new ol.ManualClock(T0) }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ol.Workspace.open(new ol.ManualClock(T0)), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ol.Workspace.open(undefined), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ol.Workspace.open(new ol.MemoryStore(), { store: 1 }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => new ol.SqliteStore(42), 'INVALID_ARGUMENT', 'validation')
  const text = join(dir, 'notes.txt')
  writeFileSync(text, 'not a database, only text long enough to fill a database header')
  const e = throwsCode(() => new ol.SqliteStore(text), 'STORE_FAILURE', 'store')
  assert.ok(e.message.includes('notes.txt'), e.message)
  throwsCode(() => new ol.SqliteStore(join(dir, 'no', 'such', 'shop.db')), 'STORE_FAILURE', 'store')
})

test('a PostgresStore names its schema and refuses a bad one', () => {
  const url = process.env.ORDERLINK_PG_URL
  assert.ok(url, 'run through scripts/with-postgres (make test-node does)')
  assert.equal(new ol.PostgresStore(url, { schema: 'node_schema', maxConnections: 2 }).schema, 'node_schema')
  throwsCode(() => new ol.PostgresStore(url, { schema: 'Not A Schema' }), 'INVALID_ARGUMENT')
})
