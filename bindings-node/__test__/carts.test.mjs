// Carts and checkout links through the Node API (CT1–CT5): the core decides; these check that
// each rule reaches JavaScript with its values (money as decimal strings) and error codes.
import test from 'node:test'
import assert from 'node:assert/strict'
import { T0, throwsCode, workspace } from './helpers.mjs'

function shop() {
  const { ws, clock } = workspace({ baseUrl: 'https://shop.example' })
  ws.upsertProducts([
    { sku: 'FL-1', name: 'Flour 25kg', basePrice: '12.50' },
    { sku: 'SU-2', name: 'Caster Sugar', basePrice: '3.20' },
    { sku: 'OIL-3', name: 'Olive Oil' },
  ])
  return { ws, clock }
}

const add = (product, qty) => ({ op: 'add', product, qty })
const sam = { agent: 'Sam' }

test('CT1 one open cart per customer, closed ones kept', () => {
  const { ws } = shop()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const first = ws.openCart(deli.id, sam)
  assert.equal(ws.openCart(deli.id).id, first.id)
  assert.deepEqual([first.state, first.agent, first.channel], ['open', 'Sam', 'agent'])
  ws.abandonCart(first.id, sam)
  const second = ws.openCart(deli.id)
  assert.notEqual(second.id, first.id)
  assert.deepEqual([second.agent, second.channel], [null, 'portal'])
  assert.deepEqual(ws.customerCarts(deli.id).map((c) => c.state), ['abandoned', 'open'])
  throwsCode(() => ws.updateCart(first.id, [add('FL-1', 1)], sam), 'CART_CLOSED', 'conflict')
  throwsCode(() => ws.getCart('00000000-0000-4000-8000-000000000001'), 'CART_NOT_FOUND', 'not_found')
})

test('CT1 the cart survives a trial expiry and comes back when it is lifted', () => {
  const { ws } = shop()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const cart = ws.updateCart(ws.openCart(deli.id, sam).id, [add('FL-1', 2)], sam)
  const link = ws.checkoutLink(cart.id, sam)
  ws.updateSettings({ trialExpired: true })
  const view = ws.openCheckout(link.url)
  assert.deepEqual([view.decision.mayView, view.decision.maySubmit, view.decision.reason], [true, false, 'TRIAL_EXPIRED'])
  throwsCode(() => ws.submitCart(link.url, 'SO-1'), 'TRIAL_EXPIRED', 'access')
  assert.deepEqual(ws.getCart(cart.id), link.cart)
  ws.updateSettings({ trialExpired: false })
  assert.equal(ws.submitCart(link.url, 'SO-1').created, true)
})

test('CT2 edits by SKU or name, all or nothing, each with its author', () => {
  const { ws } = shop()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  let cart = ws.openCart(deli.id, { agent: 'Sam', channel: 'phone' })
  cart = ws.updateCart(cart.id, [add('FL-1', 2), add('caster sugar', '1.5')], sam)
  assert.deepEqual(cart.lines, [
    { sku: 'FL-1', qty: '2', uom: 'each' },
    { sku: 'SU-2', qty: '1.5', uom: 'each' },
  ])
  cart = ws.updateCart(cart.id, [{ op: 'remove', product: 'FL-1' }])
  assert.deepEqual(cart.changes.map((c) => [c.kind, c.agent]), [
    ['opened', 'Sam'],
    ['added', 'Sam'],
    ['added', 'Sam'],
    ['removed', null],
  ])
  throwsCode(() => ws.updateCart(cart.id, [add('SU-2', 0.1 + 0.2)]), 'AMOUNT_OUT_OF_RANGE')
  throwsCode(() => ws.updateCart(cart.id, [add('NOPE', 1)]), 'PRODUCT_NOT_FOUND')
  throwsCode(() => ws.updateCart(cart.id, [{ op: 'add', product: 'SU-2', qty: 1, colour: 'red' }]), 'INVALID_ARGUMENT')
  assert.deepEqual(ws.getCart(cart.id), cart)
  assert.deepEqual(ws.searchProducts('sug').map((p) => p.sku), ['SU-2'])
})

test('CT3 checkout links resolve like order links, and stop when rotated, expired or closed', () => {
  const { ws, clock } = shop()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const cart = ws.updateCart(ws.openCart(deli.id, sam).id, [add('SU-2', 1)], sam)
  const old = ws.checkoutLink(cart.id, sam)
  assert.equal(old.url, `https://shop.example/order/${old.code}`)
  assert.deepEqual(ws.resolveLink(old.url.toLowerCase()), { kind: 'checkout', customerId: deli.id, cartId: cart.id })
  assert.equal(ws.openLink(old.url).cartId, cart.id)
  const fresh = ws.rotateCheckoutLink(cart.id, { agent: 'Sam', expiresAt: new Date(T0.getTime() + 86_400_000) })
  assert.equal(ws.resolveLink(old.url).kind, 'unknown')
  const view = ws.openCheckout(fresh.url)
  assert.equal(view.priced.total, '3.20')
  clock.advance(86_400)
  assert.equal(ws.openCheckout(fresh.url).decision.reason, 'CHECKOUT_EXPIRED')
  const again = ws.checkoutLink(cart.id, sam)
  ws.abandonCart(cart.id, { agent: 'Kim' })
  const d = ws.openLink(again.url)
  assert.deepEqual([d.found, d.mayView, d.reason], [true, false, 'CHECKOUT_CLOSED'])
})

