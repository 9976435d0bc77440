// Pricing and effective settings through the Node API (PR1 PR2 PR2a PR2b PR3 PR4 ST1): the
// three tiers, the workspace link, inactive and removed groups, zero and negative prices,
// macros, money as decimal strings, whole-catalogue sheets, the explained form, and refusals.
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, throwsCode, workspace, T0 } from './helpers.mjs'

const MISSING = '00000000-0000-4000-8000-000000000001'

/** A shop in AUD: four products, a default list, an active group Trade and an inactive one. */
function shop() {
  const { ws } = workspace({ currency: 'AUD' })
  ws.upsertProducts([
    { sku: 'BREAD', name: 'Sourdough', basePrice: '6.50' },
    { sku: 'CUSTOM', name: 'Special order' },
    { sku: 'EGGS-12', name: 'Eggs', basePrice: '7.00' },
    { sku: 'MILK-1L', name: 'Milk 1L', basePrice: '2.00', uom: 'bottle' },
  ])
  ws.setDefaultPrices({ BREAD: '6.00', 'EGGS-12': '6.80' })
  ws.upsertPriceGroup('Trade')
  ws.setGroupPrices('Trade', { 'EGGS-12': '6.20' })
  ws.upsertPriceGroup('Dormant', false)
  ws.setGroupPrices('Dormant', { BREAD: '1.00' })
  const trade = ws.createCustomer({ name: 'Corner Deli', priceGroup: 'Trade' })
  const plain = ws.createCustomer({ name: 'Walk-in Cafe' })
  return { ws, trade: trade.id, plain: plain.id }
}

/** Everything a refused pricing call must leave as it was. */
const prices = (ws) => ({
  products: ws.products(),
  groups: ws.priceGroups(),
  link: ws.resolvePrices(null),
  groupSheets: ws.priceGroups().map((g) => {
    const buyer = ws.createCustomer({ name: `Probe ${g.name}`, priceGroup: g.name })
    const sheet = ws.resolvePrices(buyer.id)
    ws.deleteCustomer(buyer.id)
    return sheet
  }),
})

test('PR1 group price, else the default list, else the base price, else no price', () => {
  const { ws, trade } = shop()
  assert.deepEqual(ws.resolvePrice(trade, 'EGGS-12'), { amount: '6.20', tier: 'group', minQty: '0' })
  assert.deepEqual(ws.resolvePrice(trade, 'BREAD'), { amount: '6.00', tier: 'default_list', minQty: '0' })
  assert.deepEqual(ws.resolvePrice(trade, 'MILK-1L'), { amount: '2.00', tier: 'base', minQty: null })
  assert.deepEqual(ws.resolvePrice(trade, 'CUSTOM'), { amount: null, tier: null, minQty: null })
  ws.setGroupPrices('trade', { CUSTOM: 40 })
  assert.deepEqual(ws.resolvePrice(trade, 'CUSTOM'), { amount: '40', tier: 'group', minQty: '0' }, 'group names ignore case')
})

test('PR1 a null entry removes a price; the next tier takes over', () => {
  const { ws, trade } = shop()
  ws.setGroupPrices('Trade', { 'EGGS-12': null })
  assert.deepEqual(ws.resolvePrice(trade, 'EGGS-12'), { amount: '6.80', tier: 'default_list', minQty: '0' })
  ws.setDefaultPrices({ 'EGGS-12': null, BREAD: '5.90' })
  assert.deepEqual(ws.resolvePrice(trade, 'EGGS-12'), { amount: '7.00', tier: 'base', minQty: null })
  assert.deepEqual(ws.resolvePrice(trade, 'BREAD'), { amount: '5.90', tier: 'default_list', minQty: '0' })
  assert.deepEqual(ws.priceGroups().map((g) => [g.name, g.active, g.entries]), [['Dormant', false, 1], ['Trade', true, 0]])
})

