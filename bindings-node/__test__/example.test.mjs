// The shipped example runs, so it cannot rot.
import test from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

test('quickstart example runs', () => {
  const script = fileURLToPath(new URL('../../examples/node/quickstart.mjs', import.meta.url))
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8' })
  assert.match(out, /Welcome back, Corner Deli \| may submit: true/)
  assert.match(out, /refused: CODE_TAKEN/)
})
