#!/usr/bin/env bash
# `make bench-services` (run inside scripts/with-postgres): the orderlink services beside peers
# on the ecosystem's async drivers (`pg` for Node, psycopg for Python), every connection through
# a proxy adding 1 ms each way, 64 concurrent requests for 10 s, in 3 interleaved rounds per
# service (BENCH_ROUNDS; the best round of each is kept, as benches/README.md asks). Builds what it needs (release
# addon and wheel, the proxy, pg and psycopg in folders of their own), then prints a table and,
# last, the line issue 14 asks for:
#   services: node req/s ratio R1, node event-loop p99 E ms, python 8-thread speed-up S, python async req/s ratio R2
# (ratios are orderlink / peer). Not a test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
: "${ORDERLINK_PG_TCP_URL:?run through scripts/with-postgres (make bench-services does)}"
out=$(mktemp -d "${TMPDIR:-/tmp}/orderlink-services.XXXXXX")
cleanup() {
    if [ -n "${proxy_pid:-}" ]; then kill "$proxy_pid" 2>/dev/null || true; fi
    rm -rf "$out"
}
trap cleanup EXIT

echo "bench-services: building (release addon, release wheel, the proxy, pg, psycopg)" >&2
cargo build -q --release -p orderlink-postgres --example latency_proxy
(cd bindings-node && npm ci --no-audit --no-fund --silent && npx napi build --platform --no-js --release >/dev/null)
npm install --prefix target/bench-node --no-audit --no-fund --silent pg@8.23.1 >/dev/null
python3 -m venv .venv-bench
.venv-bench/bin/pip install -q --disable-pip-version-check "maturin>=1.16,<2" "psycopg[binary]==3.3.9" "psycopg-pool==3.3.3"
rm -rf target/bench-wheels
(cd bindings-python && "$root/.venv-bench/bin/maturin" build -q --release -o "$root/target/bench-wheels")
.venv-bench/bin/pip install -q --force-reinstall --no-deps target/bench-wheels/orderlink-*.whl

# The proxy: 1 ms each way in front of the server's TCP port.
server=${ORDERLINK_PG_TCP_URL#postgresql://*@}
server=${server%%/*}
target/release/examples/latency_proxy "$server" 1 >"$out/proxy.out" &
proxy_pid=$!
for _ in $(seq 100); do
    grep -q '^listening ' "$out/proxy.out" 2>/dev/null && break
    sleep 0.1
done
port=$(sed -n 's/^listening //p' "$out/proxy.out")
url="postgresql://postgres@127.0.0.1:$port/postgres?sslmode=disable"
schema=bench_services

code=$(.venv-bench/bin/python benches/services_setup.py "$url" "$schema")
echo "bench-services: node (64 clients, 10 s per service and round, ${BENCH_ROUNDS:-3} rounds)" >&2
node benches/services_node.mjs "$url" "$schema" "$code" >"$out/node.json"
echo "bench-services: python (1 and 8 threads, 5 s each; 64 asyncio tasks, 10 s per service and round)" >&2
.venv-bench/bin/python benches/services_python.py "$url" "$schema" "$code" >"$out/python.json"

python3 - "$out/node.json" "$out/python.json" <<'PY'
import json, sys
node = json.load(open(sys.argv[1]))
py = json.load(open(sys.argv[2]))
print(f"node   orderlink ({node['form']}): {node['orderlink_rps']:.0f} req/s, event-loop p99 {node['orderlink_loop_p99_ms']:.1f} ms;"
      f" pg: {node['pg_rps']:.0f} req/s, event-loop p99 {node['pg_loop_p99_ms']:.1f} ms")
print(f"python open_link 1 thread {py['orderlink_1']:.0f}/s, 8 threads {py['orderlink_8']:.0f}/s ({py['speedup']:.2f}x);"
      f" psycopg {py['psycopg_1']:.0f}/s, {py['psycopg_8']:.0f}/s ({py['psycopg_speedup']:.2f}x)")
print(f"python async orderlink ({py['form']}): {py['orderlink_async_rps']:.0f} req/s; psycopg: {py['psycopg_async_rps']:.0f} req/s")
print(f"rounds (req/s; the best of each kept): node orderlink {node['rounds']['orderlink']}, pg {node['rounds']['pg']};"
      f" python async orderlink {py['rounds']['orderlink']}, psycopg {py['rounds']['psycopg']}")
r1 = node['orderlink_rps'] / node['pg_rps']
r2 = py['orderlink_async_rps'] / py['psycopg_async_rps']
print(f"services: node req/s ratio {r1:.2f}, node event-loop p99 {node['orderlink_loop_p99_ms']:.1f} ms, "
      f"python 8-thread speed-up {py['speedup']:.1f}, python async req/s ratio {r2:.2f}")
PY