test('PR1 products are upserted by SKU, trimmed, listed in SKU order with their defaults', () => {
  const { ws } = workspace()
  ws.upsertProducts([{ sku: ' Z-9 ', name: ' Zucchini ', basePrice: 3 }, { sku: 'A-1', name: 'Apples' }])
  ws.upsertProducts([{ sku: 'Z-9', name: 'Zucchini', basePrice: '3.10', active: false, inStock: false, allowZeroPrice: true, uom: 'kg' }])
  assert.deepEqual(ws.products(), [
    { sku: 'A-1', name: 'Apples', uom: 'each', basePrice: null, active: true, inStock: true, allowZeroPrice: false },
    { sku: 'Z-9', name: 'Zucchini', uom: 'kg', basePrice: '3.10', active: false, inStock: false, allowZeroPrice: true },
  ])
})

test('PR1 unknown SKUs and groups are refused and nothing is written', () => {
  const { ws, trade } = shop()
  const before = prices(ws)
  throwsCode(() => ws.setDefaultPrices({ BREAD: '1.00', NOPE: '1.00' }), 'PRODUCT_NOT_FOUND', 'not_found')
  throwsCode(() => ws.setGroupPrices('Trade', { BREAD: '1.00', NOPE: '1.00' }), 'PRODUCT_NOT_FOUND', 'not_found')
  throwsCode(() => ws.setGroupPrices('Wholesale', { BREAD: '1.00' }), 'PRICE_GROUP_NOT_FOUND', 'not_found')
  throwsCode(() => ws.removePriceGroup('Wholesale'), 'PRICE_GROUP_NOT_FOUND', 'not_found')
  throwsCode(() => ws.applyPriceMacro('Wholesale', '+10%'), 'PRICE_GROUP_NOT_FOUND', 'not_found')
  throwsCode(() => ws.applyPriceMacro('Trade', '+10%', ['BREAD', 'NOPE']), 'PRODUCT_NOT_FOUND', 'not_found')
  throwsCode(() => ws.resolvePrice(trade, 'NOPE'), 'PRODUCT_NOT_FOUND', 'not_found')
  throwsCode(() => ws.resolvePrices(trade, ['BREAD', 'NOPE']), 'PRODUCT_NOT_FOUND', 'not_found')
  throwsCode(() => ws.explainPrice(null, 'NOPE'), 'PRODUCT_NOT_FOUND', 'not_found')
  throwsCode(() => ws.upsertProducts([{ sku: 'OK', name: 'Fine' }, { sku: '  ', name: 'Blank' }]), 'INVALID_ARGUMENT', 'validation')
  assert.deepEqual(prices(ws), before)
})

test('PR1 PR4 ST1 an unknown customer is CUSTOMER_NOT_FOUND', () => {
  const { ws } = shop()
  throwsCode(() => ws.resolvePrice(MISSING, 'BREAD'), 'CUSTOMER_NOT_FOUND', 'not_found')
  throwsCode(() => ws.resolvePrices(MISSING), 'CUSTOMER_NOT_FOUND', 'not_found')
  throwsCode(() => ws.explainPrice(MISSING, 'BREAD'), 'CUSTOMER_NOT_FOUND', 'not_found')
  throwsCode(() => ws.effectiveSettings(MISSING), 'CUSTOMER_NOT_FOUND', 'not_found')
})

test('PR2 null is the workspace link: default list, then base price; undefined is refused', () => {
  const { ws, plain } = shop()
  assert.deepEqual(ws.resolvePrice(null, 'EGGS-12'), { amount: '6.80', tier: 'default_list', minQty: '0' })
  assert.deepEqual(ws.resolvePrice(null, 'MILK-1L'), { amount: '2.00', tier: 'base', minQty: null })
  assert.deepEqual(ws.resolvePrices(null), ws.resolvePrices(plain), 'the link prices like a customer without a group')
  for (const call of [() => ws.resolvePrice(undefined, 'BREAD'), () => ws.resolvePrices(), () => ws.explainPrice(undefined, 'BREAD')]) {
    throwsCode(call, 'INVALID_ARGUMENT', 'validation')
  }
})

test('PR2a an inactive group is ignored, a removed one falls back, and both come back', () => {
  const { ws } = shop()
  const dormant = ws.createCustomer({ name: 'Sleepy', priceGroup: 'Dormant' }).id
  assert.deepEqual(ws.resolvePrice(dormant, 'BREAD'), { amount: '6.00', tier: 'default_list', minQty: '0' })
  assert.deepEqual(ws.explainPrice(dormant, 'BREAD').passedOver, [{ tier: 'group', reason: 'group_inactive' }])
  ws.upsertPriceGroup('Dormant', true)
  assert.deepEqual(ws.resolvePrice(dormant, 'BREAD'), { amount: '1.00', tier: 'group', minQty: '0' })
  ws.removePriceGroup('DORMANT')
  assert.deepEqual(ws.explainPrice(dormant, 'BREAD').passedOver, [{ tier: 'group', reason: 'group_unknown' }])
  assert.deepEqual(ws.priceGroups().map((g) => g.name), ['Trade'])
})

