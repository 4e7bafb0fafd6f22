//! Scan files as scanners leave them: whole ones accepted with their page counts, broken ones
//! refused with a reason; the store keeps each content once; the case file embeds JPEGs as they
//! are and bookmarks each material.

use std::path::{Path, PathBuf};
use std::process::Command;

use onewindow_scans::samples::*;
use onewindow_scans::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn whole_files_are_recognised_with_their_pages() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>, MediaType, u32); 5] = [
        ("a.jpg", jpeg_bytes(120, 80, 1), MediaType::Jpeg, 1),
        ("b.png", png_bytes(64, 64, true), MediaType::Png, 1),
        ("c.tif", tiff_bytes(40, 30, 3), MediaType::Tiff, 3),
        ("d.pdf", pdf_bytes(4), MediaType::Pdf, 4),
        // The name does not matter: a JPEG called .pdf is a JPEG.
        ("身份证 正面.pdf", jpeg_bytes(50, 50, 2), MediaType::Jpeg, 1),
    ];
    for (name, bytes, media_type, pages) in cases {
        let got = inspect(&write(dir.path(), name, &bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((got.media_type, got.pages, got.bytes), (media_type, pages, bytes.len() as u64), "{name}");
    }
}

#[test]
fn broken_and_foreign_files_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let jpeg = jpeg_bytes(120, 80, 1);
    let png = png_bytes(64, 64, false);
    let tiff = tiff_bytes(100, 100, 1);
    let pdf = pdf_bytes(2);
    let cases: [(&str, Vec<u8>, &str); 8] = [
        ("empty.jpg", vec![], "empty"),
        ("half.jpg", jpeg[..jpeg.len() / 2].to_vec(), "truncated"),
        ("half.png", png[..png.len() - 20].to_vec(), "truncated"),
        ("half.tif", tiff[..tiff.len() - 5000].to_vec(), "corrupt"),
        ("half.pdf", pdf[..pdf.len() - 40].to_vec(), "truncated"),
        ("notes.txt", "申请人说明".as_bytes().to_vec(), "unsupported_type"),
        ("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00".to_vec(), "unsupported_type"),
        ("script.sh", b"#!/bin/sh\nrm -rf /\n".to_vec(), "unsupported_type"),
    ];
    for (name, bytes, code) in cases {
        let err = inspect(&write(dir.path(), name, &bytes)).expect_err(name);
        assert_eq!(err.code, code, "{name}: {}", err.reason);
        assert!(!err.reason.is_empty());
    }
}

#[test]
fn the_store_keeps_each_content_once_and_quarantines_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = ContentStore::open(dir.path().join("scans")).unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let bytes = jpeg_bytes(200, 100, 7);
    let a = store.put(&write(&inbox, "a.jpg", &bytes), MediaType::Jpeg).unwrap();
    let b = store.put(&write(&inbox, "copy of a.jpg", &bytes), MediaType::Jpeg).unwrap();
    assert_eq!(a, b);
    assert_eq!(std::fs::read(&a.path).unwrap(), bytes);
    assert_eq!(a.sha256, ContentStore::hash(&inbox.join("a.jpg")).unwrap());
    assert_eq!(std::fs::read_dir(store.root().join("tmp")).unwrap().count(), 0, "no temporary files left");
    let thumb = store.make_thumbnail(&a.sha256, MediaType::Jpeg).unwrap();
    assert!(image::image_dimensions(&thumb).unwrap().0 <= 240);
    let bad = write(&inbox, "坏 文件.txt", b"hello");
    let moved = store.quarantine(&bad, "unsupported_type", "不支持的文件类型", "20261128-120000").unwrap();
    assert!(!bad.exists() && moved.exists());
    let reason = std::fs::read_to_string(
        moved.with_file_name(format!("{}.reason.txt", moved.file_name().unwrap().to_string_lossy())),
    )
    .unwrap();
    assert!(reason.contains("不支持的文件类型") && reason.contains("坏 文件.txt"));
}

fn outline_titles(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let outlines = doc.get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap()).unwrap();
    let mut item = outlines.get(b"First").unwrap().as_reference().ok();
    let mut titles = Vec::new();
    while let Some(id) = item {
        let dict = doc.get_dictionary(id).unwrap();
        let raw = dict.get(b"Title").unwrap().as_str().unwrap();
        titles.push(
            lopdf::decode_text_string(dict.get(b"Title").unwrap())
                .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned()),
        );
        item = dict.get(b"Next").ok().and_then(|n| n.as_reference().ok());
    }
    titles
}

fn pdf_pages(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf).unwrap().get_pages().len()
}

