//! W4 (issue 15): a page of customers from workspaces of 1,000 / 10,000 / 100,000 customers in
//! one SQLite file, and the same pages from the same workspaces in a second file that also
//! holds other workspaces of 10,000 customers each. Both files are built first; then every
//! round calls each page once on each workspace of each file (interleaved, so the growth from
//! 10k to 100k and the other workspaces' effect are read under the same load). Each figure is
//! the median and the fastest of the rounds' calls of `Workspace::list_customers`, in ms.
//!
//! Run: `cargo bench -p orderlink-sqlite --bench lists` (`LIST_OTHERS=9` for fewer other
//! workspaces than the 99; `LIST_REPEATS` for the rounds).

use orderlink::*;
use orderlink_sqlite::SqliteStore;
use std::sync::Arc;
use std::time::Instant;

const PREFIXES: [&str; 50] = [
    "Harbour",
    "Corner",
    "Pier",
    "Main Street",
    "Old Town",
    "Riverside",
    "Hilltop",
    "Station",
    "Market",
    "Village",
    "Northside",
    "Southbank",
    "Eastgate",
    "Westend",
    "Bayview",
    "Parkside",
    "Lakeside",
    "Seaside",
    "Garden",
    "Union",
    "Royal",
    "Golden",
    "Silver",
    "Blue",
    "Green",
    "Red Door",
    "Little",
    "Grand",
    "Central",
    "City",
    "Country",
    "Coastal",
    "Mountain",
    "Valley",
    "Forest",
    "Meadow",
    "Sunset",
    "Sunrise",
    "Ocean",
    "Island",
    "Bridge",
    "Castle",
    "Mill",
    "Orchard",
    "Vineyard",
    "Quarry",
    "Chapel",
    "Academy",
    "Élan",
    "Café Crème",
];
const KINDS: [&str; 20] = [
    "Deli",
    "Bakery",
    "Cafe",
    "Bistro",
    "Grocer",
    "Butcher",
    "Pantry",
    "Kitchen",
    "Diner",
    "Tavern",
    "Brewery",
    "Creamery",
    "Roastery",
    "Patisserie",
    "Fishmonger",
    "Larder",
    "Canteen",
    "Eatery",
    "Trattoria",
    "Smokehouse",
];

/// Customer `i`'s CSV row: 1 in 20 is a deli, 1 in 1,000 a "Harbour Deli"; one in ten inactive.
fn row(i: usize) -> String {
    let (prefix, kind) = (PREFIXES[i % PREFIXES.len()], KINDS[(i / PREFIXES.len()) % KINDS.len()]);
    let active = if i % 10 == 9 { "No" } else { "Yes" };
    format!(
        "{prefix} {kind} {i},C-{i},orders{i}@{}.example,+61 2 {:04} {:04},Contact {},{active}\n",
        kind.to_lowercase(),
        i / 10_000,
        i % 10_000,
        i % 997
    )
}

/// Adds customers `from..to` to `ws` by imports of 10,000 rows (one transaction each).
fn grow(ws: &Workspace, from: usize, to: usize) {
    let mut at = from;
    while at < to {
        let end = (at + 10_000).min(to);
        let mut csv = String::from("Customer Name,Customer Code,Email Address,Phone Number,Contact Person,Active\n");
        for i in at..end {
            csv.push_str(&row(i));
        }
        let preview = ws.preview_import(csv.as_bytes(), Some(ImportFormat::Csv), None).expect("preview");
        assert_eq!(preview.report.rejected.len(), 0, "every row is valid");
        ws.confirm_import(&preview).expect("confirm");
        at = end;
    }
}

/// The pages measured: a search (common and rare) and the name order, at page 1 and 1,000.
fn queries() -> Vec<(&'static str, CustomerQuery)> {
    let page = |search: Option<&str>, offset| CustomerQuery {
        search: search.map(str::to_owned),
        offset,
        limit: 50,
        ..Default::default()
    };
    vec![
        ("search 'deli' (5%), page 1", page(Some("deli"), 0)),
        // W4: the same page, its total counted only up to 1,000.
        (
            "search 'deli' (5%), page 1, count_limit 1000",
            CustomerQuery { count_limit: Some(1000), ..page(Some("deli"), 0) },
        ),
        ("search 'harbour deli' (0.1%), page 1", page(Some("harbour deli"), 0)),
        ("no search, by name, page 1", page(None, 0)),
        ("no search, by name, page 1,000", page(None, 49_950)),
    ]
}