test('PR2a zero only where the product allows it, never negative, wherever a price is set', () => {
  const { ws } = shop()
  ws.upsertProducts([{ sku: 'SAMPLE', name: 'Tasting sample', basePrice: 0, allowZeroPrice: true }])
  ws.setDefaultPrices({ SAMPLE: '0.00' })
  assert.deepEqual(ws.resolvePrice(null, 'SAMPLE'), { amount: '0.00', tier: 'default_list', minQty: '0' })
  const before = prices(ws)
  const cases = [
    [() => ws.upsertProducts([{ sku: 'FREE', name: 'Free', basePrice: 0 }]), 'ZERO_PRICE_NOT_ALLOWED'],
    [() => ws.upsertProducts([{ sku: 'NEG', name: 'Negative', basePrice: '-0.01' }]), 'PRICE_INVALID'],
    [() => ws.setDefaultPrices({ BREAD: '0' }), 'ZERO_PRICE_NOT_ALLOWED'],
    [() => ws.setDefaultPrices({ BREAD: -1 }), 'PRICE_INVALID'],
    [() => ws.setGroupPrices('Trade', { 'MILK-1L': '1.00', BREAD: 0 }), 'ZERO_PRICE_NOT_ALLOWED'],
    [() => ws.setGroupPrices('Trade', { BREAD: '-6' }), 'PRICE_INVALID'],
    // The default list holds a zero for SAMPLE, so it must keep allowing zero.
    [() => ws.upsertProducts([{ sku: 'SAMPLE', name: 'Tasting sample', basePrice: 1 }]), 'ZERO_PRICE_NOT_ALLOWED'],
  ]
  for (const [call, code] of cases) throwsCode(call, code, 'validation')
  assert.deepEqual(prices(ws), before)
})

test('PR2b a macro edits a group from its price, else the base price, rounded; the rest is reported', () => {
  const { ws, trade } = shop()
  const report = ws.applyPriceMacro('Trade', '+10%')
  assert.deepEqual(report, { changed: 3, skipped: ['CUSTOM'] })
  const sheet = ws.resolvePrices(trade)
  assert.deepEqual(sheet.amounts, ['7.15', null, '6.82', '2.20'], 'BREAD from base 6.50, EGGS from group 6.20')
  assert.deepEqual(sheet.tiers, ['group', null, 'group', 'group'])
  assert.deepEqual(ws.applyPriceMacro('Trade', '*1.15', ['MILK-1L']), { changed: 1, skipped: [] })
  assert.deepEqual(ws.applyPriceMacro('Trade', ' - 5 % ', null), { changed: 3, skipped: ['CUSTOM'] })
  assert.deepEqual(ws.resolvePrices(trade).amounts, ['6.79', null, '6.48', '2.40'])
})

test('PR2b a malformed macro is PRICE_MACRO_INVALID; a result below zero refuses the whole edit', () => {
  const { ws } = shop()
  const before = prices(ws)
  for (const m of ['10%', '+ten', '*0', '-100%', '*1e3', '', '+10%%', '/2']) {
    throwsCode(() => ws.applyPriceMacro('Trade', m), 'PRICE_MACRO_INVALID', 'validation')
  }
  throwsCode(() => ws.applyPriceMacro('Trade', '-7'), 'PRICE_INVALID', 'validation') // BREAD would be -0.50
  throwsCode(() => ws.applyPriceMacro('Trade', '-2', ['BREAD', 'MILK-1L']), 'ZERO_PRICE_NOT_ALLOWED', 'validation')
  assert.deepEqual(prices(ws), before)
})

