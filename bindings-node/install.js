// `npm install` of this package runs this. Nothing to do when the binary for this platform is
// here (a packed tarball carries the one it was packed with; a built clone has its own).
// Otherwise, in a clone of the orderlink repository, build it from source with cargo; anywhere
// else, fail and say how.
//
// Plain cargo rather than @napi-rs/cli, so an install needs no devDependencies.
// ORDERLINK_BUILD_PROFILE=dev builds a debug binary (faster to build, slower to run).
'use strict'

const { existsSync, copyFileSync } = require('node:fs')
const { join, resolve } = require('node:path')
const { execFileSync } = require('node:child_process')
const { platformTag, binaryPath, buildFromSource } = require('./platform.js')

const tag = platformTag()
if (existsSync(binaryPath(tag))) process.exit(0)
// `npm ci` in this folder sets up a checkout for development: `npm run build` builds then.
if (process.env.INIT_CWD && resolve(process.env.INIT_CWD) === __dirname) process.exit(0)

const root = join(__dirname, '..')
const inClone = existsSync(join(__dirname, 'Cargo.toml')) && existsSync(join(root, 'core', 'Cargo.toml'))
if (!inClone) {
  console.error(buildFromSource(`this package has no binary for this platform (${tag}).`).message)
  process.exit(1)
}

const profile = process.env.ORDERLINK_BUILD_PROFILE || 'release'
console.error(`orderlink: building the binary for ${tag} from source (cargo, ${profile} profile; a few minutes)`)
let host
try {
  host = /^host: (.+)$/m.exec(execFileSync('rustc', ['-vV'], { encoding: 'utf8' }))[1]
} catch {
  console.error('orderlink: building from source needs Rust (cargo and rustc >= 1.85): https://rustup.rs')
  process.exit(1)
}
// --target: the folder `npm run build` (napi) builds into, so the two share their work.
execFileSync('cargo', ['build', '--lib', '-p', 'orderlink-node', '--profile', profile, '--target', host], {
  cwd: root,
  stdio: 'inherit',
})
const dir = join(root, 'target', host, profile === 'dev' ? 'debug' : profile)
const built = { darwin: 'liborderlink_node.dylib', win32: 'orderlink_node.dll' }[process.platform] || 'liborderlink_node.so'
copyFileSync(join(dir, built), binaryPath(tag))
require('./index.js') // loads, or throws what to do
console.error(`orderlink: built ${binaryPath(tag)}`)
