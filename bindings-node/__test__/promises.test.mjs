// Issue 14: every workspace method that reaches the store has a Promise form (`…Async`) whose
// work runs on libuv's pool, so the event loop goes on; it resolves as the blocking form
// returns and rejects with the same `.code` and `.kind`. Plus the exported error types.
import test from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ol, workspace, KINDS } from './helpers.mjs'

const here = (p) => fileURLToPath(new URL(p, import.meta.url))

/** Methods that never reach a store (or read a file), so they stay blocking only. */
const BLOCKING_ONLY = new Set(['suggestMapping'])

test('every blocking Workspace method has its Promise form, and promises.rs is generated from the current methods', () => {
  const proto = ol.Workspace.prototype
  const names = Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor' && typeof proto[n] === 'function')
  const blocking = names.filter((n) => !n.endsWith('Async') && !BLOCKING_ONLY.has(n))
  const missing = blocking.filter((n) => typeof proto[`${n}Async`] !== 'function')
  assert.deepEqual(missing, [])
  for (const f of ['createAsync', 'openAsync']) assert.equal(typeof ol.Workspace[f], 'function', f)
  assert.equal(typeof ol.PostgresStore.connectAsync, 'function')
  const out = join(mkdtempSync(join(tmpdir(), 'orderlink-')), 'promises.rs')
  execFileSync('python3', [here('../scripts/gen-promises.py'), here('../src'), out], { stdio: 'pipe' })
  assert.equal(readFileSync(out, 'utf8'), readFileSync(here('../src/promises.rs'), 'utf8'), 'run bindings-node/scripts/gen-promises.py src')
})

test('Promise forms resolve as the blocking forms return', async () => {
  const { ws } = workspace({ baseUrl: 'https://shop.example' })
  const deli = await ws.createCustomerAsync({ name: 'Corner Deli', email: 'orders@deli.example' })
  assert.deepEqual(await ws.getCustomerAsync(deli.id), ws.getCustomer(deli.id))
  assert.equal((await ws.openLinkAsync(await ws.linkUrlAsync(deli.id))).greeting, 'Welcome back, Corner Deli')
  assert.equal((await ws.settingsAsync()).name, 'Harbour Foods')
  await ws.upsertProductsAsync([{ sku: 'EGGS', name: 'Eggs', basePrice: '7.00' }, { sku: 'MILK', name: 'Milk' }])
  await ws.setDefaultPricesAsync({ EGGS: '6.80' })
  const sheet = await ws.resolvePricesAsync(deli.id)
  const blocking = ws.resolvePrices(deli.id)
  assert.deepEqual({ ...sheet, skus: [...sheet.skus] }, { currency: blocking.currency, skus: [...blocking.skus], amounts: [...blocking.amounts], tiers: [...blocking.tiers] })
  const out = await ws.intakeOrderAsync(ws.workspaceLinkUrl(), { number: 'W-1', total: '42.00' }, { businessName: 'Pier Seafood', email: 'ap@pier.example' })
  assert.equal(out.kind, 'pending')
  assert.equal((await ws.pendingBuyersAsync()).length, 1)
  const preview = await ws.previewImportAsync(Buffer.from('Customer Name,Customer Code\nPier Co,P-1\n'))
  assert.equal(preview.creates, 1)
  assert.equal((await ws.confirmImportAsync(preview)).created.length, 1)
  assert.match(Buffer.from(await ws.exportCustomersAsync()).toString(), /Pier Co/)
  const store = new ol.MemoryStore()
  const made = await ol.Workspace.createAsync('Pier', { store, seed: 1 })
  assert.ok(made instanceof ol.Workspace)
  assert.equal((await ol.Workspace.openAsync(store)).settings().name, 'Pier')
  assert.equal((await ol.validateImportAsync(Buffer.from('Customer Name\nA\n'))).validRows, 1)
})

