// A tour of orderlink from Node: the same walk as the Rust tour (examples/rust/tour.rs).
//
// Every area, in the order a supplier meets them: customers, order links and who may use them,
// strict mode, contacts sync, buyers from the public link, prices, importing and exporting
// customers, messages, portal activity and order history. A seed and a manual clock make the
// output the same on every run (leave both out in production). Rule ids in the headings are
// explained in docs/rules.md.
//
//   node examples/node/tour.mjs      # after `make test-node`, which runs it too
import { createRequire } from 'node:module'

const { ManualClock, Workspace } = createRequire(import.meta.url)('../../bindings-node/index.js')

const section = (title) => console.log(`\n== ${title}`)
const names = (customers) => customers.map((c) => c.name).join(', ')
const show = (v) => (v === null || v === undefined ? '-' : v instanceof Date ? when(v) : String(v))
const when = (d) => d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')
// An enum value as a person reads it: "order_web_blocked" → "order web blocked".
const words = (v) => v.replaceAll('_', ' ')
const refused = (f) => {
  try {
    f()
  } catch (e) {
    return e
  }
  throw new Error('expected a refusal')
}

function target(ws, link) {
  const t = ws.resolveLink(link)
  if (t.kind === 'customer') return `the link of ${ws.getCustomer(t.customerId).name}`
  if (t.kind === 'checkout') return `the checkout link of a cart of ${ws.getCustomer(t.customerId).name}`
  return t.kind === 'workspace' ? 'the workspace link' : "unknown (nobody's link)"
}

function showDecision(ws, label, link, token) {
  const d = ws.openLink(link, token)
  const yes = (b) => (b ? 'yes' : 'no').padEnd(3)
  const message = d.message ? ` | ${d.message}` : ''
  console.log(`${label.padEnd(28)} view ${yes(d.mayView)} submit ${yes(d.maySubmit)} verify ${yes(d.needsVerification)} ${show(d.greeting)}${message}`)
}

const clock = new ManualClock(new Date('2026-11-23T09:00:00Z'))
const ws = new Workspace('Harbour Foods', { baseUrl: 'https://orderverse.io', currency: 'AUD', seed: 2026, clock })

section('Customers (C1–C7)')
const deli = ws.createCustomer({ name: '  Corner Deli  ', code: 'HF-001', email: 'Orders@Corner-Deli.COM.AU', contact: 'Zoë Hart' })
const cafe = ws.createCustomer({ name: 'Café Mocha', code: 'HF-002' })
const bakery = ws.createCustomer({ name: 'Bondi Bakery', email: 'buyer@bakery.example' })
const closed = ws.createCustomer({ name: 'Old Grocer' })
ws.updateCustomer(closed.id, { active: false })
console.log(`created ${deli.name}, ${cafe.name}, ${bakery.name} and ${closed.name}`)
console.log(`Corner Deli's name is trimmed and its email kept as ${deli.email}`)
for (const bad of [{ name: '   ' }, { name: "Jo's", email: 'jo@localhost' }, { name: 'Copycat', code: 'hf-001' }]) {
  const e = refused(() => ws.createCustomer(bad))
  console.log(`refused: ${e.code} — ${e.message}`)
}
const page = ws.listCustomers()
console.log(`active customers, by name (${page.items.length} of ${page.total}): ${names(page.items)}`)
console.log(`search "cafe" (accent-insensitive): ${names(ws.listCustomers({ filter: 'all', search: 'cafe' }).items)}`)
console.log(`inactive: ${names(ws.listCustomers({ filter: 'inactive' }).items)}`)

