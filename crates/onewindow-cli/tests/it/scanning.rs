//! The scan inbox under load and under crashes, through the real `onewindow scan ingest`.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use onewindow_scans::samples::*;
use serde_json::Value;

use crate::{onewindow, seeded_db};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_onewindow"))
}

fn sha(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x");
    std::fs::write(&p, bytes).unwrap();
    onewindow_scans::ContentStore::hash(&p).unwrap()
}

/// Writes `bytes` to `path` in `chunks` pieces over `over`, as a slow scanner does.
fn slow_write(path: PathBuf, bytes: Vec<u8>, chunks: usize, over: Duration) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut f = std::fs::File::create(&path).unwrap();
        let step = bytes.len().div_ceil(chunks);
        for piece in bytes.chunks(step) {
            f.write_all(piece).unwrap();
            f.flush().unwrap();
            std::thread::sleep(over / chunks as u32);
        }
    })
}

fn watch(db: &str, inbox: &Path) -> (Child, std::sync::mpsc::Receiver<Value>) {
    let mut child = bin()
        .args(["--db", db, "scan", "ingest", "--inbox", inbox.to_str().unwrap(), "--settle-ms", "400"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(v) = serde_json::from_str(&line) {
                let _ = tx.send(v);
            }
        }
    });
    (child, rx)
}

fn scans_in_db(db: &str) -> Vec<String> {
    let out = onewindow(&["--db", db, "scan", "list"]);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["sha256"].as_str().unwrap().to_string())
        .collect()
}

fn objects_on_disk(data: &Path) -> usize {
    let objects = data.join("scans/objects");
    std::fs::read_dir(objects)
        .map(|d| d.flatten().map(|e| std::fs::read_dir(e.path()).unwrap().count()).sum())
        .unwrap_or(0)
}