test('PR3 money is a decimal string out; strings and numbers in, numbers by their shortest decimal text', () => {
  const { ws } = workspace({ currency: 'JPY' })
  ws.upsertProducts([
    { sku: 'A', name: 'A', basePrice: 19.99 },
    { sku: 'B', name: 'B', basePrice: 0.1 },
    { sku: 'C', name: 'C', basePrice: '12.50' },
    { sku: 'D', name: 'D', basePrice: 1e12 },
    { sku: 'E', name: 'E', basePrice: 5 },
    { sku: 'F', name: 'F', basePrice: 7n },
  ])
  // R3: 0.1 + 0.2 prints 0.30000000000000004, more places than an amount has: refused.
  throwsCode(() => ws.setDefaultPrices({ E: 0.1 + 0.2 }), 'AMOUNT_OUT_OF_RANGE', 'validation')
  ws.setDefaultPrices({ E: 0.3 })
  ws.setDefaultPrices({ F: 10n ** 12n }) // a BigInt is its exact integer, as inside objects
  throwsCode(() => ws.setDefaultPrices({ F: 10n ** 24n }), 'AMOUNT_OUT_OF_RANGE', 'validation')
  assert.deepEqual(ws.products().map((p) => p.basePrice), ['19.99', '0.1', '12.50', '1000000000000', '5', '7'])
  const sheet = ws.resolvePrices(null)
  assert.deepEqual(sheet.amounts, ['19.99', '0.1', '12.50', '1000000000000', '0.3', '1000000000000'])
  assert.equal(sheet.currency, 'JPY')
  assert.equal(ws.explainPrice(null, 'C').currency, 'JPY')
  for (const amount of sheet.amounts) assert.equal(typeof amount, 'string')
})

test('PR3 NaN, Infinity, text that is not a number and other types are refused as prices', () => {
  const { ws } = shop()
  const before = prices(ws)
  const bad = [NaN, Infinity, -Infinity, 'abc', '', '1,50', true, {}, [1]]
  for (const price of bad) {
    throwsCode(() => ws.setDefaultPrices({ BREAD: price }), 'INVALID_ARGUMENT', 'validation')
    throwsCode(() => ws.setGroupPrices('Trade', { BREAD: price }), 'INVALID_ARGUMENT', 'validation')
    throwsCode(() => ws.upsertProducts([{ sku: 'BREAD', name: 'Sourdough', basePrice: price }]), 'INVALID_ARGUMENT', 'validation')
  }
  assert.deepEqual(prices(ws), before)
})

test('PR4 resolvePrices: the whole catalogue in one call, as parallel arrays in SKU order', () => {
  const { ws, trade } = shop()
  assert.deepEqual(ws.resolvePrices(trade), {
    currency: 'AUD',
    skus: ['BREAD', 'CUSTOM', 'EGGS-12', 'MILK-1L'],
    amounts: ['6.00', null, '6.20', '2.00'],
    tiers: ['default_list', null, 'group', 'base'],
  })
  assert.deepEqual(ws.resolvePrices(trade, ['MILK-1L', ' EGGS-12 ', 'MILK-1L']), {
    currency: 'AUD',
    skus: ['MILK-1L', 'EGGS-12', 'MILK-1L'],
    amounts: ['2.00', '6.20', '2.00'],
    tiers: ['base', 'group', 'base'],
  })
  assert.deepEqual(ws.resolvePrices(trade, []), { currency: 'AUD', skus: [], amounts: [], tiers: [] })
  assert.deepEqual(workspace().ws.resolvePrices(null), { currency: 'USD', skus: [], amounts: [], tiers: [] })
})

test('PR4 every sheet is the caller own, and the next sheet sees every change', () => {
  const { ws, trade } = shop()
  const first = ws.resolvePrices(trade)
  first.skus.push('MINE')
  first.amounts[0] = 'changed'
  first.tiers.length = 0
  const second = ws.resolvePrices(trade)
  assert.deepEqual(second.skus, ['BREAD', 'CUSTOM', 'EGGS-12', 'MILK-1L'])
  assert.deepEqual(second.amounts[0], '6.00')
  ws.upsertProducts([{ sku: 'APPLE', name: 'Apple', basePrice: '0.80' }])
  ws.setGroupPrices('Trade', { BREAD: '5.50' })
  const third = ws.resolvePrices(trade)
  assert.deepEqual(third.skus, ['APPLE', 'BREAD', 'CUSTOM', 'EGGS-12', 'MILK-1L'])
  assert.deepEqual(third.amounts, ['0.80', '5.50', null, '6.20', '2.00'])
  ws.updateCustomer(trade, { priceGroup: null })
  ws.updateSettings({ currency: 'NZD' })
  const fourth = ws.resolvePrices(trade)
  assert.deepEqual([fourth.currency, fourth.amounts[1], fourth.tiers[1]], ['NZD', '6.00', 'default_list'])
})

