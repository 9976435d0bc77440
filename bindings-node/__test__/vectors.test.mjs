// Runs the cross-language vectors in tests/vectors/ through the Node API (N1 C1 C2 C3 C4 C5
// L3 A1 A2 A3 A4 S1 S2), the same files the Rust and Python suites run.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ol, UNKNOWN } from './helpers.mjs'

const dir = new URL('../../tests/vectors/', import.meta.url)
const cases = (name) => {
  const all = JSON.parse(readFileSync(new URL(name, dir), 'utf8')).cases
  assert.ok(all.length > 0, name)
  return all
}
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const camelKeys = (o) =>
  o && typeof o === 'object' && !Array.isArray(o) ? Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), camelKeys(v)])) : o
const code = (fn) => {
  try {
    fn()
  } catch (e) {
    return e.code
  }
  return undefined
}

for (const c of cases('normalization.json')) {
  test(`${c.rule} ${c.name}`, () => assert.equal(ol[camel(c.fn)](c.input), c.expected))
}

for (const c of cases('link_codes.json')) {
  test(`${c.rule} ${c.name}`, () => {
    if (c.error) assert.equal(code(() => ol.parseLinkCode(c.input)), c.error)
    else assert.equal(ol.parseLinkCode(c.input), c.expected)
  })
}

for (const c of cases('validation.json')) {
  test(`${c.rule} ${c.name}`, () => {
    const ws = new ol.Workspace('Vectors', { seed: 1, ...camelKeys(c.workspace) })
    for (const e of c.existing) ws.createCustomer(camelKeys(e))
    if (c.expected.error) {
      assert.equal(code(() => ws.createCustomer(camelKeys(c.input))), c.expected.error)
    } else {
      const made = ws.createCustomer(camelKeys(c.input))
      for (const [k, v] of Object.entries(c.expected.customer)) assert.equal(made[camel(k)] ?? null, v, k)
    }
  })
}

for (const c of cases('access.json')) {
  test(`${c.rule} ${c.name}`, () => {
    const ws = new ol.Workspace('Vectors Wholesale', { seed: 1, ...camelKeys(c.workspace) })
    let made
    if (c.customer) {
      made = ws.createCustomer({ name: c.customer.name, email: c.customer.email, orderWebBlocked: c.customer.order_web_blocked })
      if (!c.customer.active) ws.updateCustomer(made.id, { active: false })
    }
    const link = { customer: () => ws.linkUrl(made.id), workspace: () => ws.workspaceLinkUrl(), unknown: () => UNKNOWN }[c.link]()
    const d = ws.openLink(link)
    for (const [k, v] of Object.entries(c.expected)) assert.equal(d[camel(k)] ?? null, v, k)
  })
}

for (const c of cases('editable_fields.json')) {
  test(`${c.rule} ${c.name}`, () => {
    const ws = new ol.Workspace('Vectors', { seed: 1 })
    const made = ws.createCustomer({ name: 'Synced Co' })
    if (!c.customer_active) ws.updateCustomer(made.id, { active: false })
    ws.updateSettings({ contactsSync: camelKeys(c.contacts_sync) })
    assert.deepEqual(ws.editableFields(made.id), c.expected)
  })
}
