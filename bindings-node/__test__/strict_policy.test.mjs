// A3 strict-mode policy through the Node API: pictures shown, rounds, the lockout (lifted by
// time and by the supplier, audited), policy validation, and the guessing odds.
import test from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ol, T0, throwsCode, workspace } from './helpers.mjs'

const DEFAULT_POLICY = {
  challengeTtlSecs: 600,
  maxChallenges: 5,
  windowSecs: 3600,
  sessionTtlSecs: 43200,
  optionsShown: 4,
  rounds: 1,
  lockoutAfterFailures: 3,
  lockoutSecs: 86400,
}

function strict(verification) {
  const { ws, clock } = workspace({ strictSecurity: true, ...(verification ? { verification } : {}) })
  return { ws, clock, c: ws.createCustomer({ name: 'Deli', email: 'buyer@deli.example' }) }
}

/** Fails one challenge with a wrong pick; returns the error's code. */
function fail(ws, c) {
  const start = ws.startVerification(c.linkCode)
  const wrong = start.options.find((o) => o !== start.codeWord)
  try {
    ws.completeVerification(start.challengeId, wrong)
  } catch (e) {
    return e.code
  }
  assert.fail('a wrong pick passed')
}

test('A3 the policy is readable and writable from settings', () => {
  const { ws } = workspace()
  assert.deepEqual(ws.settings().verification, DEFAULT_POLICY)
  const s = ws.updateSettings({ verification: { optionsShown: 6, rounds: 2 } })
  assert.deepEqual(s.verification, { ...DEFAULT_POLICY, optionsShown: 6, rounds: 2 })
  const t = ws.updateSettings({ verification: { lockoutAfterFailures: 5, lockoutSecs: 3600 } })
  assert.deepEqual([t.verification.optionsShown, t.verification.lockoutAfterFailures], [6, 5])
  assert.equal(new ol.Workspace('Other', { verification: { maxChallenges: 3 } }).settings().verification.maxChallenges, 3)
})

test('A3 policy validation refuses 1 picture, 17 pictures, 0 rounds and zero limits', () => {
  const { ws } = workspace()
  const before = ws.settings()
  for (const bad of [
    { optionsShown: 1 },
    { optionsShown: 17 },
    { rounds: 0 },
    { rounds: 9 },
    { lockoutAfterFailures: 0 },
    { lockoutSecs: 0 },
    { maxChallenges: 0 },
    { noSuchLimit: 1 },
    { rounds: -1 },
    { rounds: '2' },
    { lockoutSecs: 1e12 },
  ]) {
    throwsCode(() => ws.updateSettings({ verification: bad }), 'INVALID_ARGUMENT', 'validation')
    throwsCode(() => new ol.Workspace('Bad', { verification: bad }), 'INVALID_ARGUMENT', 'validation')
  }
  assert.deepEqual(ws.settings(), before)
})

test('A3 pictures shown follow the policy', () => {
  const { ws, c } = strict({ optionsShown: 9 })
  const start = ws.startVerification(c.linkCode)
  assert.equal(new Set(start.options).size, 9)
  assert.ok(start.options.includes(start.codeWord))
  assert.deepEqual(start.rounds, [start.options])
  ws.completeVerification(start.challengeId, start.codeWord)
})

test('A3 rounds: every pick must be right, a wrong one ends the challenge', () => {
  const { ws, c } = strict({ optionsShown: 5, rounds: 3 })
  let start = ws.startVerification(c.linkCode)
  assert.deepEqual([start.rounds.length, start.codeWords.length], [3, 3])
  assert.equal(start.codeWord, start.codeWords.join(' '))
  start.rounds.forEach((opts, i) => assert.ok(opts.length === 5 && opts.includes(start.codeWords[i])))
  const session = ws.completeVerification(start.challengeId, start.codeWords)
  assert.ok(ws.openLink(c.linkCode, session.token).maySubmit)

  start = ws.startVerification(c.linkCode)
  const picks = [...start.codeWords]
  picks[2] = start.rounds[2].find((o) => o !== picks[2])
  throwsCode(() => ws.completeVerification(start.challengeId, picks), 'VERIFICATION_FAILED', 'access')
  throwsCode(() => ws.completeVerification(start.challengeId, start.codeWords), 'CHALLENGE_NOT_FOUND')
  assert.equal(ws.verificationLock(c.id).failures, 1)
  throwsCode(() => ws.completeVerification(ws.startVerification(c.linkCode).challengeId, [1, 2, 3]), 'INVALID_ARGUMENT')
})

