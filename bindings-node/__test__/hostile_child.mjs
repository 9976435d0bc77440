// The child process of hostile.test.mjs: validates one hostile file, writes both error files,
// and prints what it saw and its own memory (VmHWM: peak resident set) as one JSON line.
// Usage: node hostile_child.mjs FILE AS_PATH(0|1)
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRequire } from 'node:module'

const ol = createRequire(import.meta.url)('../index.js')

const vm = (field) => {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))
  return m ? Number(m[1]) * 1024 : 0
}

/**
 * R5: how this binding is told that a string is a path. `{ path }` when the binding takes it
 * (content and paths apart); else the plain string (today's API, where a string is a path).
 * Decided once, on a small file, before the case's file is touched.
 */
function pathArg() {
  const probe = join(mkdtempSync(join(tmpdir(), 'orderlink-hostile-')), 'probe.csv')
  writeFileSync(probe, 'Name\nCorner Deli\n')
  try {
    ol.validateImport({ path: probe })
    return (p) => ({ path: p })
  } catch {
    return (p) => p
  }
}

const [file, asPath] = process.argv.slice(2)
const asPathArg = pathArg()
const startRss = vm('VmRSS')
const out = { issues: [], error: null, errorFiles: [], hasErrors: false }
try {
  const report = ol.validateImport(asPath === '1' ? asPathArg(file) : readFileSync(file))
  out.issues = report.issues.map((i) => [i.code, i.row ?? null])
  out.hasErrors = report.hasErrors
  for (const name of ['errorFileCsv', 'errorFileXlsx']) {
    try {
      report[name]()
    } catch (e) {
      out.errorFiles.push(`${name}: ${e.code}: ${e.message}`)
    }
  }
} catch (e) {
  if (typeof e.code !== 'string') throw e
  out.error = e.code
  out.message = String(e.message).slice(0, 300)
}
out.startRss = startRss
out.peakRss = vm('VmHWM')
out.vmPeak = vm('VmPeak')
console.log(JSON.stringify(out))
process.exitCode = out.error || out.hasErrors ? 1 : 0