/// The median and the fastest of `wall` (ms).
fn summary(mut wall: Vec<f64>) -> (f64, f64) {
    wall.sort_by(f64::total_cmp);
    (wall[wall.len() / 2], wall[0])
}

fn report(label: &str, figures: &[(f64, f64, usize)]) {
    for ((name, _), (p50, min, total)) in queries().iter().zip(figures) {
        println!("| {label} | {name} | {total} | {p50:.2} | {min:.2} |");
    }
}

/// Workspaces of 1,000, 10,000 and 100,000 customers in the store at `path`, with `others`
/// workspaces of 10,000 beside them.
fn build(path: &std::path::Path, others: usize) -> Vec<Workspace> {
    let env = || Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    let platform = Platform::new(Arc::new(SqliteStore::open(path).expect("file")), env());
    let t = Instant::now();
    let sized: Vec<Workspace> = [1_000, 10_000, 100_000]
        .iter()
        .map(|&size| {
            let ws = platform.create_workspace(NewWorkspace::named(format!("Size {size}"))).expect("workspace");
            grow(&ws, 0, size);
            ws
        })
        .collect();
    for n in 0..others {
        let ws = platform.create_workspace(NewWorkspace::named(format!("Other {n}"))).expect("other");
        grow(&ws, 0, 10_000);
    }
    eprintln!("built {} with {others} other workspaces in {:.1} s", path.display(), t.elapsed().as_secs_f64());
    sized
}

fn main() {
    let others: usize = std::env::var("LIST_OTHERS").ok().and_then(|v| v.parse().ok()).unwrap_or(99);
    let repeats: usize = std::env::var("LIST_REPEATS").ok().and_then(|v| v.parse().ok()).unwrap_or(31);
    let dir = tempfile::tempdir().expect("dir");
    // LIST_FILE: build the file with the other workspaces there and keep it (to look at query
    // plans), else in a tempdir.
    let crowded = std::env::var_os("LIST_FILE").map(std::path::PathBuf::from).unwrap_or(dir.path().join("crowded.db"));
    let files = [("alone", build(&dir.path().join("alone.db"), 0)), ("beside others", build(&crowded, others))];
    let sizes = [1_000, 10_000, 100_000];
    let queries = queries();
    // wall[file][size][query]: one call each per round, every file, size and query in turn.
    let mut wall = vec![vec![vec![Vec::with_capacity(repeats); queries.len()]; sizes.len()]; files.len()];
    let mut totals = vec![0; queries.len() * sizes.len()];
    for round in 0..repeats + 3 {
        for (f, (_, workspaces)) in files.iter().enumerate() {
            for (k, ws) in workspaces.iter().enumerate() {
                for (q, (_, query)) in queries.iter().enumerate() {
                    let t = Instant::now();
                    let page = ws.list_customers(query).expect("list");
                    let ms = t.elapsed().as_secs_f64() * 1e3;
                    totals[k * queries.len() + q] = page.total;
                    if round >= 3 {
                        wall[f][k][q].push(ms);
                    }
                }
            }
        }
    }
    println!("| workspace (file) | page | matching | p50 ms | fastest ms |");
    println!("|---|---|---:|---:|---:|");
    let mut figures = vec![vec![Vec::new(); sizes.len()]; files.len()];
    for (f, (label, _)) in files.iter().enumerate() {
        for (k, size) in sizes.iter().enumerate() {
            figures[f][k] = (0..queries.len())
                .map(|q| {
                    let (p50, min) = summary(std::mem::take(&mut wall[f][k][q]));
                    (p50, min, totals[k * queries.len() + q])
                })
                .collect::<Vec<_>>();
            report(
                &format!("{size} ({label}{})", if f == 1 { format!(", {others} × 10000") } else { String::new() }),
                &figures[f][k],
            );
        }
    }
    for (q, (name, _)) in queries.iter().enumerate() {
        let (a10, a100, b100) = (figures[0][1][q], figures[0][2][q], figures[1][2][q]);
        println!(
            "{name}: 10k → 100k alone {:.2}x (p50), {:.2}x (fastest); 100k beside others / alone = {:.2} (p50), {:.2} (fastest)",
            a100.0 / a10.0,
            a100.1 / a10.1,
            b100.0 / a100.0,
            b100.1 / a100.1
        );
    }
}
