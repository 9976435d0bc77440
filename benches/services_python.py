"""`make bench-services`, the Python half. Prints one JSON line:

    {"orderlink_1": .., "orderlink_8": .., "speedup": .., "psycopg_speedup": ..,
     "orderlink_async_rps": .., "psycopg_async_rps": .., "form": "to_thread" | "async"}

    python benches/services_python.py URL SCHEMA CODE     (URL: through the latency proxy)

Threads: `open_link` calls per second from 1 thread and from 8 threads (each for
BENCH_THREAD_SECONDS, default 5), and the same for psycopg sending the statement open_link sends
(benches/services_sql.json) on a connection per thread. Async: 64 concurrent asyncio tasks for
BENCH_SECONDS (default 10) in BENCH_ROUNDS (default 3) interleaved rounds, the best of each
service kept, each doing "open this link, then price it": orderlink through its
asyncio surface when the module has one (`AsyncWorkspace`), else `asyncio.to_thread` around the
synchronous calls; psycopg's AsyncConnectionPool sending the same two statements.
"""

import asyncio
import json
import os
import pathlib
import re
import sys
import threading
import time

import orderlink
import psycopg
import psycopg_pool

THREAD_SECONDS = float(os.environ.get("BENCH_THREAD_SECONDS", 5))
SECONDS = float(os.environ.get("BENCH_SECONDS", 10))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 64))
SQL = json.loads((pathlib.Path(__file__).parent / "services_sql.json").read_text())
# psycopg's placeholders: the same statements, `%(pN)s` for `$N` (a parameter may be used twice).
PG_SQL = {k: re.sub(r"\$(\d+)", r"%(p\1)s", v) for k, v in SQL.items() if not k.startswith("/")}


def rate(threads, make_call):
    """Calls per second from `threads` threads, each with its own `make_call()`."""
    counts = [0] * threads
    errors = []
    start = threading.Barrier(threads + 1)
    end_at = [0.0]

    def work(i):
        try:
            call = make_call()
            call()  # warm
        except BaseException as e:  # reported after the run; the barrier must still be met
            errors.append(e)
            start.wait()
            return
        start.wait()
        n = 0
        while time.perf_counter() < end_at[0]:
            call()
            n += 1
        counts[i] = n

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    end_at[0] = time.perf_counter() + THREAD_SECONDS + 1e9  # set properly once all are warm
    start.wait()
    t0 = time.perf_counter()
    end_at[0] = t0 + THREAD_SECONDS
    for w in workers:
        w.join()
    if errors:
        raise errors[0]
    return sum(counts) / (time.perf_counter() - t0)


def main(url, schema, code):
    store = orderlink.PostgresStore(url, schema=schema, max_connections=10)
    ws = orderlink.Workspace.open(store)
    customer_id = ws.open_link(code).customer_id

    ol_call = lambda: (lambda: ws.open_link(code))  # noqa: E731
    ol1 = rate(1, ol_call)
    ol8 = rate(8, ol_call)

    sep = "&" if "?" in url else "?"
    conninfo = f"{url}{sep}options=-c%20search_path%3D{schema}"

    def pg_call():
        conn = psycopg.connect(conninfo, autocommit=True, prepare_threshold=0)
        # The workspace's id, read once (orderlink's store holds it from opening).
        ws_id = conn.execute("SELECT id FROM workspaces").fetchone()[0]
        return lambda: conn.execute(PG_SQL["link_target"], {"p1": code, "p2": ws_id}).fetchone()

    pg1 = rate(1, pg_call)
    pg8 = rate(8, pg_call)

    async def load(request):
        done = 0
        end = time.perf_counter() + SECONDS

        async def client():
            nonlocal done
            while time.perf_counter() < end:
                await request()
                done += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
        return done / (time.perf_counter() - t0)

    form = "to_thread"
    async_ws = getattr(orderlink, "AsyncWorkspace", None)

    async def orderlink_async():
        nonlocal form
        if async_ws is not None:
            try:
                aws = async_ws(ws)
                form = "async"

                async def request():
                    d = await aws.open_link(code)
                    await aws.resolve_prices(d.customer_id)

                await request()
                return await load(request)
            except TypeError:
                form = "to_thread"

        def sync_request():
            d = ws.open_link(code)
            ws.resolve_prices(d.customer_id)

        async def request():
            await asyncio.to_thread(sync_request)

        await request()
        return await load(request)

    async def psycopg_async():
        async with psycopg_pool.AsyncConnectionPool(
            conninfo, min_size=10, max_size=10, kwargs={"autocommit": True}
        ) as pool:
            version = [0]
            async with pool.connection() as conn:
                ws_id = (await (await conn.execute("SELECT id FROM workspaces")).fetchone())[0]

            async def request():
                async with pool.connection() as conn:
                    row = await (
                        await conn.execute(PG_SQL["link_target"], {"p1": code, "p2": ws_id})
                    ).fetchone()
                    customer = row[1]
                    row = await (
                        await conn.execute(
                            PG_SQL["price_reads"], {"p1": customer["id"], "p2": version[0], "p3": ws_id}
                        )
                    ).fetchone()
                    if row[2] is not None:
                        version[0] = row[2]

            await request()
            return await load(request)

    # Rounds, interleaved (orderlink first in odd rounds); the best of each kept.
    ol_rounds, pg_rounds = [], []
    for round_ in range(ROUNDS):
        if round_ % 2 == 0:
            ol_rounds.append(asyncio.run(orderlink_async()))
            pg_rounds.append(asyncio.run(psycopg_async()))
        else:
            pg_rounds.append(asyncio.run(psycopg_async()))
            ol_rounds.append(asyncio.run(orderlink_async()))
    ol_async, pg_async = max(ol_rounds), max(pg_rounds)
    print(
        json.dumps(
            {
                "orderlink_1": ol1,
                "orderlink_8": ol8,
                "speedup": ol8 / ol1,
                "psycopg_1": pg1,
                "psycopg_8": pg8,
                "psycopg_speedup": pg8 / pg1,
                "orderlink_async_rps": ol_async,
                "psycopg_async_rps": pg_async,
                "form": form,
                "rounds": {"orderlink": [round(r) for r in ol_rounds], "psycopg": [round(r) for r in pg_rounds]},
                "customer": str(customer_id),
            }
        )
    )


if __name__ == "__main__":
    main(*sys.argv[1:4])