test('PR4 the Promise form of resolvePrices gives the blocking form\'s sheet: nulls, groups, SKUs asked for, the workspace link', async () => {
  const { ws } = workspace()
  ws.upsertProducts([
    { sku: 'EGGS', name: 'Eggs', basePrice: '7.00' },
    { sku: 'MILK', name: 'Milk' },
    { sku: 'FLOUR', name: 'Flour', basePrice: '12.5' },
  ])
  ws.setDefaultPrices({ EGGS: '6.80' })
  ws.upsertPriceGroup('trade', true)
  ws.setGroupPrices('trade', { FLOUR: '11.00' })
  const deli = ws.createCustomer({ name: 'Corner Deli', priceGroup: 'trade' })
  const plain = (s) => ({ currency: s.currency, skus: [...s.skus], amounts: [...s.amounts], tiers: [...s.tiers] })
  for (const [who, skus] of [[deli.id, undefined], [null, undefined], [deli.id, ['MILK', 'FLOUR']], [null, []]]) {
    const promised = await ws.resolvePricesAsync(who, skus)
    assert.deepEqual(plain(promised), plain(ws.resolvePrices(who, skus)), `${who} ${skus}`)
  }
  const sheet = await ws.resolvePricesAsync(deli.id)
  assert.deepEqual(plain(sheet), { currency: 'USD', skus: ['EGGS', 'FLOUR', 'MILK'], amounts: ['6.80', '11.00', null], tiers: ['default_list', 'group', null] })
})

test('Promise forms reject with the same code and kind, bad arguments included (never a synchronous throw)', async () => {
  const { ws } = workspace()
  const missing = '00000000-0000-4000-8000-000000000001'
  const cases = [
    [() => ws.getCustomerAsync(missing), 'CUSTOMER_NOT_FOUND', 'not_found'],
    [() => ws.createCustomerAsync({ name: '  ' }), 'NAME_REQUIRED', 'validation'],
    [() => ws.getCustomerAsync(42), 'INVALID_ARGUMENT', 'validation'],
    [() => ws.updateCustomerAsync(missing, { name: null }), 'INVALID_ARGUMENT', 'validation'],
    [() => ws.confirmImportAsync({}), 'INVALID_ARGUMENT', 'validation'],
    [() => ws.openLinkAsync('not a link'), 'LINK_MALFORMED', 'validation'],
    [() => ol.Workspace.openAsync(new ol.MemoryStore()), 'WORKSPACE_NOT_FOUND', 'not_found'],
    [() => ol.Workspace.createAsync(42), 'INVALID_ARGUMENT', 'validation'],
    [() => ws.previewImportAsync(42), 'INVALID_ARGUMENT', 'validation'],
  ]
  for (const [call, code, kind] of cases) {
    let promise
    assert.doesNotThrow(() => { promise = call() }, `${code}: thrown synchronously`)
    await assert.rejects(promise, (e) => {
      assert.ok(e instanceof Error)
      assert.equal(e.code, code, e.message)
      assert.equal(e.kind, kind)
      assert.ok(ol.isOrderlinkError(e))
      return true
    })
  }
})

test('the event loop keeps running while a long Promise form works', async () => {
  const rows = ['Customer Name,Customer Code,Email Address']
  for (let i = 0; i < 10000; i++) rows.push(`Customer ${i},C-${i},buyer${i}@shop${i % 97}.example`)
  const file = Buffer.from(rows.join('\n') + '\n')
  const { ws } = workspace()
  const ticks = []
  let running = true
  const tick = () => { ticks.push(performance.now()); if (running) setImmediate(tick) }
  tick()
  const start = performance.now()
  const preview = await ws.previewImportAsync(file, { format: 'csv' })
  const took = performance.now() - start
  running = false
  assert.equal(preview.creates, 10000)
  const during = ticks.filter((t) => t >= start && t <= start + took)
  const gaps = during.slice(1).map((t, i) => t - during[i])
  const worst = gaps.reduce((a, b) => Math.max(a, b), 0)
  // The blocking form would stop every tick for the whole call.
  assert.ok(during.length >= 10, `${during.length} ticks in ${took.toFixed(0)} ms`)
  assert.ok(worst < Math.max(50, took / 5), `worst gap ${worst.toFixed(1)} ms in ${took.toFixed(0)} ms`)
  console.log(`previewImportAsync: ${took.toFixed(0)} ms, ${during.length} ticks, worst gap ${worst.toFixed(1)} ms`)
})

