//! The comparison views in words: their sections of `report.md` and how
//! their numbers were computed.

use std::fmt::Write;

use crate::scores::compare::keyness::KeynessRow;
use crate::scores::compare::{Comparison, HeadToHead};

use super::compare::keyness_stem;
use super::slug::Slugs;

/// Aligned groups listed, at most (the first: most outlets, closest match).
const MAX_GROUPS: usize = 10;
/// Aligned sentences listed per group, at most.
const MAX_MEMBERS: usize = 8;

/// The comparison sections of `report.md`. `has` tells whether a chart was
/// drawn; `esc` escapes prose; `slugs` names the outlets' charts; `shown`
/// are the outlets the per-outlet tables show (the largest and the
/// highlighted, largest first; the CSV files hold all).
pub fn markdown(
    md: &mut String,
    c: &Comparison,
    has: &dyn Fn(&str) -> bool,
    esc: &dyn Fn(&str) -> String,
    slugs: &Slugs,
    shown: &[String],
) {
    distinctive_terms(md, c, has, esc, slugs, shown);
    closeness(md, c, has, esc, shown);
    same_fact(md, c, esc);
    if let Some(p) = &c.pair {
        head_to_head(md, c, p, esc);
    }
    for n in &c.notes {
        let _ = writeln!(md, "- Note: {}", esc(n));
    }
    if !c.notes.is_empty() {
        md.push('\n');
    }
}

/// "Distinctive terms": per outlet, its chart and the terms it over- and
/// under-uses against all the others.
fn distinctive_terms(
    md: &mut String,
    c: &Comparison,
    has: &dyn Fn(&str) -> bool,
    esc: &dyn Fn(&str) -> String,
    slugs: &Slugs,
    shown: &[String],
) {
    let _ = writeln!(md, "## Distinctive terms\n");
    let _ = writeln!(
        md,
        "Words and phrases (1 to 3 words) each outlet uses more, or less, than all the others together, ranked by the z-score of the log-odds ratio with an informative Dirichlet prior (`keyness.csv`). Counts are occurrences; G2 is the signed likelihood ratio.\n"
    );
    let mut outlets: Vec<&str> = c.keyness.iter().map(|r| r.target.as_str()).collect();
    outlets.dedup();
    let all = outlets.len();
    let outlets: Vec<&str> = shown
        .iter()
        .map(String::as_str)
        .filter(|o| outlets.contains(o))
        .collect();
    if outlets.len() < all {
        let _ = writeln!(
            md,
            "The {} outlets with the most documents and any highlighted, of {all} (all in `keyness.csv`).\n",
            outlets.len()
        );
    }
    for o in outlets {
        let rows: Vec<&KeynessRow> = c
            .keyness
            .iter()
            .filter(|r| r.target == o && r.reference == "all others")
            .collect();
        let _ = writeln!(md, "**{}**\n", esc(o));
        if let Some(name) = keyness_stem(slugs, o).filter(|n| has(n)) {
            let _ = writeln!(md, "![{}: distinctive terms]({name}.png)\n", esc(o));
        }
        keyness_table(md, o, &rows, esc);
    }
}

/// One outlet's keyness table: the 10 most over-used terms, then the 5 most
/// under-used.
fn keyness_table(md: &mut String, o: &str, rows: &[&KeynessRow], esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(
        md,
        "| term | {} | others | z | G2 |\n|---|---:|---:|---:|---:|",
        esc(o)
    );
    for r in rows
        .iter()
        .filter(|r| r.z > 0.0)
        .take(10)
        .chain(rows.iter().filter(|r| r.z < 0.0).take(5))
    {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:+.2} | {:+.1} |",
            esc(&r.term),
            r.count_target,
            r.count_reference,
            r.z,
            r.g2
        );
    }
    md.push('\n');
}

