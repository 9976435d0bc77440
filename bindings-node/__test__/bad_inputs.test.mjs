// Every bad input gets an Error with a stable code, and the store is unchanged after it
// (C1 C2 C3 C5 L3 S1 S2).
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, throwsCode, snapshot, workspace } from './helpers.mjs'

test('C1 C2 C3 C5 L3 every bad input has a code and changes nothing', () => {
  const { ws } = workspace()
  const existing = ws.createCustomer({ name: 'Existing', code: 'k-1' })
  const cases = [
    ['NAME_REQUIRED', () => ws.createCustomer({ name: '  ' })],
    ['NAME_TOO_LONG', () => ws.createCustomer({ name: 'n'.repeat(201) })],
    ['EMAIL_INVALID', () => ws.createCustomer({ name: 'A', email: 'a@b' })],
    ['CODE_TAKEN', () => ws.createCustomer({ name: 'B', code: 'K-1' })],
    ['INVALID_ARGUMENT', () => ws.updateCustomer(existing.id, { nmae: 'x' })],
    ['INVALID_ARGUMENT', () => ws.createCustomer({ name: 42 })],
    ['INVALID_ARGUMENT', () => ws.createCustomer({ name: 'A', active: 'yes' })],
    ['INVALID_ARGUMENT', () => ws.listCustomers({ filter: 'everyone' })],
    ['INVALID_ARGUMENT', () => ws.listCustomers({ limit: 0 })],
    ['INVALID_ARGUMENT', () => ws.getCustomer('not-a-uuid')],
    ['LINK_MALFORMED', () => ws.openLink('https://x.example/order/nope')],
    ['NAME_REQUIRED', () => ws.updateCustomer(existing.id, { name: '' })],
    ['CUSTOMER_NOT_FOUND', () => ws.deleteCustomer('00000000-0000-0000-0000-000000000001')],
  ]
  for (const [code, call] of cases) {
    const before = snapshot(ws)
    throwsCode(call, code)
    assert.deepEqual(snapshot(ws), before, code)
  }
})

test('S1 S2 refusals under sync change nothing', () => {
  const ws = new ol.Workspace('Synced', { seed: 1, contactsSync: { enabled: true, connected: true } })
  const [id] = ws.applyContactsSync([{ externalId: 'x', name: 'Co' }]).created
  for (const [code, call] of [
    ['FIELD_LOCKED', () => ws.updateCustomer(id, { email: 'a@b.example' })],
    ['SOURCE_OF_TRUTH_EXTERNAL', () => ws.createCustomer({ name: 'Local' })],
    ['NAME_REQUIRED', () => ws.applyContactsSync([{ externalId: 'y', name: ' ' }])],
    ['INVALID_ARGUMENT', () => ws.applyContactsSync([{ externalId: 'y' }])],
  ]) {
    const before = snapshot(ws)
    throwsCode(call, code)
    assert.deepEqual(snapshot(ws), before, code)
  }
})

test('C2 undefined leaves a field as it is, null clears it', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A', email: 'a@a.example', phone: '1' })
  const after = ws.updateCustomer(c.id, { email: undefined, phone: null })
  assert.equal(after.email, 'a@a.example')
  assert.equal(after.phone ?? null, null)
})
