// Which native binary this machine needs: used by the loader (index.js) and by install.js.
'use strict'

const { join } = require('node:path')

/** This machine's napi-rs platform tag: linux-x64-gnu, linux-arm64-musl, darwin-arm64, win32-x64-msvc … */
function platformTag() {
  const { platform, arch } = process
  if (platform === 'linux') {
    const glibc = process.report && process.report.getReport().header.glibcVersionRuntime
    if (arch === 'arm') return glibc ? 'linux-arm-gnueabihf' : 'linux-arm-musleabihf'
    return `linux-${arch}-${glibc ? 'gnu' : 'musl'}`
  }
  if (platform === 'win32') return `win32-${arch}-msvc`
  return `${platform}-${arch}`
}

/** Where the binary for this machine is, or would be: `orderlink.<tag>.node` beside this file. */
function binaryPath(tag = platformTag()) {
  return join(__dirname, `orderlink.${tag}.node`)
}

/** The error for a missing or unloadable binary: what to do about it. */
function buildFromSource(reason) {
  return new Error(
    `orderlink: ${reason}\n` +
      'Build it from source (needs Rust >= 1.85 from https://rustup.rs and a C compiler):\n' +
      '  git clone <the orderlink repository> orderlink && cd orderlink\n' +
      '  npm install ./bindings-node     # builds the binary with cargo when it is missing\n' +
      'or, in a project of your own, npm install /path/to/orderlink/bindings-node\n' +
      '(see bindings-node/README.md, "Platforms").',
  )
}

module.exports = { platformTag, binaryPath, buildFromSource }