#[test]
fn a_thousand_files_each_end_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let inbox = dir.path().join("收件 箱");
    std::fs::create_dir(&inbox).unwrap();
    let staging = dir.path().join("staging");
    std::fs::create_dir(&staging).unwrap();
    let (mut child, rx) = watch(&db, &inbox);

    // Per file: "quarantined", or the SHA-256 of its content (of the files sharing a content,
    // exactly one is stored and the others are duplicates, whichever comes first).
    let mut expected: HashMap<String, String> = HashMap::new();
    let mut valid_contents = HashSet::new();
    let mut writers = Vec::new();
    let mut total = 0;
    let put = |name: String, bytes: Vec<u8>, quarantined: bool, expected: &mut HashMap<String, String>| {
        let key = if quarantined { "quarantined".to_string() } else { sha(&bytes) };
        std::fs::write(inbox.join(&name), bytes).unwrap();
        expected.insert(name, key);
    };
    // 900 distinct small scans, in JPEG, PNG, TIFF and PDF, with Chinese names and spaces.
    for i in 0..900u32 {
        let (name, bytes) = match i % 4 {
            0 => (format!("身份证 {i}.jpg"), jpeg_bytes(40 + i % 13, 30, i as u8)),
            1 => (format!("户口簿 第{i}页.png"), png_bytes(20 + i % 17, 20, i % 2 == 0)),
            2 => (format!("scan {i}.tif"), tiff_bytes(10 + i % 7, 8 + i % 5, 1 + i % 3)),
            _ => (format!("申请表{i}.pdf"), pdf_bytes(1 + (i as usize % 3))),
        };
        // PDFs of the same page count are the same content: all but one are duplicates.
        valid_contents.insert(sha(&bytes));
        put(name, bytes, false, &mut expected);
        total += 1;
    }
    // The same paper scanned twice.
    for i in 0..20u32 {
        put(format!("重复扫描 {i}.jpg"), jpeg_bytes(40 + (i * 4) % 13, 30, (i * 4) as u8), false, &mut expected);
        total += 1;
    }
    // Broken and foreign files.
    let jpeg = jpeg_bytes(200, 150, 77);
    let pdf = pdf_bytes(3);
    for i in 0..10 {
        put(format!("empty {i}.pdf"), vec![], true, &mut expected);
        put(format!("truncated {i}.jpg"), jpeg[..jpeg.len() / 2 + i].to_vec(), true, &mut expected);
        put(format!("truncated {i}.pdf"), pdf[..pdf.len() - 30 - i].to_vec(), true, &mut expected);
        put(format!("说明 {i}.txt"), "材料清单说明".as_bytes().to_vec(), true, &mut expected);
        put(format!("setup{i}.exe"), b"MZ\x90\x00\x03\x00\x00\x00\x04\x00".to_vec(), true, &mut expected);
        total += 5;
    }
    // Renamed into place (a scanner writing under a temp name), and moved in from elsewhere.
    for i in 0..15u32 {
        let bytes = jpeg_bytes(64, 48, (200 + i) as u8);
        valid_contents.insert(sha(&bytes));
        expected.insert(format!("renamed {i}.jpg"), sha(&bytes));
        let tmp = inbox.join(format!(".scan{i}.part"));
        std::fs::write(&tmp, &bytes).unwrap();
        std::fs::rename(&tmp, inbox.join(format!("renamed {i}.jpg"))).unwrap();
        let outside = staging.join(format!("moved {i}.png"));
        let png = png_bytes(33, 21 + i, true);
        valid_contents.insert(sha(&png));
        expected.insert(format!("moved {i}.png"), sha(&png));
        std::fs::write(&outside, &png).unwrap();
        std::fs::rename(&outside, inbox.join(format!("moved {i}.png"))).unwrap();
        total += 2;
    }
    // Slow writers: 18 files written in 8 chunks over 2 seconds, concurrently.
    for i in 0..18u32 {
        let bytes = tiff_bytes(60 + i, 40, 2);
        valid_contents.insert(sha(&bytes));
        let name = format!("slow scan {i}.tif");
        expected.insert(name.clone(), sha(&bytes));
        writers.push(slow_write(inbox.join(&name), bytes, 8, Duration::from_secs(2)));
        total += 1;
    }
    // One 200 MB TIFF.
    let big = tiff_bytes(14_000, 15_000, 1);
    assert!(big.len() > 200_000_000);
    valid_contents.insert(sha(&big));
    expected.insert("大幅面 200MB.tif".into(), sha(&big));
    std::fs::write(inbox.join("大幅面 200MB.tif"), &big).unwrap();
    drop(big);
    total += 1;
    for w in writers {
        w.join().unwrap();
    }
    assert_eq!(expected.len(), total);

    let mut seen: HashMap<String, String> = HashMap::new();
    let until = Instant::now() + Duration::from_secs(300);
    while seen.len() < total {
        let left = until.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(left).unwrap_or_else(|_| panic!("only {} of {total} files reported", seen.len()));
        let file = Path::new(line["file"].as_str().unwrap()).file_name().unwrap().to_string_lossy().into_owned();
        let outcome = line["outcome"].as_str().unwrap().to_string();
        assert!(seen.insert(file.clone(), outcome).is_none(), "{file} reported twice");
    }
    // Nothing more arrives.
    assert!(rx.recv_timeout(Duration::from_secs(2)).is_err(), "a file was reported twice");
    child.kill().unwrap();
    let _ = child.wait();

    let mut stored_per_content: HashMap<&str, usize> = HashMap::new();
    for (name, key) in &expected {
        let outcome = seen.get(name).map(String::as_str).unwrap_or_else(|| panic!("{name} not reported"));
        if key == "quarantined" {
            assert_eq!(outcome, "quarantined", "{name}");
        } else {
            assert!(outcome == "stored" || outcome == "duplicate", "{name}: {outcome}");
            *stored_per_content.entry(key.as_str()).or_default() += usize::from(outcome == "stored");
        }
    }
    assert!(stored_per_content.values().all(|n| *n == 1), "each content stored exactly once");
    let count = |o: &str| seen.values().filter(|v| *v == o).count();
    assert_eq!(count("stored") + count("duplicate") + count("quarantined"), total);
    assert_eq!(count("stored"), valid_contents.len());
    let in_db: HashSet<String> = scans_in_db(&db).into_iter().collect();
    assert_eq!(in_db, valid_contents);
    assert_eq!(objects_on_disk(dir.path()), valid_contents.len());
    assert_eq!(std::fs::read_dir(&inbox).unwrap().count(), 0, "the inbox is empty");
    let quarantined = std::fs::read_dir(dir.path().join("scans/quarantine")).unwrap().count();
    assert_eq!(quarantined, 2 * count("quarantined"), "each quarantined file has its reason file");
}

#[test]
fn killing_the_ingest_at_random_loses_nothing_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let mut contents = HashSet::new();
    for i in 0..240u32 {
        let bytes = if i % 2 == 0 { jpeg_bytes(300 + i, 200, i as u8) } else { tiff_bytes(400 + i, 300, 1 + i % 2) };
        contents.insert(sha(&bytes));
        std::fs::write(inbox.join(format!("page {i}.{}", if i % 2 == 0 { "jpg" } else { "tif" })), bytes).unwrap();
    }
    let mut seed: u64 = 0x0750_4407;
    for _ in 0..8 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let after = Duration::from_millis(300 + (seed >> 33) % 900);
        let (mut child, _rx) = watch(&db, &inbox);
        std::thread::sleep(after);
        // kill -9: no chance to tidy up.
        child.kill().unwrap();
        let _ = child.wait();
    }
    let once =
        onewindow(&["--db", &db, "scan", "ingest", "--inbox", inbox.to_str().unwrap(), "--once", "--settle-ms", "200"]);
    assert!(once.status.success());
    assert_eq!(std::fs::read_dir(&inbox).unwrap().count(), 0, "everything left the inbox");
    let in_db = scans_in_db(&db);
    assert_eq!(in_db.len(), contents.len(), "each content recorded once");
    assert_eq!(in_db.into_iter().collect::<HashSet<_>>(), contents);
    assert_eq!(objects_on_disk(dir.path()), contents.len(), "each content stored once");
    // Every stored object is whole.
    for entry in std::fs::read_dir(dir.path().join("scans/objects")).unwrap().flatten() {
        for object in std::fs::read_dir(entry.path()).unwrap().flatten() {
            let name = object.file_name().to_string_lossy().into_owned();
            let hash = onewindow_scans::ContentStore::hash(&object.path()).unwrap();
            assert!(name.starts_with(&hash), "{name} is not whole");
        }
    }
}

