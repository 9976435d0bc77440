// `make bench-services`, the Node half: a node:http service answering "open this link, then
// price it" with orderlink, beside the same service on `pg` (node-postgres) sending the same
// SQL statements (benches/services_sql.json), each loaded by 64 concurrent keep-alive clients
// for 10 s through the latency proxy, in BENCH_ROUNDS (default 3) interleaved rounds, the best
// round of each kept. Prints one JSON line:
//   {"orderlink_rps":..,"orderlink_loop_p99_ms":..,"pg_rps":..,"pg_loop_p99_ms":..,"form":"sync"|"promise","rounds":{..}}
//
//   node benches/services_node.mjs URL SCHEMA CODE        (URL: through the proxy)
//
// The orderlink service uses the Promise forms (`openLinkAsync`, `resolvePricesAsync`) when the
// addon has them, else the synchronous calls, which block the event loop while PostgreSQL
// answers (the "form" field says which ran).
import { createRequire } from 'node:module'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const sql = JSON.parse(readFileSync(new URL('./services_sql.json', import.meta.url)))
const [mode, ...args] = process.argv.slice(2)

if (mode === 'serve') {
  await serve(...args)
} else {
  await main(mode, ...args)
}

/** A service on a free port (printed as `port N`), with /stats for its event-loop delay. */
async function serve(kind, url, schema, code) {
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  let handler
  let form = 'sync'
  if (kind === 'orderlink') {
    const ol = createRequire(new URL('../bindings-node/', import.meta.url))('./index.js')
    const ws = ol.Workspace.open(new ol.PostgresStore(url, { schema, maxConnections: 10 }))
    if (typeof ws.openLinkAsync === 'function' && typeof ws.resolvePricesAsync === 'function') {
      form = 'promise'
      handler = async () => {
        const d = await ws.openLinkAsync(code)
        const sheet = await ws.resolvePricesAsync(d.customerId)
        return { mayView: d.mayView, prices: sheet.length ?? sheet.skus?.length }
      }
    } else {
      handler = async () => {
        const d = ws.openLink(code)
        const sheet = ws.resolvePrices(d.customerId)
        return { mayView: d.mayView, prices: sheet.length ?? sheet.skus?.length }
      }
    }
  } else {
    const pg = createRequire(new URL('../target/bench-node/', import.meta.url))('pg')
    const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` })
    let version = 0
    // The workspace's id, read once (orderlink's store holds it from opening).
    const wsId = (await pool.query('SELECT id FROM workspaces')).rows[0].id
    handler = async () => {
      // rowMode 'array': the statements' unnamed columns would collide as object keys.
      const link = await pool.query({ name: 'link_target', text: sql.link_target, values: [code, wsId], rowMode: 'array' })
      const customer = link.rows[0][1]
      const q = { name: 'price_reads', text: sql.price_reads, values: [customer.id, version, wsId], rowMode: 'array' }
      const row = (await pool.query(q)).rows[0]
      if (row[2] != null) version = Number(row[2])
      return { mayView: customer.active, fresh: row[3] != null }
    }
  }
  const server = http.createServer(async (req, res) => {
    if (req.url === '/stats') {
      res.end(JSON.stringify({ p99: histogram.percentile(99) / 1e6, form }))
      return
    }
    if (req.url === '/reset') {
      histogram.reset()
      res.end('{}')
      return
    }
    try {
      res.end(JSON.stringify(await handler()))
    } catch (e) {
      res.statusCode = 500
      res.end(JSON.stringify({ error: String(e), code: e.code }))
    }
  })
  server.keepAliveTimeout = 60_000
  process.on('SIGTERM', () => process.exit(0)) // a normal exit, so --cpu-prof writes its profile
  server.listen(0, '127.0.0.1', () => console.log(`port ${server.address().port}`))
}

function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${res.statusCode} ${body}`))))
    })
    req.on('error', reject)
  })
}

/** Starts the `kind` service, loads it, and returns its requests/s and event-loop p99. */
async function run(kind, url, schema, code) {
  // BENCH_NODE_ARGS: extra node flags for the services (e.g. `--cpu-prof --cpu-prof-dir=DIR`).
  const flags = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...flags, new URL(import.meta.url).pathname, 'serve', kind, url, schema, code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const port = await new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c) => {
      out += c
      const m = out.match(/port (\d+)/)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`${kind} service exited ${code}`)))
  })
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  try {
    await get(agent, port, '/open') // warm: connections, statements
    await get(agent, port, '/reset')
    let done = 0
    let failed = 0
    const end = performance.now() + SECONDS * 1000
    const start = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < end) {
          try {
            await get(agent, port, '/open')
            done++
          } catch {
            failed++
          }
        }
      }),
    )
    const elapsed = (performance.now() - start) / 1000
    const stats = JSON.parse(await get(agent, port, '/stats'))
    if (failed) console.error(`${kind}: ${failed} requests failed`)
    return { rps: done / elapsed, p99: stats.p99, form: stats.form }
  } finally {
    agent.destroy()
    child.kill()
  }
}

async function main(url, schema, code) {
  // Rounds, interleaved (orderlink first in odd rounds, pg first in even ones); each service's
  // best requests/s is kept (the machine is shared: a slow round says more about the machine),
  // and orderlink's worst event-loop p99 over its rounds.
  const ol = []
  const peer = []
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      ol.push(await run('orderlink', url, schema, code))
      peer.push(await run('pg', url, schema, code))
    } else {
      peer.push(await run('pg', url, schema, code))
      ol.push(await run('orderlink', url, schema, code))
    }
  }
  const best = (runs) => runs.reduce((a, b) => (b.rps > a.rps ? b : a))
  console.log(
    JSON.stringify({
      orderlink_rps: best(ol).rps,
      orderlink_loop_p99_ms: Math.max(...ol.map((r) => r.p99)),
      pg_rps: best(peer).rps,
      pg_loop_p99_ms: Math.max(...peer.map((r) => r.p99)),
      form: ol[0].form,
      rounds: {
        orderlink: ol.map((r) => Math.round(r.rps)),
        pg: peer.map((r) => Math.round(r.rps)),
        orderlink_p99: ol.map((r) => +r.p99.toFixed(1)),
        pg_p99: peer.map((r) => +r.p99.toFixed(1)),
      },
    }),
  )
}
