// The shipped example runs, so it cannot rot.
import test from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

test('A2 A4 C2 the quickstart example runs and prints what it promises', () => {
  const script = fileURLToPath(new URL('../../examples/node/quickstart.mjs', import.meta.url))
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8' })
  assert.match(out, /^Corner Deli [0-9A-Z]{26}$/m)
  assert.match(out, /^link: https:\/\/shop\.example\/order\/[0-9A-Z]{26}$/m)
  assert.match(out, /Welcome back, Corner Deli \| may submit: true/)
  assert.match(out, /^refused: CODE_TAKEN \(conflict\)/m)
  assert.match(out, /^blocked: ORDERING_UNAVAILABLE - Ordering is temporarily unavailable/m)
})
