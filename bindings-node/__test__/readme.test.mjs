// The README's Node examples (and docs/guide.md's) run, and print what their comments say they print.
import test from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The README's blocks, those of docs/guide.md (its long form) and of the package's own README.
const docs = ['../../README.md', '../../docs/guide.md', '../README.md'].map((d) => readFileSync(new URL(d, import.meta.url), 'utf8'))
const blocks = docs.flatMap((doc) => [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]))

test('A2 C1 the README Node example runs as written', () => {
  assert.ok(blocks.length > 0, 'README has a js block')
  const index = fileURLToPath(new URL('../index.js', import.meta.url))
  for (const block of blocks) {
    // `require('orderlink')` is the published name; here it is the package built beside this test.
    const script = block.replaceAll("require('orderlink')", `require(${JSON.stringify(index)})`)
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim().split('\n')
    const promised = [...block.matchAll(/console\.log\(.*\/\/ (.+)$/gm)].map((m) => m[1].trim())
    assert.deepEqual(out, promised)
  }
})