/// "How close the outlets are": the divergence matrix in clustering order,
/// then the outlet map when there is one.
fn closeness(
    md: &mut String,
    c: &Comparison,
    has: &dyn Fn(&str) -> bool,
    esc: &dyn Fn(&str) -> String,
    shown: &[String],
) {
    let _ = writeln!(md, "## How close the outlets are\n");
    let _ = writeln!(
        md,
        "Jensen-Shannon divergence (base 2: 0 = identical, 1 = nothing in common) between the outlets' word distributions, outlets ordered by average-linkage clustering on it (`similarity.csv` also holds cosine similarity and the divergence of frame profiles).\n"
    );
    if has("similarity") {
        let _ = writeln!(md, "![Divergence between outlets](similarity.png)\n");
    }
    divergence_table(md, c, esc, shown);
    if let Some(m) = &c.map {
        if has("outlet_map") {
            let _ = writeln!(md, "![Outlet map](outlet_map.png)\n");
        }
        let _ = writeln!(
            md,
            "The map places outlets by the rates of the 300 most frequent content words (principal components; `outlet_map.csv`). The first two components explain {:.0}% and {:.0}% of the total variance.\n",
            m.explained[0] * 100.0,
            m.explained[1] * 100.0
        );
    }
}

/// The word-distribution divergence of every pair of outlets, as a matrix.
/// Only the outlets of `shown`, in clustering order.
fn divergence_table(
    md: &mut String,
    c: &Comparison,
    esc: &dyn Fn(&str) -> String,
    shown: &[String],
) {
    let order: Vec<&String> = c.order.iter().filter(|o| shown.contains(o)).collect();
    if order.len() < c.order.len() {
        let _ = writeln!(
            md,
            "The table shows {} of {} outlets, the largest and any highlighted (all pairs in `similarity.csv`).\n",
            order.len(),
            c.order.len()
        );
    }
    let _ = write!(md, "| |");
    for o in &order {
        let _ = write!(md, " {} |", esc(o));
    }
    let _ = writeln!(md, "\n|---|{}", "---:|".repeat(order.len()));
    for a in &order {
        let _ = write!(md, "| {} |", esc(a));
        for b in &order {
            let v = c
                .similarity
                .iter()
                .find(|r| &r.outlet_a == *a && &r.outlet_b == *b)
                .and_then(|r| r.terms_jsd);
            // empty where there are no words to compare (see the notes)
            let _ = match v {
                Some(v) => write!(md, " {v:.2} |"),
                None => write!(md, " |"),
            };
        }
        md.push('\n');
    }
    md.push('\n');
}

/// "The same fact, told by each outlet": the first aligned groups, each
/// with its sentences marked.
fn same_fact(md: &mut String, c: &Comparison, esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(md, "## The same fact, told by each outlet\n");
    if c.groups.is_empty() {
        let _ = writeln!(
            md,
            "No sentences of different outlets were found to report the same fact.\n"
        );
        return;
    }
    let _ = writeln!(
        md,
        "Sentences from different outlets that share numbers, dates, names and content words ({} groups; the first {} in `aligned.csv`, their text in `sentences.csv`; the first {} here). Lexicon terms are in bold with their pole, and each sentence has its slant index, or \"no stance\" when it has no pole match. Divergence is the spread (highest minus lowest, 0 to 2) of the slant indices of the sentences that have one: a sentence without a pole match is no evidence, not a neutral 0, so it does not count, and a group with fewer than two such sentences has no divergence (n/a).\n",
        c.groups.len(),
        c.groups.len().min(super::compare::MAX_ALIGNED_GROUPS),
        c.groups.len().min(MAX_GROUPS)
    );
    for g in c.groups.iter().take(MAX_GROUPS) {
        let mut outlets: Vec<&str> = g.members.iter().map(|m| m.outlet.as_str()).collect();
        let n = outlets.len();
        outlets.truncate(MAX_MEMBERS);
        let more = if n > MAX_MEMBERS {
            format!(" and {} more", n - MAX_MEMBERS)
        } else {
            String::new()
        };
        let _ = writeln!(
            md,
            "**Group {}**: {}{more} (divergence {}, similarity {:.2})\n",
            g.group,
            esc(&outlets.join(", ")),
            divergence(g.divergence),
            g.similarity
        );
        for m in g.members.iter().take(MAX_MEMBERS) {
            member(md, m, esc);
        }
        if n > MAX_MEMBERS {
            let _ = writeln!(
                md,
                "- ... {} more sentences of this group in `aligned.csv`",
                n - MAX_MEMBERS
            );
        }
        md.push('\n');
    }
}

/// One aligned sentence as a list item: outlet, lexicon score, the marked
/// sentence.
fn member(
    md: &mut String,
    m: &crate::scores::compare::align::Member,
    esc: &dyn Fn(&str) -> String,
) {
    let score = m
        .score
        .map_or_else(|| "no stance".to_string(), |x| format!("{x:+.2}"));
    let _ = writeln!(md, "- *{}* ({score}): {}", esc(&m.outlet), marked(m, esc));
}

