//! Printing through a real CUPS with the cups-pdf virtual printer: the PDF that comes out is read
//! back. Needs root (to add queues) and Debian's cups, printer-driver-cups-pdf and poppler-utils,
//! which `./x test` installs; the scheduler is started here when it is not running.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use onewindow_documents::samples::*;
use onewindow_documents::*;
use onewindow_printing::{load_profiles, print_area, system_fonts, Cups, JobState, PrintError};

fn ensure_cupsd() {
    let running = Command::new("lpstat")
        .arg("-r")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("is running"))
        .unwrap_or(false);
    if !running {
        let status = Command::new("/usr/sbin/cupsd").status().expect("cupsd is installed");
        assert!(status.success());
        let until = Instant::now() + Duration::from_secs(10);
        while Instant::now() < until {
            let out = Command::new("lpstat").arg("-r").output().unwrap();
            if String::from_utf8_lossy(&out.stdout).contains("is running") {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("cupsd did not start");
    }
}

/// A cups-pdf queue of this test's own, removed on drop.
struct Queue(String);

impl Queue {
    fn new(tag: &str) -> Self {
        ensure_cupsd();
        let name = format!("OW-TEST-{tag}-{}", std::process::id());
        let status = Command::new("lpadmin")
            .args(["-p", &name, "-v", "cups-pdf:/", "-E", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"])
            // cups-pdf turns the job into PostScript and back; only the cairo renderer keeps the
            // text of CID fonts extractable, which is what these tests read.
            .args(["-o", "pdftops-renderer-default=pdftocairo"])
            .status()
            .expect("lpadmin");
        assert!(status.success(), "could not add the queue {name}");
        Queue(name)
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        let _ = Command::new("lpadmin").args(["-x", &self.0]).status();
    }
}

fn wait_for(cups: &Cups, queue: &str, job: &str, want: JobState) {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let state = cups.state(queue, job).unwrap();
        if state == want {
            return;
        }
        assert!(Instant::now() < until, "job {job} stayed {state:?}, wanted {want:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The PDF cups-pdf wrote for the job titled `title`.
fn output_of(title: &str) -> Vec<u8> {
    let dirs = [PathBuf::from("/var/spool/cups-pdf/ANONYMOUS"), dirs_home().join("PDF")];
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        for dir in &dirs {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.contains(title) && name.ends_with(".pdf") {
                        // cups-pdf writes the file in place: wait for it to settle.
                        std::thread::sleep(Duration::from_millis(500));
                        return std::fs::read(e.path()).unwrap();
                    }
                }
            }
        }
        assert!(Instant::now() < until, "no cups-pdf output for {title} in {dirs:?}");
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn dirs_home() -> PathBuf {
    PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into()))
}

fn text_of(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext").arg(&path).arg("-").output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn page_size_pts(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfinfo").arg(&path).output().unwrap();
    String::from_utf8(out.stdout).unwrap().lines().find(|l| l.starts_with("Page size")).unwrap_or_default().to_string()
}

#[test]
fn a_receipt_prints_through_cups_and_reads_back() {
    let queue = Queue::new("A4");
    let cups = Cups::default();
    let fonts = system_fonts().unwrap();
    let pdf = render_case_document(DocumentKind::Receipt, &case_info(), PrintArea::A4, &fonts).unwrap().pdf;
    let title = format!("receipt-{}", std::process::id());
    let job = cups.submit(&queue.0, "A4", 1, &title, &pdf).unwrap();
    assert!(job.starts_with(&queue.0), "{job}");
    wait_for(&cups, &queue.0, &job, JobState::Done);
    let text: String = text_of(&output_of(&title)).chars().filter(|c| !c.is_whitespace()).collect();
    // The virtual printer's PostScript round trip keeps the text layer of the Basic Multilingual
    // Plane only: 𠮷 is printed but reads back as another character, so the name is checked
    // without it here (the documents' own tests read 𠮷 from the PDF we send).
    for must in ["受理回执", "祥云", "阿依古丽·买买提", "4407**********123X", "4407000002026112800001"] {
        assert!(text.contains(must), "“{must}” missing from the printed PDF: {text}");
    }
}

#[test]
fn a_label_prints_on_label_media() {
    let queue = Queue::new("LABEL");
    let cups = Cups::default();
    let fonts = system_fonts().unwrap();
    let (profiles, problems) = load_profiles(None);
    assert!(problems.is_empty(), "{problems:?}");
    let profile = profiles.get("label-100x150").unwrap();
    let pdf = render_label(&label_info(), print_area(profile), &fonts).unwrap().pdf;
    let title = format!("label-{}", std::process::id());
    let job = cups.submit(&queue.0, &profile.media, 1, &title, &pdf).unwrap();
    wait_for(&cups, &queue.0, &job, JobState::Done);
    let out = output_of(&title);
    // 100×150 mm is 283.46 × 425.2 points.
    let size = page_size_pts(&out);
    let numbers: Vec<f32> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    assert!(numbers.len() >= 2 && (numbers[0] - 283.46).abs() < 1.0 && (numbers[1] - 425.2).abs() < 1.0, "{size}");
    assert!(text_of(&out).contains("1189243057712"));
}

#[test]
fn a_stopped_queue_holds_the_job_until_released() {
    let queue = Queue::new("HELD");
    let cups = Cups::default();
    assert!(Command::new("cupsdisable").arg(&queue.0).status().unwrap().success());
    assert!(!cups.queue_enabled(&queue.0).unwrap());
    let fonts = system_fonts().unwrap();
    let pdf = render_test_page(&test_page_info("a4-laser", &queue.0), PrintArea::A4, &fonts).unwrap().pdf;
    let title = format!("held-{}", std::process::id());
    let job = cups.submit(&queue.0, "A4", 1, &title, &pdf).unwrap();
    std::thread::sleep(Duration::from_secs(1));
    assert_eq!(cups.state(&queue.0, &job).unwrap(), JobState::Held);
    assert!(Command::new("cupsenable").arg(&queue.0).status().unwrap().success());
    wait_for(&cups, &queue.0, &job, JobState::Done);
    assert!(text_of(&output_of(&title)).contains("打印测试页"));
}

#[test]
fn failures_are_named_not_swallowed() {
    ensure_cupsd();
    let cups = Cups::default();
    let missing = cups.submit("OW-NO-SUCH-QUEUE", "A4", 1, "x", b"%PDF-1.7\n").unwrap_err();
    assert_eq!(missing, PrintError::NoSuchQueue("OW-NO-SUCH-QUEUE".into()));
    let down = Cups { server: Some("127.0.0.1:9".into()) };
    assert_eq!(down.submit("OW-A4", "A4", 1, "x", b"%PDF-1.7\n").unwrap_err(), PrintError::CupsUnavailable);
    assert!(down.submit("OW-A4", "A4", 1, "x", b"%PDF-1.7\n").unwrap_err().to_string().contains("未送出"));
}

#[test]
fn the_shipped_profiles_load() {
    let (profiles, problems) = load_profiles(None);
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<_> = profiles.profiles.iter().map(|p| p.name.as_str()).collect();
    for name in ["a4-laser", "thermal-80", "label-100x150", "label-76x130"] {
        assert!(names.contains(&name), "{names:?}");
    }
    for kind in DocumentKind::ALL {
        assert!(profiles.default_for(kind).is_some(), "{kind:?} has no profile");
    }
}