section('Order links (L1–L5) and who may use them (A1, A2, A4)')
const deliUrl = ws.linkUrl(deli.id)
console.log(`Corner Deli's link:   ${deliUrl}`)
console.log(`workspace link:       ${ws.workspaceLinkUrl()}`)
console.log(`resolve (lower case): ${target(ws, deliUrl.toLowerCase())}`)
console.log(`resolve workspace:    ${target(ws, ws.workspaceLinkUrl())}`)
console.log(`resolve never-issued: ${target(ws, 'ZZZZZZZZZZZZZZZZZZZZZZZZZW')}`)
const malformed = refused(() => ws.resolveLink('https://orderverse.io/order/1234'))
console.log(`malformed:            ${malformed.code} — ${malformed.message}`)
showDecision(ws, 'Corner Deli (active)', deliUrl)
const blocked = ws.updateCustomer(cafe.id, { orderWebBlocked: true })
showDecision(ws, 'Café Mocha (blocked)', blocked.linkCode)
showDecision(ws, 'Old Grocer (inactive)', closed.linkCode)
showDecision(ws, 'workspace link', ws.workspaceLinkUrl())
ws.updateSettings({ trialExpired: true })
showDecision(ws, 'Corner Deli (trial expired)', deliUrl)
ws.updateSettings({ trialExpired: false })
const rotated = ws.rotateLink(bakery.id, { by: 'admin@harbourfoods', reason: 'posted on a public forum' })
console.log(`Bondi Bakery's leaked link rotated: ${bakery.linkCode} → ${rotated.linkCode}`)
console.log(`the old code now resolves to: ${target(ws, bakery.linkCode)}`)
for (const r of ws.linkRotations(bakery.id)) console.log(`audit: ${when(r.at)} by ${show(r.by)} (${show(r.reason)})`)

section('Strict security mode (A3)')
ws.updateSettings({ strictSecurity: true })
showDecision(ws, 'Corner Deli, not verified', deliUrl)
let start = ws.startVerification(deliUrl)
console.log(`email to ${start.email}: your code word is ${start.codeWord}`)
console.log(`the portal shows: ${start.options.join(', ')}`)
const wrong = start.options.find((o) => o !== start.codeWord)
const failed = refused(() => ws.completeVerification(start.challengeId, wrong))
console.log(`the buyer picks ${wrong}: ${failed.code} — ${failed.message}`)
const used = refused(() => ws.completeVerification(start.challengeId, start.codeWord))
console.log(`then the right one on the same challenge: ${used.code} (one pick per challenge)`)
start = ws.startVerification(deliUrl)
clock.advance(120)
const session = ws.completeVerification(start.challengeId, start.codeWord)
console.log(`a new challenge, the right pick: verified until ${when(session.expiresAt)}`)
showDecision(ws, 'Corner Deli, verified', deliUrl, session.token)
ws.updateSettings({ strictSecurity: false })

section('Contacts sync (S1–S3)')
ws.updateSettings({ contactsSync: { enabled: true, connected: true, phoneMapped: true } })
const walkIn = refused(() => ws.createCustomer({ name: 'Walk-in' }))
console.log(`local create: ${walkIn.code} — ${walkIn.message}`)
const report = ws.applyContactsSync([
  { externalId: 'xero-7781', name: 'Pier Seafood', code: 'HF-100', email: 'accounts@pierseafood.example', phone: '+61 2 5550 1000', active: true },
])
const synced = ws.getCustomer(report.created[0])
console.log(`the sync created ${synced.name} with link ${synced.linkCode}`)
console.log(`editable here while sync is on: ${ws.editableFields(synced.id).map(words).join(', ')}`)
const rename = refused(() => ws.updateCustomer(synced.id, { name: 'Pier Fish' }))
console.log(`rename locally: ${rename.code} — ${rename.message}`)
const ok = ws.updateCustomer(synced.id, { orderWebBlocked: true })
console.log(`block order web locally: allowed, access is now ${words(ok.orderWebAccess)}`)
ws.updateSettings({ contactsSync: { enabled: false, connected: false, phoneMapped: false } })

