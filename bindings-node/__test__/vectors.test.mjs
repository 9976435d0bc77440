// The cross-language vectors in tests/vectors/ run through the Node API: the same files the
// Rust and Python suites run. Each case is one test named `${rule} ${name}`. Keys in the files
// are snake_case; the Node API takes camelCase.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { ol, UNKNOWN } from './helpers.mjs'
import { messageRunners } from './message_vectors.mjs'

const dir = new URL('../../tests/vectors/', import.meta.url)
const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase())
const camelKeys = (o) =>
  o && typeof o === 'object' && !Array.isArray(o)
    ? Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), camelKeys(v)]))
    : o
/** The `.code` of what `fn` throws, or undefined when it returns. */
const codeOf = (fn) => {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof Error && typeof e.code === 'string', `not a coded Error: ${e}`)
    return e.code
  }
  return undefined
}

const runners = {
  'normalization.json': (c) => assert.equal(ol[camel(c.fn)](c.input), c.expected),

  'link_codes.json': (c) => {
    if (c.error) assert.equal(codeOf(() => ol.parseLinkCode(c.input)), c.error)
    else assert.equal(ol.parseLinkCode(c.input), c.expected)
  },

  'validation.json': (c) => {
    const ws = new ol.Workspace('Vectors', { seed: 1, ...camelKeys(c.workspace ?? {}) })
    for (const e of c.existing ?? []) ws.createCustomer(camelKeys(e))
    if (c.expected.error) {
      const before = ws.listCustomers({ filter: 'all' })
      assert.equal(codeOf(() => ws.createCustomer(camelKeys(c.input))), c.expected.error)
      assert.deepEqual(ws.listCustomers({ filter: 'all' }), before)
    } else {
      const made = ws.createCustomer(camelKeys(c.input))
      for (const [k, v] of Object.entries(c.expected.customer)) assert.deepEqual(made[camel(k)], v, k)
    }
  },

  'access.json': (c) => {
    const ws = new ol.Workspace('Vectors Wholesale', { seed: 1, ...camelKeys(c.workspace) })
    let made
    if (c.customer) {
      made = ws.createCustomer({ name: c.customer.name, email: c.customer.email, orderWebBlocked: c.customer.order_web_blocked })
      if (!c.customer.active) ws.updateCustomer(made.id, { active: false })
    }
    const link = { customer: () => ws.linkUrl(made.id), workspace: () => ws.workspaceLinkUrl(), unknown: () => UNKNOWN }[c.link]()
    const d = ws.openLink(link)
    for (const [k, v] of Object.entries(c.expected)) assert.deepEqual(d[camel(k)] ?? null, v, k)
  },

  'editable_fields.json': (c) => {
    const ws = new ol.Workspace('Vectors', { seed: 1 })
    const made = ws.createCustomer({ name: 'Synced Co' })
    if (!c.customer_active) ws.updateCustomer(made.id, { active: false })
    ws.updateSettings({ contactsSync: camelKeys(c.contacts_sync) })
    assert.deepEqual(ws.editableFields(made.id), c.expected)
  },

  'import.json': (c) => {
    const data = c.input !== undefined ? Buffer.from(c.input, 'utf8') : Buffer.from(c.input_b64, 'base64')
    const r = ol.validateImport(data, camelKeys(c.options))
    const got = {
      rows_read: r.rowsRead, valid_rows: r.validRows, error_rows: r.errorRows, blank_rows: r.blankRows,
      refused: r.refused, issues: r.issues.map((i) => [i.row, i.column, i.code]),
    }
    assert.deepEqual(got, c.expected)
  },

  'neutralise.json': (c) => assert.equal(ol.neutraliseCell(c.input), c.expected),

  // The file's `setup` is built afresh for each case; `group: null` is the workspace link.
  'pricing.json': (c, { setup }) => {
    const ws = new ol.Workspace('Vectors', { seed: 1, currency: setup.currency })
    ws.upsertProducts(setup.products.map(camelKeys))
    ws.setDefaultPrices(setup.default_prices)
    for (const g of setup.groups) {
      ws.upsertPriceGroup(g.name, g.active)
      ws.setGroupPrices(g.name, g.prices)
    }
    const who = c.group === null ? null : ws.createCustomer({ name: 'Buyer', priceGroup: c.group }).id
    const resolved = ws.resolvePrice(who, c.sku)
    const why = ws.explainPrice(who, c.sku)
    const got = { amount: resolved.amount, tier: resolved.tier, passed_over: why.passedOver.map((p) => [p.tier, p.reason]) }
    assert.deepEqual(got, c.expected)
    assert.deepEqual([why.amount, why.tier, why.currency], [resolved.amount, resolved.tier, setup.currency])
    // PR4: the whole sheet and a one-SKU sheet say the same as the single price.
    const sheet = ws.resolvePrices(who)
    const row = sheet.skus.indexOf(c.sku)
    assert.deepEqual([sheet.amounts[row], sheet.tiers[row]], [resolved.amount, resolved.tier])
    const one = { currency: setup.currency, skus: [c.sku], amounts: [resolved.amount], tiers: [resolved.tier] }
    assert.deepEqual(ws.resolvePrices(who, [c.sku]), one)
  },

  // Through the workspace: the macro starts from the product's base price (there is no group
  // price yet), so a refused macro must leave the base price as the buyer's price.
  'price_macros.json': (c) => {
    const ws = new ol.Workspace('Vectors', { seed: 1, currency: c.currency })
    ws.upsertProducts([{ sku: 'P-1', name: 'Product', basePrice: c.price }])
    ws.upsertPriceGroup('Macro')
    const buyer = ws.createCustomer({ name: 'Buyer', priceGroup: 'Macro' }).id
    if (c.error) {
      assert.equal(codeOf(() => ws.applyPriceMacro('Macro', c.macro)), c.error)
      assert.deepEqual(ws.resolvePrice(buyer, 'P-1'), { amount: c.price, tier: 'base', minQty: null })
    } else {
      assert.deepEqual(ws.applyPriceMacro('Macro', c.macro), { changed: 1, skipped: [] })
      assert.deepEqual(ws.resolvePrice(buyer, 'P-1'), { amount: c.expected, tier: 'group', minQty: '0' })
    }
  },

  // PR5–PR8: one workspace per case from the setup, on a manual clock at `now`.
  'pricing_breaks.json': (c, { setup }) => {
    const instant = (t) => (t === null || t === undefined ? null : new Date(t))
    const entry = (e) =>
      Array.isArray(e)
        ? e.map((b) => ({ ...camelKeys(b), startsAt: instant(b.starts_at) ?? undefined, endsAt: instant(b.ends_at) ?? undefined }))
        : e
    const entries = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, entry(v)]))
    const ws = new ol.Workspace('Vectors', { seed: 3, currency: setup.currency, clock: new ol.ManualClock(new Date(setup.now)) })
    ws.upsertProducts(setup.products.map(camelKeys))
    ws.setDefaultPrices(entries(setup.default_prices))
    for (const g of setup.groups) {
      ws.upsertPriceGroup(g.name, g.active)
      ws.setGroupPrices(g.name, entries(g.prices))
    }
    const buyer = () => ws.createCustomer({ name: 'Buyer', priceGroup: c.group }).id
    const who = c.group === null ? null : buyer()
    // JS Dates hold milliseconds: the nanosecond case truncates to an instant still before its end.
    const at = instant(c.at)
    if (c.kind === 'resolve') {
      const options = { qty: c.qty, at }
      const r = ws.resolvePrice(who, c.sku, options)
      const why = ws.explainPrice(who, c.sku, options)
      assert.deepEqual([why.amount, why.tier, why.minQty], [r.amount, r.tier, r.minQty])
      const got = {
        amount: r.amount,
        tier: r.tier,
        min_qty: r.minQty,
        passed_over: why.passedOver.map((p) => [p.tier, p.reason]),
        upcoming: why.upcoming.map((u) => [u.tier, u.minQty, u.price, u.startsAt.toISOString()]),
      }
      const want = { ...c.expected, upcoming: c.expected.upcoming.map((u) => [...u.slice(0, 3), new Date(u[3]).toISOString()]) }
      assert.deepEqual(got, want)
      const sheet = ws.resolvePrices(who, [c.sku], options)
      assert.deepEqual([sheet.amounts, sheet.tiers], [[r.amount], [r.tier]])
    } else if (c.kind === 'breaks') {
      const got = ws.priceBreaks(who, [c.sku], { at })
      assert.deepEqual(got.breaks.map((row) => row.map((b) => [b.minQty, b.amount, b.tier])), [c.expected])
    } else if (c.kind === 'set') {
      const before = ws.priceEntry(c.sku, c.group)
      const set = { [c.sku]: entry(c.entry) }
      assert.equal(codeOf(() => (c.group === null ? ws.setDefaultPrices(set) : ws.setGroupPrices(c.group, set))), c.error)
      assert.deepEqual(ws.priceEntry(c.sku, c.group), before)
    } else if (c.kind === 'intake') {
      const link = ws.linkUrl(buyer())
      const order = { number: 'V-1', total: c.total, lines: c.lines.map(camelKeys), placedAt: instant(c.placed_at) ?? undefined }
      if (c.error) {
        assert.equal(codeOf(() => ws.intakeOrder(link, order)), c.error)
      } else {
        const lines = ws.getOrder(ws.intakeOrder(link, order).orderId).lines
        assert.deepEqual(lines.map((l) => [l.unitPrice ?? null, l.priceTier ?? null, l.priceBreak ?? null, l.currency ?? null, l.priceGiven]), c.expected)
      }
    } else {
      assert.fail(`unknown kind ${c.kind}`)
    }
  },

  'effective_settings.json': (c) => {
    const ws = new ol.Workspace('Vectors', { seed: 1, defaults: camelKeys(c.defaults) })
    const buyer = ws.createCustomer({ ...camelKeys(c.customer), name: 'Buyer' })
    const got = ws.effectiveSettings(buyer.id)
    // The files spell freight as the core's serde does: without the fields a kind lacks.
    const present = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null))
    for (const [k, v] of Object.entries(c.expected)) {
      assert.deepEqual(k === 'freight' ? present(got.freight) : got[camel(k)], v, k)
    }
  },
}

