// Every bad input tried from Node gets an Error with a stable code (and its family), and the
// store is unchanged after it (C1 C2 C3 C5 L3 S1 S2, plus arguments of the wrong type).
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, throwsCode, snapshot, synced, workspace } from './helpers.mjs'

const MISSING = '00000000-0000-4000-8000-000000000001'

test('C1 C2 C3 C5 L3 S1 S2 every bad input has a code and changes nothing', () => {
  const { ws } = workspace()
  const existing = ws.createCustomer({ name: 'Existing', code: 'k-1', email: 'e@x.example' })
  const { ws: sws } = synced()
  const [syncedId] = sws.applyContactsSync([{ externalId: 'x1', name: 'Synced Co' }]).created
  // [what, workspace, call, code, kind]
  const cases = [
    ['C1 blank name', ws, () => ws.createCustomer({ name: '  ' }), 'NAME_REQUIRED', 'validation'],
    ['C1 201-char name', ws, () => ws.createCustomer({ name: 'n'.repeat(201) }), 'NAME_TOO_LONG', 'validation'],
    ['C1 blanking a name', ws, () => ws.updateCustomer(existing.id, { name: '' }), 'NAME_REQUIRED', 'validation'],
    ['C3 bad email', ws, () => ws.createCustomer({ name: 'A', email: 'a@b' }), 'EMAIL_INVALID', 'validation'],
    ['C3 bad email on update', ws, () => ws.updateCustomer(existing.id, { email: 'nope' }), 'EMAIL_INVALID', 'validation'],
    ['C2 duplicate code in another case', ws, () => ws.createCustomer({ name: 'B', code: 'K-1' }), 'CODE_TAKEN', 'conflict'],
    ['C2 over-long code', ws, () => ws.createCustomer({ name: 'B', code: 'c'.repeat(65) }), 'FIELD_TOO_LONG', 'validation'],
    ['unknown update key', ws, () => ws.updateCustomer(existing.id, { nmae: 'x' }), 'INVALID_ARGUMENT', 'validation'],
    ['snake_case key', ws, () => ws.createCustomer({ name: 'A', order_web_blocked: true }), 'INVALID_ARGUMENT', 'validation'],
    ['unknown create key', ws, () => ws.createCustomer({ name: 'A', colour: 'red' }), 'INVALID_ARGUMENT', 'validation'],
    ['freight without its amount', ws, () => ws.createCustomer({ name: 'A', freight: { kind: 'flat_rate' } }), 'INVALID_ARGUMENT', 'validation'],
    ['unknown freight kind', ws, () => ws.updateCustomer(existing.id, { freight: { kind: 'pigeon' } }), 'INVALID_ARGUMENT', 'validation'],
    ['C5 bad filter value', ws, () => ws.listCustomers({ filter: 'everyone' }), 'INVALID_ARGUMENT', 'validation'],
    ['C5 bad sort value', ws, () => ws.listCustomers({ sort: 'Name' }), 'INVALID_ARGUMENT', 'validation'],
    ['C5 page size 0', ws, () => ws.listCustomers({ limit: 0 }), 'INVALID_ARGUMENT', 'validation'],
    ['C5 negative offset', ws, () => ws.listCustomers({ offset: -1 }), 'INVALID_ARGUMENT', 'validation'],
    ['C5 fractional limit', ws, () => ws.listCustomers({ limit: 1.5 }), 'INVALID_ARGUMENT', 'validation'],
    ['L3 malformed link', ws, () => ws.openLink('https://x.example/order/nope'), 'LINK_MALFORMED', 'validation'],
    ['L3 malformed code', ws, () => ws.resolveLink('ILOU'), 'LINK_MALFORMED', 'validation'],
    ['S1 blocking an inactive customer', ws, () => ws.createCustomer({ name: 'A', active: false, orderWebBlocked: true }), 'ORDER_WEB_BLOCKED_REQUIRES_ACTIVE', 'validation'],
    ['S1 locked field under sync', sws, () => sws.updateCustomer(syncedId, { email: 'a@b.example' }), 'FIELD_LOCKED', 'contacts_sync'],
    ['S2 create under sync', sws, () => sws.createCustomer({ name: 'Local' }), 'SOURCE_OF_TRUTH_EXTERNAL', 'contacts_sync'],
    ['S3 record without a name', sws, () => sws.applyContactsSync([{ externalId: 'y' }]), 'INVALID_ARGUMENT', 'validation'],
    ['S3 blank name in a record', sws, () => sws.applyContactsSync([{ externalId: 'y', name: ' ' }]), 'NAME_REQUIRED', 'validation'],
    ['not found', ws, () => ws.deleteCustomer(MISSING), 'CUSTOMER_NOT_FOUND', 'not_found'],
    ['not found on update', ws, () => ws.updateCustomer(MISSING, { name: 'x' }), 'CUSTOMER_NOT_FOUND', 'not_found'],
    ['malformed id', ws, () => ws.getCustomer('not-a-uuid'), 'INVALID_ARGUMENT', 'validation'],
    ['malformed challenge id', ws, () => ws.completeVerification('nope', 'owl'), 'INVALID_ARGUMENT', 'validation'],
    ['bad currency', ws, () => ws.updateSettings({ currency: 'XXXX' }), 'INVALID_ARGUMENT', 'validation'],
    ['bad base URL', ws, () => ws.updateSettings({ baseUrl: 'ftp://x.example' }), 'INVALID_ARGUMENT', 'validation'],
    ['blank workspace name', ws, () => ws.updateSettings({ name: ' ', trialExpired: true }), 'INVALID_ARGUMENT', 'validation'],
    ['unknown settings key', ws, () => ws.updateSettings({ trialExpiry: true }), 'INVALID_ARGUMENT', 'validation'],
    ['typo inside contactsSync', ws, () => ws.updateSettings({ contactsSync: { enabeld: true } }), 'INVALID_ARGUMENT', 'validation'],
    ['zero verification limit', ws, () => ws.updateSettings({ verification: { maxChallenges: 0 } }), 'INVALID_ARGUMENT', 'validation'],
    // Arguments of the wrong type are refused by the binding with the core's code, never napi's.
    ['number for name', ws, () => ws.createCustomer({ name: 42 }), 'INVALID_ARGUMENT', 'validation'],
    ['string for active', ws, () => ws.createCustomer({ name: 'A', active: 'yes' }), 'INVALID_ARGUMENT', 'validation'],
    ['string for tags', ws, () => ws.createCustomer({ name: 'A', tags: 'vip' }), 'INVALID_ARGUMENT', 'validation'],
    ['function for a field', ws, () => ws.createCustomer({ name: () => 'A' }), 'INVALID_ARGUMENT', 'validation'],
    ['string for the input', ws, () => ws.createCustomer('Deli'), 'INVALID_ARGUMENT', 'validation'],
    ['array for the input', ws, () => ws.createCustomer(['Deli']), 'INVALID_ARGUMENT', 'validation'],
    ['no input', ws, () => ws.createCustomer(), 'INVALID_ARGUMENT', 'validation'],
    ['null changes', ws, () => ws.updateCustomer(existing.id, null), 'INVALID_ARGUMENT', 'validation'],
    ['number for an id', ws, () => ws.getCustomer(42), 'INVALID_ARGUMENT', 'validation'],
    ['object for an id', ws, () => ws.updateCustomer({ id: existing.id }, { name: 'x' }), 'INVALID_ARGUMENT', 'validation'],
    ['null for a link', ws, () => ws.openLink(null), 'INVALID_ARGUMENT', 'validation'],
    ['number for a token', ws, () => ws.openLink(existing.linkCode, 7), 'INVALID_ARGUMENT', 'validation'],
    ['string for the query', ws, () => ws.listCustomers('all'), 'INVALID_ARGUMENT', 'validation'],
    ['number for guest', ws, () => ws.listCustomers({ guest: 1 }), 'INVALID_ARGUMENT', 'validation'],
    ['object for records', ws, () => ws.applyContactsSync({ externalId: 'x' }), 'INVALID_ARGUMENT', 'validation'],
    ['string in records', sws, () => sws.applyContactsSync(['x']), 'INVALID_ARGUMENT', 'validation'],
    ['number for a picked word', ws, () => ws.completeVerification(MISSING, 3), 'INVALID_ARGUMENT', 'validation'],
  ]
  for (const [what, target, call, code, kind] of cases) {
    const before = snapshot(target)
    const e = throwsCode(call, code, kind)
    assert.ok(!/Expected|napi|StringExpected/.test(e.code), what)
    assert.deepEqual(snapshot(target), before, `${what}: the store changed`)
  }
})

