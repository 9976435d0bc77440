// One or more tests per SPEC rule of the foundation slice, through the Node API.
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, UNKNOWN, throwsCode, workspace } from './helpers.mjs'

test('C1 name required, trimmed, at most 200 characters', () => {
  const { ws } = workspace()
  assert.equal(ws.createCustomer({ name: '  Corner Deli  ' }).name, 'Corner Deli')
  throwsCode(() => ws.createCustomer({ name: '   ' }), 'NAME_REQUIRED')
  assert.equal(ws.createCustomer({ name: 'x'.repeat(200) }).name.length, 200)
  throwsCode(() => ws.createCustomer({ name: 'x'.repeat(201) }), 'NAME_TOO_LONG')
})

test('C2 code unique without case; blank optional text is absent', () => {
  const { ws } = workspace()
  ws.createCustomer({ name: 'First', code: 'abc-1' })
  throwsCode(() => ws.createCustomer({ name: 'Second', code: ' ABC-1 ' }), 'CODE_TAKEN')
  const c = ws.createCustomer({ name: 'Third', code: '  ', email: '' })
  assert.equal(c.code ?? null, null)
  assert.equal(c.email ?? null, null)
})

test('C3 email validated, domain lower-cased', () => {
  const { ws } = workspace()
  assert.equal(ws.createCustomer({ name: 'A', email: ' Jo@Example.COM ' }).email, 'Jo@example.com')
  for (const bad of ['jo@localhost', 'jo bloggs@example.com', 'no-at.example.com']) {
    throwsCode(() => ws.createCustomer({ name: 'A', email: bad }), 'EMAIL_INVALID')
  }
})

test('C4 unique-names policy compares after N1', () => {
  const ws = new ol.Workspace('Acme', { uniqueNames: true, seed: 1 })
  ws.createCustomer({ name: 'Acme  Pty Ltd' })
  throwsCode(() => ws.createCustomer({ name: 'ACME pty ltd' }), 'NAME_TAKEN')
})

test('C5 filter, accent-insensitive search, sort and pages', () => {
  const { ws } = workspace()
  for (const name of ['delta', 'Alpha', 'Café Crème', 'bravo']) ws.createCustomer({ name })
  const gone = ws.createCustomer({ name: 'Zulu' })
  ws.updateCustomer(gone.id, { active: false })
  const page = ws.listCustomers()
  assert.deepEqual(page.items.map((c) => c.name), ['Alpha', 'bravo', 'Café Crème', 'delta'])
  assert.equal(page.total, 4)
  assert.deepEqual(ws.listCustomers({ filter: 'inactive' }).items.map((c) => c.name), ['Zulu'])
  assert.deepEqual(ws.listCustomers({ search: 'CAFE creme' }).items.map((c) => c.name), ['Café Crème'])
  const second = ws.listCustomers({ offset: 2, limit: 2, descending: true })
  assert.deepEqual(second.items.map((c) => c.name), ['bravo', 'Alpha'])
})

test('C6 a guest sees only the customers it manages', () => {
  const { ws } = workspace()
  const rep = '6f1d0c3a-0000-4000-8000-000000000001'
  ws.createCustomer({ name: 'Mine', managedBy: rep })
  ws.createCustomer({ name: 'Theirs', managedBy: '6f1d0c3a-0000-4000-8000-000000000002' })
  assert.deepEqual(ws.listCustomers({ guest: rep }).items.map((c) => c.name), ['Mine'])
  assert.equal(ws.listCustomers().total, 2)
})

test('C7 a customer without orders can be deleted', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Brief' })
  ws.deleteCustomer(c.id)
  throwsCode(() => ws.getCustomer(c.id), 'CUSTOMER_NOT_FOUND')
})

test('L1 every customer gets a distinct permanent code', () => {
  const { ws } = workspace()
  const codes = new Set(Array.from({ length: 200 }, (_, i) => ws.createCustomer({ name: `C${i}` }).linkCode))
  assert.equal(codes.size, 200)
  assert.ok(!codes.has(ws.settings().linkCode))
  const c = ws.createCustomer({ name: 'Permanent' })
  assert.equal(ws.updateCustomer(c.id, { name: 'Renamed' }).linkCode, c.linkCode)
})

test('L2 codes are 26 Crockford base32 characters', () => {
  const { ws } = workspace()
  assert.match(ws.createCustomer({ name: 'A' }).linkCode, /^[0-9A-HJKMNP-TV-Z]{26}$/)
})

test('L3 link URL and parsing', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A' })
  const url = ws.linkUrl(c.id)
  assert.equal(url, `https://orderverse.io/order/${c.linkCode}`)
  assert.equal(ol.parseLinkCode(url.toLowerCase()), c.linkCode)
  throwsCode(() => ws.resolveLink('https://orderverse.io/order/short'), 'LINK_MALFORMED')
})

test('L4 resolve answers customer, workspace or unknown', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A' })
  assert.deepEqual(ws.resolveLink(c.linkCode), { kind: 'customer', customerId: c.id })
  assert.equal(ws.resolveLink(ws.workspaceLinkUrl()).kind, 'workspace')
  assert.equal(ws.resolveLink(UNKNOWN).kind, 'unknown')
})

test('L5 rotation retires the old code and is audited', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Leaky' })
  const rotated = ws.rotateLink(c.id, { by: 'admin', reason: 'posted publicly' })
  assert.notEqual(rotated.linkCode, c.linkCode)
  assert.equal(ws.resolveLink(c.linkCode).kind, 'unknown')
  const [entry] = ws.linkRotations(c.id)
  assert.deepEqual([entry.oldCode, entry.newCode, entry.by], [c.linkCode, rotated.linkCode, 'admin'])
})