test('PR4 the sheet agrees with resolvePrice on every row of a large mixed catalogue', () => {
  // SKUs that are not ASCII, or that hold a Unicode line separator, cross intact too (R4 keeps
  // control characters, line feeds among them, out of a SKU).
  for (const odd of [['CAFÉ-Ω'], ['CAFÉ-Ω', 'TWO\u2028LINES']]) {
    const { ws } = workspace()
    const sku = (i) => `SKU-${String(i).padStart(4, '0')}`
    const products = odd.map((s) => ({ sku: s, name: 'Odd', basePrice: '4.20' }))
    for (let i = 0; i < 1500; i++) products.push({ sku: sku(i), name: `P${i}`, basePrice: i % 7 === 0 ? null : `${i}.${i % 100}` })
    ws.upsertProducts(products)
    const list = {}
    const group = {}
    for (let i = 0; i < 1500; i += 3) list[sku(i)] = (i / 4 + 1).toFixed(2)
    for (let i = 0; i < 1500; i += 2) group[sku(i)] = i / 8 + 0.5
    ws.setDefaultPrices(list)
    ws.upsertPriceGroup('Half')
    ws.setGroupPrices('Half', group)
    const buyer = ws.createCustomer({ name: 'Buyer', priceGroup: 'Half' }).id
    for (const who of [buyer, null, buyer]) {
      const sheet = ws.resolvePrices(who)
      assert.equal(sheet.skus.length, 1500 + odd.length)
      assert.deepEqual(sheet.skus, ws.products().map((p) => p.sku))
      sheet.skus.forEach((s, i) => {
        const r = ws.resolvePrice(who, s)
        assert.deepEqual({ amount: sheet.amounts[i], tier: sheet.tiers[i] }, { amount: r.amount, tier: r.tier }, s)
      })
    }
    const tiers = new Set(ws.resolvePrices(buyer).tiers)
    assert.deepEqual(tiers, new Set([null, 'group', 'default_list', 'base']))
  }
})

test('PR4 explainPrice names the tier that won and why each higher tier was passed over', () => {
  const { ws, trade, plain } = shop()
  assert.deepEqual(ws.explainPrice(trade, 'MILK-1L'), {
    sku: 'MILK-1L',
    amount: '2.00',
    currency: 'AUD',
    tier: 'base',
    group: 'Trade',
    passedOver: [{ tier: 'group', reason: 'no_entry' }, { tier: 'default_list', reason: 'no_entry' }],
    minQty: null,
    qty: '1',
    at: T0,
    upcoming: [],
  })
  assert.deepEqual(ws.explainPrice(plain, 'CUSTOM'), {
    sku: 'CUSTOM',
    amount: null,
    currency: 'AUD',
    tier: null,
    group: null,
    passedOver: [
      { tier: 'group', reason: 'no_group' },
      { tier: 'default_list', reason: 'no_entry' },
      { tier: 'base', reason: 'no_entry' },
    ],
    minQty: null,
    qty: '1',
    at: T0,
    upcoming: [],
  })
  assert.deepEqual(ws.explainPrice(trade, 'EGGS-12').passedOver, [])
})