/// A group's divergence with two decimals, or `n/a` when fewer than two of
/// its sentences have a pole match.
fn divergence(d: Option<f64>) -> String {
    d.map_or_else(|| "n/a".to_string(), |x| format!("{x:.2}"))
}

/// The sentence with its lexicon terms in bold, each followed by its pole.
fn marked(m: &crate::scores::compare::align::Member, esc: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut at = 0;
    for t in &m.terms {
        let ok = t.start >= at
            && t.end <= m.text.len()
            && m.text.is_char_boundary(t.start)
            && m.text.is_char_boundary(t.end);
        if !ok {
            continue;
        }
        out.push_str(&esc(&m.text[at..t.start]));
        out.push_str(&format!("**{}**", esc(&m.text[t.start..t.end])));
        if !t.pole.is_empty() {
            out.push_str(&format!(" [{}]", esc(&t.pole)));
        }
        at = t.end;
    }
    out.push_str(&esc(&m.text[at..]));
    out
}

/// "Head to head": the two outlets' axis scores with the bootstrap
/// interval and p-value of their difference, the terms that set them apart, and the facts both report.
fn head_to_head(md: &mut String, c: &Comparison, p: &HeadToHead, esc: &dyn Fn(&str) -> String) {
    let Some(first) = p.tests.first() else { return };
    let (a, b) = (first.a.as_str(), first.b.as_str());
    let _ = writeln!(md, "## Head to head: {} and {}\n", esc(a), esc(b));
    axis_tests(md, p, a, b, esc);
    let _ = writeln!(
        md,
        "\nThe interval and p come from the same {} bootstrap resamples of each outlet's units: p < 0.05 exactly when the 95% interval leaves out zero. A permutation test ({} reassignments of the pooled units) is in `head_to_head.csv` (`p_permutation`), with a note where it disagrees. Flags are the outlets' own, as in the outlet table.\n",
        first.bootstrap, first.permutations
    );
    pair_terms(md, p, a, b, esc);
    shared_facts(md, c, p, a, b, esc);
}

/// One row per axis: both outlets' scores, their difference, its interval
/// and bootstrap p-value, the units and the outlets' flags; then any note.
fn axis_tests(md: &mut String, p: &HeadToHead, a: &str, b: &str, esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(md, "| axis | {} | {} | difference | 95% interval | p | units | flags |\n|---|---:|---:|---:|---|---:|---|---|", esc(a), esc(b));
    for t in &p.tests {
        let ci = match (t.ci_low, t.ci_high) {
            (Some(l), Some(h)) => format!("[{l:+.2}, {h:+.2}]"),
            _ => "n/a".into(),
        };
        let pv = t.p_value.map_or("n/a".into(), |v| format!("{v:.4}"));
        let flag = |o: &str, f: &str| {
            (!f.is_empty() && f != "ranked").then(|| format!("{}: {}", esc(o), f))
        };
        let flags: Vec<String> = [flag(a, &t.status_a), flag(b, &t.status_b)]
            .into_iter()
            .flatten()
            .collect();
        let _ = writeln!(
            md,
            "| {} | {:+.2} | {:+.2} | {:+.2} | {ci} | {pv} | {} {} + {} | {} |",
            t.axis,
            t.score_a,
            t.score_b,
            t.difference,
            t.n_a,
            t.units,
            t.n_b,
            flags.join("; ")
        );
    }
    for t in p.tests.iter().filter(|t| !t.note.is_empty()) {
        let _ = writeln!(md, "\n- {}: {}.", t.axis, t.note);
    }
}

/// The terms the first outlet uses more (10) and less (5) than the second.
fn pair_terms(md: &mut String, p: &HeadToHead, a: &str, b: &str, esc: &dyn Fn(&str) -> String) {
    let _ = writeln!(
        md,
        "Terms {} uses more (z > 0) or less than {}:\n",
        esc(a),
        esc(b)
    );
    let _ = writeln!(
        md,
        "| term | {} | {} | z |\n|---|---:|---:|---:|",
        esc(a),
        esc(b)
    );
    for r in p
        .keyness
        .iter()
        .filter(|r| r.z > 0.0)
        .take(10)
        .chain(p.keyness.iter().filter(|r| r.z < 0.0).take(5))
    {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {:+.2} |",
            esc(&r.term),
            r.count_target,
            r.count_reference,
            r.z
        );
    }
    md.push('\n');
}

