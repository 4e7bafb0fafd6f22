//! Side-by-side search timing for `tests/bench/search.sh`: writes the synthetic catalog and the
//! queries as JSON for the frontend-style search to read, then times this crate's search over the
//! same data. Prints one JSON line.

use std::hint::black_box;
use std::time::Instant;

use onewindow_domain::{synthetic, SearchIndex};

fn main() {
    let out = std::env::args().nth(1).expect("usage: search_bench OUT.json");
    let entries = synthetic::entries(5000);
    let items: Vec<_> = entries
        .iter()
        .map(|e| serde_json::json!({ "name": e.name, "keywords": e.keywords, "results": e.results }))
        .collect();
    let data = serde_json::json!({ "items": items, "queries": synthetic::QUERIES });
    std::fs::write(&out, data.to_string()).expect("write the data file");
    let index = SearchIndex::new(entries.clone());
    let rounds = 200;
    let start = Instant::now();
    let mut found = 0;
    for _ in 0..rounds {
        for q in synthetic::QUERIES {
            found += black_box(index.search(q, 20)).len();
        }
    }
    let per_query_us = start.elapsed().as_secs_f64() * 1e6 / (rounds * synthetic::QUERIES.len()) as f64;
    println!(
        "{}",
        serde_json::json!({ "engine": "onewindow (Rust)", "items": 5000, "us_per_query": per_query_us, "hits": found / rounds })
    );
}
