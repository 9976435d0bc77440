#!/usr/bin/env python3
"""Resolving a whole catalogue for one buyer from Python (PR4, and PR5 at a quantity): the binding's
``Workspace.resolve_prices`` beside a plain-Python three-tier lookup over dicts of precomputed
Decimals, in one process, on the issue's data set: 10,000 products, all with a base price, a
third on the default list, half in the customer's group (as benches/pricing.rs). Not a test.

    make test-python                                 # from the repo root: builds the venv
    cd bindings-python && VIRTUAL_ENV=../.venv ../.venv/bin/maturin develop --release -q && cd ..
    .venv/bin/python benches/pricing_python.py       # [--products N] [--runs N]
    make test-python                                 # puts the test build back

Measured 2026-11-23 on the 2-core build machine while other builds ran (load average about
1.9), release build, three runs (ranges over the runs):

                              best            median
    binding, warm             0.56 ms         0.59-0.86 ms
    binding, 1 price changed  0.65-0.83 ms    0.95-1.43 ms
    binding, cold             2.62-3.21 ms    3.66-5.33 ms
    binding, first call       2.70-2.84 ms    (one sample per run)
    plain Python              0.77-0.80 ms    0.82-0.90 ms

    warm / plain 0.71-0.72x (best), 0.71-1.00x (median); cold / plain 3.4-4.0x (best).

The unoptimised module ``make test-python`` builds (the script warns about it): warm 5.5 ms,
cold 21 ms, first call 25 ms.

"binding" is ``ws.resolve_prices(customer_id)`` and reading its ``amounts`` (three lists built:
SKUs, Decimals, tiers). The workspace keeps the Decimals it made for the current and the
previous version of its price book, so: "warm" is a call on an unchanged book; "one price
changed" a call after one price was set (a new book version; the other amounts carry over);
"cold" a call after every price was written anew (at another scale, so no Decimal is reused,
and the previous book's are dropped inside the call); "first call" the process's first resolve
(nothing cached). Each untimed change runs before its timed call. "plain" is Python picking group, else default
list, else base price for each SKU from three dicts of Decimals made beforehand (no SKU or tier
list, nothing read from a store). Both give the same amounts (checked, down to each Decimal's
digits). Target: at most 4 ms end-to-end: met warm, after a price change and on a first call;
cold is under it at best and over it at the median in one run of three (5.3 ms). What cold adds
is CPython making about 8,350 distinct Decimals.

Issue 17 (PR5) adds a second data set: every product with three group breaks and two
default-list breaks, resolved at quantity 10, beside plain Python picking breaks from dicts of
sorted (minimum, price) lists; figures in benches/README.md (2026-12-04). Setting
up takes about 15 s (release): the core's ``upsert_products`` re-sorts the catalogue for each
new product.
"""

import argparse
import decimal
import itertools
import statistics
import time

import orderlink

D = decimal.Decimal


def data(n):
    """(sku, base, default-list price or None, group price or None) for product i, with the
    amounts of benches/pricing.rs: base 10.00 + i/100, list 9.00 + i/100, group 8.00 + i/100."""
    for i in range(n):
        yield (
            f"SKU-{i:05}",
            D(1000 + i).scaleb(-2),
            D(900 + i).scaleb(-2) if i % 3 == 0 else None,
            D(800 + i).scaleb(-2) if i % 2 == 0 else None,
        )


def setup(n):
    rows = list(data(n))
    ws = orderlink.Workspace("Bench", seed=1)
    ws.upsert_products([{"sku": s, "name": f"Product {s}", "base_price": base} for s, base, _, _ in rows])
    ws.set_default_prices({s: p for s, _, p, _ in rows if p is not None})
    ws.upsert_price_group("Trade")
    ws.set_group_prices("Trade", {s: p for s, _, _, p in rows if p is not None})
    customer = ws.create_customer("Corner Deli", price_group="Trade")
    tiers = (
        {s: p for s, _, _, p in rows if p is not None},
        {s: p for s, _, p, _ in rows if p is not None},
        {s: base for s, base, _, _ in rows},
    )
    return ws, customer.id, sorted(s for s, *_ in rows), tiers


#: PR5's data set (benches/data.rs `load_price_breaks`): resolved at this quantity.
BREAKS_QTY = 10


def breaks_setup(n):
    """Every product with two breaks in the default list (1+, 6+) and three in the group (even
    products 5+, 10+, 50+; odd ones 12+, 24+, 48+), as benches/data.rs; at quantity 10 half the
    rows come from the group and half from the default list."""
    ws = orderlink.Workspace("Bench", seed=2)
    skus = [f"SKU-{i:05}" for i in range(n)]
    cents = lambda c: D(c).scaleb(-2)  # noqa: E731
    base = {s: cents(1000 + i) for i, s in enumerate(skus)}
    listed = {s: [(D(1), cents(950 + i)), (D(6), cents(900 + i))] for i, s in enumerate(skus)}
    group = {
        s: list(zip(map(D, (5, 10, 50) if i % 2 == 0 else (12, 24, 48)), (cents(850 + i), cents(800 + i), cents(750 + i))))
        for i, s in enumerate(skus)
    }
    ws.upsert_products([{"sku": s, "name": f"Product {s}", "base_price": base[s]} for s in skus])
    as_breaks = lambda entry: [{"min_qty": m, "price": p} for m, p in entry]  # noqa: E731
    ws.set_default_prices({s: as_breaks(e) for s, e in listed.items()})
    ws.upsert_price_group("Trade")
    ws.set_group_prices("Trade", {s: as_breaks(e) for s, e in group.items()})
    customer = ws.create_customer("Corner Deli", price_group="Trade")
    return ws, customer.id, sorted(skus), (group, listed, base)


