// Type-checked (never run) by types.test.mjs with `tsc --strict --noEmit`: every Promise form
// (`…Async`) is called once and its value typed as the blocking form's, and errors narrow with
// `isOrderlinkError` to the code union.
import {
  MemoryStore,
  PostgresStore,
  SqliteStore,
  Workspace,
  isOrderlinkError,
  validateImportAsync,
  type ActivityEvent,
  type ActivitySummary,
  type Address,
  type AuditEntry,
  type BulkSendPlan,
  type ChallengeStart,
  type Customer,
  type CustomerField,
  type CustomerPage,
  type Delivery,
  type EffectiveSettings,
  type ErrorCode,
  type ErrorKind,
  type ImportPreview,
  type ImportReport,
  type ImportResult,
  type IntakeOutcome,
  type LinkDecision,
  type LinkRotation,
  type LinkTarget,
  type MacroReport,
  type Mapping,
  type Message,
  type MessageTemplate,
  type Note,
  type Order,
  type OrderHistory,
  type PendingBuyer,
  type PriceExplanation,
  type PriceGroup,
  type PriceSheet,
  type Product,
  type ResolvedPrice,
  type Suggestion,
  type SyncReport,
  type VerifiedSession,
  type WorkspaceSettings,
} from '../../index.js'

async function everyPromiseForm(): Promise<void> {
  const pg: PostgresStore = await PostgresStore.connectAsync('postgres://app@db/shop', { schema: 'shop' })
  const ws: Workspace = await Workspace.createAsync('Harbour Foods', { store: pg, seed: 7 })
  const again: Workspace = await Workspace.openAsync(new SqliteStore('shop.db'))
  const mem: Workspace = await Workspace.openAsync(new MemoryStore())
  const settings: WorkspaceSettings = await ws.settingsAsync()
  const changed: WorkspaceSettings = await ws.updateSettingsAsync({ trialExpired: true })
  const c: Customer = await ws.createCustomerAsync({ name: 'Deli', email: null })
  const u: Customer = await ws.updateCustomerAsync(c.id, { phone: null })
  const got: Customer = await ws.getCustomerAsync(c.id)
  const gone: void = await ws.deleteCustomerAsync(c.id)
  const page: CustomerPage = await ws.listCustomersAsync({ filter: 'all', limit: 10 })
  const fields: CustomerField[] = await ws.editableFieldsAsync(c.id)
  const sync: SyncReport = await ws.applyContactsSyncAsync([{ externalId: 'x', name: 'X' }])
  const url: string = await ws.linkUrlAsync(c.id)
  const wurl: string = await ws.workspaceLinkUrlAsync()
  const target: LinkTarget = await ws.resolveLinkAsync(url)
  const decision: LinkDecision = await ws.openLinkAsync(url, null)
  const start: ChallengeStart = await ws.startVerificationAsync(url)
  const session: VerifiedSession = await ws.completeVerificationAsync(start.challengeId, start.codeWord)
  const rotated: Customer = await ws.rotateLinkAsync(c.id, { by: 'admin' })
  const rotations: LinkRotation[] = await ws.linkRotationsAsync(c.id)
  const tagged: Customer = await ws.addTagAsync(c.id, 'vip')
  const untagged: Customer = await ws.removeTagAsync(c.id, 'vip')
  const note: Note = await ws.addNoteAsync(c.id, 'me', 'hello')
  const edited: Note = await ws.editNoteAsync(note.id, 'hi')
  const notes: Note[] = await ws.notesAsync(c.id)
  const address: Address = await ws.addAddressAsync(c.id, { line1: '1 Pier St' })
  const moved: Address = await ws.updateAddressAsync(c.id, address.id, { city: 'Hobart' })
  const removed: void = await ws.removeAddressAsync(c.id, address.id)
  const preferred: Address = await ws.setDefaultAddressAsync(c.id, address.id, 'billing')
  const addresses: Address[] = await ws.addressesAsync(c.id)
  const history: OrderHistory = await ws.orderHistoryAsync(c.id, { page: 1 })
  const templates: MessageTemplate[] = await ws.messageTemplatesAsync()
  const template: MessageTemplate = await ws.setMessageTemplateAsync('R', 'S', 'B {link_url}')
  const untemplated: void = await ws.removeMessageTemplateAsync('R')
  const message: Message = await ws.renderMessageAsync(c.id, { template: 'Default' })
  const delivery: Delivery = await ws.recordDeliveryAsync(message)
  const plan: BulkSendPlan = await ws.planBulkSendAsync([c.id], { filter: 'all' })
  const last: Record<string, Delivery> = await ws.lastSentAsync([c.id])
  const deliveries: Delivery[] = await ws.deliveriesAsync(c.id)
  const event: ActivityEvent = await ws.recordActivityAsync(c.id, 'link_opened')
  const summary: ActivitySummary = await ws.activitySummaryAsync({ start: new Date(0), end: new Date() })
  const intake: IntakeOutcome = await ws.intakeOrderAsync(wurl, { number: 'W-1', total: '42.00' }, { businessName: 'Pier', email: 'a@b.example' })
  const pending: PendingBuyer[] = await ws.pendingBuyersAsync(true)
  const one: PendingBuyer = await ws.getPendingAsync(pending[0].id)
  const mapped: AuditEntry = await ws.mapPendingAsync(one.id, c.id, 'me')
  const created: AuditEntry = await ws.createAndMapAsync(one.id, { name: 'Pier' })
  const ignored: AuditEntry = await ws.ignorePendingAsync(one.id, null)
  const remapped: AuditEntry = await ws.remapAsync('Pier', 'a@b.example', c.id)
  const mappings: Mapping[] = await ws.mappingsAsync()
  const trail: AuditEntry[] = await ws.auditTrailAsync()
  const suggestions: Suggestion[] = await ws.suggestCustomersAsync(one.id)
  const order: Order = await ws.getOrderAsync(intake.orderId)
  const orders: Order[] = await ws.customerOrdersAsync(c.id)
  const invoiced: Order = await ws.invoiceOrderAsync(order.id)
  const forSync: Order = await ws.orderForSyncAsync(order.id)
  const upserted: void = await ws.upsertProductsAsync([{ sku: 'EGGS', name: 'Eggs', basePrice: '7.00' }])
  const products: Product[] = await ws.productsAsync()
  const priced: void = await ws.setDefaultPricesAsync({ EGGS: '6.80' })
  const grouped: void = await ws.upsertPriceGroupAsync('Trade', true)
  const ungrouped: void = await ws.removePriceGroupAsync('Trade')
  const groups: PriceGroup[] = await ws.priceGroupsAsync()
  const groupPriced: void = await ws.setGroupPricesAsync('Trade', { EGGS: null })
  const macro: MacroReport = await ws.applyPriceMacroAsync('Trade', '+10%', ['EGGS'])
  const price: ResolvedPrice = await ws.resolvePriceAsync(c.id, 'EGGS')
  const sheet: PriceSheet = await ws.resolvePricesAsync(null, ['EGGS'])
  const why: PriceExplanation = await ws.explainPriceAsync(null, 'EGGS')
  const effective: EffectiveSettings = await ws.effectiveSettingsAsync(c.id)
  const preview: ImportPreview = await ws.previewImportAsync(new Uint8Array(), { format: 'csv' })
  const result: ImportResult = await ws.confirmImportAsync(preview)
  const csv: Uint8Array = await ws.exportCustomersAsync({ filter: 'all' })
  const report: ImportReport = await validateImportAsync('customers.csv', { format: 'csv' })
  void [again, mem, settings, changed, u, got, gone, page, fields, sync, target, decision, session, rotated, rotations, tagged,
    untagged, edited, notes, moved, removed, preferred, addresses, history, templates, template, untemplated, delivery, plan,
    last, deliveries, event, summary, mapped, created, ignored, remapped, mappings, trail, suggestions, orders, invoiced,
    forSync, upserted, products, priced, grouped, ungrouped, groups, groupPriced, macro, price, sheet, why, effective,
    result, csv, report]
}

async function narrowing(ws: Workspace): Promise<string> {
  try {
    await ws.createCustomerAsync({ name: ' ' })
    return 'created'
  } catch (e) {
    if (isOrderlinkError(e)) {
      const code: ErrorCode = e.code
      const kind: ErrorKind = e.kind
      const message: string = e.message
      if (e.code === 'NAME_REQUIRED') return `${kind}: ${message}`
      // @ts-expect-error: not one of the core's codes
      if (e.code === 'NOT_A_CODE') return 'never'
      return code
    }
    throw e
  }
}

// @ts-expect-error: any object is not a store
Workspace.openAsync({})
// @ts-expect-error: the Promise form resolves a Customer, not a string
const wrong: Promise<string> = new Workspace('x').getCustomerAsync('id')

void [everyPromiseForm, narrowing, wrong]
