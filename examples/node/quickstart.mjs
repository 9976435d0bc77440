// orderlink from Node: a customer, its order link, what opening the link allows, and what a
// refusal looks like. Build the binding first (make test-node does), then:
//   node examples/node/quickstart.mjs
import { createRequire } from 'node:module'

const { Workspace } = createRequire(import.meta.url)('../../bindings-node/index.js')

const ws = new Workspace('Harbour Foods', { baseUrl: 'https://shop.example' })
const deli = ws.createCustomer({ name: 'Corner Deli', code: 'HF-001', email: 'orders@corner-deli.example' })
console.log(deli.name, deli.linkCode)

const url = ws.linkUrl(deli.id)
console.log('link:', url)
const decision = ws.openLink(url)
console.log(`${decision.greeting} | may submit: ${decision.maySubmit}`)

// Every refusal is an Error with a stable .code and its family in .kind.
try {
  ws.createCustomer({ name: 'Copycat', code: 'hf-001' })
} catch (e) {
  console.log(`refused: ${e.code} (${e.kind}) - ${e.message}`)
}

ws.updateCustomer(deli.id, { orderWebBlocked: true })
const blocked = ws.openLink(url)
console.log(`blocked: ${blocked.reason} - ${blocked.message}`)
console.log(ws.listCustomers({ search: 'deli' }).items.map((c) => `${c.name}: ${c.orderWebAccess}`))
