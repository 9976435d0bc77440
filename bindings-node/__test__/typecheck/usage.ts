// Type-checked (never run) by types.test.mjs with `tsc --strict --noEmit`: the generated
// index.d.ts accepts the API as documented, and refuses what the binding would refuse.
import {
  ManualClock,
  MemoryStore,
  SqliteStore,
  Workspace,
  guessOdds,
  normalizeName,
  parseLinkCode,
  type Address,
  type Availability,
  type Customer,
  type CustomerKind,
  type CustomerField,
  type DenyReason,
  type LinkDecision,
  type Note,
  type OrderHistory,
  type OrderWebAccess,
  type PassedOverReason,
  type PriceSheet,
  type PriceTier,
  type SettingSource,
  type ActivityKind,
  type SkipReason,
  type Delivery,
  type GuessOdds,
  type LockAction,
  type VerificationLockEvent,
} from '../../index.js'

const clock = new ManualClock(new Date('2026-03-01T09:00:00Z'))
const ws = new Workspace('Harbour Foods', {
  baseUrl: 'https://shop.example',
  contactsSync: { enabled: false },
  verification: { maxChallenges: 3 },
  seed: 7,
  clock,
})
const c: Customer = ws.createCustomer({ name: 'Deli', email: null, tags: ['vip'], orderTemplate: 'quantity_grid', freight: { kind: 'flat_rate', amount: '9.50' } })
const access: OrderWebAccess = c.orderWebAccess
const amount: string = c.amount
const last: Date | null = c.lastOrderAt
ws.updateCustomer(c.id, { phone: null, email: undefined, orderWebBlocked: true })
const page = ws.listCustomers({ filter: 'all', sort: 'last_order', descending: true, limit: 10 })
const total: number = page.total
const fields: CustomerField[] = ws.editableFields(c.id)
const d: LinkDecision = ws.openLink(ws.linkUrl(c.id), null)
const reason: DenyReason | null = d.reason
const start = ws.startVerification(c.linkCode)
const session = ws.completeVerification(start.challengeId, start.codeWord)
const expires: Date = session.expiresAt
ws.rotateLink(c.id, { by: 'admin' })
const out = ws.intakeOrder(ws.workspaceLinkUrl(), { number: 'W-1', total: '1.00', placedAt: new Date() }, { businessName: 'Pier', email: 'a@pier.example' })
const kind: 'customer' | 'auto_linked' | 'pending' = out.kind
clock.advance(60)
const key: string = normalizeName(parseLinkCode(c.linkCode))
ws.upsertProducts([{ sku: 'EGGS-12', name: 'Eggs', basePrice: 7 }, { sku: 'CUSTOM', name: 'Special', basePrice: null, allowZeroPrice: true }])
ws.setDefaultPrices({ 'EGGS-12': '6.80', CUSTOM: null })
ws.upsertPriceGroup('Trade')
ws.upsertPriceGroup('Dormant', false)
ws.setGroupPrices('Trade', { 'EGGS-12': 6.2 })
const report = ws.applyPriceMacro('Trade', '+10%', ['EGGS-12'])
const changed: number = report.changed
const one = ws.resolvePrice(null, 'EGGS-12')
const price: string | null = one.amount
const sheet: PriceSheet = ws.resolvePrices(c.id)
const tier: PriceTier | null = sheet.tiers[0]
const amounts: Array<string | null> = ws.resolvePrices(null, ['EGGS-12']).amounts
const why: PassedOverReason | undefined = ws.explainPrice(c.id, 'EGGS-12').passedOver[0]?.reason
const from: SettingSource = ws.effectiveSettings(c.id).freightFrom
const basePrice: string | null = ws.products()[0].basePrice
const message = ws.renderMessage(c.id, { template: 'Short', subject: 'Hi {customer_name}' })
const delivered: Delivery = ws.recordDelivery(message)
const bulk = ws.planBulkSend([c.id], { filter: 'all', body: '{link_url}' })
const skip: SkipReason | undefined = bulk.skipped[0]?.reason
const lastSent: Delivery | undefined = ws.lastSent([c.id])[c.id]
const step: ActivityKind = ws.recordActivity(c.id, 'link_opened').kind
const summary = ws.activitySummary({ start: new Date('2026-03-01'), end: new Date('2026-03-08'), search: 'deli' })
const lastClick: Date | null = summary.customers[0].lastClick
const day: Date = summary.trendDays[0]

