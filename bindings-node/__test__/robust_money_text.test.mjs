// R3 and R4 through the Node API: amounts and quantities range-checked where they enter, JS
// numbers read by their shortest text (0.1 + 0.2 is an error, not 0.30000000000000004), sums
// that cannot overflow, and text every store can hold (no control characters, visible names,
// a base URL normalised by the URL parser).
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, throwsCode, workspace } from './helpers.mjs'

const OUT = 'AMOUNT_OUT_OF_RANGE'
const MAX = '1000000000000'

function shop() {
  const { ws } = workspace({ currency: 'AUD' })
  ws.upsertProducts([{ sku: 'BREAD', name: 'Sourdough', basePrice: '6.50' }])
  ws.upsertPriceGroup('Trade')
  return ws
}

test('R3 JS numbers that stand for short decimals are amounts', () => {
  const ws = shop()
  ws.setDefaultPrices({ BREAD: 4.5 })
  assert.equal(ws.resolvePrice(null, 'BREAD').amount, '4.5')
  ws.setDefaultPrices({ BREAD: 0.3 })
  assert.equal(ws.resolvePrice(null, 'BREAD').amount, '0.3')
  ws.setGroupPrices('Trade', { BREAD: 19.99 })
  const c = ws.createCustomer({ name: 'Deli', priceGroup: 'Trade' })
  assert.equal(ws.resolvePrice(c.id, 'BREAD').amount, '19.99')
})

test('R3 0.1 + 0.2 from JavaScript is refused, never stored as 0.30000000000000004', () => {
  const ws = shop()
  throwsCode(() => ws.setDefaultPrices({ BREAD: 0.1 + 0.2 }), OUT, 'validation')
  throwsCode(() => ws.setGroupPrices('Trade', { BREAD: 0.1 + 0.2 }), OUT, 'validation')
  throwsCode(() => ws.upsertProducts([{ sku: 'MILK', name: 'Milk', basePrice: 0.1 + 0.2 }]), OUT, 'validation')
  const c = ws.createCustomer({ name: 'Deli' })
  throwsCode(() => ws.intakeOrder(ws.linkUrl(c.id), { number: 'A-1', total: 0.1 + 0.2 }), OUT, 'validation')
  throwsCode(() => ws.createCustomer({ name: 'Pier', freight: { kind: 'flat_rate', amount: 0.1 + 0.2 } }), OUT)
  // The string it prints gets the same answer.
  throwsCode(() => ws.setDefaultPrices({ BREAD: '0.30000000000000004' }), OUT, 'validation')
  assert.equal(ws.resolvePrice(null, 'BREAD').amount, '6.50', 'nothing written')
  assert.equal(ws.getCustomer(c.id).orders, 0)
})

test('R3 NaN and infinities are invalid arguments; tiny and huge numbers are out of range', () => {
  const ws = shop()
  for (const n of [NaN, Infinity, -Infinity]) throwsCode(() => ws.setDefaultPrices({ BREAD: n }), 'INVALID_ARGUMENT')
  for (const n of [1e-7, 1e-300, 1e300, 1e13, 0.00001]) throwsCode(() => ws.setDefaultPrices({ BREAD: n }), OUT)
  // Text is read exactly: more digits than a decimal holds is out of range, never rounded.
  throwsCode(() => ws.setDefaultPrices({ BREAD: '0.12345678901234567890123456789012' }), OUT)
  for (const s of ['1e', 'abc', '']) throwsCode(() => ws.setDefaultPrices({ BREAD: s }), 'INVALID_ARGUMENT')
})

test('R3 amounts and quantities are range-checked where they enter', () => {
  const ws = shop()
  throwsCode(() => ws.setDefaultPrices({ BREAD: '1000000000000.0001' }), OUT)
  ws.setDefaultPrices({ BREAD: MAX })
  throwsCode(() => ws.applyPriceMacro('Trade', '*1.00001'), OUT)
  ws.setGroupPrices('Trade', { BREAD: MAX })
  throwsCode(() => ws.applyPriceMacro('Trade', '+1'), OUT)
  const c = ws.createCustomer({ name: 'Deli' })
  const url = ws.linkUrl(c.id)
  const line = (qty) => ({ number: 'Q-1', total: '10', lines: [{ sku: 'BREAD', qty }] })
  for (const qty of ['0.0001', '1000000001']) throwsCode(() => ws.intakeOrder(url, line(qty)), OUT)
  ws.intakeOrder(url, line('1000000000'))
  throwsCode(() => ws.updateSettings({ defaults: { freight: { kind: 'flat_rate', amount: '0.00001' } } }), OUT)
})

