// Pending buyers through the Node API: intake new, repeat auto-link, map, create-and-map,
// ignore, remap, mapping required, audit trail and suggestions (P1-P8).
import test from 'node:test'
import assert from 'node:assert/strict'
import { throwsCode, workspace } from './helpers.mjs'

const buyer = (businessName = 'Pier Seafood', email = 'orders@pier.example') => ({ businessName, email })
const shop = () => {
  const { ws } = workspace()
  return { ws, link: ws.workspaceLinkUrl() }
}

test('P1 a customer link attaches directly and updates stats', () => {
  const { ws } = shop()
  const c = ws.createCustomer({ name: 'Deli' })
  const out = ws.intakeOrder(ws.linkUrl(c.id), { number: 'A-1', total: '12.50' })
  assert.deepEqual([out.kind, out.customerId], ['customer', c.id])
  const got = ws.getCustomer(c.id)
  assert.deepEqual([got.orders, got.amount], [1, '12.50'])
})

test('P3 a new buyer is held pending on the placeholder', () => {
  const { ws, link } = shop()
  const out = ws.intakeOrder(link, { number: 'W-1', total: '42.00' }, buyer())
  assert.deepEqual([out.kind, out.newRecord], ['pending', true])
  const [record] = ws.pendingBuyers()
  assert.deepEqual([record.state, record.key], ['open', { name: 'pier seafood', email: 'orders@pier.example' }])
  assert.equal(ws.getOrder(out.orderId).onPlaceholder, true)
  assert.equal(ws.listCustomers({ filter: 'all' }).total, 0)
  const again = ws.intakeOrder(link, { number: 'W-2', total: 1 }, buyer('PIER  seafood', 'Orders@Pier.Example'))
  assert.deepEqual([again.pendingId, again.newRecord], [out.pendingId, false])
})

test('P2 P4 map, then the repeat buyer auto-links', () => {
  const { ws, link } = shop()
  const pending = ws.intakeOrder(link, { number: 'W-1', total: '42.00' }, buyer())
  const c = ws.createCustomer({ name: 'Pier Seafood Pty Ltd' })
  const entry = ws.mapPending(pending.pendingId, c.id, 'reviewer@harbour')
  assert.deepEqual([entry.action, entry.actor, entry.toCustomer, entry.ordersMoved.length], ['map', 'reviewer@harbour', c.id, 1])
  const repeat = ws.intakeOrder(link, { number: 'W-2', total: '8.00' }, buyer())
  assert.deepEqual([repeat.kind, repeat.customerId], ['auto_linked', c.id])
  assert.equal(ws.getCustomer(c.id).amount, '50.00')
})

test('P4 create-and-map, and ignore keeps the record out of the queue', () => {
  const { ws, link } = shop()
  const a = ws.intakeOrder(link, { number: 'W-1', total: 5 }, buyer('New Co', 'new@co.example'))
  const entry = ws.createAndMap(a.pendingId, null, 'admin')
  const created = ws.getCustomer(entry.toCustomer)
  assert.deepEqual([created.name, created.email, created.orders], ['New Co', 'new@co.example', 1])
  const b = ws.intakeOrder(link, { number: 'W-2', total: 1 }, buyer('Spam', 'spam@spam.example'))
  assert.equal(ws.ignorePending(b.pendingId).action, 'ignore')
  assert.deepEqual(ws.pendingBuyers(), [])
  assert.deepEqual(ws.pendingBuyers(true).map((p) => p.state).sort(), ['ignored', 'mapped'])
  throwsCode(() => ws.ignorePending(b.pendingId), 'PENDING_NOT_OPEN')
})

test('P5 remap moves the orders and appends to the audit trail', () => {
  const { ws, link } = shop()
  const wrong = ws.createCustomer({ name: 'Wrong Co' })
  const right = ws.createCustomer({ name: 'Right Co' })
  const out = ws.intakeOrder(link, { number: 'W-1', total: '10' }, buyer())
  ws.mapPending(out.pendingId, wrong.id)
  ws.intakeOrder(link, { number: 'W-2', total: '5' }, buyer())
  const entry = ws.remap('Pier Seafood', 'orders@pier.example', right.id, 'admin')
  assert.deepEqual([entry.fromCustomer, entry.toCustomer, entry.ordersMoved.length], [wrong.id, right.id, 2])
  assert.deepEqual([ws.getCustomer(wrong.id).orders, ws.getCustomer(right.id).amount], [0, '15'])
  assert.deepEqual(ws.auditTrail().map((e) => e.action), ['map', 'remap'])
  assert.deepEqual(ws.mappings().map((m) => m.customerId), [right.id])
})

test('P6 placeholder orders need mapping before invoice or sync', () => {
  const { ws, link } = shop()
  const out = ws.intakeOrder(link, { number: 'W-9', total: 1 }, buyer())
  throwsCode(() => ws.invoiceOrder(out.orderId), 'CUSTOMER_MAPPING_REQUIRED')
  throwsCode(() => ws.orderForSync(out.orderId), 'CUSTOMER_MAPPING_REQUIRED')
  const c = ws.createCustomer({ name: 'Pier Seafood' })
  ws.mapPending(out.pendingId, c.id)
  assert.equal(ws.invoiceOrder(out.orderId).status, 'invoiced')
})