test('CT4 sixteen concurrent submissions make one order, with the attribution kept', async () => {
  const { ws } = shop()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const cart = ws.openCart(deli.id, { agent: 'Sam', channel: 'phone' })
  const link = ws.checkoutLink(cart.id, sam)
  throwsCode(() => ws.submitCart(link.url, 'SO-1'), 'CART_EMPTY', 'conflict')
  ws.updateCart(cart.id, [add('OIL-3', 1)], sam)
  throwsCode(() => ws.submitCart(link.url, 'SO-1'), 'CART_LINE_UNAVAILABLE', 'conflict')
  ws.updateCart(cart.id, [{ op: 'remove', product: 'OIL-3' }, add('FL-1', 2)], sam)
  const answers = await Promise.all(Array.from({ length: 16 }, () => ws.submitCartAsync(link.url, 'SO-1')))
  assert.equal(answers.filter((a) => a.created).length, 1)
  assert.equal(new Set(answers.map((a) => a.orderId)).size, 1)
  const order = ws.getOrder(answers[0].orderId)
  assert.deepEqual([order.number, order.total], ['SO-1', '25.00'])
  assert.deepEqual(ws.orderAttribution(order.id), { agent: 'Sam', channel: 'phone' })
  assert.equal(ws.getCart(cart.id).state, 'submitted')
  assert.equal(ws.customerOrders(deli.id).length, 1)
})

test('CT5 open carts listed, filtered, sorted, paged and abandoned', () => {
  const { ws, clock } = shop()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const bakery = ws.createCustomer({ name: 'Bakery Bros' })
  const d = ws.updateCart(ws.openCart(deli.id, sam).id, [add('FL-1', 4)], sam)
  clock.advance(2 * 86_400)
  const b = ws.updateCart(ws.openCart(bakery.id, { agent: 'Kim' }).id, [add('SU-2', 1)], { agent: 'Kim' })
  clock.advance(2 * 86_400)
  const page = ws.openCarts()
  assert.deepEqual(page.items.map((r) => [r.customerName, r.agent, r.value, r.stalled]), [
    ['Corner Deli', 'Sam', '50.00', true],
    ['Bakery Bros', 'Kim', '3.20', false],
  ])
  assert.deepEqual(ws.openCarts({ stalledOnly: true }).items.map((r) => r.cartId), [d.id])
  assert.deepEqual(ws.openCarts({ agent: 'kim' }).items.map((r) => r.cartId), [b.id])
  assert.deepEqual(ws.openCarts({ sort: 'age', limit: 1, offset: 1 }).items.map((r) => r.cartId), [b.id])
  throwsCode(() => ws.openCarts({ colour: 'red' }), 'INVALID_ARGUMENT')
  ws.abandonCart(d.id, { agent: 'Kim' })
  assert.equal(ws.openCarts().total, 1)
})

test('AC1 checkout-link opens count as clicks and views', () => {
  const { ws } = shop()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  ws.recordActivity(deli.id, 'checkout_link_opened')
  const s = ws.activitySummary({ start: T0, end: new Date(T0.getTime() + 86_400_000) })
  assert.deepEqual([s.customersWithClicks, s.totalViews], [1, 1])
})

test('CT4 PR8 a submitted cart freezes its lines as an intake does: quantity breaks, the submission instant', () => {
  const { ws, clock } = shop()
  const april = new Date(T0.getTime() + 30 * 24 * 3600 * 1000)
  ws.setDefaultPrices({
    'FL-1': [
      { minQty: 1, price: '12.00' },
      { minQty: 5, price: '11.00', endsAt: april },
      { minQty: 5, price: '10.50', startsAt: april },
    ],
  })
  ws.upsertPriceGroup('Trade')
  ws.setGroupPrices('Trade', { 'SU-2': [{ minQty: 10, price: '2.90' }] })
  const deli = ws.createCustomer({ name: 'Corner Deli', priceGroup: 'Trade' })
  const cart = ws.openCart(deli.id, sam)
  ws.updateCart(cart.id, [add('FL-1', 6), add('SU-2', 12)], sam)
  const link = ws.checkoutLink(cart.id, sam)
  clock.set(april)
  assert.equal(ws.priceCart(cart.id).total, '97.80')
  const order = ws.getOrder(ws.submitCart(link.url, 'SO-1').orderId)
  const frozen = order.lines.map((l) => [l.unitPrice ?? null, l.priceTier ?? null, l.priceBreak ?? null, l.currency ?? null, l.priceGiven])
  assert.deepEqual(frozen, [['10.50', 'default_list', '5', 'USD', false], ['2.90', 'group', '10', 'USD', false]])
  const out = ws.intakeOrder(ws.linkUrl(deli.id), {
    number: 'SO-2',
    total: '97.80',
    lines: [{ sku: 'FL-1', qty: 6, uom: 'each' }, { sku: 'SU-2', qty: 12, uom: 'each' }],
  })
  const again = ws.getOrder(out.orderId).lines.map((l) => [l.unitPrice, l.priceTier, l.priceBreak])
  assert.deepEqual(again, frozen.map((f) => f.slice(0, 3)))
})
