// The customer detail extras through the Node API: tags, notes (the 5-minute edit window on the
// injected ManualClock, never by sleeping), addresses, and leads versus customers in the list.
import test from 'node:test'
import assert from 'node:assert/strict'
import { T0, names, snapshot, throwsCode, workspace } from './helpers.mjs'

const withDeli = () => {
  const { ws, clock } = workspace()
  return { ws, clock, deli: ws.createCustomer({ name: 'Corner Deli' }) }
}

test('tags are added and removed without case', () => {
  const { ws, deli } = withDeli()
  ws.addTag(deli.id, ' VIP ')
  assert.deepEqual(ws.addTag(deli.id, 'Wholesale').tags, ['VIP', 'Wholesale'])
  assert.deepEqual(ws.addTag(deli.id, 'vip').tags, ['VIP', 'Wholesale'])
  assert.deepEqual(ws.removeTag(deli.id, 'WHOLESALE').tags, ['VIP'])
  assert.deepEqual(ws.removeTag(deli.id, 'never had it').tags, ['VIP'])
  const before = snapshot(ws)
  throwsCode(() => ws.addTag(deli.id, '  '), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.addTag(deli.id, 't'.repeat(51)), 'FIELD_TOO_LONG', 'validation')
  throwsCode(() => ws.addTag(deli.id, 7), 'INVALID_ARGUMENT')
  assert.deepEqual(snapshot(ws), before)
})

test('C5 the list and the export filter by tag', () => {
  const { ws, deli } = withDeli()
  const other = ws.createCustomer({ name: 'Bay Cafe' })
  ws.createCustomer({ name: 'Pier Seafood' })
  ws.addTag(deli.id, 'VIP')
  ws.addTag(other.id, 'vip')
  assert.deepEqual(names(ws.listCustomers({ tag: 'Vip' })), ['Bay Cafe', 'Corner Deli'])
  assert.equal(ws.listCustomers({ tag: 'none' }).total, 0)
  assert.equal(Buffer.from(ws.exportCustomers({ tag: 'vip' })).toString().trim().split('\n').length, 3)
})

test('notes are added with an author and a time, newest first', () => {
  const { ws, deli, clock } = withDeli()
  const first = ws.addNote(deli.id, 'sam@harbour', ' Deliveries before 7am ')
  assert.deepEqual([first.author, first.text, first.createdAt, first.editedAt, first.customerId], ['sam@harbour', 'Deliveries before 7am', T0, null, deli.id])
  assert.deepEqual(first.editableUntil, new Date(T0.getTime() + 5 * 60_000))
  clock.advance(3600)
  const second = ws.addNote(deli.id, 'kim@harbour', 'Asked for a trade account')
  assert.deepEqual(ws.notes(deli.id), [second, first])
})

test('notes are editable within five minutes, then refused', () => {
  const { ws, deli, clock } = withDeli()
  const note = ws.addNote(deli.id, 'sam', 'Call on Mondays')
  clock.advance(299)
  const edited = ws.editNote(note.id, 'Call on Tuesdays')
  assert.deepEqual([edited.text, edited.editedAt, edited.createdAt], ['Call on Tuesdays', new Date(T0.getTime() + 299_000), T0])
  clock.advance(1) // exactly five minutes after it was added
  const e = throwsCode(() => ws.editNote(note.id, 'Call on Fridays'), 'NOTE_EDIT_WINDOW_CLOSED', 'conflict')
  assert.match(e.message, /5 minutes/)
  assert.deepEqual(ws.notes(deli.id), [edited], 'the refused edit wrote nothing')
  throwsCode(() => ws.addNote(deli.id, 'sam', '   '), 'INVALID_ARGUMENT')
  throwsCode(() => ws.addNote(deli.id, ' ', 'text'), 'INVALID_ARGUMENT')
  throwsCode(() => ws.editNote('00000000-0000-4000-8000-000000000000', 'text'), 'NOTE_NOT_FOUND', 'not_found')
})

