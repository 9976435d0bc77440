import { createRequire } from 'node:module'
import assert from 'node:assert/strict'

export const ol = createRequire(import.meta.url)('../index.js')
export const UNKNOWN = 'ZZZZZZZZZZZZZZZZZZZZZZZZZW'
export const T0 = new Date('2026-03-01T09:00:00Z')

/** Asserts that `fn` throws an Error whose `.code` is `code`; returns the error. */
export function throwsCode(fn, code) {
  let caught
  assert.throws(fn, (e) => {
    caught = e
    return e instanceof Error && e.code === code
  }, `expected ${code}`)
  return caught
}

export function workspace(options = {}) {
  const clock = new ol.ManualClock(T0)
  return { ws: new ol.Workspace('Harbour Foods', { seed: 7, clock, ...options }), clock }
}

/** Everything a refused call must leave as it was. */
export function snapshot(ws) {
  return ws.listCustomers({ filter: 'all', limit: 1000 })
}