#[test]
fn the_case_file_binds_every_material_with_a_bookmark_each() {
    let jpeg = jpeg_bytes(300, 400, 3);
    let part = |media_type, data: Vec<u8>, rotation| CaseFilePart { media_type, name: "scan".into(), data, rotation };
    let sections = vec![
        CaseFileSection {
            title: "居民身份证".into(),
            parts: vec![part(MediaType::Jpeg, jpeg.clone(), 0), part(MediaType::Jpeg, jpeg_bytes(400, 300, 9), 90)],
        },
        CaseFileSection {
            title: "营业执照".into(),
            parts: vec![
                part(MediaType::Png, png_bytes(64, 48, true), 0),
                part(MediaType::Png, png_bytes(32, 32, false), 180),
            ],
        },
        CaseFileSection {
            title: "经营场所使用证明".into(),
            parts: vec![part(MediaType::Tiff, tiff_bytes(50, 40, 3), 0)],
        },
        CaseFileSection {
            title: "𠮷·申请书".into(),
            parts: vec![CaseFilePart {
                media_type: MediaType::Pdf,
                name: "申请书.pdf".into(),
                data: pdf_bytes(2),
                rotation: 0,
            }],
        },
    ];
    let pdf = case_file("办件 4407000002026112800001", &sections).unwrap();
    assert_eq!(pdf_pages(&pdf), 2 + 2 + 3 + 1);
    assert_eq!(outline_titles(&pdf), vec!["居民身份证", "营业执照", "经营场所使用证明", "𠮷·申请书"]);
    // The JPEG is in the file byte for byte: embedded, not re-encoded.
    assert!(pdf.windows(jpeg.len()).any(|w| w == jpeg.as_slice()), "JPEG re-encoded");
    // poppler reads it all without complaint.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "case.pdf", &pdf);
    let out = Command::new("pdfinfo").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let attachments = Command::new("pdfdetach").arg("-list").arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&attachments.stdout).contains("申请书.pdf"));
    assert!(case_file("empty", &[]).is_err());
}

#[test]
fn png_pages_stay_lossless() {
    // A grey PNG is copied in with its own compression; rendering the page back gives the pixels.
    let png = png_bytes(64, 48, true);
    let sections = vec![CaseFileSection {
        title: "材料".into(),
        parts: vec![CaseFilePart { media_type: MediaType::Png, name: "p.png".into(), data: png.clone(), rotation: 0 }],
    }];
    let pdf = case_file("t", &sections).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let idat_found = doc.objects.values().any(|o| match o {
        lopdf::Object::Stream(s) => {
            s.dict.get(b"Subtype").ok().and_then(|v| v.as_name().ok()) == Some(b"Image".as_slice())
                && s.dict.get(b"DecodeParms").is_ok()
        }
        _ => false,
    });
    assert!(idat_found, "the PNG data was not copied with its predictor");
}

/// SANE's `test` device, enabled through a private configuration folder (the stock one has it
/// commented out), scans straight into an inbox.
#[test]
fn the_sane_test_device_scans_into_the_inbox() {
    let config = tempfile::tempdir().unwrap();
    std::fs::write(config.path().join("dll.conf"), "test\n").unwrap();
    std::fs::copy("/etc/sane.d/test.conf", config.path().join("test.conf"))
        .expect("sane-utils installs /etc/sane.d/test.conf");
    // The only test in this binary that runs scanimage.
    std::env::set_var("SANE_CONFIG_DIR", config.path());
    let devices = onewindow_scans::sane::devices().unwrap();
    assert!(devices.iter().any(|d| d.name == "test:0"), "{devices:?}");
    let inbox = tempfile::tempdir().unwrap();
    let settings = onewindow_scans::sane::SaneSettings {
        device: "test:0".into(),
        resolution: 75,
        mode: "Gray".into(),
        duplex: false,
        pages: Some(2),
    };
    let files = onewindow_scans::sane::acquire(&settings, inbox.path(), "20261128-1200").unwrap();
    assert_eq!(files.len(), 2);
    for f in &files {
        let got = inspect(f).unwrap();
        assert_eq!(got.media_type, MediaType::Jpeg);
        assert!(f.file_name().unwrap().to_string_lossy().starts_with("扫描 20261128-1200"));
    }
    // Nothing half-written is left for the watcher: only the pages, no work folder.
    assert_eq!(std::fs::read_dir(inbox.path()).unwrap().count(), 2);
    let bad = onewindow_scans::sane::SaneSettings { resolution: 5000, ..settings.clone() };
    assert!(onewindow_scans::sane::acquire(&bad, inbox.path(), "x").is_err());
    let color = onewindow_scans::sane::SaneSettings { mode: "Color".into(), pages: None, ..settings };
    assert_eq!(onewindow_scans::sane::acquire(&color, inbox.path(), "20261128-1201").unwrap().len(), 1);
}
