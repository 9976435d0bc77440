// Order links through the Node API: L1–L5.
import test from 'node:test'
import assert from 'node:assert/strict'
import { ol, UNKNOWN, throwsCode, synced, workspace } from './helpers.mjs'

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/

test('L1 every customer gets a distinct code, never the workspace code', () => {
  const { ws } = workspace()
  const codes = new Set(Array.from({ length: 200 }, (_, i) => ws.createCustomer({ name: `C${i}` }).linkCode))
  assert.equal(codes.size, 200)
  assert.ok(!codes.has(ws.settings().linkCode))
})

test('L1 a code never changes with edits', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Permanent', code: 'P-1' })
  const after = ws.updateCustomer(c.id, { name: 'Renamed', code: 'P-2', active: false })
  assert.equal(after.linkCode, c.linkCode)
})

test('L1 S3 synced customers get codes too', () => {
  const { ws } = synced()
  const [id] = ws.applyContactsSync([{ externalId: 'x1', name: 'Synced Co' }]).created
  assert.match(ws.getCustomer(id).linkCode, CROCKFORD)
})

test('L2 codes are 26 Crockford base32 characters (128 bits)', () => {
  const { ws } = workspace()
  assert.match(ws.createCustomer({ name: 'A' }).linkCode, CROCKFORD)
  assert.match(ws.settings().linkCode, CROCKFORD)
})

test('L2 codes do not follow from names or creation order', () => {
  const a = new ol.Workspace('Same', { seed: 1 }).createCustomer({ name: 'Same' }).linkCode
  const b = new ol.Workspace('Same', { seed: 2 }).createCustomer({ name: 'Same' }).linkCode
  assert.notEqual(a, b, 'same name and position, different randomness')
  const { ws } = workspace()
  const [x, y] = [ws.createCustomer({ name: 'X' }).linkCode, ws.createCustomer({ name: 'X' }).linkCode]
  assert.ok([...x].filter((ch, i) => ch === y[i]).length < 10, 'consecutive codes share no structure')
})

test('L2 without a seed codes come from the OS CSPRNG', () => {
  const a = new ol.Workspace('Live').createCustomer({ name: 'A' }).linkCode
  const b = new ol.Workspace('Live').createCustomer({ name: 'A' }).linkCode
  assert.notEqual(a, b)
})

test('L3 the link URL is {baseUrl}/order/{code}', () => {
  const { ws } = workspace({ baseUrl: 'https://shop.example/' })
  const c = ws.createCustomer({ name: 'A' })
  assert.equal(ws.linkUrl(c.id), `https://shop.example/order/${c.linkCode}`)
  assert.equal(ws.workspaceLinkUrl(), `https://shop.example/order/${ws.settings().linkCode}`)
})

test('L3 parsing normalises case and look-alikes', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A' })
  const url = ws.linkUrl(c.id)
  assert.equal(ol.parseLinkCode(url), c.linkCode)
  assert.equal(ol.parseLinkCode(url.toLowerCase()), c.linkCode)
  assert.equal(ol.parseLinkCode(` ${c.linkCode.toLowerCase()} `), c.linkCode)
  assert.equal(ol.parseLinkCode(`/order/${c.linkCode}`), c.linkCode)
  assert.equal(ol.parseLinkCode('7zq4mxdon5w8k3jy6hbvrt2ca0'), '7ZQ4MXD0N5W8K3JY6HBVRT2CA0', 'o reads as 0')
})

test('L3 malformed links are refused before any look-up', () => {
  const { ws } = workspace()
  for (const bad of ['', 'short', 'https://x.example/order/nope', 'https://x.example/cart/7ZQ4MXD0N5W8K3JY6HBVRT2CA0', 'ftp://x.example/order/7ZQ4MXD0N5W8K3JY6HBVRT2CA0', 'U'.repeat(26), 'x'.repeat(10_000)]) {
    throwsCode(() => ol.parseLinkCode(bad), 'LINK_MALFORMED', 'validation')
    throwsCode(() => ws.resolveLink(bad), 'LINK_MALFORMED', 'validation')
    throwsCode(() => ws.openLink(bad), 'LINK_MALFORMED', 'validation')
  }
})

test('L4 resolving answers customer, workspace or unknown', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'A' })
  assert.deepEqual(ws.resolveLink(c.linkCode), { kind: 'customer', customerId: c.id, cartId: null })
  assert.deepEqual(ws.resolveLink(ws.linkUrl(c.id).toLowerCase()), { kind: 'customer', customerId: c.id, cartId: null })
  assert.deepEqual(ws.resolveLink(ws.workspaceLinkUrl()), { kind: 'workspace', customerId: null, cartId: null })
  assert.deepEqual(ws.resolveLink(UNKNOWN), { kind: 'unknown', customerId: null, cartId: null })
})

test('L4 a deleted customer\'s code answers as unknown', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Gone' })
  ws.deleteCustomer(c.id)
  assert.equal(ws.resolveLink(c.linkCode).kind, 'unknown')
})

test('L5 rotation issues a new code, retires the old one, and is audited', () => {
  const { ws, clock } = workspace()
  const c = ws.createCustomer({ name: 'Leaky' })
  assert.deepEqual(ws.linkRotations(c.id), [])
  clock.advance(30)
  const rotated = ws.rotateLink(c.id, { by: 'admin@harbour.example', reason: 'posted publicly' })
  assert.notEqual(rotated.linkCode, c.linkCode)
  assert.match(rotated.linkCode, CROCKFORD)
  assert.equal(ws.resolveLink(c.linkCode).kind, 'unknown')
  assert.deepEqual(ws.resolveLink(rotated.linkCode), { kind: 'customer', customerId: c.id, cartId: null })
  assert.equal(ws.openLink(c.linkCode).found, false)
  assert.deepEqual(ws.linkRotations(c.id), [
    { customerId: c.id, oldCode: c.linkCode, newCode: rotated.linkCode, at: clock.now(), by: 'admin@harbour.example', reason: 'posted publicly' },
  ])
})

test('L5 rotation without audit details, twice, keeps the whole trail', () => {
  const { ws } = workspace()
  const c = ws.createCustomer({ name: 'Twice' })
  const one = ws.rotateLink(c.id)
  const two = ws.rotateLink(c.id, {})
  const trail = ws.linkRotations(c.id)
  assert.deepEqual(trail.map((r) => [r.oldCode, r.newCode, r.by, r.reason]), [
    [c.linkCode, one.linkCode, null, null],
    [one.linkCode, two.linkCode, null, null],
  ])
  throwsCode(() => ws.rotateLink(c.id, { by: 5 }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.rotateLink(c.id, { who: 'me' }), 'INVALID_ARGUMENT')
  throwsCode(() => ws.rotateLink('00000000-0000-4000-8000-000000000000'), 'CUSTOMER_NOT_FOUND')
  assert.equal(ws.linkRotations(c.id).length, 2)
})
