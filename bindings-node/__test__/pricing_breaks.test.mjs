// Quantity breaks, validity windows, the buyer's merged breaks and prices frozen on order lines
// through the Node API (PR5 PR6 PR7 PR8, with H2's last price paid). The rules live in the
// core; these check that the binding reads and shapes them.
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, throwsCode, workspace, T0 } from './helpers.mjs'

const APRIL = new Date('2026-04-01T00:00:00Z')
const MAY = new Date('2026-05-01T00:00:00Z')

/** FLOUR: base 6.00, default list 1+ 5.00 and 5+ 4.80, Trade 10+ 4.50 and 50+ 4.00. */
function shop() {
  const { ws, clock } = workspace({ currency: 'AUD' })
  ws.upsertProducts([
    { sku: 'EGGS', name: 'Eggs', basePrice: '7.00' },
    { sku: 'FLOUR', name: 'Flour', basePrice: '6.00' },
  ])
  ws.setDefaultPrices({ FLOUR: [{ minQty: 5, price: '4.80' }, { minQty: '1', price: 5 }] })
  ws.upsertPriceGroup('Trade')
  ws.setGroupPrices('Trade', { FLOUR: [{ minQty: 10, price: '4.50' }, { minQty: 50, price: '4.00' }] })
  const trade = ws.createCustomer({ name: 'Pier Seafood', priceGroup: 'Trade' }).id
  return { ws, clock, trade }
}

test('PR5 breaks resolve for a quantity and fall through the tiers', () => {
  const { ws, trade } = shop()
  assert.deepEqual(ws.resolvePrice(trade, 'FLOUR', { qty: 12 }), { amount: '4.50', tier: 'group', minQty: '10' })
  assert.deepEqual(ws.resolvePrice(trade, 'FLOUR', { qty: '3' }), { amount: '5', tier: 'default_list', minQty: '1' })
  assert.deepEqual(ws.resolvePrice(trade, 'FLOUR', { qty: 0.5 }), { amount: '6.00', tier: 'base', minQty: null })
  assert.equal(ws.resolvePrice(trade, 'FLOUR').amount, '5', 'quantity 1 by default')
  const why = ws.explainPrice(trade, 'FLOUR', { qty: 3 })
  assert.deepEqual([why.minQty, why.qty], ['1', '3'])
  assert.deepEqual(why.passedOver, [{ tier: 'group', reason: 'below_smallest_break' }])
  assert.deepEqual(ws.priceEntry('FLOUR', 'trade'), [
    { minQty: '10', price: '4.50', startsAt: null, endsAt: null },
    { minQty: '50', price: '4.00', startsAt: null, endsAt: null },
  ])
})