section('Buyers from the workspace link (N1, P1–P8)')
const workspaceUrl = ws.workspaceLinkUrl()
const buyer = { businessName: 'Corner Deli Pty Ltd', email: 'orders@corner-deli.com.au' }
const held = ws.intakeOrder(workspaceUrl, { number: 'SO-1001', total: '84.00' }, buyer)
const record = ws.getPending(held.pendingId)
console.log(`order SO-1001 from ${record.businessName} <${record.email}>: held, pending review`)
for (const s of ws.suggestCustomers(held.pendingId)) console.log(`suggested: ${s.name} (${words(s.reason)})`)
const entry = ws.mapPending(held.pendingId, deli.id, 'sam@harbourfoods')
console.log(`mapped to Corner Deli by ${entry.actor}: ${entry.ordersMoved.length} order moved`)
const again = ws.intakeOrder(workspaceUrl, { number: 'SO-1002', total: '42.00' }, buyer)
console.log(`the next order from the same buyer goes straight to ${ws.getCustomer(again.customerId).name}`)
const kiosk = ws.intakeOrder(workspaceUrl, { number: 'SO-1003', total: '15.00' }, { businessName: 'Harbour Kiosk', email: 'kiosk@harbour.example' })
console.log(`invoicing Harbour Kiosk's order before review: ${refused(() => ws.invoiceOrder(kiosk.orderId)).code}`)
console.log(`still to review: ${ws.pendingBuyers().map((p) => p.businessName).join(', ')}`)

section('Prices (PR1–PR4, ST1)')
ws.upsertProducts([
  { sku: 'EGGS-12', name: 'Free-range eggs, dozen', basePrice: '7.00' },
  { sku: 'MILK-2L', name: 'Milk, 2 litres', basePrice: '4.50' },
  { sku: 'FLOUR-10', name: 'Flour, 10 kg' },
])
ws.setDefaultPrices({ 'MILK-2L': '4.20' })
ws.upsertPriceGroup('Trade')
ws.setGroupPrices('Trade', { 'EGGS-12': '6.00' })
console.log(`Trade prices of EGGS-12 +5%: ${ws.applyPriceMacro('Trade', '+5%', ['EGGS-12']).changed} changed`)
ws.updateCustomer(deli.id, { priceGroup: 'Trade' })
for (const [who, customerId] of [['Corner Deli (Trade)', deli.id], ['workspace link', null]]) {
  const sheet = ws.resolvePrices(customerId)
  const prices = sheet.skus.map((sku, i) => `${sku} ${sheet.amounts[i] === null ? 'no price' : `${sheet.currency} ${sheet.amounts[i]}`}`)
  console.log(`${who.padEnd(20)} ${prices.join(' | ')}`)
}
const why = ws.explainPrice(deli.id, 'MILK-2L')
const passed = why.passedOver.map((p) => `${words(p.tier)} (${words(p.reason)})`).join(', ') || 'none'
console.log(`MILK-2L for Corner Deli: ${why.amount} from the ${words(why.tier)} tier; passed over: ${passed}`)
const eff = ws.effectiveSettings(deli.id)
console.log(
  `Corner Deli orders with the ${words(eff.orderTemplate)} template (${eff.orderTemplateFrom}), ` +
    `checkout ${words(eff.checkoutMode)} (${eff.checkoutModeFrom}), freight ${words(eff.freight.kind)} (${eff.freightFrom})`,
)

section('Import and export (I1–I6, E1)')
const file = Buffer.from(
  'Customer Name,Code,Email,Active\n' +
    'Corner Deli,HF-001,orders@corner-deli.com.au,Yes\n' +
    'Mountain Dairy,HF-200,sales@mountaindairy.example,Yes\n' +
    ',HF-201,nobody@example.com,Yes\n' +
    'Greengrocer,HF-202,greens@,Maybe\n',
)
const preview = ws.previewImport(file, { format: 'csv' })
console.log(preview.report.summaryText().split('\n')[0])
for (const row of preview.rows) console.log(`row ${row.row}: ${row.action}`)
for (const i of preview.report.issues) console.log(`  row ${show(i.row)}, ${show(i.column)}: ${i.message} [${i.code}]`)
const result = ws.confirmImport(preview)
console.log(
  `confirmed: ${result.created.length} created, ${result.updated.length} updated, ` +
    `${result.unchanged.length} unchanged, rows [${result.errorRows.join(', ')}] left out`,
)
console.log('export of the search "dairy":')
for (const line of Buffer.from(ws.exportCustomers({ search: 'dairy' })).toString().trimEnd().split(/\r?\n/)) console.log(`  ${line}`)

