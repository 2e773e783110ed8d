//! The bare per-document peer of `tests/bench/peers.sh`: what a dictionary
//! count costs with nothing else around it. Per JSONL line: parse the
//! record, scan its text with an aho-corasick DFA (leftmost-longest, ASCII
//! case-insensitive), keep matches that start and end at word boundaries
//! (a `*` term only at its start), and add one to each category of the
//! term. Prints documents, matches and the count of each category, so a run
//! can be checked against another.
//!
//! Usage: `scan_peer DICT.dic CORPUS.jsonl`

use std::io::BufRead;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// The one field the peer reads, borrowed from the line unless escaped.
#[derive(serde::Deserialize)]
struct Record<'a> {
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
}

/// A LIWC `.dic`: the categories' names, and per term its pattern, whether
/// it is a prefix (`*`) and its category indices.
type Dic = (Vec<String>, Vec<(String, bool, Vec<usize>)>);

fn read_dic(path: &str) -> Result<Dic, Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut parts = text.split('%').skip(1);
    let head = parts.next().ok_or("no category block")?;
    let mut ids = Vec::new();
    let mut names = Vec::new();
    for line in head.lines().filter(|l| !l.trim().is_empty()) {
        let (id, name) = line.split_once('\t').ok_or("bad category line")?;
        ids.push(id.trim().to_string());
        names.push(name.trim().to_string());
    }
    let mut terms = Vec::new();
    for line in parts
        .collect::<String>()
        .lines()
        .filter(|l| !l.trim().is_empty())
    {
        let mut cells = line.split('\t');
        let term = cells.next().unwrap_or_default().to_lowercase();
        let cats = cells.filter_map(|c| ids.iter().position(|i| i == c.trim()));
        let prefix = term.ends_with('*');
        terms.push((
            term.trim_end_matches('*').to_string(),
            prefix,
            cats.collect(),
        ));
    }
    Ok((names, terms))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b >= 0x80 || b == b'_'
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, dic, corpus] = args.as_slice() else {
        return Err("usage: scan_peer DICT.dic CORPUS.jsonl".into());
    };
    let (names, terms) = read_dic(dic)?;
    let ac = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(terms.iter().map(|t| &t.0))?;
    let mut counts = vec![0u64; names.len()];
    let (mut docs, mut matches) = (0u64, 0u64);
    let input = std::io::BufReader::with_capacity(1 << 16, std::fs::File::open(corpus)?);
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Record = serde_json::from_str(&line)?;
        let text = record.text.as_bytes();
        docs += 1;
        for m in ac.find_iter(text) {
            let (term, prefix, cats) = &terms[m.pattern().as_usize()];
            let starts = m.start() == 0 || !is_word(text[m.start() - 1]);
            let ends = *prefix || m.end() == text.len() || !is_word(text[m.end()]);
            if starts && ends && !term.is_empty() {
                matches += 1;
                cats.iter().for_each(|&c| counts[c] += 1);
            }
        }
    }
    println!("documents {docs} matches {matches}");
    for (n, c) in names.iter().zip(&counts) {
        println!("{c}\t{n}");
    }
    Ok(())
}
