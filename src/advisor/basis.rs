//! What a piece of advice rests on: fact ids (TOML paths in `src/guide/facts.toml`, e.g.
//! `visas.tn.citizens_only`, `states.california.ascpi`, `certifications.mlt.routes[1]`) resolved
//! to the sources behind them and to whether any of them is unconfirmed.
//!
//! The typed `Facts` struct has no paths, so ids are resolved against the same embedded file,
//! parsed once more as a plain TOML tree. A path segment that names no table key selects, in an
//! array of tables, the entry whose `slug` is that segment (`states.new-york`).

use std::collections::BTreeSet;
use std::sync::LazyLock;

use crate::guide::facts::{Confidence, Facts, Source};

static FACTS_TREE: LazyLock<toml::Table> = LazyLock::new(|| {
    // The same embedded file the guide parses; its unit tests prove it is valid TOML.
    toml::from_str(include_str!("../guide/facts.toml")).unwrap_or_default()
});

/// One resolved fact id: the source ids below it and whether any fact below it is uncertain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactRef {
    pub sources: BTreeSet<String>,
    pub uncertain: bool,
}

/// Resolves a fact id; `None` when the facts file has no such path.
pub fn resolve(id: &str) -> Option<FactRef> {
    let mut segments = id.split('.');
    let first = segments.next()?;
    let mut node = match split_index(first) {
        Some((key, index)) => FACTS_TREE.get(key)?.get(index)?,
        None => FACTS_TREE.get(first)?,
    };
    for segment in segments {
        node = step(node, segment)?;
    }
    let mut found = FactRef {
        sources: BTreeSet::new(),
        uncertain: false,
    };
    collect(node, &mut found);
    Some(found)
}

/// `routes[1]` → (`routes`, 1).
fn split_index(segment: &str) -> Option<(&str, usize)> {
    let (key, rest) = segment.split_once('[')?;
    let index = rest.strip_suffix(']')?.parse().ok()?;
    Some((key, index))
}

fn step<'a>(node: &'a toml::Value, segment: &str) -> Option<&'a toml::Value> {
    if let Some((key, index)) = split_index(segment) {
        return node.get(key)?.get(index);
    }
    match node {
        toml::Value::Table(table) => table.get(segment),
        toml::Value::Array(items) => items
            .iter()
            .find(|item| item.get("slug").and_then(toml::Value::as_str) == Some(segment)),
        _ => None,
    }
}

fn collect(node: &toml::Value, found: &mut FactRef) {
    match node {
        toml::Value::Table(table) => {
            for (key, value) in table {
                match (key.as_str(), value) {
                    ("sources", toml::Value::Array(ids)) => found
                        .sources
                        .extend(ids.iter().filter_map(|i| i.as_str().map(str::to_owned))),
                    ("confidence", toml::Value::String(c)) if c == "uncertain" => {
                        found.uncertain = true;
                    }
                    _ => collect(value, found),
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|item| collect(item, found)),
        _ => {}
    }
}

/// The facts a piece of advice cites, resolved: sources (official ones first) and uncertainty.
#[derive(Debug, Default)]
pub struct Basis {
    /// The ids as cited; the unit tests check each one exists.
    #[cfg_attr(not(test), expect(dead_code, reason = "read by the unit tests only"))]
    pub facts: Vec<String>,
    pub sources: Vec<&'static Source>,
    pub uncertain: bool,
}

impl Basis {
    /// Resolves the ids against the facts; an unknown id contributes nothing (a test forbids them).
    pub fn of(ids: Vec<String>, f: &'static Facts) -> Basis {
        let mut source_ids = BTreeSet::new();
        let mut uncertain = false;
        for fact in ids.iter().filter_map(|id| resolve(id)) {
            uncertain |= fact.uncertain;
            source_ids.extend(fact.sources);
        }
        let mut sources: Vec<&'static Source> =
            source_ids.iter().filter_map(|id| f.source(id)).collect();
        // Official pages first, then the more certain secondary ones: the first link is the one
        // a reader should open.
        sources.sort_by_key(|s| (!s.official, rank(s.confidence)));
        Basis {
            facts: ids,
            sources,
            uncertain,
        }
    }
}

fn rank(c: Confidence) -> u8 {
    match c {
        Confidence::Verified => 0,
        Confidence::Likely => 1,
        Confidence::Uncertain => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_through_tables_arrays_indexes_and_slugs() {
        let tn = resolve("visas.tn.citizens_only").unwrap();
        assert!(tn.sources.contains("tn_canada_gov") && !tn.uncertain);
        let pwd = resolve("timelines.pwd").unwrap();
        assert!(pwd.sources.contains("perm_bal"));
        let ny = resolve("states.new-york.ascpi").unwrap();
        assert!(ny.sources.contains("ny_op_clt"));
        let mlt = resolve("certifications.mlt.routes[1]").unwrap();
        assert!(mlt.sources.contains("mlsi_mlt"));
        assert!(
            resolve("certifications.mls_ascpi.routes")
                .unwrap()
                .uncertain
        );
        assert!(resolve("evaluation[0]").is_some());
        assert!(resolve("visas.tn.no_such_fact").is_none());
        assert!(resolve("states.atlantis").is_none());
        assert!(resolve("").is_none());
    }
}
