// Who may use a link, through the Node API: A1–A4.
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, T0, UNKNOWN, throwsCode, workspace } from './helpers.mjs'

const decision = (d) => [d.mayView, d.maySubmit, d.needsVerification, d.reason]

test('A1 inactive wins over blocked; the two controls are independent', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A' })
  assert.equal(c.orderWebAccess, 'available')
  assert.equal(ws.updateCustomer(c.id, { orderWebBlocked: true }).orderWebAccess, 'blocked')
  assert.equal(ws.updateCustomer(c.id, { active: false }).orderWebAccess, 'blocked_inactive')
  const back = ws.updateCustomer(c.id, { active: true })
  assert.deepEqual([back.orderWebAccess, back.orderWebBlocked], ['blocked', true], 'the block survived')
  assert.equal(ws.updateCustomer(c.id, { orderWebBlocked: false }).orderWebAccess, 'available')
})

test('A1 inactive and not blocked is blocked_inactive; access shows on the decision', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A', active: false })
  assert.equal(c.orderWebAccess, 'blocked_inactive')
  assert.equal(ws.openLink(c.linkCode).access, 'blocked_inactive')
})

test('A2 an available customer link may view and submit', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Deli' })
  const d = ws.openLink(ws.linkUrl(c.id))
  assert.deepEqual(decision(d), [true, true, false, null])
  assert.deepEqual([d.found, d.customerId, d.isWorkspaceLink, d.access, d.message], [true, c.id, false, 'available', null])
})

test('A2 an unknown code is not found', () => {
  const { ws } = workspace()
  const d = ws.openLink(UNKNOWN)
  assert.deepEqual([d.found, d.customerId, d.access, d.greeting], [false, null, null, null])
  assert.deepEqual(decision(d), [false, false, false, 'LINK_NOT_FOUND'])
})

test('A2 blocked and inactive links may neither view nor submit', () => {
  const { ws } = workspace()
  const blocked = ws.createCustomer({ name: 'Blocked', orderWebBlocked: true })
  assert.deepEqual(decision(ws.openLink(blocked.linkCode)), [false, false, false, 'ORDERING_UNAVAILABLE'])
  const inactive = ws.createCustomer({ name: 'Inactive', active: false })
  assert.deepEqual(decision(ws.openLink(inactive.linkCode)), [false, false, false, 'ACCOUNT_INACTIVE'])
})

test('A2 trial expired: view but no submit, on customer and workspace links', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Deli' })
  ws.updateSettings({ trialExpired: true })
  assert.deepEqual(decision(ws.openLink(c.linkCode)), [true, false, false, 'TRIAL_EXPIRED'])
  assert.deepEqual(decision(ws.openLink(ws.workspaceLinkUrl())), [true, false, false, 'TRIAL_EXPIRED'])
  ws.updateSettings({ trialExpired: false })
  assert.deepEqual(decision(ws.openLink(c.linkCode)), [true, true, false, null])
})

function strict(options = {}) {
  const { ws, clock } = workspace({ strictSecurity: true, ...options })
  const c = ws.createCustomer({ name: 'Deli', email: 'buyer@deli.example' })
  return { ws, clock, c, url: ws.linkUrl(c.id) }
}

test('A3 strict mode: a customer link needs verification first; the workspace link does not', () => {
  const { ws, url } = strict()
  assert.deepEqual(decision(ws.openLink(url)), [false, false, true, 'VERIFICATION_REQUIRED'])
  assert.deepEqual(decision(ws.openLink(ws.workspaceLinkUrl())), [true, true, false, null])
  throwsCode(() => ws.startVerification(ws.workspaceLinkUrl()), 'VERIFICATION_NOT_REQUIRED', 'access')
})

test('A3 right pick passes, and openLink with the token has mayView true', () => {
  const { ws, c, url } = strict()
  const start = ws.startVerification(url)
  assert.deepEqual([start.customerId, start.email], [c.id, 'buyer@deli.example'])
  assert.equal(new Set(start.options).size, 4)
  assert.ok(start.options.includes(start.codeWord))
  assert.ok(start.expiresAt instanceof Date)
  const session = ws.completeVerification(start.challengeId, start.codeWord)
  assert.equal(session.customerId, c.id)
  const d = ws.openLink(url, session.token)
  assert.deepEqual(decision(d), [true, true, false, null])
  assert.equal(ws.openLink(url, 'not-a-token').mayView, false, 'a made-up token verifies nothing')
  assert.equal(ws.openLink(url, null).needsVerification, true)
})

test('A3 a token is only for the customer it verified', () => {
  const { ws, url } = strict()
  const other = ws.createCustomer({ name: 'Other', email: 'other@deli.example' })
  const start = ws.startVerification(url)
  const session = ws.completeVerification(start.challengeId, start.codeWord)
  assert.equal(ws.openLink(other.linkCode, session.token).needsVerification, true)
})

test('A3 wrong pick ends the challenge', () => {
  const { ws, c } = strict()
  const start = ws.startVerification(c.linkCode)
  const wrong = start.options.find((o) => o !== start.codeWord)
  throwsCode(() => ws.completeVerification(start.challengeId, wrong), 'VERIFICATION_FAILED', 'access')
  throwsCode(() => ws.completeVerification(start.challengeId, start.codeWord), 'CHALLENGE_NOT_FOUND', 'not_found')
})

