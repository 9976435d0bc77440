// The Node tour (examples/node/tour.mjs) runs and walks every area, so it cannot rot; it prints
// what the Rust and Python tours print.
import test from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'

test('C1 A2 A3 S2 P3 PR1 I4 B2 AC1 H2 the tour runs and walks every area', () => {
  const tour = fileURLToPath(new URL('../../examples/node/tour.mjs', import.meta.url))
  const out = execFileSync(process.execPath, [tour], { encoding: 'utf8' })
  const sections = out.split('\n').filter((l) => l.startsWith('== ')).map((l) => l.split(' (')[0])
  assert.deepEqual(sections, [
    '== Customers',
    '== Order links',
    '== Strict security mode',
    '== Contacts sync',
    '== Buyers from the workspace link',
    '== Prices',
    '== Import and export',
    '== Messages',
    '== Portal activity',
    '== Order history',
    '== Carts and checkout links',
  ])
  for (const line of [
    "refused: CODE_TAKEN — the customer code 'hf-001' is already used by another customer",
    'search "cafe" (accent-insensitive): Café Mocha',
    "the old code now resolves to: unknown (nobody's link)",
    'then the right one on the same challenge: CHALLENGE_NOT_FOUND (one pick per challenge)',
    'local create: SOURCE_OF_TRUTH_EXTERNAL',
    "invoicing Harbour Kiosk's order before review: CUSTOMER_MAPPING_REQUIRED",
    'MILK-2L for Corner Deli: 4.20 from the default list tier; passed over: group (no entry)',
    'confirmed: 1 created, 1 updated, 0 unchanged, rows [4, 5] left out',
    '  skipped Café Mocha: order web blocked',
    '  Corner Deli: 1 views, got as far as checkout started, stalled',
    '  ordered before: 1 × FLOUR-10 (last 1), no price',
  ]) {
    assert.ok(out.includes(line), line)
  }
})

test('the Node tour prints what the Rust tour prints', (t) => {
  const rust = fileURLToPath(new URL('../../target/debug/examples/tour', import.meta.url))
  if (!existsSync(rust)) return t.skip('the Rust tour is not built: run `cargo test -p orderlink` (make test does) first')
  const tour = fileURLToPath(new URL('../../examples/node/tour.mjs', import.meta.url))
  assert.equal(execFileSync(process.execPath, [tour], { encoding: 'utf8' }), execFileSync(rust, { encoding: 'utf8' }))
})
