// Type-checked (never run) by types.test.mjs with `tsc --strict --noEmit`: the generated
// index.d.ts accepts the API as documented, and refuses what the binding would refuse.
import {
  ManualClock,
  Workspace,
  normalizeName,
  parseLinkCode,
  type Customer,
  type CustomerField,
  type DenyReason,
  type LinkDecision,
  type OrderWebAccess,
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
// @ts-expect-error the clock is a ManualClock
new Workspace('X', { clock: new Date() })

export { access, amount, last, total, fields, reason, expires, kind, key, float }