test('A3 a right pick is single-use too', () => {
  const { ws, c } = strict()
  const start = ws.startVerification(c.linkCode)
  ws.completeVerification(start.challengeId, start.codeWord)
  throwsCode(() => ws.completeVerification(start.challengeId, start.codeWord), 'CHALLENGE_NOT_FOUND')
})

test('A3 a challenge expires on the injected clock', () => {
  const { ws, clock, c } = strict()
  const start = ws.startVerification(c.linkCode)
  assert.equal(start.expiresAt.getTime() - clock.now().getTime(), 600_000)
  clock.advance(600)
  throwsCode(() => ws.completeVerification(start.challengeId, start.codeWord), 'CHALLENGE_EXPIRED', 'access')
  const next = ws.startVerification(c.linkCode)
  clock.advance(599)
  assert.equal(ws.completeVerification(next.challengeId, next.codeWord).customerId, c.id, 'in time')
})

test('A3 a new challenge replaces the open one', () => {
  const { ws, c } = strict()
  const first = ws.startVerification(c.linkCode)
  const second = ws.startVerification(c.linkCode)
  throwsCode(() => ws.completeVerification(first.challengeId, first.codeWord), 'CHALLENGE_NOT_FOUND')
  assert.equal(ws.completeVerification(second.challengeId, second.codeWord).customerId, c.id)
})

test('A3 the ManualClock moves only when told, and never out of the range of dates', () => {
  const clock = new ol.ManualClock(T0)
  clock.advance(90.5)
  assert.equal(clock.now().getTime(), T0.getTime() + 90_500)
  clock.advance(-90.5)
  assert.deepEqual(clock.now(), T0)
  clock.advance(1e300)
  assert.deepEqual(clock.now(), T0, 'a move past the range leaves it where it is')
  clock.set(new Date('2030-01-01T00:00:00Z'))
  assert.equal(clock.now().toISOString(), '2030-01-01T00:00:00.000Z')
})

test('A3 a verified session expires too', () => {
  const { ws, clock, url } = strict()
  const start = ws.startVerification(url)
  const session = ws.completeVerification(start.challengeId, start.codeWord)
  clock.set(session.expiresAt)
  assert.equal(ws.openLink(url, session.token).needsVerification, true)
})

test('A3 new challenges per link are rate limited, and the window passes', () => {
  const { ws, clock, c } = strict({ verification: { maxChallenges: 3, windowSecs: 60 } })
  for (let i = 0; i < 3; i++) ws.startVerification(c.linkCode)
  throwsCode(() => ws.startVerification(c.linkCode), 'RATE_LIMITED', 'access')
  clock.advance(61)
  assert.equal(ws.startVerification(c.linkCode).customerId, c.id)
})

test('A3 the default limit is five an hour', () => {
  const { ws, c } = strict()
  for (let i = 0; i < 5; i++) ws.startVerification(c.linkCode)
  throwsCode(() => ws.startVerification(c.linkCode), 'RATE_LIMITED')
})

test('A3 no email on file: the buyer is told to contact the supplier', () => {
  const { ws } = strict()
  const noEmail = ws.createCustomer({ name: 'No Email' })
  const d = ws.openLink(noEmail.linkCode)
  assert.deepEqual(decision(d), [false, false, true, 'NO_EMAIL_ON_FILE'])
  assert.match(d.message, /Harbour Foods/)
  throwsCode(() => ws.startVerification(noEmail.linkCode), 'NO_EMAIL_ON_FILE', 'access')
})

test('A3 a blocked link says blocked, not verify, and starts no challenge', () => {
  const { ws } = strict()
  const blocked = ws.createCustomer({ name: 'Blocked', email: 'b@deli.example', orderWebBlocked: true })
  assert.deepEqual(decision(ws.openLink(blocked.linkCode)), [false, false, false, 'ORDERING_UNAVAILABLE'])
  throwsCode(() => ws.startVerification(blocked.linkCode), 'ORDERING_UNAVAILABLE', 'access')
  throwsCode(() => ws.startVerification(UNKNOWN), 'LINK_NOT_FOUND', 'not_found')
})

test('A3 without strict mode there is nothing to verify', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Deli', email: 'buyer@deli.example' })
  throwsCode(() => ws.startVerification(c.linkCode), 'VERIFICATION_NOT_REQUIRED')
})

test('A4 greetings on customer and workspace links', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Corner Deli' })
  assert.equal(ws.openLink(c.linkCode).greeting, 'Welcome back, Corner Deli')
  assert.equal(ws.openLink(ws.workspaceLinkUrl()).greeting, 'Welcome to Harbour Foods')
  ws.updateSettings({ name: 'Harbour Fine Foods' })
  assert.equal(ws.openLink(ws.workspaceLinkUrl()).greeting, 'Welcome to Harbour Fine Foods')
})

test('A4 blocked links say why in words a buyer understands', () => {
  const { ws } = workspace()
  const blocked = ws.createCustomer({ name: 'Corner Deli', orderWebBlocked: true })
  const d = ws.openLink(blocked.linkCode)
  assert.equal(d.greeting, 'Welcome back, Corner Deli')
  assert.equal(d.message, 'Ordering is temporarily unavailable for this account. Please contact Harbour Foods.')
  const inactive = ws.createCustomer({ name: 'Old Deli', active: false })
  assert.equal(ws.openLink(inactive.linkCode).message, 'This account is not active. Please contact Harbour Foods to reactivate it.')
})