// I7 / I8 (issue 18): mapping suggestions and matching by record id.
runners['import_mapping.json'] = (c) => {
  const got = ol.suggestMapping(c.headers).map((s) => ({
    header: s.header,
    field: s.candidates.length ? s.candidates[0].field : null,
    confidence: s.candidates.length ? s.candidates[0].confidence : null,
  }))
  assert.deepEqual(got, c.expected)
}
runners['import_record_ids.json'] = (c) => {
  const ws = new ol.Workspace('Vectors', { seed: 1 })
  const ids = c.existing.map((x) => ws.createCustomer(x).id)
  const csv = c.csv === 'EXPORT'
    ? ws.exportCustomers()
    : Buffer.from(ids.reduce((text, id, i) => text.replaceAll(`{${i}}`, id), c.csv))
  const preview = ws.previewImport(csv)
  const got = preview.rows.map((r) => {
    const out = { row: r.row, action: r.action }
    if (r.action === 'update') Object.assign(out, { customer: ids.indexOf(r.customerId), changes: r.changes })
    if (r.action === 'error') out.issue = preview.report.issues.find((i) => i.row === r.row).code
    return out
  })
  assert.deepEqual(got, c.expected)
}

Object.assign(runners, messageRunners)

// R3 / R4: money.json and text.json take validation.json's shape. JSON numbers in money.json
// arrive here as JS numbers (0.1 + 0.2 among them), read by their shortest text.
runners['money.json'] = runners['validation.json']
runners['text.json'] = runners['validation.json']