test('L2 bad workspace, seed, clock and module arguments are refused with a code', () => {
  const cases = [
    [() => new ol.Workspace(5), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace(' '), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', 'options'), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { seed: -1 }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { seed: 1.5 }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { seed: '1' }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { clock: new Date() }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { clock: new ol.Workspace('B') }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { currency: 'EURO' }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { baseUrl: 'not a url' }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { strictSecurity: 'yes' }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { contactsSync: { enabled: true, conected: true } }), 'INVALID_ARGUMENT'],
    [() => new ol.Workspace('A', { unknownOption: true }), 'INVALID_ARGUMENT'],
    [() => new ol.ManualClock('2026-01-01'), 'INVALID_ARGUMENT'],
    [() => new ol.ManualClock(new Date('not a date')), 'INVALID_ARGUMENT'],
    [() => new ol.ManualClock(new Date()).advance('60'), 'INVALID_ARGUMENT'],
    [() => new ol.ManualClock(new Date()).advance(Infinity), 'INVALID_ARGUMENT'],
    [() => new ol.ManualClock(new Date()).set(0), 'INVALID_ARGUMENT'],
    [() => ol.normalizeName(3), 'INVALID_ARGUMENT'],
    [() => ol.normalizeEmail(null), 'INVALID_ARGUMENT'],
    [() => ol.searchFold({}), 'INVALID_ARGUMENT'],
    [() => ol.parseLinkCode(undefined), 'INVALID_ARGUMENT'],
    [() => ol.parseLinkCode('nope'), 'LINK_MALFORMED'],
  ]
  for (const [call, code] of cases) throwsCode(call, code, 'validation')
})

test('A3 a challenge survives a refused call', () => {
  const { ws } = workspace({ strictSecurity: true })
  const c = ws.createCustomer({ name: 'Deli', email: 'buyer@deli.example' })
  const start = ws.startVerification(c.linkCode)
  throwsCode(() => ws.completeVerification(start.challengeId, 42), 'INVALID_ARGUMENT')
  assert.equal(ws.completeVerification(start.challengeId, start.codeWord).customerId, c.id)
})
