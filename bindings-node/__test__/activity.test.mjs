// Portal engagement through the Node API (AC1): events at the clock's time, the summary's
// counters, per-customer trend and furthest step, stalled, and the status filter and search.
import test from 'node:test'
import assert from 'node:assert/strict'
import { T0, throwsCode, workspace } from './helpers.mjs'

const WEEK = { start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-08T00:00:00Z') }

test('AC1 recordActivity uses the clock and needs a known kind and customer', () => {
  const { ws, clock } = workspace()
  const deli = ws.createCustomer({ name: 'Deli' })
  clock.advance(90)
  assert.deepEqual(ws.recordActivity(deli.id, 'link_opened'), {
    customerId: deli.id,
    kind: 'link_opened',
    at: new Date(T0.getTime() + 90_000),
  })
  throwsCode(() => ws.recordActivity(deli.id, 'clicked'), 'INVALID_ARGUMENT')
  throwsCode(() => ws.recordActivity('00000000-0000-4000-8000-000000000001', 'link_opened'), 'CUSTOMER_NOT_FOUND')
})

test('AC1 summary counters: customers with clicks, views, verified, checkout started, orders', () => {
  const { ws, clock } = workspace()
  const [a, b, c] = ['Alpha', 'Bravo', 'Charlie'].map((name) => ws.createCustomer({ name }))
  for (const k of ['link_opened', 'confirmation_passed', 'verification_passed', 'checkout_started', 'order_submitted', 'link_opened', 'order_submitted']) {
    ws.recordActivity(a.id, k)
  }
  clock.advance(3600)
  for (const k of ['link_opened', 'verification_passed', 'checkout_started', 'checkout_started']) ws.recordActivity(b.id, k)
  ws.recordActivity(c.id, 'confirmation_passed')
  const s = ws.activitySummary(WEEK)
  assert.deepEqual(
    [s.customersWithClicks, s.totalViews, s.verified, s.checkoutStarted, s.ordersSubmitted],
    [2, 3, 2, 2, 2],
  )
  assert.deepEqual(s.customers.map((x) => x.name), ['Bravo', 'Charlie', 'Alpha'])
  assert.deepEqual([s.start, s.end], [WEEK.start, WEEK.end])
})

test('AC1 trend, last click, furthest step and stalled', () => {
  const { ws, clock } = workspace()
  const deli = ws.createCustomer({ name: 'Deli' })
  const pier = ws.createCustomer({ name: 'Pier' })
  ws.recordActivity(deli.id, 'link_opened')
  ws.recordActivity(deli.id, 'link_opened')
  ws.recordActivity(pier.id, 'checkout_started')
  clock.advance(2 * 86400)
  ws.recordActivity(deli.id, 'link_opened')
  ws.recordActivity(deli.id, 'checkout_started')
  ws.recordActivity(pier.id, 'order_submitted')
  const s = ws.activitySummary(WEEK)
  assert.deepEqual(s.trendDays, [1, 2, 3, 4, 5, 6, 7].map((d) => new Date(Date.UTC(2026, 2, d))))
  const by = Object.fromEntries(s.customers.map((c) => [c.name, c]))
  assert.deepEqual(by.Deli.trend, [2, 0, 1, 0, 0, 0, 0])
  assert.deepEqual([by.Deli.views, by.Deli.lastClick], [3, new Date(T0.getTime() + 2 * 86_400_000)])
  assert.deepEqual([by.Deli.furthestStep, by.Deli.stalled], ['checkout_started', true])
  assert.deepEqual([by.Pier.furthestStep, by.Pier.stalled, by.Pier.lastClick], ['order_submitted', false, null])
})

test('AC1 filter and search select customers like listCustomers', () => {
  const { ws } = workspace()
  const [cafe, bakery, sleepy] = ['Café Crème', 'Bakery', 'Sleepy Cafe'].map((name) => ws.createCustomer({ name }))
  for (const c of [cafe, bakery, sleepy]) ws.recordActivity(c.id, 'link_opened')
  ws.updateCustomer(sleepy.id, { active: false })
  const names = (extra = {}) => ws.activitySummary({ ...WEEK, ...extra }).customers.map((c) => c.name).sort()
  assert.deepEqual(names(), ['Bakery', 'Café Crème', 'Sleepy Cafe'])
  assert.deepEqual(names({ search: 'CAFE' }), ['Café Crème', 'Sleepy Cafe'])
  assert.deepEqual(names({ search: 'cafe', filter: 'active' }), ['Café Crème'])
  assert.deepEqual(names({ filter: 'inactive' }), ['Sleepy Cafe'])
  assert.equal(ws.activitySummary({ ...WEEK, filter: 'active' }).totalViews, 2)
})

test('AC1 the range is two Dates, start before end', () => {
  const { ws } = workspace()
  throwsCode(() => ws.activitySummary({ start: WEEK.end, end: WEEK.start }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.activitySummary({ start: '2026-03-01', end: WEEK.end }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.activitySummary({ end: WEEK.end }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.activitySummary({ ...WEEK, from: WEEK.start }), 'INVALID_ARGUMENT')
})
