// Many workspaces in one store (W1–W4) through the Node API: a store hands out a workspace per
// supplier, resolves any link without being told the workspace, and keeps each workspace's
// records, codes and lists to itself.
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ol, T0, UNKNOWN, throwsCode } from './helpers.mjs'

const buyer = (businessName = 'Bay Cafe', email = 'bay@cafe.example') => ({ businessName, email })

function two() {
  const store = new ol.MemoryStore()
  const clock = new ol.ManualClock(T0)
  const a = store.createWorkspace('Harbour Foods', { seed: 1, clock, uniqueNames: true })
  const b = store.createWorkspace('Coast Dairy', { seed: 2, clock, uniqueNames: true })
  return { store, a, b }
}

test('W1 a store creates, lists and opens workspaces', () => {
  const { store, a, b } = two()
  assert.match(a.id(), /^[0-9a-f-]{36}$/)
  assert.notEqual(a.id(), b.id())
  assert.deepEqual(store.workspaces().map((s) => [s.id, s.name]), [[a.id(), 'Harbour Foods'], [b.id(), 'Coast Dairy']])
  assert.equal(a.settings().id, a.id())
  assert.equal(store.workspace(b.id()).settings().name, 'Coast Dairy')
  throwsCode(() => store.workspace('00000000-0000-0000-0000-000000000009'), 'WORKSPACE_NOT_FOUND', 'not_found')
  throwsCode(() => ol.Workspace.open(store), 'WORKSPACE_AMBIGUOUS', 'conflict')
  throwsCode(() => new ol.Workspace('Third', { store }), 'WORKSPACE_EXISTS', 'conflict')
  throwsCode(() => store.createWorkspace('Bad', { colour: 'red' }), 'INVALID_ARGUMENT')
  throwsCode(() => store.createWorkspace('Bad', { store }), 'INVALID_ARGUMENT')
  assert.equal(store.createWorkspace('Third', { currency: 'NZD' }).settings().currency, 'NZD')
  // The one-workspace forms stay as they were.
  const single = new ol.MemoryStore()
  const ws = new ol.Workspace('Solo', { store: single })
  assert.equal(ol.Workspace.open(single).id(), ws.id())
})

test('W1 records are isolated between workspaces', () => {
  const { a, b } = two()
  const ca = a.createCustomer({ name: 'Corner Deli', code: 'C-1', email: 'orders@deli.example' })
  const cb = b.createCustomer({ name: 'Corner Deli', code: 'C-1', email: 'orders@deli.example' })
  a.createCustomer({ name: 'Only In A' })
  assert.deepEqual([a.listCustomers().total, b.listCustomers().total], [2, 1])
  assert.equal(b.listCustomers({ search: 'only in' }).total, 0)
  throwsCode(() => b.getCustomer(ca.id), 'CUSTOMER_NOT_FOUND')
  throwsCode(() => b.updateCustomer(ca.id, { name: 'Hijacked' }), 'CUSTOMER_NOT_FOUND')
  assert.equal(b.resolveLink(ca.linkCode).kind, 'unknown')
  a.intakeOrder(a.workspaceLinkUrl(), { number: 'A-1', total: '10.00' }, buyer())
  const out = b.intakeOrder(b.workspaceLinkUrl(), { number: 'B-1', total: '20.00' }, buyer())
  const pa = a.pendingBuyers()[0]
  throwsCode(() => b.mapPending(pa.id, cb.id), 'PENDING_NOT_FOUND')
  a.mapPending(pa.id, ca.id)
  assert.deepEqual([a.mappings().length, b.mappings().length], [1, 0])
  const again = b.intakeOrder(b.workspaceLinkUrl(), { number: 'B-2', total: '1.00' }, buyer())
  assert.equal(again.pendingId, out.pendingId)
  a.upsertProducts([{ sku: 'SKU-1', name: 'Flour', basePrice: '5.00' }])
  assert.equal(a.resolvePrice(null, 'SKU-1').amount, '5.00')
  throwsCode(() => b.resolvePrice(null, 'SKU-1'), 'PRODUCT_NOT_FOUND')
  a.addNote(ca.id, 'sam', 'only in a')
  assert.deepEqual(b.notes(cb.id), [])
})