test('PR5 bad breaks, quantities and options are refused and nothing is half-written', () => {
  const { ws, trade } = shop()
  throwsCode(() => ws.setGroupPrices('Trade', { FLOUR: [{ minQty: 1, price: '5' }, { minQty: 10, price: '6' }] }), 'PRICE_INVALID')
  throwsCode(() => ws.setDefaultPrices({ FLOUR: [{ minQty: 1, cost: '5' }] }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.setDefaultPrices({ FLOUR: [{ min_qty: 1, price: '5' }] }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.setDefaultPrices({ FLOUR: [{ minQty: 0.1 + 0.2, price: '5' }] }), 'AMOUNT_OUT_OF_RANGE')
  throwsCode(() => ws.resolvePrice(trade, 'FLOUR', { qty: 0 }), 'AMOUNT_OUT_OF_RANGE')
  throwsCode(() => ws.resolvePrice(trade, 'FLOUR', { qty: true }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.resolvePrice(trade, 'FLOUR', { quantity: 2 }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.resolvePrice(trade, 'FLOUR', { at: '2026-04-01' }), 'INVALID_ARGUMENT')
  assert.equal(ws.resolvePrice(trade, 'FLOUR', { qty: 60 }).amount, '4.00')
})

test('PR5 a macro applies to every break', () => {
  const { ws } = shop()
  assert.deepEqual(ws.applyPriceMacro('Trade', '-10%', ['FLOUR']), { changed: 1, skipped: [] })
  assert.deepEqual(ws.priceEntry('FLOUR', 'Trade').map((b) => b.price), ['4.05', '3.60'])
})

test('PR6 windows resolve at now or a given instant, and explain shows what starts later', () => {
  const { ws, clock, trade } = shop()
  ws.setGroupPrices('Trade', { EGGS: { breaks: [{ price: '5.50' }], startsAt: APRIL, endsAt: MAY } })
  assert.equal(ws.resolvePrice(trade, 'EGGS').amount, '7.00')
  assert.equal(ws.resolvePrice(trade, 'EGGS', { at: APRIL }).amount, '5.50')
  assert.equal(ws.resolvePrice(trade, 'EGGS', { at: MAY }).amount, '7.00', 'the end is exclusive')
  const why = ws.explainPrice(trade, 'EGGS')
  assert.deepEqual(why.at, T0)
  assert.deepEqual(why.passedOver, [{ tier: 'group', reason: 'outside_window' }, { tier: 'default_list', reason: 'no_entry' }])
  assert.deepEqual(why.upcoming, [{ tier: 'group', minQty: '0', price: '5.50', startsAt: APRIL, endsAt: MAY }])
  clock.set(new Date('2026-04-03T00:00:00Z'))
  assert.equal(ws.resolvePrice(trade, 'EGGS').amount, '5.50', "now is the workspace clock's")
  throwsCode(() => ws.setDefaultPrices({ EGGS: [{ price: '6', startsAt: MAY, endsAt: APRIL }] }), 'PRICE_INVALID')
})

test('PR6 a kept sheet is never served across a window edge or a price change', () => {
  const { ws, clock, trade } = shop()
  ws.setGroupPrices('Trade', { EGGS: { breaks: [{ price: '5.50' }], startsAt: APRIL } })
  const before = ws.resolvePrices(trade)
  assert.deepEqual(ws.resolvePrices(trade), before, 'the same sheet again')
  before.amounts[0] = 'changed'
  assert.equal(ws.resolvePrices(trade).amounts[0], '7.00', 'a copy: changing one never changes the next')
  clock.set(APRIL)
  assert.equal(ws.resolvePrices(trade).amounts[0], '5.50', 'past the window edge')
  assert.equal(ws.resolvePrices(trade, null, { qty: 12 }).amounts[1], '4.50', 'another quantity')
  ws.setGroupPrices('Trade', { FLOUR: '4.90' })
  assert.equal(ws.resolvePrices(trade, null, { qty: 12 }).amounts[1], '4.90', 'after a change')
  ws.updateCustomer(trade, { priceGroup: null })
  assert.equal(ws.resolvePrices(trade, null, { qty: 12 }).amounts[1], '4.80', 'the buyer left the group')
})

test('PR7 priceBreaks shows each buyer its merged breaks, never a tier passed over', () => {
  const { ws, trade } = shop()
  const sheet = ws.resolvePrices(trade, null, { qty: 12 })
  assert.deepEqual(sheet, { currency: 'AUD', skus: ['EGGS', 'FLOUR'], amounts: ['7.00', '4.50'], tiers: ['base', 'group'] })
  const b = ws.priceBreaks(trade)
  assert.deepEqual(b.skus, ['EGGS', 'FLOUR'])
  assert.deepEqual(b.breaks[0], [{ minQty: '0', amount: '7.00', tier: 'base' }])
  assert.deepEqual(
    b.breaks[1].map((r) => [r.minQty, r.amount, r.tier]),
    [['0', '6.00', 'base'], ['1', '5', 'default_list'], ['5', '4.80', 'default_list'], ['10', '4.50', 'group'], ['50', '4.00', 'group']],
  )
  assert.deepEqual(ws.priceBreaks(null, ['FLOUR']).breaks[0].map((r) => r.tier), ['base', 'default_list', 'default_list'])
})

test('PR8 lines are frozen at intake and kept through price changes; H2 shows the last price paid', () => {
  const { ws, trade } = shop()
  const link = ws.linkUrl(trade)
  const out = ws.intakeOrder(link, {
    number: 'SO-1',
    total: '100.00',
    lines: [{ sku: 'FLOUR', qty: 12 }, { sku: 'EGGS', qty: '2', unitPrice: '6.50' }, { sku: 'GONE', qty: 1 }],
  })
  const order = ws.getOrder(out.orderId)
  assert.deepEqual(
    order.lines.map((l) => [l.unitPrice ?? null, l.priceTier ?? null, l.priceBreak ?? null, l.currency ?? null, l.priceGiven]),
    [['4.50', 'group', '10', 'AUD', false], ['6.50', null, null, 'AUD', true], [null, null, null, null, false]],
  )
  ws.applyPriceMacro('Trade', '+10%')
  assert.deepEqual(ws.getOrder(out.orderId).lines, order.lines, 'later changes never alter a placed order')
  const row = ws.orderHistory(trade).products.find((p) => p.sku === 'FLOUR')
  assert.deepEqual([row.lastPricePaid, row.price], ['4.50', '4.95'])
})

test('PR8 a total that is not the sum of given lines is refused with ORDER_TOTAL_MISMATCH', () => {
  const { ws, trade } = shop()
  const order = { number: 'SO-2', total: '10.00', lines: [{ sku: 'EGGS', qty: 2, unitPrice: '6.50' }] }
  throwsCode(() => ws.intakeOrder(ws.linkUrl(trade), order), 'ORDER_TOTAL_MISMATCH')
  assert.deepEqual(ws.customerOrders(trade), [])
})
