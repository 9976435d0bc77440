// Order history through the Node API: past orders newest first in pages of 10 with drafts
// listed but not selectable (H1), and products ordered before with their availability (H2).
import test from 'node:test'
import assert from 'node:assert/strict'
import { throwsCode, workspace } from './helpers.mjs'

const shop = () => {
  const { ws, clock } = workspace()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const place = (number, { status = 'confirmed', lines = [] } = {}) => {
    clock.advance(3600)
    ws.intakeOrder(ws.linkUrl(deli.id), { number, total: '10.00', status, lines })
  }
  return { ws, deli, place }
}
const pad = (i) => String(i).padStart(2, '0')

test('H1 newest ten first, then further pages', () => {
  const { ws, deli, place } = shop()
  for (let i = 1; i <= 23; i++) place(`SO-${pad(i)}`)
  const first = ws.orderHistory(deli.id)
  assert.deepEqual(first.orders.map((o) => o.number), Array.from({ length: 10 }, (_, k) => `SO-${pad(23 - k)}`))
  assert.deepEqual([first.page, first.totalOrders, first.hasMore], [1, 23, true])
  const second = ws.orderHistory(deli.id, { page: 2 })
  assert.deepEqual([second.orders[0].number, second.orders.length, second.hasMore], ['SO-13', 10, true])
  const third = ws.orderHistory(deli.id, { page: 3 })
  assert.deepEqual(third.orders.map((o) => o.number), ['SO-03', 'SO-02', 'SO-01'])
  assert.equal(third.hasMore, false)
  assert.deepEqual(ws.orderHistory(deli.id, { page: 4 }).orders, [])
  const times = [...first.orders, ...second.orders, ...third.orders].map((o) => o.placedAt.getTime())
  assert.deepEqual(times, [...times].sort((a, b) => b - a))
  assert.ok(first.orders[0].placedAt instanceof Date)
})

test('H1 drafts are listed but not selectable', () => {
  const { ws, deli, place } = shop()
  place('SO-1', { lines: [{ sku: 'EGGS', qty: 2 }] })
  place('D-2', { status: 'draft', lines: [{ sku: 'EGGS', qty: 1 }, { sku: 'MILK', qty: '1.5', uom: 'litre' }] })
  const { orders } = ws.orderHistory(deli.id)
  assert.deepEqual(orders.map((o) => [o.number, o.status, o.selectable, o.items]), [
    ['D-2', 'draft', false, 2],
    ['SO-1', 'confirmed', true, 1],
  ])
  assert.deepEqual(orders[0].lines[1], { sku: 'MILK', qty: '1.5', uom: 'litre', priceGiven: false })
  assert.equal(orders[0].total, '10.00')
})

test('H1 bad pages and unknown customers are refused', () => {
  const { ws, deli } = shop()
  for (const page of [0, -1, 1.5, '2', Infinity]) throwsCode(() => ws.orderHistory(deli.id, { page }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.orderHistory(deli.id, { pages: 2 }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.orderHistory('00000000-0000-4000-8000-000000000000'), 'CUSTOMER_NOT_FOUND', 'not_found')
})

test('H2 products with last order, times ordered and last quantity; drafts do not count', () => {
  const { ws, deli, place } = shop()
  ws.upsertProducts([{ sku: 'EGGS', name: 'Eggs', basePrice: '7.00' }, { sku: 'MILK', name: 'Milk', basePrice: '2.00' }])
  place('SO-1', { lines: [{ sku: 'EGGS', qty: 5 }, { sku: 'MILK', qty: 1 }] })
  place('SO-2', { lines: [{ sku: 'EGGS', qty: 4 }] })
  place('D-3', { status: 'draft', lines: [{ sku: 'EGGS', qty: 99 }] })
  const h = ws.orderHistory(deli.id)
  const [eggs, milk] = h.products
  assert.deepEqual([eggs.sku, eggs.name, eggs.timesOrdered, eggs.lastQty, eggs.price], ['EGGS', 'Eggs', 2, '4', '7.00'])
  assert.equal(eggs.lastOrderedAt.getTime(), h.orders[1].placedAt.getTime(), 'the draft is not an order of it')
  assert.deepEqual([milk.sku, milk.timesOrdered, milk.lastQty, milk.availability, milk.available], ['MILK', 1, '1', 'available', true])
})

test('H2 unavailable when inactive, out of stock, without a price or with its unit gone', () => {
  const { ws, deli, place } = shop()
  ws.upsertProducts([
    { sku: 'OK', name: 'Fine', basePrice: '1.00' },
    { sku: 'OLD', name: 'Retired', basePrice: '1.00', active: false },
    { sku: 'GONE', name: 'Sold out', basePrice: '1.00', inStock: false },
    { sku: 'QUOTE', name: 'On request' },
    { sku: 'CARTON', name: 'By the carton', basePrice: '9.00', uom: 'carton 12' },
  ])
  const lines = ['OK', 'OLD', 'GONE', 'QUOTE', 'NOPE'].map((sku) => ({ sku, qty: 1 }))
  place('SO-1', { lines: [...lines, { sku: 'CARTON', qty: 6, uom: 'each' }] })
  const got = Object.fromEntries(ws.orderHistory(deli.id).products.map((p) => [p.sku, [p.availability, p.available]]))
  assert.deepEqual(got, {
    OK: ['available', true],
    OLD: ['inactive', false],
    GONE: ['out_of_stock', false],
    QUOTE: ['no_price', false],
    NOPE: ['not_in_catalogue', false],
    CARTON: ['uom_gone', false],
  })
})

test('H2 no price follows the customer price group (PR1)', () => {
  const { ws } = workspace()
  ws.upsertProducts([{ sku: 'TRADE', name: 'Trade only' }])
  ws.upsertPriceGroup('Trade')
  ws.setGroupPrices('Trade', { TRADE: '4.40' })
  const trade = ws.createCustomer({ name: 'Trade Co', priceGroup: 'Trade' })
  const retail = ws.createCustomer({ name: 'Retail Co' })
  for (const c of [trade, retail]) ws.intakeOrder(ws.linkUrl(c.id), { number: `SO-${c.name}`, total: 1, lines: [{ sku: 'TRADE', qty: 1 }] })
  const [forTrade] = ws.orderHistory(trade.id).products
  const [forRetail] = ws.orderHistory(retail.id).products
  assert.deepEqual([forTrade.price, forTrade.availability], ['4.40', 'available'])
  assert.deepEqual([forRetail.price, forRetail.availability], [null, 'no_price'])
})

test('H2 at most fifty products, most recently ordered first', () => {
  const { ws, deli, place } = shop()
  for (let i = 0; i < 12; i++) place(`SO-${i}`, { lines: Array.from({ length: 5 }, (_, j) => ({ sku: `SKU-${pad(i * 5 + j)}`, qty: 1 })) })
  const { products } = ws.orderHistory(deli.id)
  assert.equal(products.length, 50)
  assert.equal(products[0].sku, 'SKU-55')
})
