//! Writing quanteda YAML dictionaries.

use std::collections::HashMap;

use super::yaml::MAX_DEPTH;
use super::{excerpt, Dictionary};

/// Writes quanteda YAML: a category whose name extends another's by `.`
/// is nested under it (`a.b` under `a`); otherwise its full name is its key
/// (`care.virtue` stays one key when there is no `care`). A category with
/// both terms and sub-keys keeps its terms under `__`, as quanteda's
/// `as.yaml()` does; an empty one is `key: []`. Keys and patterns are
/// double-quoted when YAML would read them otherwise; non-ASCII text is
/// written as is. Children follow their parent, so a dictionary whose
/// categories are not grouped that way comes back in that order. Err names
/// what cannot be written: weights other than 1, empty or repeated names,
/// names or terms with surrounding white space, names that differ only in
/// case, a nested key `__`, a term twice in a category (ignoring case),
/// more than 32 levels.
pub fn write_yaml(d: &Dictionary) -> Result<String, String> {
    super::no_case_twins(d)?;
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (k, c) in d.categories.iter().enumerate() {
        if c.name.trim().is_empty() || c.name.trim() != c.name {
            return Err(format!(
                "category name `{}` is empty or has surrounding white space",
                excerpt(&c.name)
            ));
        }
        if index.insert(&c.name, k).is_some() {
            return Err(format!("two categories are named `{}`", excerpt(&c.name)));
        }
        check_terms(c)?;
    }
    let mut parent: Vec<Option<usize>> = vec![None; d.categories.len()];
    let mut key: Vec<&str> = Vec::new();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); d.categories.len()];
    let mut roots = Vec::new();
    for (k, c) in d.categories.iter().enumerate() {
        let found = c
            .name
            .rmatch_indices('.')
            .find_map(|(pos, _)| index.get(&c.name[..pos]).map(|&p| (p, pos)));
        match found {
            Some((p, pos)) => {
                let rest = &c.name[pos + 1..];
                if rest.is_empty() || rest == "__" || rest.trim() != rest {
                    return Err(format!(
                        "category `{}` would be written under `{}` with the key `{rest}`, which YAML dictionaries cannot hold",
                        excerpt(&c.name),
                        excerpt(&d.categories[p].name)
                    ));
                }
                parent[k] = Some(p);
                children[p].push(k);
                key.push(rest);
            }
            None => {
                roots.push(k);
                key.push(&c.name);
            }
        }
    }
    let mut out = String::new();
    let mut stack: Vec<(usize, usize)> = roots.iter().rev().map(|&k| (k, 0)).collect();
    while let Some((k, depth)) = stack.pop() {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "category `{}` is nested more than {MAX_DEPTH} levels deep",
                excerpt(&d.categories[k].name)
            ));
        }
        let pad = "  ".repeat(depth);
        let terms = &d.categories[k].terms;
        out.push_str(&format!("{pad}{}:", scalar(key[k])));
        if children[k].is_empty() {
            if terms.is_empty() {
                out.push_str(" []\n");
            } else {
                out.push('\n');
                for t in terms {
                    out.push_str(&format!("{pad}  - {}\n", scalar(&t.text)));
                }
            }
            continue;
        }
        out.push('\n');
        if !terms.is_empty() {
            out.push_str(&format!("{pad}  __:\n"));
            for t in terms {
                out.push_str(&format!("{pad}    - {}\n", scalar(&t.text)));
            }
        }
        stack.extend(children[k].iter().rev().map(|&c| (c, depth + 1)));
    }
    Ok(out)
}

fn check_terms(c: &super::Category) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for t in &c.terms {
        if t.text.trim().is_empty() || t.text.trim() != t.text {
            return Err(format!(
                "term `{}` of `{}` is empty or has surrounding white space",
                excerpt(&t.text),
                excerpt(&c.name)
            ));
        }
        if let Some(w) = t.weight.filter(|w| *w != 1.0) {
            return Err(format!(
                "term `{}` of `{}` has weight {w}; quanteda YAML has no weights",
                excerpt(&t.text),
                excerpt(&c.name)
            ));
        }
        if !seen.insert(t.text.to_lowercase()) {
            return Err(format!(
                "category `{}` holds `{}` twice (ignoring case)",
                excerpt(&c.name),
                excerpt(&t.text)
            ));
        }
    }
    Ok(())
}

/// `s` as a YAML scalar: plain when that reads back as the same string in
/// YAML 1.1 and 1.2, else double-quoted.
pub(crate) fn scalar(s: &str) -> String {
    if plain_ok(s) {
        return s.to_string();
    }
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if printable(c) && c != '\u{feff}' => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Characters YAML allows as they are (no tab, no line breaks).
fn printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn plain_ok(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    !s.is_empty()
        && s.trim() == s
        && s.chars().all(|c| printable(c) && c != '\u{feff}')
        && !s.starts_with(|c: char| c.is_ascii_digit() || "-?:,[]{}#&*!|>'\"%@`~.+=<".contains(c))
        && !s.contains(['[', ']', '{', '}', ',', '"', '\''])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !KEYWORDS.contains(&s.to_ascii_lowercase().as_str())
        && !s.chars().any(|c| c.is_whitespace() && c != ' ')
        && !s.contains("  ")
}
