// Customers through the Node API: C1–C7.
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, names, throwsCode, synced, workspace } from './helpers.mjs'

test('C1 name is required, trimmed, at most 200 characters', () => {
  const { ws } = workspace()
  assert.equal(ws.createCustomer({ name: '  Corner Deli  ' }).name, 'Corner Deli')
  throwsCode(() => ws.createCustomer({ name: '' }), 'NAME_REQUIRED', 'validation')
  throwsCode(() => ws.createCustomer({ name: ' \t ' }), 'NAME_REQUIRED', 'validation')
  assert.equal(ws.createCustomer({ name: 'x'.repeat(200) }).name.length, 200)
  throwsCode(() => ws.createCustomer({ name: 'x'.repeat(201) }), 'NAME_TOO_LONG', 'validation')
})

test('C1 the limit counts characters, not UTF-16 units or bytes', () => {
  const { ws } = workspace()
  assert.equal(ws.createCustomer({ name: 'é'.repeat(200) }).name, 'é'.repeat(200))
  throwsCode(() => ws.createCustomer({ name: 'é'.repeat(201) }), 'NAME_TOO_LONG')
})

test('C1 an update cannot blank the name', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Deli' })
  throwsCode(() => ws.updateCustomer(c.id, { name: '   ' }), 'NAME_REQUIRED')
  assert.equal(ws.getCustomer(c.id).name, 'Deli')
})

test('C2 code is unique without case; optional text is trimmed, blank is absent', () => {
  const { ws } = workspace()
  const first = ws.createCustomer({ name: 'First', code: ' abc-1 ', phone: ' 02 9999 0000 ' })
  assert.deepEqual([first.code, first.phone], ['abc-1', '02 9999 0000'])
  throwsCode(() => ws.createCustomer({ name: 'Second', code: 'ABC-1' }), 'CODE_TAKEN', 'conflict')
  const blank = ws.createCustomer({ name: 'Third', code: '  ', email: '', contact: '\t' })
  assert.deepEqual([blank.code, blank.email, blank.contact], [null, null, null])
  throwsCode(() => ws.updateCustomer(blank.id, { code: 'Abc-1' }), 'CODE_TAKEN')
  assert.equal(ws.updateCustomer(first.id, { code: 'ABC-1' }).code, 'ABC-1', 'its own code, recased')
})

test('C2 null clears an optional field, undefined or absent leaves it', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A', email: 'a@a.example', phone: '1', code: 'K' })
  const after = ws.updateCustomer(c.id, { email: undefined, phone: null })
  assert.deepEqual([after.email, after.phone, after.code], ['a@a.example', null, 'K'])
  assert.equal(ws.updateCustomer(c.id, {}).version, after.version, 'an empty change writes nothing')
})

test('C3 email is validated and stored with a lower-cased domain', () => {
  const { ws } = workspace()
  assert.equal(ws.createCustomer({ name: 'A', email: ' Jo@Example.COM ' }).email, 'Jo@example.com')
  for (const bad of ['jo@localhost', 'jo bloggs@example.com', 'no-at.example.com', 'Jo <jo@example.com>']) {
    throwsCode(() => ws.createCustomer({ name: 'A', email: bad }), 'EMAIL_INVALID', 'validation')
  }
  const c = ws.createCustomer({ name: 'B' })
  throwsCode(() => ws.updateCustomer(c.id, { email: 'b@b' }), 'EMAIL_INVALID')
})

test('C4 with unique names on, names compare after N1', () => {
  const ws = new ol.Workspace('Acme', { uniqueNames: true, seed: 1 })
  ws.createCustomer({ name: 'Acme  Pty Ltd' })
  throwsCode(() => ws.createCustomer({ name: 'ACME pty ltd' }), 'NAME_TAKEN', 'conflict')
  const other = ws.createCustomer({ name: 'Other' })
  throwsCode(() => ws.updateCustomer(other.id, { name: 'acme pty  ltd' }), 'NAME_TAKEN')
})

test('C4 with unique names off, the same name is fine', () => {
  const { ws } = workspace()
  ws.createCustomer({ name: 'Acme' })
  assert.equal(ws.createCustomer({ name: 'Acme' }).name, 'Acme')
})

test('C5 filter active (default), inactive, all; total counts all pages', () => {
  const { ws } = workspace()
  for (const name of ['delta', 'Alpha', 'Café Crème', 'bravo']) ws.createCustomer({ name })
  const gone = ws.createCustomer({ name: 'Zulu' })
  ws.updateCustomer(gone.id, { active: false })
  const page = ws.listCustomers()
  assert.deepEqual(names(page), ['Alpha', 'bravo', 'Café Crème', 'delta'])
  assert.deepEqual([page.total, page.offset, page.limit], [4, 0, 50])
  assert.deepEqual(names(ws.listCustomers({ filter: 'inactive' })), ['Zulu'])
  assert.equal(ws.listCustomers({ filter: 'all' }).total, 5)
})

test('C5 search is a case- and accent-insensitive substring of name, code, email, phone, contact', () => {
  const { ws } = workspace()
  ws.createCustomer({ name: 'Café Crème' })
  ws.createCustomer({ name: 'Pier', code: 'PX-9' })
  ws.createCustomer({ name: 'Bakery', email: 'orders@loaf.example', contact: 'Zoë' })
  ws.createCustomer({ name: 'Butcher', phone: '02 5555 1234' })
  assert.deepEqual(names(ws.listCustomers({ search: 'CAFE creme' })), ['Café Crème'])
  assert.deepEqual(names(ws.listCustomers({ search: 'px-' })), ['Pier'])
  assert.deepEqual(names(ws.listCustomers({ search: 'LOAF' })), ['Bakery'])
  assert.deepEqual(names(ws.listCustomers({ search: 'zoe' })), ['Bakery'])
  assert.deepEqual(names(ws.listCustomers({ search: '5555' })), ['Butcher'])
  assert.equal(ws.listCustomers({ search: '   ' }).total, 4, 'a blank term is no term')
})