def plain_breaks(skus, tiers, qty):
    """PR5 in plain Python: the group's greatest break at or below `qty`, else the default
    list's, else the base price (breaks held as sorted (min, price) lists of Decimals)."""
    group, listed, base = tiers
    out = []
    for sku in skus:
        amount = None
        for entry in (group.get(sku), listed.get(sku)):
            if entry:
                for min_qty, price in entry:
                    if min_qty > qty:
                        break
                    amount = price
                if amount is not None:
                    break
        out.append(amount if amount is not None else base.get(sku))
    return out


def reprice(ws, skus, tiers, scale):
    """Every price written again, the same amounts at `scale` decimal places (new Decimals)."""
    step = D(1).scaleb(-scale)
    group, listed, base = ({s: p.quantize(step) for s, p in t.items()} for t in tiers)
    ws.upsert_products([{"sku": s, "name": f"Product {s}", "base_price": base[s]} for s in skus])
    ws.set_default_prices(listed)
    ws.set_group_prices("Trade", group)


def plain(skus, tiers):
    """PR1 in plain Python: the group price, else the default list's, else the base price."""
    group, listed, base = tiers
    out = []
    for sku in skus:
        amount = group.get(sku)
        if amount is None:
            amount = listed.get(sku)
            if amount is None:
                amount = base.get(sku)
        out.append(amount)
    return out


def timed(runs, call, before=None):
    """Nanoseconds of each of `runs` calls (`before` runs untimed ahead of each)."""
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - start)
    return times


def ms(ns):
    return f"{ns / 1e6:.3f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    if orderlink._orderlink._debug_build:
        print("warning: this orderlink is an unoptimised build (make test-python); for figures, build it")
        print("with: cd bindings-python && VIRTUAL_ENV=../.venv ../.venv/bin/maturin develop --release -q\n")
    ws, customer, skus, tiers = setup(args.products)
    first_sku, first_price = skus[0], tiers[0][skus[0]]

    def binding():
        return ws.resolve_prices(customer).amounts

    def touch():
        # Setting one price (to the amount it has) gives the book a new version.
        ws.set_group_prices("Trade", {first_sku: first_price})

    start = time.perf_counter_ns()
    got = binding()
    first = time.perf_counter_ns() - start
    want = plain(skus, tiers)
    assert got == want and [str(a) for a in got] == [str(a) for a in want], "the binding and plain Python disagree"
    assert len(got) == args.products

    scales = itertools.cycle(range(3, 9))

    def rewrite():
        reprice(ws, skus, tiers, next(scales))

    warm = timed(args.runs, binding)
    changed = timed(max(args.runs // 5, 20), binding, before=touch)
    cold = timed(20, binding, before=rewrite)
    base = timed(args.runs, lambda: plain(skus, tiers))

    print(f"resolve_prices, {args.products:,} products, one customer (group: half, default list: a third)")
    print(f"{'':26}{'best':>12}{'median':>12}")
    rows = [
        ("binding, warm", warm),
        ("binding, 1 price changed", changed),
        ("binding, cold", cold),
        ("plain Python", base),
    ]
    for name, t in rows:
        print(f"{name:26}{ms(min(t)):>12}{ms(statistics.median(t)):>12}")
    print(f"{'binding, first call':26}{ms(first):>12}   (once: the process's first resolve)")
    for name, t in rows[:3]:
        print(
            f"{name} / plain: {min(t) / min(base):.2f}x best, "
            f"{statistics.median(t) / statistics.median(base):.2f}x median"
        )

    # PR5 (issue 17): the same catalogue with quantity breaks, resolved at a quantity.
    bws, bcustomer, bskus, btiers = breaks_setup(args.products)
    qty = D(BREAKS_QTY)

    def binding_breaks():
        return bws.resolve_prices(bcustomer, qty=qty).amounts

    got, want = binding_breaks(), plain_breaks(bskus, btiers, qty)
    assert got == want and [str(a) for a in got] == [str(a) for a in want], "breaks: the binding and plain Python disagree"
    bwarm = timed(args.runs, binding_breaks)
    bplain = timed(args.runs, lambda: plain_breaks(bskus, btiers, qty))
    print(f"\nwith breaks (3 in the group, 2 in the default list, every product), at quantity {BREAKS_QTY}")
    for name, t in (("binding, warm", bwarm), ("plain Python", bplain)):
        print(f"{name:26}{ms(min(t)):>12}{ms(statistics.median(t)):>12}")
    print(
        f"breaks binding / plain Python: {min(bwarm) / min(bplain):.2f}x best, "
        f"{statistics.median(bwarm) / statistics.median(bplain):.2f}x median (target <= 0.8x)"
    )
    print(
        f"breaks binding / binding without breaks: {min(bwarm) / min(warm):.2f}x best, "
        f"{statistics.median(bwarm) / statistics.median(warm):.2f}x median (target <= 2x)"
    )


if __name__ == "__main__":
    main()