test('W2 a store resolves and opens any workspace link', async () => {
  const { store, a, b } = two()
  const ca = a.createCustomer({ name: 'Corner Deli' })
  const cb = b.createCustomer({ name: 'Corner Deli' })
  assert.deepEqual(store.resolveLink(a.linkUrl(ca.id)), { workspaceId: a.id(), target: { kind: 'customer', customerId: ca.id, cartId: null } })
  const own = store.resolveLink(b.workspaceLinkUrl().toLowerCase())
  assert.deepEqual([own.workspaceId, own.target.kind], [b.id(), 'workspace'])
  const unknown = store.resolveLink(UNKNOWN)
  assert.deepEqual([unknown.workspaceId, unknown.target.kind], [null, 'unknown'])
  throwsCode(() => store.resolveLink('not a link!'), 'LINK_MALFORMED')
  const { workspace, decision } = store.openLink(b.linkUrl(cb.id))
  assert.equal(workspace.id(), b.id())
  assert.equal(decision.customerId, cb.id)
  assert.deepEqual(decision, b.openLink(cb.linkCode))
  workspace.intakeOrder(b.linkUrl(cb.id), { number: 'B-1', total: '5.00' })
  assert.deepEqual([b.getCustomer(cb.id).orders, a.getCustomer(ca.id).orders], [1, 0])
  const none = store.openLink(UNKNOWN, null)
  assert.equal(none.workspace, null)
  assert.equal(none.decision.found, false)
  // L5: a rotated code answers unknown store-wide; the new one answers its workspace.
  const rotated = a.rotateLink(ca.id)
  assert.equal(store.resolveLink(ca.linkCode).workspaceId, null)
  assert.equal(store.resolveLink(rotated.linkCode).workspaceId, a.id())
  // The Promise forms answer the same.
  assert.deepEqual(await store.resolveLinkAsync(rotated.linkCode), store.resolveLink(rotated.linkCode))
  const opened = await store.openLinkAsync(b.linkUrl(cb.id))
  assert.equal(opened.workspace.id(), b.id())
  assert.deepEqual((await store.workspacesAsync()).map((s) => s.id), [a.id(), b.id()])
  assert.equal((await store.workspaceAsync(a.id())).id(), a.id())
  const c = await store.createWorkspaceAsync('Async Dairy')
  assert.equal(c.settings().name, 'Async Dairy')
  await assert.rejects(store.workspaceAsync('00000000-0000-0000-0000-000000000009'), { code: 'WORKSPACE_NOT_FOUND' })
})

test('W3 codes, names and match keys are per workspace', () => {
  const { a, b } = two()
  a.createCustomer({ name: 'Acme Pty Ltd', code: 'ACME' })
  b.createCustomer({ name: 'ACME PTY LTD', code: 'acme' })
  throwsCode(() => a.createCustomer({ name: 'acme pty ltd' }), 'NAME_TAKEN')
  throwsCode(() => b.createCustomer({ name: 'Other', code: 'Acme' }), 'CODE_TAKEN')
})

for (const kind of ['memory', 'sqlite']) {
  test(`W4 a count limit bounds the total, not the page (${kind})`, () => {
    const store =
      kind === 'memory' ? new ol.MemoryStore() : new ol.SqliteStore(join(mkdtempSync(join(tmpdir(), 'w4-')), 'w4.db'))
    const ws = store.createWorkspace('Harbour Foods', { seed: 1, clock: new ol.ManualClock(T0) })
    for (let i = 0; i < 30; i++) {
      ws.createCustomer({ name: `${i % 3 ? 'Corner Deli' : 'Bakery'} ${String(i).padStart(2, '0')}` })
    }
    const names = (page) => page.items.map((c) => c.name)
    const exact = ws.listCustomers({ search: 'deli', limit: 5, offset: 3 })
    assert.deepEqual([exact.total, exact.totalExact], [20, true])
    const capped = ws.listCustomers({ search: 'deli', limit: 5, offset: 3, countLimit: 10 })
    assert.deepEqual([capped.total, capped.totalExact], [10, false])
    assert.deepEqual(names(capped), names(exact))
    const past = ws.listCustomers({ search: 'deli', limit: 5, offset: 15, countLimit: 10 })
    assert.deepEqual(names(past), names(ws.listCustomers({ search: 'deli', limit: 5, offset: 15 })))
    assert.deepEqual([past.total, past.totalExact], [10, false])
    for (const n of [20, 21, 1000, null]) {
      const page = ws.listCustomers({ search: 'deli', countLimit: n })
      assert.deepEqual([page.total, page.totalExact, page.items.length], [20, true, 20])
    }
    throwsCode(() => ws.listCustomers({ countLimit: 0 }), 'INVALID_ARGUMENT')
  })
}

test('W4 lists are per workspace', () => {
  const { a, b } = two()
  for (let i = 0; i < 30; i++) {
    ;(i % 3 === 0 ? a : b).createCustomer({ name: `Corner Deli ${i}`, email: `deli${i}@shop.example` })
  }
  const pa = a.listCustomers({ search: 'deli', limit: 5 })
  const pb = b.listCustomers({ search: 'DELI', limit: 5, offset: 5 })
  assert.deepEqual([pa.total, pb.total, pa.items.length, pb.items.length], [10, 20, 5, 5])
  const names = b.listCustomers({ search: 'deli', limit: 100 }).items.map((c) => ol.searchFold(c.name))
  assert.deepEqual(names, [...names].sort())
})