// @ts-expect-error a misspelt key
ws.createCustomer({ nmae: 'Deli' })
// @ts-expect-error the name is required
ws.createCustomer({ email: 'a@b.example' })
// @ts-expect-error not a filter
ws.listCustomers({ filter: 'everyone' })
// @ts-expect-error ids are strings
ws.getCustomer(42)
// @ts-expect-error money is a decimal string, never a number, on the way out
const float: number = c.amount
// @ts-expect-error not a tier
const notTier: PriceTier = 'list'
// @ts-expect-error the workspace link is null, not undefined
ws.resolvePrice(undefined, 'EGGS-12')
// @ts-expect-error SKUs are an array
ws.resolvePrices(null, 'EGGS-12')
// @ts-expect-error prices are decimal strings or numbers
ws.setDefaultPrices({ 'EGGS-12': true })
// @ts-expect-error a product needs a name
ws.upsertProducts([{ sku: 'X' }])
// @ts-expect-error amounts come out as decimal strings
const floatPrice: number = sheet.amounts[0]
// @ts-expect-error not an activity kind
ws.recordActivity(c.id, 'clicked')
// @ts-expect-error the range is Dates
ws.activitySummary({ start: '2026-03-01', end: new Date() })
// @ts-expect-error ids are an array
ws.planBulkSend(c.id)
// @ts-expect-error the clock is a ManualClock
new Workspace('X', { clock: new Date() })

// Stores: a file, or memory shared between workspaces.
const file = new SqliteStore('shop.db')
const inFile: Workspace = new Workspace('Harbour Foods', { store: file, clock })
const reopened: Workspace = Workspace.open(file, { seed: 7, clock })
const shared: Workspace = Workspace.open(new MemoryStore())
const where: string = file.path

export { access, amount, last, total, fields, reason, expires, kind, key, float }
export { changed, price, tier, amounts, why, from, basePrice, notTier, floatPrice }
export { inFile, reopened, shared, where }
export { delivered, skip, lastSent, step, lastClick, day }

// Order history (H1, H2) and the customer detail extras.
const history: OrderHistory = ws.orderHistory(c.id, { page: 2 })
const availability: Availability = history.products[0].availability
const leadKind: CustomerKind = c.kind
const note: Note = ws.addNote(c.id, 'sam', 'Call on Mondays')
const edited: Date | null = ws.editNote(note.id, 'Call on Tuesdays').editedAt
const address: Address = ws.addAddress(c.id, { line1: '12 Pier St', defaultShipping: true })
ws.setDefaultAddress(c.id, address.id, 'billing')
ws.listCustomers({ tag: 'vip', kind: 'lead', address: 'pier' })
const bounded: boolean = ws.listCustomers({ search: 'deli', countLimit: 1000 }).totalExact
// @ts-expect-error a count limit is a number
ws.listCustomers({ countLimit: '1000' })
// @ts-expect-error not a customer kind
ws.listCustomers({ kind: 'prospect' })
// @ts-expect-error a page is a number
ws.orderHistory(c.id, { page: '2' })
// @ts-expect-error an address needs line1
ws.addAddress(c.id, { city: 'Perth' })
// @ts-expect-error not an address kind
ws.setDefaultAddress(c.id, address.id, 'delivery')

// A3: the challenge policy, rounds and the lockout.
ws.updateSettings({ verification: { optionsShown: 6, rounds: 2, lockoutAfterFailures: 3, lockoutSecs: 86400 } })
const words: string[] = ws.startVerification(c.linkCode).codeWords
ws.completeVerification(start.challengeId, words)
const lockedUntil: Date | null = ws.verificationLock(c.id).lockedUntil
const lifted: VerificationLockEvent | null = ws.liftVerificationLock(c.id, { by: 'ops' })
const action: LockAction | undefined = ws.verificationLockEvents(c.id)[0]?.action
const odds: GuessOdds = guessOdds(86400, { optionsShown: 6, rounds: 2 })
// @ts-expect-error not a policy key
ws.updateSettings({ verification: { pictures: 6 } })
// @ts-expect-error picks are strings
ws.completeVerification(start.challengeId, [1, 2])

export { history, availability, leadKind, edited, lockedUntil, lifted, action, odds }

// W1, W2: a store of many workspaces, and links resolved without naming one.
const platform = new MemoryStore()
const harbour: Workspace = platform.createWorkspace('Harbour Foods', { currency: 'AUD', uniqueNames: true })
const harbourId: string = harbour.id()
const again: Workspace = platform.workspace(harbourId, { clock: new ManualClock(new Date()) })
const ids: string[] = platform.workspaces().map((s) => s.id)
const found = platform.resolveLink('ZZZZZZZZZZZZZZZZZZZZZZZZZW')
const foundIn: string | null = found.workspaceId
const opened = platform.openLink('ZZZZZZZZZZZZZZZZZZZZZZZZZW', null)
const openedIn: Workspace | null = opened.workspace
const openedDecision: LinkDecision = opened.decision
const later: Promise<Workspace> = platform.createWorkspaceAsync('Coast Dairy')
// @ts-expect-error a store is the one createWorkspace is called on
platform.createWorkspace('Other', { store: platform })

export { again, ids, foundIn, openedIn, openedDecision, later }