test('R3 two maximum totals on one link sum exactly (no overflow, no abort)', () => {
  const ws = shop()
  const c = ws.createCustomer({ name: 'Deli' })
  const url = ws.linkUrl(c.id)
  ws.intakeOrder(url, { number: 'M-1', total: MAX })
  ws.intakeOrder(url, { number: 'M-2', total: MAX })
  assert.equal(ws.getCustomer(c.id).amount, '2000000000000')
  throwsCode(() => ws.intakeOrder(url, { number: 'M-3', total: '79228162514264337593543950335' }), OUT)
  throwsCode(() => ws.intakeOrder(url, { number: 'M-3', total: 1e28 }), OUT)
  assert.equal(ws.getCustomer(c.id).orders, 2)
})

test('R4 NUL is refused in each kind of entry', () => {
  const ws = shop()
  const nul = 'a\u0000b'
  for (const input of [{ name: nul }, { name: 'Deli', code: nul }, { name: 'Deli', phone: nul }, { name: 'Deli', contact: nul },
    { name: 'Deli', email: 'a\u0000@deli.example' }, { name: 'Deli', tags: [nul] }]) {
    throwsCode(() => ws.createCustomer(input), 'TEXT_INVALID', 'validation')
  }
  const c = ws.createCustomer({ name: 'Deli' })
  throwsCode(() => ws.updateCustomer(c.id, { name: nul }), 'TEXT_INVALID')
  throwsCode(() => ws.addNote(c.id, 'sam', nul), 'TEXT_INVALID')
  throwsCode(() => ws.addAddress(c.id, { line1: nul }), 'TEXT_INVALID')
  throwsCode(() => ws.upsertPriceGroup(nul), 'TEXT_INVALID')
  throwsCode(() => ws.upsertProducts([{ sku: 'MILK', name: nul }]), 'TEXT_INVALID')
  throwsCode(() => ws.setMessageTemplate('Mine', 'Hi', nul), 'TEXT_INVALID')
  throwsCode(() => ws.updateSettings({ name: nul }), 'TEXT_INVALID')
  const link = ws.workspaceLinkUrl()
  throwsCode(() => ws.intakeOrder(link, { number: 'W-1', total: '1' }, { businessName: nul, email: 'jo@deli.example' }), 'TEXT_INVALID')
  assert.deepEqual(ws.pendingBuyers(), [])
  // A list query's search, tag and address: refused, whichever store would answer it.
  for (const query of [{ search: nul }, { tag: nul }, { address: nul }, { search: 'de\u0001li', limit: 5 }]) {
    throwsCode(() => ws.listCustomers(query), 'TEXT_INVALID')
  }
  assert.equal(ws.listCustomers({ search: 'deli\t' }).total, 1, 'white space around a term is trimmed')
  // R1: a term longer than any field it could match (1,000 characters) is refused.
  throwsCode(() => ws.listCustomers({ search: 'deli'.repeat(100_000) }), 'INVALID_ARGUMENT')
  const p = ws.previewImport(Buffer.from('Name,Contact\nCrème Brûlée,José\nمطعم الشرق,\n👩\u200d🍳 Kitchen,\nNul\u0000Row,\n'))
  assert.deepEqual(p.report.issues.map((i) => [i.row, i.code]), [[5, 'TEXT_INVALID']])
  const r = ws.confirmImport(p)
  assert.deepEqual(r.created.map((id) => ws.getCustomer(id).name), ['Crème Brûlée', 'مطعم الشرق', '👩\u200d🍳 Kitchen'])
})

test('R4 a name needs a visible character', () => {
  const ws = shop()
  for (const name of ['\u200b', '\u2060\ufeff', '\u00ad', '\u0301\u0308', '\u3164']) {
    throwsCode(() => ws.createCustomer({ name }), 'TEXT_INVALID', 'validation')
    throwsCode(() => ws.updateSettings({ name }), 'TEXT_INVALID')
  }
  assert.equal(ws.createCustomer({ name: 'Cafe\u0301' }).name, 'Cafe\u0301')
})

test('R4 base_url is normalised by the URL parser; CR, LF and tab are refused', () => {
  const { ws } = workspace({ baseUrl: 'HTTPS://Shop.Example:443/b2b/' })
  assert.equal(ws.settings().baseUrl, 'https://shop.example/b2b')
  const c = ws.createCustomer({ name: 'Deli' })
  assert.equal(ws.linkUrl(c.id), `https://shop.example/b2b/order/${c.linkCode}`)
  for (const bad of ['https://shop.example/\r\nSet-Cookie: x', 'https://shop.example/\tx']) {
    throwsCode(() => ws.updateSettings({ baseUrl: bad }), 'TEXT_INVALID')
  }
  for (const bad of ['https://user:pw@shop.example', 'https://shop.example/?a=1', 'ftp://shop.example']) {
    throwsCode(() => ws.updateSettings({ baseUrl: bad }), 'INVALID_ARGUMENT')
  }
  assert.equal(ws.settings().baseUrl, 'https://shop.example/b2b')
})
