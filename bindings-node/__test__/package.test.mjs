// The package as npm ships it: the loader, its error on a platform without a binary, and what
// the tarball holds. (The packaging test, `make test-packaging`, installs the tarball itself.)
import test from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('..', import.meta.url))
const read = (f) => readFileSync(new URL(`../${f}`, import.meta.url), 'utf8')

test('index.js names, for ESM imports, every value index.d.ts declares', () => {
  const declared = [...read('index.d.ts').matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1])
  const hint = /^0 && \(module\.exports = \{ (.*) \}\)$/m.exec(read('index.js'))
  assert.ok(hint, 'index.js has the `0 && (module.exports = { … })` line')
  assert.deepEqual(hint[1].split(', ').sort(), declared.sort())
  const script = `import * as ol from ${JSON.stringify(new URL('../index.js', import.meta.url).href)}; console.log(Object.keys(ol).filter((k) => k !== 'default').sort().join())`
  const named = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()
  assert.equal(named, [...declared].sort().join())
})

test('on a platform with no binary the loader says how to build one', () => {
  const script = `Object.defineProperty(process, 'platform', { value: 'freebsd' }); require(${JSON.stringify(`${dir}index.js`)})`
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' })
  assert.notEqual(run.status, 0)
  assert.match(run.stderr, /no binary for this platform \(freebsd-x64\)/)
  assert.match(run.stderr, /Build it from source/)
  assert.match(run.stderr, /npm install \.\/bindings-node/)
  assert.doesNotMatch(run.stderr, /npm has a bug/)
})

test('the tarball holds the loader, types, binary, README and licenses; no Rust sources or tests', () => {
  const pkg = JSON.parse(read('package.json'))
  assert.equal(pkg.license, 'MIT OR Apache-2.0')
  assert.ok(pkg.repository.url && pkg.exports['.'].types && pkg.exports['.'].default)
  // Packed from a copy whose binary is a stand-in: packing the real one takes half a minute.
  execFileSync('npm', ['run', '--silent', 'prepack'], { cwd: dir })
  const stage = mkdtempSync(join(tmpdir(), 'orderlink-pack-'))
  cpSync(dir, stage, { recursive: true, filter: (src) => !/[/\\]node_modules([/\\]|$)|\.node$/.test(src) })
  writeFileSync(join(stage, 'orderlink.linux-x64-gnu.node'), '')
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--silent', '--ignore-scripts'], { cwd: stage, encoding: 'utf8' }))
  rmSync(stage, { recursive: true })
  const files = packed.files.map((f) => f.path).sort()
  for (const f of ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'index.d.ts', 'index.js', 'install.js', 'package.json', 'platform.js']) {
    assert.ok(files.includes(f), `${f} in ${files}`)
  }
  assert.ok(files.some((f) => /^orderlink\.[\w-]+\.node$/.test(f)), `a binary in ${files}`)
  assert.deepEqual(files.filter((f) => /^(src|__test__)\/|\.rs$|Cargo|node_modules/.test(f)), [])
})
