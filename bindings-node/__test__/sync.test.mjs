// Contacts sync through the Node API: S1–S3.
import test from 'node:test'
import assert from 'node:assert/strict'
import { names, throwsCode, synced, workspace } from './helpers.mjs'

const ALL = ['name', 'code', 'email', 'phone', 'contact', 'active', 'order_web_blocked', 'price_group', 'order_template', 'checkout_mode', 'freight', 'managed_by', 'tags']
const without = (...gone) => ALL.filter((f) => !gone.includes(f))

test('S1 without sync every field is editable, order_web_blocked only while active', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Local' })
  assert.deepEqual(ws.editableFields(c.id), ALL)
  ws.updateCustomer(c.id, { active: false })
  assert.deepEqual(ws.editableFields(c.id), without('order_web_blocked'))
  throwsCode(() => ws.updateCustomer(c.id, { orderWebBlocked: true }), 'ORDER_WEB_BLOCKED_REQUIRES_ACTIVE', 'validation')
  const both = ws.updateCustomer(c.id, { active: true, orderWebBlocked: true })
  assert.deepEqual([both.active, both.orderWebBlocked], [true, true], 'reactivating and blocking at once is fine')
})

test('S1 under sync name, code, email and active are locked; phone only when mapped', () => {
  const { ws } = synced()
  const [id] = ws.applyContactsSync([{ externalId: 'x1', name: 'Synced Co', code: 'S-1', email: 's@co.example' }]).created
  assert.deepEqual(ws.editableFields(id), without('name', 'code', 'email', 'active'))
  for (const [field, value] of [['name', 'Other'], ['code', 'S-2'], ['email', 'o@co.example'], ['active', false]]) {
    const e = throwsCode(() => ws.updateCustomer(id, { [field]: value }), 'FIELD_LOCKED', 'contacts_sync')
    assert.match(e.message, new RegExp(field))
  }
  assert.equal(ws.updateCustomer(id, { phone: '02 1234' }).phone, '02 1234')
  const { ws: mapped } = synced(true)
  const [m] = mapped.applyContactsSync([{ externalId: 'x1', name: 'Mapped Co' }]).created
  assert.deepEqual(mapped.editableFields(m), without('name', 'code', 'email', 'active', 'phone'))
  throwsCode(() => mapped.updateCustomer(m, { phone: '1' }), 'FIELD_LOCKED')
})

test('S1 under sync the local fields stay editable, and resending a locked value is no change', () => {
  const { ws } = synced()
  const [id] = ws.applyContactsSync([{ externalId: 'x1', name: 'Synced Co' }]).created
  const rep = '6f1d0c3a-0000-4000-8000-000000000001'
  const c = ws.updateCustomer(id, { orderWebBlocked: true, priceGroup: 'Trade', tags: ['vip'], managedBy: rep, contact: 'Jo', checkoutMode: 'pay_later' })
  assert.deepEqual([c.orderWebBlocked, c.priceGroup, c.tags, c.managedBy, c.contact, c.checkoutMode], [true, 'Trade', ['vip'], rep, 'Jo', 'pay_later'])
  assert.equal(ws.updateCustomer(id, { name: 'Synced Co' }).name, 'Synced Co')
})

test('S1 the helper follows the settings as they change', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Local' })
  ws.updateSettings({ contactsSync: { enabled: true, connected: true } })
  assert.deepEqual(ws.editableFields(c.id), without('name', 'code', 'email', 'active'))
  ws.updateSettings({ contactsSync: { connected: false } })
  assert.deepEqual(ws.settings().contactsSync, { enabled: true, connected: false, phoneMapped: false })
  assert.deepEqual(ws.editableFields(c.id), ALL, 'enabled but not connected locks nothing')
})

test('S2 local create is refused under sync, telling the user what to do', () => {
  const { ws } = synced()
  const e = throwsCode(() => ws.createCustomer({ name: 'Walk-in' }), 'SOURCE_OF_TRUTH_EXTERNAL', 'contacts_sync')
  assert.match(e.message, /external system/)
  assert.match(e.message, /Sync Contacts/)
  assert.equal(ws.listCustomers({ filter: 'all' }).total, 0)
})

test('S2 enabled but not connected is not the source of truth', () => {
  const { ws } = workspace({ contactsSync: { enabled: true, connected: false } })
  assert.equal(ws.createCustomer({ name: 'Walk-in' }).name, 'Walk-in')
})

test('S3 a batch upserts by external id and reports what it did', () => {
  const { ws } = synced()
  const first = ws.applyContactsSync([
    { externalId: 'x1', name: 'One', code: 'ONE' },
    { externalId: 'x2', name: 'Two', email: 'two@co.example' },
  ])
  assert.deepEqual([first.created.length, first.updated, first.unchanged], [2, [], []])
  const again = ws.applyContactsSync([
    { externalId: 'x1', name: 'One Renamed', code: 'ONE' },
    { externalId: 'x2', name: 'Two', email: 'two@co.example' },
    { externalId: 'x3', name: 'Three', active: false },
  ])
  assert.deepEqual([again.updated, again.unchanged, again.created.length], [[first.created[0]], [first.created[1]], 1])
  const one = ws.getCustomer(first.created[0])
  assert.deepEqual([one.name, one.externalId, one.version], ['One Renamed', 'x1', 2])
  assert.equal(ws.getCustomer(again.created[0]).active, false)
  assert.deepEqual(names(ws.listCustomers({ filter: 'all' })), ['One Renamed', 'Three', 'Two'])
})

test('S3 sync never touches order_web_blocked, and keeps the link code', () => {
  const { ws } = synced()
  const [id] = ws.applyContactsSync([{ externalId: 'x1', name: 'One' }]).created
  const before = ws.updateCustomer(id, { orderWebBlocked: true })
  ws.applyContactsSync([{ externalId: 'x1', name: 'One Again', email: 'one@co.example' }])
  const after = ws.getCustomer(id)
  assert.deepEqual([after.orderWebBlocked, after.linkCode, after.email], [true, before.linkCode, 'one@co.example'])
})

test('S3 one bad record refuses the whole batch', () => {
  const { ws } = synced()
  ws.applyContactsSync([{ externalId: 'x1', name: 'One', code: 'ONE' }])
  const before = ws.listCustomers({ filter: 'all' })
  throwsCode(() => ws.applyContactsSync([{ externalId: 'x2', name: 'Two' }, { externalId: 'x3', name: 'Three', code: 'one' }]), 'CODE_TAKEN', 'conflict')
  throwsCode(() => ws.applyContactsSync([{ externalId: 'x2', name: 'Two' }, { externalId: 'x4', name: ' ' }]), 'NAME_REQUIRED', 'validation')
  throwsCode(() => ws.applyContactsSync([{ externalId: 'x2', name: 'Two' }, { externalId: 'x2', name: 'Again' }]), 'EXTERNAL_ID_DUPLICATE', 'conflict')
  throwsCode(() => ws.applyContactsSync([{ externalId: ' ', name: 'No id' }]), 'INVALID_ARGUMENT', 'validation')
  assert.deepEqual(ws.listCustomers({ filter: 'all' }), before)
})

test('S3 a batch without active sync is refused', () => {
  const { ws } = workspace()
  throwsCode(() => ws.applyContactsSync([{ externalId: 'x1', name: 'One' }]), 'SYNC_NOT_ACTIVE', 'contacts_sync')
})
