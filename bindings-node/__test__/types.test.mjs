// index.d.ts declares every exported runtime name, so types cannot drift.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ol } from './helpers.mjs'

test('index.d.ts declares every export and every Workspace method', () => {
  const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8')
  for (const name of Object.keys(ol)) {
    assert.match(dts, new RegExp(`export (declare (class|function|const)|type) ${name}\\b`), name)
  }
  for (const method of Object.getOwnPropertyNames(ol.Workspace.prototype).filter((m) => m !== 'constructor')) {
    assert.match(dts, new RegExp(`\\n  ${method}\\(`), method)
  }
})