#[test]
fn case_file_binds_assigned_scans() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    std::fs::write(inbox.join("a.jpg"), jpeg_bytes(300, 400, 1)).unwrap();
    std::fs::write(inbox.join("b.tif"), tiff_bytes(50, 70, 2)).unwrap();
    let out =
        onewindow(&["--db", &db, "scan", "ingest", "--inbox", inbox.to_str().unwrap(), "--once", "--settle-ms", "100"]);
    let shas: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["sha256"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(shas.len(), 2);
    let number = String::from_utf8(onewindow(&["--db", &db, "catalog", "search", "gtgsh"]).stdout).unwrap();
    assert!(!number.is_empty());
    // Any accepted case of the demo will do.
    let case = crate::first_case_in_state(&db, "accepted");
    for (sha, material) in shas.iter().zip(["M02", "M01"]) {
        let assigned =
            onewindow(&["--db", &db, "scan", "assign", "--case", &case, "--material", material, "--sha256", sha]);
        assert!(assigned.status.success(), "{}", String::from_utf8_lossy(&assigned.stderr));
    }
    let bad = onewindow(&["--db", &db, "scan", "assign", "--case", &case, "--material", "M99", "--sha256", &shas[0]]);
    assert_eq!(bad.status.code(), Some(2));
    let pdf = dir.path().join("case.pdf");
    let made = onewindow(&["--db", &db, "case-file", "--case", &case, "--out", pdf.to_str().unwrap()]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("Pages:           3"),
        "{}",
        String::from_utf8_lossy(&info.stdout)
    );
}

#[test]
fn a_stack_with_cover_sheets_is_filed_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(&dir);
    let case = crate::first_case_in_state(&db, "accepted");
    let covers = dir.path().join("covers.pdf");
    let rendered =
        onewindow(&["--db", &db, "render", "cover-sheet", "--case", &case, "--out", covers.to_str().unwrap()]);
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    // Scan the cover sheets back as a scanner would (150 dpi grey JPEG).
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-r", "150", "-gray", "-jpeg"])
        .arg(&covers)
        .arg(pages.join("cover"))
        .status()
        .unwrap();
    assert!(status.success());
    let mut cover_pages: Vec<PathBuf> = std::fs::read_dir(&pages).unwrap().flatten().map(|e| e.path()).collect();
    cover_pages.sort();
    assert!(cover_pages.len() >= 2, "the item has materials");
    // The stack: cover 1, two pages, cover 2, one page — scanned in one go, named 第N页.
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let stack = [
        std::fs::read(&cover_pages[0]).unwrap(),
        jpeg_bytes(400, 560, 1),
        jpeg_bytes(400, 560, 2),
        std::fs::read(&cover_pages[1]).unwrap(),
        jpeg_bytes(400, 560, 3),
    ];
    // A page scanned before any cover sheet stays in the inbox.
    std::fs::write(inbox.join("扫描 T 第0页.jpg"), jpeg_bytes(300, 300, 9)).unwrap();
    for (i, bytes) in stack.iter().enumerate() {
        std::fs::write(inbox.join(format!("扫描 T 第{}页.jpg", i + 1)), bytes).unwrap();
    }
    let ingested =
        onewindow(&["--db", &db, "scan", "ingest", "--inbox", inbox.to_str().unwrap(), "--once", "--settle-ms", "100"]);
    assert!(ingested.status.success());
    let filed = onewindow(&["--db", &db, "scan", "file-by-covers"]);
    assert!(filed.status.success(), "{}", String::from_utf8_lossy(&filed.stderr));
    let lines: Vec<Value> =
        String::from_utf8(filed.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let summary: Vec<(String, String, bool)> = lines
        .iter()
        .map(|l| {
            (
                l["original_name"].as_str().unwrap().to_string(),
                l["material_code"].as_str().unwrap().to_string(),
                l["cover"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("扫描 T 第1页.jpg".to_string(), "M01".to_string(), true),
            ("扫描 T 第2页.jpg".to_string(), "M01".to_string(), false),
            ("扫描 T 第3页.jpg".to_string(), "M01".to_string(), false),
            ("扫描 T 第4页.jpg".to_string(), "M02".to_string(), true),
            ("扫描 T 第5页.jpg".to_string(), "M02".to_string(), false),
        ]
    );
    assert!(lines.iter().all(|l| l["case_number"] == case.as_str()));
    // Only the page before the first cover sheet is left in the inbox.
    let left = String::from_utf8(onewindow(&["--db", &db, "scan", "list", "--unassigned"]).stdout).unwrap();
    assert_eq!(left.lines().count(), 1);
    assert!(left.contains("第0页"));
}
