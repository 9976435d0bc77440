// R1 at the binding boundary: a panic inside a call is an Error with code INTERNAL (never an
// abort), arguments the binding cannot read are INVALID_ARGUMENT (never napi's own codes), and
// `null` where it cannot mean anything is refused as Python refuses `None`.
import test from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ol, throwsCode, KINDS, workspace } from './helpers.mjs'

const INDEX = fileURLToPath(new URL('../index.js', import.meta.url))

test('R1 a panic inside a call arrives as an Error with code INTERNAL, and the next call works', () => {
  const { ws } = workspace()
  const deli = ws.createCustomer({ name: 'Corner Deli' })
  const e = throwsCode(() => ol._internalPanicForTests(), 'INTERNAL', 'internal')
  assert.ok(e instanceof Error)
  assert.match(e.message, /deliberate panic/)
  assert.equal(ws.getCustomer(deli.id).name, 'Corner Deli')
  // A second panic is caught the same way: nothing was left half-broken by the first.
  throwsCode(() => ol._internalPanicForTests(), 'INTERNAL', 'internal')
})

test('R1 a process that meets a panic goes on and exits normally (no abort)', () => {
  const script = `
    const ol = require(${JSON.stringify(INDEX)})
    try { ol._internalPanicForTests() } catch (e) { console.log(e.code, e.kind) }
    const ws = new ol.Workspace('After', { seed: 1 })
    console.log(ws.createCustomer({ name: 'Still here' }).name)
  `
  const out = execFileSync(process.execPath, ['-e', script], { env: { ...process.env, RUST_BACKTRACE: '0' }, stdio: ['ignore', 'pipe', 'ignore'] })
  assert.equal(out.toString().trim(), 'INTERNAL internal\nStill here')
})

/** Every method of `proto` other than the constructor. */
const methods = (proto) => Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, n).value === 'function')

test('R1 every method given arguments of the wrong type throws a library code, never napi\'s', () => {
  const { ws } = workspace()
  const deli = ws.createCustomer({ name: 'Corner Deli', email: 'orders@deli.example' })
  const wrong = [42, null, undefined, {}, [], true, Symbol('s'), () => 1, 10n, 'x', NaN, new Date(NaN)]
  const napiCodes = new Set(['InvalidArg', 'ObjectExpected', 'StringExpected', 'NameExpected', 'FunctionExpected', 'NumberExpected', 'BooleanExpected', 'ArrayExpected', 'GenericFailure', 'PendingException', 'Cancelled', 'EscapeCalledTwice', 'HandleScopeMismatch', 'CallbackScopeMismatch', 'QueueFull', 'Closing', 'BigintExpected', 'DateExpected', 'ArrayBufferExpected', 'DetachableArraybufferExpected', 'WouldDeadlock', 'NoExternalBuffersAllowed', 'Unknown'])
  let calls = 0
  for (const name of methods(ol.Workspace.prototype)) {
    if (name === 'deleteCustomer' || name.endsWith('Async')) continue
    for (const w of wrong) {
      for (const args of [[w], [w, w], [deli.id, w], [w, {}], [deli.id, w, w], [deli.id, deli.id, w]]) {
        calls++
        try {
          ws[name](...args)
        } catch (e) {
          assert.ok(e instanceof Error, `${name}: threw a non-Error`)
          assert.ok(!napiCodes.has(e.code), `${name}(${args.map(String)}): napi's own code ${e.code}: ${e.message}`)
          assert.match(String(e.code), /^[A-Z][A-Z_]+$/, `${name}: code ${e.code}: ${e.message}`)
          assert.ok(KINDS.includes(e.kind), `${name}: kind ${e.kind}`)
          assert.notEqual(e.code, 'INTERNAL', `${name}(${args.map(String)}) panicked: ${e.message}`)
        }
      }
    }
  }
  assert.ok(calls > 500)
  // The workspace is still whole after all of that.
  assert.equal(ws.getCustomer(deli.id).name, 'Corner Deli')
})

test('R1 a value that is not an ImportPreview is INVALID_ARGUMENT, not napi InvalidArg', () => {
  const { ws } = workspace()
  for (const v of [42, null, {}, ws]) throwsCode(() => ws.confirmImport(v), 'INVALID_ARGUMENT', 'validation')
})

test('R1 null where it cannot clear anything is refused (as Python refuses None); null that clears still clears', () => {
  const { ws } = workspace()
  const deli = ws.createCustomer({ name: 'Corner Deli', email: 'orders@deli.example' })
  throwsCode(() => ws.updateCustomer(deli.id, { name: null }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.updateCustomer(deli.id, { active: null }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.updateSettings({ name: null }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.updateSettings({ strictSecurity: null }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.updateSettings({ currency: null }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.createCustomer({ name: null }), 'INVALID_ARGUMENT', 'validation')
  throwsCode(() => ws.getCustomer(null), 'INVALID_ARGUMENT', 'validation')
  const address = ws.addAddress(deli.id, { line1: '1 Pier St' })
  throwsCode(() => ws.updateAddress(deli.id, address.id, { line1: null }), 'INVALID_ARGUMENT', 'validation')
  assert.equal(ws.getCustomer(deli.id).name, 'Corner Deli')
  assert.equal(ws.settings().name, 'Harbour Foods')
  // null that means "clear" is kept.
  assert.equal(ws.updateCustomer(deli.id, { email: null }).email, null)
})
