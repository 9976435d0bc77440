// orderlink for Node: loads the native binary built for this platform, or says how to build it.
//
// Hand-written, not napi's generated loader: `npm run build` writes only the `.node` file and
// index.d.ts. The binary is `orderlink.<platform tag>.node` beside this file, named as
// @napi-rs/cli names it (linux-x64-gnu, darwin-arm64, win32-x64-msvc …).
'use strict'

const { existsSync } = require('node:fs')
const { platformTag, binaryPath, buildFromSource } = require('./platform.js')

const tag = platformTag()
const file = binaryPath(tag)
if (!existsSync(file)) {
  throw buildFromSource(`this package has no binary for this platform (${tag}).`)
}
let binding
try {
  binding = require(file)
} catch (e) {
  const err = buildFromSource(`the binary for ${tag} could not be loaded: ${e.message}`)
  err.cause = e
  throw err
}
module.exports = binding

// The names `import { Workspace } from 'orderlink'` finds (Node reads this line without running
// it); __test__/package.test.mjs checks it lists every value index.d.ts declares.
0 && (module.exports = { ImportPreview, ImportReport, ManualClock, MemoryStore, PostgresStore, SqliteStore, Workspace, _internalPanicForTests, guessOdds, isOrderlinkError, neutraliseCell, normalizeEmail, normalizeName, parseLinkCode, searchFold, suggestMapping, validateImport, validateImportAsync })
