// Shared by the node:test suites: the built module, a workspace on a stopped clock, and the
// assertion every refusal goes through.
import { createRequire } from 'node:module'
import assert from 'node:assert/strict'

export const ol = createRequire(import.meta.url)('../index.js')

/** A well-formed link code that no workspace ever issues (its bytes are all ones). */
export const UNKNOWN = 'ZZZZZZZZZZZZZZZZZZZZZZZZZW'
export const T0 = new Date('2026-03-01T09:00:00Z')

/** The error families of the core (`orderlink::ErrorKind::as_str`). */
export const KINDS = ['validation', 'not_found', 'conflict', 'contacts_sync', 'access', 'store', 'internal']

/**
 * Asserts that `fn` throws a JS `Error` whose `.code` is `code` (and whose `.kind` is `kind`
 * when given, else one of the families); returns the error. Never matches message text.
 */
export function throwsCode(fn, code, kind) {
  let caught
  try {
    fn()
  } catch (e) {
    caught = e
  }
  assert.ok(caught instanceof Error, `expected ${code} to be thrown, got ${caught}`)
  assert.equal(caught.code, code, caught.message)
  if (kind) assert.equal(caught.kind, kind, `${code} kind`)
  else assert.ok(KINDS.includes(caught.kind), `${code} kind ${caught.kind}`)
  assert.ok(caught.message.length > 0)
  return caught
}

/** A workspace named Harbour Foods on a ManualClock stopped at T0, seeded (tests only). */
export function workspace(options = {}) {
  const clock = new ol.ManualClock(T0)
  return { ws: new ol.Workspace('Harbour Foods', { seed: 7, clock, ...options }), clock }
}

/** A workspace whose contacts sync is active (enabled and connected). */
export function synced(phoneMapped = false) {
  return workspace({ contactsSync: { enabled: true, connected: true, phoneMapped } })
}

/** Everything a refused call must leave as it was. */
export function snapshot(ws) {
  return { customers: ws.listCustomers({ filter: 'all', limit: 1000 }), settings: ws.settings() }
}

/** The names on a page, in order. */
export const names = (page) => page.items.map((c) => c.name)