test('the error code union in index.d.ts is exactly the core\'s list (Error::code), and isOrderlinkError tells', () => {
  const core = readFileSync(here('../../core/src/error.rs'), 'utf8')
  const body = core.slice(core.indexOf('pub fn code(&self)'))
  const codes = [...new Set([...body.slice(0, body.indexOf('\n    }\n')).matchAll(/=> "([A-Z_]+)"/g)].map((m) => m[1]))].sort()
  const dts = readFileSync(here('../index.d.ts'), 'utf8')
  const union = dts.match(/export type ErrorCode = ([^\n]+)/)[1].split(' | ').map((s) => s.slice(1, -1)).sort()
  assert.deepEqual(union, codes)
  assert.ok(codes.length > 40)
  const kinds = dts.match(/export type ErrorKind = ([^\n]+)/)[1].split(' | ').map((s) => s.slice(1, -1))
  assert.deepEqual(kinds.sort(), [...KINDS].sort())
  let thrown
  try { workspace().ws.createCustomer({ name: ' ' }) } catch (e) { thrown = e }
  assert.equal(ol.isOrderlinkError(thrown), true)
  assert.equal(ol.isOrderlinkError(new Error('x')), false)
  assert.equal(ol.isOrderlinkError(Object.assign(new Error('x'), { code: 'NOPE', kind: 'validation' })), false)
  assert.equal(ol.isOrderlinkError({ code: 'NAME_REQUIRED', kind: 'validation', message: 'not an Error' }), false)
  assert.equal(ol.isOrderlinkError(null), false)
})

test('Promise forms over a PostgreSQL store: connect, create, open a link, price and take an order off the event loop', async () => {
  const url = process.env.ORDERLINK_PG_URL
  assert.ok(url, 'run through scripts/with-postgres (make test-node does)')
  const schema = `node_async_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`
  const store = await ol.PostgresStore.connectAsync(url, { schema })
  assert.equal(store.kind, 'postgres')
  const ws = await ol.Workspace.createAsync('Harbour Foods', { store, seed: 3 })
  const deli = await ws.createCustomerAsync({ name: 'Corner Deli' })
  await ws.upsertProductsAsync([{ sku: 'EGGS', name: 'Eggs', basePrice: '7.00' }])
  const [decision, sheet] = await Promise.all([ws.openLinkAsync(ws.linkUrl(deli.id)), ws.resolvePricesAsync(deli.id)])
  assert.equal(decision.mayView, true)
  assert.deepEqual(sheet.amounts, ['7.00'])
  const many = await Promise.all(Array.from({ length: 16 }, () => ws.openLinkAsync(ws.linkUrl(deli.id))))
  assert.equal(many.length, 16)
  const out = await ws.intakeOrderAsync(ws.linkUrl(deli.id), { number: 'A-1', total: '7.00' })
  assert.equal(out.kind, 'customer')
  await assert.rejects(ol.PostgresStore.connectAsync('postgres://app:hunter2@127.0.0.1:1/none'), (e) => e.code === 'STORE_FAILURE' && !e.message.includes('hunter2'))
})

test('Promise forms that wait on a store leave libuv\'s pool to fs (issue 14: they have threads of their own)', async () => {
  const { spawn } = await import('node:child_process')
  const { readFile } = await import('node:fs/promises')
  const path = join(mkdtempSync(join(tmpdir(), 'orderlink-workers-')), 'shop.db')
  const ws = new ol.Workspace('Shop', { store: new ol.SqliteStore(path) })
  // Another process holds the database's write lock, so every write below waits for it.
  const holder = spawn('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute("BEGIN IMMEDIATE"); print("locked", flush=True); sys.stdin.read()', path], { stdio: ['pipe', 'pipe', 'inherit'] })
  await new Promise((resolve, reject) => { holder.stdout.once('data', resolve); holder.once('exit', reject) })
  const writes = Array.from({ length: 8 }, (_, i) => ws.createCustomerAsync({ name: `Customer ${i}` }))
  await new Promise((resolve) => setTimeout(resolve, 100)) // the writes are waiting now
  // libuv has 4 threads: were the 8 waiting writes on them, this read would wait with them.
  const start = performance.now()
  await readFile(here('../package.json'))
  const took = performance.now() - start
  holder.stdin.end()
  const made = await Promise.all(writes)
  assert.equal(made.length, 8)
  assert.ok(took < 1500, `fs.readFile took ${took.toFixed(0)} ms while store calls waited`)
  assert.equal((await ws.listCustomersAsync({ limit: 100 })).total, 8)
})
