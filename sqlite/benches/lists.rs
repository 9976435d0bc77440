//! W4 (issue 15): a page of customers from one workspace of a SQLite file at 1,000 / 10,000 /
//! 100,000 customers, then the same pages once the file also holds other workspaces of 10,000
//! customers each. Each figure is the median and the fastest of repeated calls of
//! `Workspace::list_customers`, in milliseconds.
//!
//! Run: `cargo bench -p orderlink-sqlite --bench lists` (`LIST_OTHERS=9` for fewer other
//! workspaces than the 99; `LIST_REPEATS` for the calls per figure).

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

/// Per page: the median and the fastest wall time (ms), and the number matching. On a shared
/// machine the median includes waiting for a core; the fastest call is closest to what the
/// page itself costs.
fn measure(ws: &Workspace, repeats: usize) -> Vec<(f64, f64, usize)> {
    queries()
        .iter()
        .map(|(_, q)| {
            let mut wall = Vec::with_capacity(repeats);
            let mut total = 0;
            for i in 0..repeats + 3 {
                let t = Instant::now();
                let page = ws.list_customers(q).expect("list");
                let ms = t.elapsed().as_secs_f64() * 1e3;
                total = page.total;
                if i >= 3 {
                    wall.push(ms);
                }
            }
            wall.sort_by(f64::total_cmp);
            (wall[wall.len() / 2], wall[0], total)
        })
        .collect()
}

fn report(label: &str, figures: &[(f64, f64, usize)]) {
    for ((name, _), (p50, min, total)) in queries().iter().zip(figures) {
        println!("| {label} | {name} | {total} | {p50:.2} | {min:.2} |");
    }
}

fn main() {
    let others: usize = std::env::var("LIST_OTHERS").ok().and_then(|v| v.parse().ok()).unwrap_or(99);
    let repeats: usize = std::env::var("LIST_REPEATS").ok().and_then(|v| v.parse().ok()).unwrap_or(31);
    let dir = tempfile::tempdir().expect("dir");
    // LIST_FILE: build the file there and keep it (to look at query plans), else in a tempdir.
    let path = std::env::var_os("LIST_FILE").map(std::path::PathBuf::from).unwrap_or(dir.path().join("lists.db"));
    let env = || Env::new(Arc::new(SystemClock), Arc::new(SeededRandom::new(1)));
    let platform = Platform::new(Arc::new(SqliteStore::open(&path).expect("file")), env());
    let big = platform.create_workspace(NewWorkspace::named("Big")).expect("workspace");
    println!("| workspace (file) | page | matching | p50 ms | fastest ms |");
    println!("|---|---|---:|---:|---:|");
    let mut had = 0;
    let mut alone = Vec::new();
    for size in [1_000, 10_000, 100_000] {
        let t = Instant::now();
        grow(&big, had, size);
        had = size;
        eprintln!("built {size} customers in {:.1} s", t.elapsed().as_secs_f64());
        alone = measure(&big, repeats);
        report(&format!("{size} (alone)"), &alone);
    }
    let t = Instant::now();
    for n in 0..others {
        let ws = platform.create_workspace(NewWorkspace::named(format!("Other {n}"))).expect("other");
        grow(&ws, 0, 10_000);
    }
    eprintln!("built {others} other workspaces in {:.1} s", t.elapsed().as_secs_f64());
    let beside = measure(&big, repeats);
    report(&format!("100000 (+{others} × 10000)"), &beside);
    for (((name, _), a), b) in queries().iter().zip(&alone).zip(&beside) {
        println!("{name}: beside others / alone = {:.2} (p50), {:.2} (fastest)", b.0 / a.0, b.1 / a.1);
    }
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("file: {:.0} MB", bytes as f64 / 1e6);
}
