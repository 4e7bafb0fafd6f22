//! The case file of every JPEG in a folder, for `tests/bench/ingest.sh`: `case_file_bench DIR OUT`.

use onewindow_scans::{case_file, CaseFilePart, CaseFileSection, MediaType};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().expect("DIR"));
    let out = args.next().expect("OUT");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let parts = files
        .iter()
        .map(|p| CaseFilePart {
            media_type: MediaType::Jpeg,
            name: p.display().to_string(),
            data: std::fs::read(p).unwrap(),
            rotation: 0,
        })
        .collect();
    let pdf = case_file("benchmark", &[CaseFileSection { title: "材料".into(), parts }]).unwrap();
    std::fs::write(out, pdf).unwrap();
}
