//! Data shipped with the app (embedded), and the admin's `.toml` files in a folder of the data
//! directory that replace or extend it: read in name order, a file with a problem reported and
//! skipped, never guessed at.

use std::path::Path;

use include_dir::Dir;
use onewindow_formats::FileError;

type Parse<'a, T> = &'a dyn Fn(&str, &str) -> Result<T, Vec<FileError>>;

/// Every shipped file of `dir`, parsed; a shipped file that does not parse is a bug of the build.
pub(crate) fn shipped<T>(dir: &Dir<'_>, parse: Parse<'_, T>) -> Vec<T> {
    dir.files()
        .filter_map(|f| {
            let name = f.path().to_string_lossy();
            let text = f.contents_utf8()?;
            Some(parse(&name, text).unwrap_or_else(|e| panic!("shipped file {name} is valid: {e:?}")))
        })
        .collect()
}

/// The admin's files in `<data_dir>/<folder>/`, parsed, and the problems of those that are not.
pub(crate) fn admin_files<T>(data_dir: Option<&Path>, folder: &str, parse: Parse<'_, T>) -> (Vec<T>, Vec<FileError>) {
    let (mut parsed, mut problems) = (Vec::new(), Vec::new());
    let Some(dir) = data_dir.map(|d| d.join(folder)).filter(|d| d.is_dir()) else {
        return (parsed, problems);
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.display().to_string();
        let result = std::fs::read_to_string(&path)
            .map_err(|e| {
                vec![FileError {
                    file: name.clone(),
                    line: None,
                    field: String::new(),
                    code: "unreadable",
                    message: format!("无法读取：{e}"),
                }]
            })
            .and_then(|text| parse(&name, &text));
        match result {
            Ok(value) => parsed.push(value),
            Err(errors) => problems.extend(errors),
        }
    }
    (parsed, problems)
}
