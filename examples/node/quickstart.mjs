// orderlink from Node: customers, a link, what opening it allows, and an error's code.
// Run after building the binding (make test-node does): node examples/node/quickstart.mjs
import { createRequire } from 'node:module'

const { Workspace } = createRequire(import.meta.url)('../../bindings-node/index.js')

const ws = new Workspace('Harbour Foods')
const deli = ws.createCustomer({ name: 'Corner Deli', code: 'HF-001', email: 'orders@corner-deli.example' })
console.log(deli.name, deli.linkCode)
const url = ws.linkUrl(deli.id)
console.log('link:', url)
const decision = ws.openLink(url)
console.log(`${decision.greeting} | may submit: ${decision.maySubmit}`)
try {
  ws.createCustomer({ name: 'Copycat', code: 'hf-001' })
} catch (e) {
  console.log(`refused: ${e.code} - ${e.message}`)
}
console.log(ws.listCustomers({ search: 'deli' }).items.map((c) => c.name))
