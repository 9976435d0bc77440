// Runners of the message (B1) and bulk-send (B2) vectors, tests/vectors/messages.json and
// bulk_send.json, for vectors.test.mjs (not a test file itself). Keys in the files are
// snake_case; the Node API takes camelCase.
import assert from 'node:assert/strict'
import { ol } from './helpers.mjs'

const workspace = () => new ol.Workspace('Harbour Foods', { seed: 1, baseUrl: 'https://shop.example' })
const codeOf = (fn) => {
  try {
    fn()
  } catch (e) {
    return e.code
  }
  return undefined
}

export const messageRunners = {
  'messages.json': (c) => {
    const ws = workspace()
    const customer = ws.createCustomer(c.customer)
    const t = c.set_template
    if (t) {
      if (c.expected.at === 'set') {
        assert.equal(codeOf(() => ws.setMessageTemplate(t.name, t.subject, t.body)), c.expected.error)
        assert.equal(ws.messageTemplates().length, 3)
        return
      }
      ws.setMessageTemplate(t.name, t.subject, t.body)
    }
    if (c.expected.error) {
      assert.equal(c.expected.at, 'render')
      assert.equal(codeOf(() => ws.renderMessage(customer.id, c.request)), c.expected.error)
      return
    }
    const m = ws.renderMessage(customer.id, c.request)
    const link = ws.linkUrl(customer.id)
    assert.deepEqual(
      { template: m.template, subject: m.subject, body: m.body.replaceAll(link, '<LINK_URL>') },
      c.expected,
    )
    assert.deepEqual([m.email, m.linkUrl, m.customerId], [c.customer.email, link, customer.id])
  },

  'bulk_send.json': (c) => {
    const ws = workspace()
    const ids = {}
    for (const spec of c.customers) {
      const made = ws.createCustomer({ name: spec.name, email: spec.email, orderWebBlocked: spec.order_web_blocked })
      if (!spec.active) ws.updateCustomer(made.id, { active: false })
      if (spec.deleted) ws.deleteCustomer(made.id)
      ids[spec.name] = made.id
    }
    const names = Object.fromEntries(Object.entries(ids).map(([n, id]) => [id, n]))
    const select = c.select.map((n) => ids[n])
    const plan = ws.planBulkSend(select, { filter: c.filter })
    assert.deepEqual(
      {
        sent: plan.messages.map((m) => names[m.customerId]),
        skipped: plan.skipped.map((s) => [names[s.customerId], s.reason]),
      },
      c.expected,
    )
    assert.deepEqual(Object.keys(ws.lastSent(select)).sort(), plan.messages.map((m) => m.customerId).sort())
  },
}
