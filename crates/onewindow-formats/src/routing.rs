//! A carrier's routing table: the sorting code (大头笔) and package centre (集包地) a label carries
//! for a destination. One TOML file per carrier; the admin replaces it when the carrier's table
//! changes. The first route whose `match` appears in the destination's address wins, so the file
//! lists towns before their district.
//!
//! ```toml
//! carrier = "中国邮政 EMS"
//! fallback = { sorting_code = "广东-省内 Z99", package_centre = "广州中心" }
//!
//! [[routes]]
//! match = "会城"
//! sorting_code = "江门-新会 C08"
//! package_centre = "江门中心"
//! ```

use onewindow_domain::courier::{Route, RoutingTable};
use serde::Deserialize;
use toml::Spanned;

use crate::{line_of, syntax_error, FileError};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RoutingFile {
    carrier: String,
    fallback: RouteEntry,
    #[serde(default)]
    routes: Vec<MatchEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RouteEntry {
    sorting_code: String,
    package_centre: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MatchEntry {
    #[serde(rename = "match")]
    pattern: Spanned<String>,
    sorting_code: String,
    package_centre: String,
}

pub fn parse_routing(file: &str, text: &str) -> Result<RoutingTable, Vec<FileError>> {
    let parsed: RoutingFile = toml::from_str(text).map_err(|e| vec![syntax_error(file, text, e)])?;
    let mut errors = Vec::new();
    let problem = |at: usize, field: String, message: String| FileError {
        file: file.to_string(),
        line: Some(line_of(text, at)),
        field,
        code: "invalid_route",
        message,
    };
    if parsed.carrier.trim().is_empty() {
        errors.push(FileError {
            file: file.to_string(),
            line: None,
            field: "carrier".into(),
            code: "invalid_route",
            message: "承运商名称不能为空".into(),
        });
    }
    let mut routes = Vec::with_capacity(parsed.routes.len());
    for (i, r) in parsed.routes.iter().enumerate() {
        let at = r.pattern.span().start;
        let pattern = r.pattern.get_ref().trim();
        if pattern.is_empty() {
            errors.push(problem(at, format!("routes[{i}].match"), "匹配地名不能为空".into()));
        } else if routes.iter().any(|(p, _): &(String, Route)| p == pattern) {
            errors.push(problem(at, format!("routes[{i}].match"), format!("地名“{pattern}”重复出现")));
        }
        if r.sorting_code.trim().is_empty() {
            errors.push(problem(at, format!("routes[{i}].sorting_code"), "大头笔不能为空".into()));
        }
        routes.push((
            pattern.to_string(),
            Route { sorting_code: r.sorting_code.trim().into(), package_centre: r.package_centre.trim().into() },
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RoutingTable {
        carrier: parsed.carrier.trim().to_string(),
        routes,
        fallback: Route {
            sorting_code: parsed.fallback.sorting_code.trim().into(),
            package_centre: parsed.fallback.package_centre.trim().into(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
carrier = "中国邮政 EMS"
fallback = { sorting_code = "广东-省内 Z99", package_centre = "广州中心" }

[[routes]]
match = "会城"
sorting_code = "江门-新会 C08"
package_centre = "江门中心"

[[routes]]
match = "新会"
sorting_code = "江门-新会 C01"
package_centre = "江门中心"
"#;

    #[test]
    fn the_first_matching_route_wins_and_the_rest_fall_back() {
        let table = parse_routing("ems.toml", FILE).unwrap();
        assert_eq!(table.route("江门市新会区会城今古洲路1号").sorting_code, "江门-新会 C08");
        assert_eq!(table.route("江门市新会区司前镇").sorting_code, "江门-新会 C01");
        assert_eq!(table.route("广州市天河区").package_centre, "广州中心");
    }

    #[test]
    fn problems_name_their_line_and_field() {
        let bad = FILE.replace("match = \"新会\"", "match = \"会城\"").replace("\"江门-新会 C01\"", "\"\"");
        let errors = parse_routing("ems.toml", &bad).unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.line, e.field.as_str())).collect();
        assert_eq!(found, [(Some(11), "routes[1].match"), (Some(11), "routes[1].sorting_code")]);
        let unknown = parse_routing(
            "ems.toml",
            "carrier = \"x\"\nfallback = { sorting_code = \"a\", package_centre = \"b\" }\nspeed = 1\n",
        );
        assert_eq!(unknown.unwrap_err()[0].code, "syntax");
    }
}
