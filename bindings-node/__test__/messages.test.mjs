// Messages and sending links through the Node API (B1 B2): templates checked when set,
// rendering with overrides, single send needs an email, bulk send limits and exact skip
// reasons, and "last sent".
import test from 'node:test'
import assert from 'node:assert/strict'
import { T0, throwsCode, workspace } from './helpers.mjs'

const make = (ws, name, { email = true, active = true, blocked = false } = {}) => {
  const c = ws.createCustomer({ name, email: email ? `${name.toLowerCase()}@shop.example` : undefined, orderWebBlocked: blocked })
  if (!active) ws.updateCustomer(c.id, { active: false })
  return c
}

test('B1 built-in templates render the customer, workspace and link', () => {
  const { ws } = workspace()
  const deli = ws.createCustomer({ name: 'Corner Deli', email: 'jo@deli.example', contact: 'Jo' })
  assert.deepEqual(ws.messageTemplates().map((t) => [t.name, t.builtIn]), [['Default', true], ['Short', true], ['Friendly', true]])
  const short = ws.renderMessage(deli.id, { template: 'short' })
  assert.deepEqual([short.template, short.subject], ['Short', 'Order from Harbour Foods'])
  assert.equal(short.body, `Order from Harbour Foods here: ${ws.linkUrl(deli.id)}`)
  const def = ws.renderMessage(deli.id)
  assert.ok(def.body.startsWith('Hello Jo,'), def.body)
  assert.deepEqual([def.template, def.email, def.linkUrl, def.customerId], ['Default', 'jo@deli.example', ws.linkUrl(deli.id), deli.id])
})

test('B1 the caller overrides subject and body, placeholders filled', () => {
  const { ws } = workspace()
  const deli = make(ws, 'Deli')
  const m = ws.renderMessage(deli.id, { template: 'Friendly', subject: 'For {customer_name}', body: '{{Hi}} {link_url}' })
  assert.deepEqual([m.template, m.subject, m.body], ['Friendly', 'For Deli', `{Hi} ${ws.linkUrl(deli.id)}`])
})

test('B1 placeholders are checked when a template is set', () => {
  const { ws } = workspace()
  const e = throwsCode(() => ws.setMessageTemplate('Weekly', 'Hi', 'Order: {link_ulr}'), 'TEMPLATE_PLACEHOLDER_UNKNOWN', 'validation')
  assert.match(e.message, /\{link_ulr\}/)
  assert.equal(ws.messageTemplates().length, 3)
  const t = ws.setMessageTemplate('Weekly', 'Hi {customer_name}', 'Order: {link_url}')
  assert.deepEqual([t.name, t.builtIn], ['Weekly', false])
  const deli = make(ws, 'Deli')
  assert.equal(ws.renderMessage(deli.id, { template: 'WEEKLY' }).subject, 'Hi Deli')
  throwsCode(() => ws.removeMessageTemplate('Short'), 'TEMPLATE_INVALID')
  ws.removeMessageTemplate('weekly')
  throwsCode(() => ws.renderMessage(deli.id, { template: 'Weekly' }), 'TEMPLATE_NOT_FOUND', 'not_found')
})

test('B1 B2 bad arguments are INVALID_ARGUMENT', () => {
  const { ws } = workspace()
  const deli = make(ws, 'Deli')
  throwsCode(() => ws.renderMessage(deli.id, { tempalte: 'Short' }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.planBulkSend(deli.id), 'INVALID_ARGUMENT')
  throwsCode(() => ws.planBulkSend([deli.id], { filter: 'everyone' }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.recordDelivery({ customerId: deli.id }), 'INVALID_ARGUMENT')
})

test('B2 a single send needs an email; a delivery is recorded only when sent', () => {
  const { ws, clock } = workspace()
  const walkIn = make(ws, 'Walkin', { email: false })
  throwsCode(() => ws.renderMessage(walkIn.id), 'EMAIL_REQUIRED', 'validation')
  const deli = make(ws, 'Deli')
  const m = ws.renderMessage(deli.id, { template: 'Short' })
  assert.deepEqual(ws.lastSent([deli.id]), {})
  clock.advance(60)
  const d = ws.recordDelivery(m)
  assert.deepEqual(d, { customerId: deli.id, template: 'Short', email: 'deli@shop.example', at: new Date(T0.getTime() + 60_000) })
  assert.deepEqual(ws.lastSent([deli.id]), { [deli.id]: d })
  assert.deepEqual(ws.deliveries(deli.id), [d])
})

test('B2 bulk send refuses 301', () => {
  const { ws } = workspace()
  const ids = Array.from({ length: 301 }, (_, i) => make(ws, `C${i}`).id)
  throwsCode(() => ws.planBulkSend(ids), 'BULK_SEND_TOO_LARGE', 'validation')
  assert.deepEqual(ws.lastSent(ids), {})
  assert.equal(ws.planBulkSend([...ids.slice(0, 300), ids[0]]).messages.length, 300)
})

test('B2 bulk send of 300 mixed customers lists exactly who is skipped and why', () => {
  const { ws, clock } = workspace()
  const ids = []
  const wantSent = []
  const wantSkipped = []
  for (let i = 0; i < 300; i++) {
    const name = `Customer ${String(i).padStart(3, '0')}`
    const [noEmail, inactive, blocked, deleted] = [i % 7 === 0, i % 11 === 0, i % 13 === 0, i % 50 === 49]
    const email = `c${i}@shop.example`
    const c = ws.createCustomer({ name, email: noEmail ? undefined : email, orderWebBlocked: blocked })
    if (inactive) ws.updateCustomer(c.id, { active: false })
    if (deleted) ws.deleteCustomer(c.id)
    ids.push(c.id)
    const reason = deleted ? 'not_found' : inactive ? 'inactive' : blocked ? 'order_web_blocked' : noEmail ? 'no_email' : null
    if (reason) wantSkipped.push({ customerId: c.id, name: deleted ? null : name, reason })
    else wantSent.push([c.id, email])
  }
  clock.advance(3600)
  const plan = ws.planBulkSend(ids, { template: 'Short' })
  assert.deepEqual(plan.skipped, wantSkipped)
  assert.deepEqual(plan.messages.map((m) => [m.customerId, m.email]), wantSent)
  assert.deepEqual(plan.at, new Date(T0.getTime() + 3_600_000))
  const last = ws.lastSent(ids)
  assert.deepEqual(Object.keys(last).sort(), wantSent.map(([id]) => id).sort())
  assert.ok(Object.values(last).every((d) => d.template === 'Short' && d.at.getTime() === plan.at.getTime()))
})

test('B2 filter all sends to inactive customers but never to blocked ones', () => {
  const { ws } = workspace()
  const sleepy = make(ws, 'Sleepy', { active: false })
  const blocked = make(ws, 'Blocked', { blocked: true })
  const unknown = '00000000-0000-4000-8000-000000000001'
  const plan = ws.planBulkSend([sleepy.id, blocked.id, unknown], { filter: 'all', subject: 'For {customer_name}' })
  assert.deepEqual(plan.messages.map((m) => m.subject), ['For Sleepy'])
  assert.deepEqual(plan.skipped, [
    { customerId: blocked.id, name: 'Blocked', reason: 'order_web_blocked' },
    { customerId: unknown, name: null, reason: 'not_found' },
  ])
})
