//! docs/rules.md explains every rule id SPEC defines, and no id SPEC does not, so a C1 or a PR4
//! in a docstring or a test name can always be looked up.

use std::collections::BTreeSet;
use std::path::Path;

/// The rule ids a text defines: `- C1 ` at the start of a line in SPEC, `**C1 —` in rules.md.
fn ids(text: &str, starts: &[&str]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        for start in starts {
            let Some(rest) = line.strip_prefix(start) else { continue };
            let id: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            let letters = id.chars().take_while(|c| c.is_ascii_uppercase()).count();
            if letters > 0 && id[letters..].starts_with(|c: char| c.is_ascii_digit()) {
                found.insert(id);
            }
        }
    }
    found
}

#[test]
fn every_spec_rule_id_is_explained_in_docs_rules_md() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec_path = root.join("../shared/SPEC.md");
    let Ok(spec) = std::fs::read_to_string(&spec_path) else {
        eprintln!("skipped: no SPEC at {} (it sits beside the repository)", spec_path.display());
        return;
    };
    let rules = std::fs::read_to_string(root.join("docs/rules.md")).expect("docs/rules.md");
    let defined = ids(&spec, &["- "]);
    let explained = ids(&rules, &["**"]);
    assert!(defined.len() > 60, "SPEC's rule ids were not found: {defined:?}");
    let missing: Vec<_> = defined.difference(&explained).collect();
    assert!(missing.is_empty(), "rule ids SPEC defines that docs/rules.md does not explain: {missing:?}");
    let stale: Vec<_> = explained.difference(&defined).collect();
    assert!(stale.is_empty(), "docs/rules.md explains ids SPEC does not define: {stale:?}");
}