/// The aligned groups that hold both outlets, showing only their two
/// sentences.
fn shared_facts(
    md: &mut String,
    c: &Comparison,
    p: &HeadToHead,
    a: &str,
    b: &str,
    esc: &dyn Fn(&str) -> String,
) {
    if p.groups.is_empty() {
        let _ = writeln!(md, "No aligned group holds both outlets.\n");
        return;
    }
    let _ = writeln!(
        md,
        "The facts both report ({} aligned groups; all in `aligned.csv`):\n",
        p.groups.len()
    );
    for g in c
        .groups
        .iter()
        .filter(|g| p.groups.contains(&g.group))
        .take(10)
    {
        let _ = writeln!(
            md,
            "**Group {}** (divergence {})\n",
            g.group,
            divergence(g.divergence)
        );
        for m in g.members.iter().filter(|m| m.outlet == a || m.outlet == b) {
            member(md, m, esc);
        }
        md.push('\n');
    }
}

/// How the comparison numbers were computed, for the methods section: one
/// list item per view that was run.
pub fn methods(md: &mut String, c: &Comparison) {
    let (prior, min_count) = (c.options.prior_size, c.options.min_count);
    let _ = write!(
        md,
        "- **Distinctive terms.** Word 1-3-grams (lower case; phrases that begin or end with a function word are not counted). For a term w in the target i and the reference j: delta = ln((y_i + a_w)/(n_i + a_0 - y_i - a_w)) - ln((y_j + a_w)/(n_j + a_0 - y_j - a_w)), var = 1/(y_i + a_w) + 1/(y_j + a_w), z = delta / sqrt(var), with an informative Dirichlet prior a_w = a_0 x (corpus count of w / corpus total), a_0 = {prior}, n-grams of each length on their own (Monroe, Colaresi and Quinn 2008). Terms with fewer than {min_count} occurrences in target and reference together are left out. chi2 and G2 are those of the 2x2 table (target and reference counts of the term against the rest), signed by over- or under-use, with Yates' continuity correction (0.5) when |ad - bc| >= N/2 and an expected count is below 5, as quanteda's textstat_keyness does by default.\n\
         - **Similarity.** Cosine similarity of frame rates and of word counts; Jensen-Shannon divergence (base-2 logarithms, so 0 to 1) of the frame and word distributions, each zero cell raised to {} and the distribution renormalized. Words: the {} most frequent unigrams with at least {min_count} occurrences. Outlets are ordered by average-linkage hierarchical clustering (kodama) on the word divergence. The map is the first two principal components of the outlets' rates per 1,000 words of the 300 most frequent content words (columns centred; eigenvectors of the smaller of the Gram and scatter matrices by the cyclic Jacobi method; a component's share is its eigenvalue over the total variance); a component's sign is fixed so the first outlet away from the centre is on its positive side.\n",
        crate::scores::compare::similarity::SMOOTHING,
        crate::scores::compare::SIMILARITY_WORDS,
    );
    if let Some(threshold) = c.align_threshold {
        let _ = writeln!(
            md,
            "- **The same fact.** Each sentence of at least 6 words is reduced to its numbers, names (capitalized words after the first) and content words; each key is weighted by its inverse sentence frequency (numbers x2, names x1.5). Sentences of different outlets that share a key found in at most 50 sentences are compared by the weighted cosine similarity of all their keys, and only if they share a number or a content word besides names; pairs of at least the threshold ({}) start groups, and a sentence joins a group when its outlet is not yet in it and its mean similarity to the members reaches the threshold.",
            threshold
        );
    }
    if let Some(permutations) = c.permutations {
        let _ = writeln!(
            md,
            "- **Head to head.** The difference of the two lexicon indices, with a percentile-bootstrap 95% interval (each outlet's units, documents or sentences when an outlet has one document, resampled with the run's seed) and the two-sided p-value that inverts it: twice the smaller share of the resampled differences on either side of zero (interpolated as the percentiles are, at least 1/(B + 1)), so p < 0.05 exactly when the interval leaves out zero. Beside it in the CSV, a permutation test: the pooled units reassigned at random, group sizes kept, {} times; two-sided p = (1 + permuted differences at least as large in absolute value) / (1 + permutations). It assumes the two outlets' units exchangeable, so with few or uneven units it can disagree with the interval; a note then says so.",
            permutations
        );
    }
}