test('ST1 the customer override, else the workspace default, else the system default', () => {
  const { ws } = workspace({ defaults: { orderTemplate: 'quantity_grid', freight: { kind: 'free_over', threshold: 250, amount: '9.50' } } })
  const own = ws.createCustomer({ name: 'Own', orderTemplate: 'ecommerce', checkoutMode: 'pay_later', freight: { kind: 'manual' } })
  const inherits = ws.createCustomer({ name: 'Inherits', checkoutMode: 'inherit' })
  assert.deepEqual(ws.effectiveSettings(own.id), {
    orderTemplate: 'ecommerce',
    orderTemplateFrom: 'customer',
    checkoutMode: 'pay_later',
    checkoutModeFrom: 'customer',
    payLaterForced: false,
    freight: { kind: 'manual', amount: null, threshold: null },
    freightFrom: 'customer',
  })
  assert.deepEqual(ws.effectiveSettings(inherits.id), {
    orderTemplate: 'quantity_grid',
    orderTemplateFrom: 'workspace',
    checkoutMode: 'pay_later',
    checkoutModeFrom: 'system',
    payLaterForced: false,
    freight: { kind: 'free_over', amount: '9.50', threshold: '250' },
    freightFrom: 'workspace',
  })
  assert.deepEqual(ws.settings().defaults, {
    orderTemplate: 'quantity_grid',
    checkoutMode: null,
    freight: { kind: 'free_over', amount: '9.50', threshold: '250' },
    cardPaymentsReady: false,
  })
})

test('ST1 Pay now is forced to Pay later until card payments are ready; defaults are replaced whole', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Deli', checkoutMode: 'pay_now' })
  assert.deepEqual([ws.effectiveSettings(c.id).checkoutMode, ws.effectiveSettings(c.id).payLaterForced], ['pay_later', true])
  ws.updateSettings({ defaults: { cardPaymentsReady: true, orderTemplate: 'quantity_grid' } })
  assert.deepEqual([ws.effectiveSettings(c.id).checkoutMode, ws.effectiveSettings(c.id).payLaterForced], ['pay_now', false])
  ws.updateSettings({ defaults: { cardPaymentsReady: true } })
  assert.deepEqual(ws.effectiveSettings(c.id).orderTemplateFrom, 'system')
  const before = ws.settings()
  for (const defaults of [{ checkoutMode: 'cash' }, { cardPaymentsReady: 'yes' }, { freight: { kind: 'flat_rate' } }, { orderTemplat: 'ecommerce' }]) {
    throwsCode(() => ws.updateSettings({ defaults }), 'INVALID_ARGUMENT', 'validation')
  }
  throwsCode(() => new ol.Workspace('X', { defaults: { freight: { kind: 'flat_rate', amount: NaN } } }), 'INVALID_ARGUMENT', 'validation')
  assert.deepEqual(ws.settings(), before)
})

test('PR1 PR2b PR4 ST1 arguments of the wrong type are INVALID_ARGUMENT and change nothing', () => {
  const { ws, trade } = shop()
  const before = prices(ws)
  const cases = [
    () => ws.upsertProducts({ sku: 'A', name: 'A' }),
    () => ws.upsertProducts(['A']),
    () => ws.upsertProducts([{ sku: 1, name: 'A' }]),
    () => ws.upsertProducts([{ sku: 'A' }]),
    () => ws.upsertProducts([{ sku: 'A', name: 'A', colour: 'red' }]),
    () => ws.upsertProducts([{ sku: 'A', name: 'A', allow_zero_price: true }]),
    () => ws.upsertProducts([{ sku: 'A', name: 'A', active: 'yes' }]),
    () => ws.setDefaultPrices(['BREAD', '1.00']),
    () => ws.setDefaultPrices('BREAD=1.00'),
    () => ws.setDefaultPrices(null),
    () => ws.upsertPriceGroup(7),
    () => ws.upsertPriceGroup('Trade', 'no'),
    () => ws.upsertPriceGroup('   '),
    () => ws.removePriceGroup(null),
    () => ws.setGroupPrices(null, { BREAD: '1.00' }),
    () => ws.setGroupPrices('Trade', [['BREAD', '1.00']]),
    () => ws.applyPriceMacro('Trade', 10),
    () => ws.applyPriceMacro('Trade', '+10%', 'BREAD'),
    () => ws.applyPriceMacro('Trade', '+10%', [1]),
    () => ws.resolvePrice(42, 'BREAD'),
    () => ws.resolvePrice('not-a-uuid', 'BREAD'),
    () => ws.resolvePrice(trade, 7),
    () => ws.resolvePrices(trade, 'BREAD'),
    () => ws.resolvePrices(trade, [null]),
    () => ws.explainPrice({ id: trade }, 'BREAD'),
    () => ws.effectiveSettings(null),
    () => ws.effectiveSettings(42),
  ]
  for (const call of cases) throwsCode(call, 'INVALID_ARGUMENT', 'validation')
  assert.deepEqual(prices(ws), before)
})