test('P7 an order after ignore opens a new record', () => {
  const { ws, link } = shop()
  const first = ws.intakeOrder(link, { number: 'W-1', total: 1 }, buyer())
  ws.ignorePending(first.pendingId)
  const second = ws.intakeOrder(link, { number: 'W-2', total: 1 }, buyer())
  assert.ok(second.newRecord && second.pendingId !== first.pendingId)
})

test('P8 suggestions are ranked with reasons', () => {
  const { ws, link } = shop()
  const similar = ws.createCustomer({ name: 'Pier Seafood Pty Ltd' })
  const sameEmail = ws.createCustomer({ name: 'Harbour Group', email: 'orders@pier.example' })
  const sameKey = ws.createCustomer({ name: 'pier  SEAFOOD', email: 'Orders@Pier.example' })
  const out = ws.intakeOrder(link, { number: 'W-1', total: 1 }, buyer())
  assert.deepEqual(
    ws.suggestCustomers(out.pendingId).map((s) => [s.customerId, s.reason]),
    [[sameKey.id, 'same_key'], [sameEmail.id, 'same_email'], [similar.id, 'similar_name']]
  )
})

test('P1 a blocked link is refused and nothing is written', () => {
  const { ws } = shop()
  const c = ws.createCustomer({ name: 'Blocked', orderWebBlocked: true })
  throwsCode(() => ws.intakeOrder(c.linkCode, { number: 'A-1', total: 1 }), 'ORDERING_UNAVAILABLE')
  assert.equal(ws.getCustomer(c.id).orders, 0)
})

test('P1 an order crosses with a Date, decimal strings and lines', () => {
  const { ws } = shop()
  const c = ws.createCustomer({ name: 'Deli' })
  const placedAt = new Date('2026-02-27T08:30:00Z')
  const out = ws.intakeOrder(c.linkCode, { number: 'A-7', total: 19.9, placedAt, status: 'draft', lines: [{ sku: 'EGGS-12', qty: '2.5' }, { sku: 'MILK', qty: 3 }] })
  const order = ws.getOrder(out.orderId)
  assert.deepEqual(
    [order.number, order.total, order.status, order.customerId, order.onPlaceholder, order.placedAt],
    ['A-7', '19.9', 'draft', c.id, false, placedAt]
  )
  assert.deepEqual(order.lines, [{ sku: 'EGGS-12', qty: '2.5', priceGiven: false }, { sku: 'MILK', qty: '3', priceGiven: false }])
  assert.deepEqual(ws.customerOrders(c.id).map((o) => o.id), [out.orderId])
  assert.equal(ws.getCustomer(c.id).lastOrderAt.getTime(), placedAt.getTime())
})

test('P3 bad orders and buyers are refused with a code and write nothing', () => {
  const { ws, link } = shop()
  const c = ws.createCustomer({ name: 'Deli' })
  for (const [call, code] of [
    [() => ws.intakeOrder(link, { number: 'W-1', total: 1 }), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder(link, { number: 'W-1', total: 1 }, { businessName: ' ', email: 'a@b.example' }), 'NAME_REQUIRED'],
    [() => ws.intakeOrder(link, { number: 'W-1', total: 1 }, { businessName: 'A', email: 'nope' }), 'EMAIL_INVALID'],
    [() => ws.intakeOrder(link, { number: 'W-1', total: 1 }, { businessName: 'A', email: 'a@b.example', fax: '1' }), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder(c.linkCode, { number: 'A-1', total: 'twelve' }), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder(c.linkCode, { number: 'A-1', total: '-1' }), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder(c.linkCode, { number: ' ', total: 1 }), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder(c.linkCode, { number: 'A-1', total: 1, placedAt: new Date('nope') }), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder(c.linkCode, { number: 'A-1', total: 1, lines: [{ sku: 'X', qty: 0 }] }), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder(c.linkCode, 'A-1'), 'INVALID_ARGUMENT'],
    [() => ws.intakeOrder('ZZZZZZZZZZZZZZZZZZZZZZZZZW', { number: 'A-1', total: 1 }), 'LINK_NOT_FOUND'],
    [() => ws.pendingBuyers('yes'), 'INVALID_ARGUMENT'],
    [() => ws.getPending('00000000-0000-4000-8000-000000000001'), 'PENDING_NOT_FOUND'],
    [() => ws.getOrder('00000000-0000-4000-8000-000000000001'), 'ORDER_NOT_FOUND'],
    [() => ws.remap('Never', 'never@x.example', c.id), 'MAPPING_NOT_FOUND'],
  ]) {
    const before = [ws.listCustomers({ filter: 'all' }), ws.pendingBuyers(true), ws.customerOrders(c.id)]
    throwsCode(call, code)
    assert.deepEqual([ws.listCustomers({ filter: 'all' }), ws.pendingBuyers(true), ws.customerOrders(c.id)], before, code)
  }
})

test('P4 S2 create-and-map is refused under sync', () => {
  const { ws } = workspace()
  const out = ws.intakeOrder(ws.workspaceLinkUrl(), { number: 'W-1', total: 1 }, buyer())
  ws.updateSettings({ contactsSync: { enabled: true, connected: true } })
  throwsCode(() => ws.createAndMap(out.pendingId), 'SOURCE_OF_TRUTH_EXTERNAL', 'contacts_sync')
  assert.equal(ws.getPending(out.pendingId).state, 'open')
})