test('C5 sort by any column, descending, and pages', () => {
  const { ws } = workspace()
  ws.createCustomer({ name: 'b', code: 'Z1' })
  ws.createCustomer({ name: 'a', code: 'Y2' })
  ws.createCustomer({ name: 'c' })
  assert.deepEqual(names(ws.listCustomers({ sort: 'code' })), ['a', 'b', 'c'], 'no code sorts last')
  assert.deepEqual(names(ws.listCustomers({ descending: true })), ['c', 'b', 'a'])
  const second = ws.listCustomers({ offset: 1, limit: 1 })
  assert.deepEqual([names(second), second.total], [['b'], 3])
  for (const sort of ['email', 'phone', 'contact', 'active', 'order_web_access', 'orders', 'amount', 'last_order', 'created_at']) {
    assert.equal(ws.listCustomers({ sort }).total, 3, sort)
  }
  throwsCode(() => ws.listCustomers({ sort: 'colour' }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.listCustomers({ limit: 0 }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.listCustomers({ limit: 1001 }), 'INVALID_ARGUMENT')
})

test('C6 a guest sees only the customers it manages; admins see all', () => {
  const { ws } = workspace()
  const rep = '6f1d0c3a-0000-4000-8000-000000000001'
  ws.createCustomer({ name: 'Mine', managedBy: rep })
  ws.createCustomer({ name: 'Theirs', managedBy: '6f1d0c3a-0000-4000-8000-000000000002' })
  ws.createCustomer({ name: 'Nobody' })
  const mine = ws.listCustomers({ guest: rep })
  assert.deepEqual([names(mine), mine.total], [['Mine'], 1])
  assert.equal(mine.items[0].managedBy, rep)
  assert.equal(ws.listCustomers().total, 3)
  assert.equal(ws.listCustomers({ guest: null }).total, 3)
  throwsCode(() => ws.listCustomers({ guest: 'rep-1' }), 'INVALID_ARGUMENT')
})

test('C7 a customer without orders can be deleted, once', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Brief' })
  assert.equal(c.orders, 0)
  ws.deleteCustomer(c.id)
  throwsCode(() => ws.getCustomer(c.id), 'CUSTOMER_NOT_FOUND', 'not_found')
  throwsCode(() => ws.deleteCustomer(c.id), 'CUSTOMER_NOT_FOUND', 'not_found')
  assert.equal(ws.listCustomers({ filter: 'all' }).total, 0)
})

test('C7 a customer with orders is never hard-deleted: refused with a clear error', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Regular' })
  ws.intakeOrder(ws.linkUrl(c.id), { number: 'A-1', total: '12.50' })
  const e = throwsCode(() => ws.deleteCustomer(c.id), 'CUSTOMER_HAS_ORDERS', 'conflict')
  assert.match(e.message, /deactivate/)
  const kept = ws.getCustomer(c.id)
  assert.deepEqual([kept.orders, kept.amount, kept.active], [1, '12.50', true])
  assert.equal(ws.updateCustomer(c.id, { active: false }).active, false, 'deactivating is the way')
  throwsCode(() => ws.deleteCustomer(c.id), 'CUSTOMER_HAS_ORDERS')
})

test('C7 deactivating is the way to retire a customer: it stays, listed as inactive', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Retired' })
  ws.updateCustomer(c.id, { active: false })
  assert.deepEqual(names(ws.listCustomers({ filter: 'inactive' })), ['Retired'])
  assert.equal(ws.getCustomer(c.id).active, false)
})

test('C7 S2 a synced customer is not deleted locally while sync is active', () => {
  const { ws } = synced()
  const [id] = ws.applyContactsSync([{ externalId: 'x1', name: 'Synced Co' }]).created
  throwsCode(() => ws.deleteCustomer(id), 'SOURCE_OF_TRUTH_EXTERNAL', 'contacts_sync')
  assert.equal(ws.getCustomer(id).name, 'Synced Co')
})

test('C1 C3 customers cross as plain objects: ids, Dates, decimal strings, null for absent', () => {
  const { ws, clock } = workspace()
  const c = ws.createCustomer({ name: 'A', tags: [' vip ', 'VIP', 'north'], orderTemplate: 'quantity_grid', checkoutMode: 'pay_now' })
  assert.match(c.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  assert.deepEqual(c.tags, ['vip', 'north'])
  assert.deepEqual([c.orderTemplate, c.checkoutMode], ['quantity_grid', 'pay_now'])
  assert.deepEqual([c.orders, c.amount, c.lastOrderAt, c.externalId, c.version], [0, '0', null, null, 1])
  assert.ok(c.createdAt instanceof Date)
  assert.equal(c.createdAt.getTime(), clock.now().getTime())
  clock.advance(60)
  const later = ws.updateCustomer(c.id, { orderTemplate: null })
  assert.deepEqual([later.orderTemplate, later.version], [null, 2])
  assert.equal(later.updatedAt.getTime() - later.createdAt.getTime(), 60_000)
  assert.deepEqual(ws.getCustomer(c.id), later)
})

test('C2 freight overrides cross as objects with decimal strings', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A', freight: { kind: 'free_over', threshold: '250', amount: 9.5 } })
  assert.deepEqual(c.freight, { kind: 'free_over', amount: '9.5', threshold: '250' })
  assert.deepEqual(ws.updateCustomer(c.id, { freight: { kind: 'manual' } }).freight, { kind: 'manual', amount: null, threshold: null })
  assert.equal(ws.updateCustomer(c.id, { freight: null }).freight, null)
})