// CT2, CT3, R3: edits in batches on a new open cart, all or nothing.
runners['carts.json'] = (c) => {
  const ws = new ol.Workspace('Cart Vectors', { seed: 1 })
  ws.upsertProducts(c.products.map(camelKeys))
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const cart = ws.openCart(deli.id, { agent: 'Sam' })
  let error
  c.batches.forEach((batch, i) => {
    const code = codeOf(() => ws.updateCart(cart.id, batch, { agent: 'Sam' }))
    if (code !== undefined) {
      assert.equal(i, c.batches.length - 1, code)
      error = code
    }
  })
  assert.equal(error, c.expected.error)
  assert.deepEqual(ws.getCart(cart.id).lines.map((l) => [l.sku, l.qty, l.uom]), c.expected.lines)
  if (c.expected.total !== undefined) assert.equal(ws.priceCart(cart.id).total, c.expected.total)
}

/** Vector files for slices the Node binding does not expose yet. */
const notInNodeYet = new Set([])

const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()

test('every vector file has a Node runner or is listed as not exposed yet', () => {
  assert.ok(files.length > 0)
  const unhandled = files.filter((f) => !runners[f] && !notInNodeYet.has(f))
  assert.deepEqual(unhandled, [], 'add a runner to vectors.test.mjs')
  for (const f of Object.keys(runners)) assert.ok(files.includes(f), `${f} is missing from tests/vectors`)
})

for (const file of files.filter((f) => runners[f])) {
  const doc = JSON.parse(readFileSync(new URL(file, dir), 'utf8'))
  for (const c of doc.cases) test(`${c.rule} ${c.name}`, () => runners[file](c, doc))
}