section('Messages (B1, B2)')
const message = ws.renderMessage(deli.id, { template: 'Friendly' })
console.log(`to ${message.email}: ${message.subject}`)
for (const line of message.body.split('\n')) console.log(`  | ${line}`)
const plan = ws.planBulkSend([deli.id, cafe.id, bakery.id, closed.id], { template: 'Short' })
console.log(`bulk send: ${plan.messages.length} messages`)
for (const s of plan.skipped) console.log(`  skipped ${show(s.name)}: ${words(s.reason)}`)
for (const [customerId, d] of Object.entries(ws.lastSent([deli.id, cafe.id]))) {
  console.log(`last sent to ${ws.getCustomer(customerId).name}: ${when(d.at)} (${d.template} template)`)
}

section('Portal activity (AC1)')
ws.recordActivity(deli.id, 'link_opened')
ws.recordActivity(deli.id, 'checkout_started')
clock.advance(3600)
ws.recordActivity(bakery.id, 'link_opened')
ws.recordActivity(bakery.id, 'order_submitted')
const now = clock.now().getTime()
const week = ws.activitySummary({ start: new Date(now - 7 * 86400e3), end: new Date(now + 1000) })
console.log(
  `this week: ${week.customersWithClicks} customers clicked, ${week.totalViews} views, ` +
    `${week.checkoutStarted} started checkout, ${week.ordersSubmitted} orders`,
)
for (const c of week.customers) console.log(`  ${c.name}: ${c.views} views, got as far as ${words(c.furthestStep)}${c.stalled ? ', stalled' : ''}`)

section('Order history (H1, H2)')
ws.intakeOrder(deliUrl, { number: 'SO-1004', total: '18.90', lines: [{ sku: 'EGGS-12', qty: 3 }, { sku: 'FLOUR-10', qty: 1 }] })
const history = ws.orderHistory(deli.id, { page: 1 })
console.log(`Corner Deli has ${history.totalOrders} orders; page 1, newest first:`)
for (const o of history.orders) console.log(`  ${o.number} ${o.placedAt.toISOString().slice(0, 10)} ${o.status} AUD ${o.total}, ${o.items} items`)
for (const p of history.products) console.log(`  ordered before: ${p.timesOrdered} × ${p.sku} (last ${p.lastQty}), ${words(p.availability)}`)

section('Carts and checkout links (CT1–CT5)')
let cart = ws.openCart(bakery.id, { agent: 'Sam', channel: 'phone' })
cart = ws.updateCart(
  cart.id,
  [
    { op: 'add', product: 'EGGS-12', qty: 4 },
    { op: 'add', product: 'milk, 2 litres', qty: 6 },
    { op: 'set', product: 'EGGS-12', qty: 5 },
  ],
  { agent: 'Sam' },
)
console.log(`Sam's cart for ${bakery.name} (${cart.changes.length} changes recorded, all by Sam)`)
const issued = ws.checkoutLink(cart.id, { agent: 'Sam' })
console.log(`its checkout link resolves to: ${target(ws, issued.url)}`)
const view = ws.openCheckout(issued.url)
ws.recordActivity(bakery.id, 'checkout_link_opened')
if (view.priced) {
  for (const l of view.priced.lines) console.log(`  ${l.qty} × ${l.sku} at ${show(l.unitPrice)} = ${show(l.lineTotal)}`)
  console.log(`  total ${view.priced.currency} ${view.priced.total}`)
}
for (const row of ws.openCarts().items) {
  console.log(`open cart: ${row.customerName}, by ${show(row.agent)} (${row.channel}), ${row.currency} ${row.value}`)
}
const first = ws.submitCart(issued.url, 'SO-1005')
const secondClick = ws.submitCart(issued.url, 'SO-1005')
const placed = ws.getOrder(first.orderId)
console.log(`submitted as ${placed.number} (AUD ${placed.total}); a second click gives the same order: ${secondClick.orderId === first.orderId}`)
const source = ws.orderAttribution(first.orderId)
if (source) console.log(`attributed to ${show(source.agent)} via ${source.channel}`)
console.log(`the checkout link now: ${show(ws.openLink(issued.url).reason)}`)