test('A1 inactive wins over blocked', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A', orderWebBlocked: true })
  assert.equal(c.orderWebAccess, 'blocked')
  assert.equal(ws.updateCustomer(c.id, { active: false }).orderWebAccess, 'blocked_inactive')
})

test('A2 decisions for blocked, unknown and trial expired', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Deli' })
  assert.equal(ws.openLink(ws.linkUrl(c.id)).maySubmit, true)
  assert.equal(ws.openLink(UNKNOWN).reason, 'LINK_NOT_FOUND')
  ws.updateCustomer(c.id, { orderWebBlocked: true })
  let d = ws.openLink(c.linkCode)
  assert.deepEqual([d.mayView, d.maySubmit, d.reason], [false, false, 'ORDERING_UNAVAILABLE'])
  ws.updateCustomer(c.id, { orderWebBlocked: false })
  ws.updateSettings({ trialExpired: true })
  d = ws.openLink(c.linkCode)
  assert.deepEqual([d.mayView, d.maySubmit, d.reason], [true, false, 'TRIAL_EXPIRED'])
})

function strict() {
  const { ws, clock } = workspace({ strictSecurity: true })
  const c = ws.createCustomer({ name: 'Deli', email: 'buyer@deli.example' })
  return { ws, clock, c }
}

test('A3 right pick passes and opens the catalogue', () => {
  const { ws, c } = strict()
  const url = ws.linkUrl(c.id)
  assert.equal(ws.openLink(url).needsVerification, true)
  const start = ws.startVerification(url)
  assert.equal(new Set(start.options).size, 4)
  assert.ok(start.options.includes(start.codeWord))
  const session = ws.completeVerification(start.challengeId, start.codeWord)
  const d = ws.openLink(url, session.token)
  assert.deepEqual([d.mayView, d.maySubmit, d.needsVerification], [true, true, false])
})

test('A3 wrong pick ends the challenge', () => {
  const { ws, c } = strict()
  const start = ws.startVerification(c.linkCode)
  const wrong = start.options.find((o) => o !== start.codeWord)
  throwsCode(() => ws.completeVerification(start.challengeId, wrong), 'VERIFICATION_FAILED')
  throwsCode(() => ws.completeVerification(start.challengeId, start.codeWord), 'CHALLENGE_NOT_FOUND')
})

test('A3 a challenge expires on the injected clock', () => {
  const { ws, clock, c } = strict()
  const start = ws.startVerification(c.linkCode)
  clock.advance(600)
  throwsCode(() => ws.completeVerification(start.challengeId, start.codeWord), 'CHALLENGE_EXPIRED')
})

test('A3 rate limit, and no email on file', () => {
  const { ws, c } = strict()
  for (let i = 0; i < 5; i++) ws.startVerification(c.linkCode)
  throwsCode(() => ws.startVerification(c.linkCode), 'RATE_LIMITED')
  const noEmail = ws.createCustomer({ name: 'No Email' })
  throwsCode(() => ws.startVerification(noEmail.linkCode), 'NO_EMAIL_ON_FILE')
})

test('A4 greetings and plain words', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Corner Deli', orderWebBlocked: true })
  const d = ws.openLink(c.linkCode)
  assert.equal(d.greeting, 'Welcome back, Corner Deli')
  assert.equal(d.message, 'Ordering is temporarily unavailable for this account. Please contact Harbour Foods.')
  assert.equal(ws.openLink(ws.workspaceLinkUrl()).greeting, 'Welcome to Harbour Foods')
})

const synced = (phoneMapped = false) =>
  new ol.Workspace('Harbour Foods', { seed: 2, contactsSync: { enabled: true, connected: true, phoneMapped } })

test('S1 locked fields and editable fields', () => {
  const ws = synced(true)
  const [id] = ws.applyContactsSync([{ externalId: 'x1', name: 'Synced Co' }]).created
  const fields = ws.editableFields(id)
  assert.ok(!fields.includes('name') && !fields.includes('phone') && fields.includes('order_web_blocked'))
  throwsCode(() => ws.updateCustomer(id, { name: 'Other' }), 'FIELD_LOCKED')
  assert.equal(ws.updateCustomer(id, { orderWebBlocked: true }).orderWebBlocked, true)
})

test('S2 local create is refused under sync', () => {
  const e = throwsCode(() => synced().createCustomer({ name: 'Walk-in' }), 'SOURCE_OF_TRUTH_EXTERNAL')
  assert.match(e.message, /Sync Contacts/)
})

test('S3 sync upserts by external id, all or nothing', () => {
  const ws = synced()
  const first = ws.applyContactsSync([{ externalId: 'x1', name: 'One', code: 'ONE' }])
  const again = ws.applyContactsSync([{ externalId: 'x1', name: 'One Renamed', code: 'ONE' }])
  assert.deepEqual(again.updated, first.created)
  assert.equal(ws.getCustomer(first.created[0]).name, 'One Renamed')
  throwsCode(
    () => ws.applyContactsSync([{ externalId: 'x2', name: 'Two' }, { externalId: 'x3', name: 'Three', code: 'one' }]),
    'CODE_TAKEN'
  )
  assert.equal(ws.listCustomers({ filter: 'all' }).total, 1)
})

test('money crosses as a decimal string and time as Date', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A' })
  assert.equal(c.amount, '0')
  assert.ok(c.createdAt instanceof Date)
})