test('addresses: the first is the default, then one default of each kind', () => {
  const { ws, deli } = withDeli()
  const office = ws.addAddress(deli.id, { line1: ' 12 Pier St ', label: 'Head office', city: 'Fremantle', postalCode: '6160', country: ' ' })
  assert.deepEqual([office.line1, office.label, office.postalCode, office.country], ['12 Pier St', 'Head office', '6160', null])
  assert.deepEqual([office.defaultBilling, office.defaultShipping], [true, true])
  const dock = ws.addAddress(deli.id, { line1: '3 Dock Rd', defaultShipping: true })
  assert.deepEqual([dock.defaultBilling, dock.defaultShipping], [false, true])
  ws.setDefaultAddress(deli.id, dock.id, 'billing')
  const got = ws.getCustomer(deli.id).addresses.map((a) => [a.line1, a.defaultBilling, a.defaultShipping])
  assert.deepEqual(got, [['12 Pier St', false, false], ['3 Dock Rd', true, true]])
  ws.removeAddress(deli.id, dock.id)
  const [left] = ws.addresses(deli.id)
  assert.deepEqual([left.id, left.defaultBilling, left.defaultShipping], [office.id, true, true])
})

test('addresses: update, and what is refused', () => {
  const { ws, deli } = withDeli()
  const a = ws.addAddress(deli.id, { line1: '1 Hay St', city: 'Perth' })
  const changed = ws.updateAddress(deli.id, a.id, { city: null, line2: 'Level 2' })
  assert.deepEqual([changed.city, changed.line2, changed.line1], [null, 'Level 2', '1 Hay St'])
  throwsCode(() => ws.updateAddress(deli.id, a.id, { line1: ' ' }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.updateAddress(deli.id, a.id, { defaultBilling: true }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.setDefaultAddress(deli.id, a.id, 'delivery'), 'INVALID_ARGUMENT')
  throwsCode(() => ws.addAddress(deli.id, { city: 'Perth' }), 'INVALID_ARGUMENT')
  const other = ws.createCustomer({ name: 'Bay Cafe' })
  throwsCode(() => ws.removeAddress(other.id, a.id), 'ADDRESS_NOT_FOUND', 'not_found')
  assert.deepEqual(ws.addresses(deli.id), [changed])
})

test('C5 advanced search by address fields', () => {
  const { ws, deli } = withDeli()
  const other = ws.createCustomer({ name: 'Bay Cafe' })
  ws.addAddress(deli.id, { line1: '12 Pier St', city: 'Fremantle' })
  ws.addAddress(other.id, { line1: '9 Rue Saint-Jean', region: 'Québec' })
  assert.deepEqual(names(ws.listCustomers({ address: 'FREMANT' })), ['Corner Deli'])
  assert.deepEqual(names(ws.listCustomers({ address: 'quebec' })), ['Bay Cafe'])
})

test('C5 leads versus customers: a lead has no placed order', () => {
  const { ws, deli } = withDeli()
  const buyer = ws.createCustomer({ name: 'Buyer Co' })
  ws.intakeOrder(ws.linkUrl(buyer.id), { number: 'SO-1', total: 1 })
  const draft = ws.intakeOrder(ws.linkUrl(deli.id), { number: 'D-1', total: 1, status: 'draft' })
  assert.deepEqual([ws.getCustomer(buyer.id).kind, ws.getCustomer(deli.id).kind, ws.getCustomer(deli.id).drafts], ['customer', 'lead', 1])
  assert.deepEqual(names(ws.listCustomers({ kind: 'lead' })), ['Corner Deli'])
  assert.deepEqual(names(ws.listCustomers({ kind: 'customer' })), ['Buyer Co'])
  ws.invoiceOrder(draft.orderId)
  assert.equal(ws.listCustomers({ kind: 'lead' }).total, 0)
  throwsCode(() => ws.listCustomers({ kind: 'prospect' }), 'INVALID_ARGUMENT')
})