test('A3 lockout after N failures, then the lock ends by time (ManualClock)', () => {
  const { ws, clock, c } = strict()
  assert.deepEqual([fail(ws, c), fail(ws, c)], ['VERIFICATION_FAILED', 'VERIFICATION_FAILED'])
  assert.equal(ws.verificationLock(c.id).failures, 2)
  assert.equal(fail(ws, c), 'VERIFICATION_LOCKED')
  const until = new Date(T0.getTime() + 24 * 3600 * 1000)
  assert.deepEqual(ws.verificationLock(c.id), { failures: 0, lockedUntil: until })
  throwsCode(() => ws.startVerification(c.linkCode), 'VERIFICATION_LOCKED', 'access')
  clock.advance(24 * 3600 - 1)
  throwsCode(() => ws.startVerification(c.linkCode), 'VERIFICATION_LOCKED')
  clock.advance(1)
  assert.equal(ws.verificationLock(c.id).lockedUntil, null)
  const start = ws.startVerification(c.linkCode)
  ws.completeVerification(start.challengeId, start.codeWord)
  const events = ws.verificationLockEvents(c.id)
  assert.equal(events.length, 1)
  assert.deepEqual(
    [events[0].action, events[0].at, events[0].until, events[0].failures, events[0].by],
    ['locked', T0, until, 3, null],
  )
})

test('A3 the supplier lifts a lock; the lift is audited', () => {
  const { ws, clock, c } = strict({ lockoutAfterFailures: 2, lockoutSecs: 3600 })
  fail(ws, c)
  fail(ws, c)
  clock.advance(60)
  const lifted = ws.liftVerificationLock(c.id, { by: 'ops@harbour' })
  assert.deepEqual([lifted.action, lifted.by, lifted.customerId], ['lifted', 'ops@harbour', c.id])
  assert.equal(ws.liftVerificationLock(c.id), null)
  const start = ws.startVerification(c.linkCode)
  ws.completeVerification(start.challengeId, start.codeWord)
  assert.deepEqual(ws.verificationLockEvents(c.id).map((e) => e.action), ['locked', 'lifted'])
  throwsCode(() => ws.liftVerificationLock('00000000-0000-4000-8000-000000000000'), 'CUSTOMER_NOT_FOUND')
})

test('A3 the lockout survives a SQLite file', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ol-a3-')), 'shop.db')
  const clock = new ol.ManualClock(T0)
  const ws = new ol.Workspace('Harbour Foods', {
    seed: 3,
    clock,
    strictSecurity: true,
    verification: { lockoutAfterFailures: 1 },
    store: new ol.SqliteStore(path),
  })
  const c = ws.createCustomer({ name: 'Deli', email: 'buyer@deli.example' })
  assert.equal(fail(ws, c), 'VERIFICATION_LOCKED')
  const again = ol.Workspace.open(new ol.SqliteStore(path), { clock })
  assert.ok(again.verificationLock(c.id).lockedUntil instanceof Date)
  assert.deepEqual(again.verificationLockEvents(c.id).map((e) => e.action), ['locked'])
})

test('A3 odds function', () => {
  const day = ol.guessOdds(24 * 3600)
  assert.deepEqual([day.perChallengeOneIn, day.challenges, day.probability], [4, 3, 37 / 64])
  assert.equal(day.text, '3 challenges: 1 − (3/4)^3 = 0.578125')
  const month = ol.guessOdds(30 * 24 * 3600, { optionsShown: 6, rounds: 2, maxChallenges: 3 })
  assert.deepEqual([month.perChallengeOneIn, month.challenges], [36, 90])
  assert.ok(Math.abs(month.probability - (1 - (35 / 36) ** 90)) < 1e-12)
  const noLockout = ol.guessOdds(3600, { lockoutAfterFailures: 2 ** 32 - 1 })
  assert.ok(Math.abs(noLockout.probability - (1 - 0.75 ** 5)) < 1e-12)
  throwsCode(() => ol.guessOdds(3600, { optionsShown: 17 }), 'INVALID_ARGUMENT')
  throwsCode(() => ol.guessOdds(-1), 'INVALID_ARGUMENT')
})
