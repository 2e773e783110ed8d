//! The generator of the real-size corpus: varied text, and what it
//! knows of each document for the expectations.

use std::collections::BTreeMap;

/// Given names and surnames: a pair names each sentence, so that no line
/// and no run of 8 words repeats within 1,600 sentences, while the
/// vocabulary stays that of real text (a unique word per sentence makes
/// the model's feature matrix as wide as the corpus). Numbers would not
/// do: boilerplate detection reads digits as alike.
const FIRST: [&str; 40] = [
    "Anna", "Ben", "Clara", "David", "Elena", "Frank", "Grace", "Hugo", "Irene", "Jack", "Karen",
    "Leo", "Maria", "Nick", "Olga", "Paul", "Queenie", "Rosa", "Sam", "Tina", "Uma", "Victor",
    "Wendy", "Xavier", "Yara", "Zack", "Alma", "Boris", "Celia", "Dmitri", "Edith", "Felix",
    "Gina", "Harold", "Ida", "Jonas", "Kira", "Lars", "Mona", "Nils",
];
const LAST: [&str; 40] = [
    "Adams", "Baker", "Carter", "Dalton", "Evans", "Fisher", "Garcia", "Hughes", "Ingram",
    "Jensen", "Keller", "Lopez", "Morgan", "Nolan", "Owens", "Parker", "Quinn", "Reyes", "Stone",
    "Turner", "Ulrich", "Vance", "Walsh", "Young", "Ziegler", "Abbott", "Brooks", "Coleman",
    "Dixon", "Ellis", "Foster", "Gibson", "Harper", "Irwin", "Jordan", "Kemp", "Lambert", "Meyer",
    "Norris", "Olsen",
];
const VERB: [&str; 8] = [
    "discussed",
    "reviewed",
    "described",
    "questioned",
    "welcomed",
    "measured",
    "counted",
    "inspected",
];
const ADJ: [&str; 8] = [
    "new", "old", "local", "annual", "quiet", "early", "late", "rural",
];
const NOUN: [&str; 8] = [
    "budget", "harvest", "schedule", "market", "archive", "census", "garden", "ferry",
];
/// Words of the lexicon's topic context (`[[context]]` of russia-ukraine)
/// that are no entry of it ("Kyiv" and "Kharkiv" are spelling variants
/// with a pole).
const TOPIC_PLACE: [&str; 5] = ["Moscow", "Donetsk", "Crimea", "Mariupol", "Sevastopol"];
/// Places with no word of the topic context.
const OTHER_PLACE: [&str; 5] = ["Ohio", "Denver", "Lyon", "Osaka", "Quebec"];
/// Kremlin-pole term, weight 1.0 in lexicons/russia-ukraine.toml.
const KREMLIN: &str = "the Kosovo precedent";
/// Ukraine/West-pole term, weight 1.0 in lexicons/russia-ukraine.toml.
const WEST: &str = "the crime of aggression";
/// The boilerplate footer of "Large 03": the same line in each of its
/// documents, on the topic (Moscow) and carrying a Ukraine/West-pole term of
/// weight 0.5 that no other text of the corpus uses.
pub(super) const FOOTER: &str = "Photo desk: pictures from Moscow, with our Budapest Memorandum explainer and the weekly newsletter.";
pub(super) const FOOTER_TERM: &str = "Budapest Memorandum";
pub(super) const FOOTER_WEIGHT: f64 = 0.5;
/// The date no reader understands, kept verbatim.
pub(super) const ODD_DATE: &str = "the week after the thaw";

/// The name of sentence `n`: unique within any 1,600 consecutive numbers.
fn name(n: usize) -> String {
    format!("{} {}", FIRST[n % 40], LAST[(n / 40) % 40])
}

/// The generator: a counter that makes every sentence unique.
#[derive(Default)]
struct Gen {
    n: usize,
}

impl Gen {
    /// A sentence of at most 7 words that starts with the next name, so that
    /// every run of 8 words in a document holds a name found nowhere else in
    /// it: `place` makes it on- or off-topic, `term` adds a pole term.
    fn sentence(&mut self, place: &str, term: Option<&str>) -> String {
        self.n += 1;
        let n = self.n;
        match term {
            Some(t) => format!("{} cited {t}.", name(n)),
            None => format!(
                "{} in {place} {} {} {}.",
                name(n),
                VERB[(n / 12) % 8],
                ADJ[(n / 5) % 8],
                NOUN[(n / 3) % 8]
            ),
        }
    }

    /// A document of `paras` paragraphs of 3 sentences, on the topic or
    /// not, with the pole terms `terms` (true = Kremlin) spread over it.
    fn doc(&mut self, paras: usize, on_topic: bool, terms: &[bool]) -> String {
        let mut out = Vec::new();
        let mut terms = terms.iter();
        for p in 0..paras {
            let place = if on_topic {
                TOPIC_PLACE[(self.n + p) % 5]
            } else {
                OTHER_PLACE[(self.n + p) % 5]
            };
            let mut para = vec![self.sentence(place, None)];
            for _ in 0..2 {
                let t = terms.next().map(|k| if *k { KREMLIN } else { WEST });
                para.push(self.sentence(place, t));
            }
            if p + 1 == paras {
                // the last paragraph takes every term left
                for k in terms.by_ref() {
                    para.push(self.sentence(place, Some(if *k { KREMLIN } else { WEST })));
                }
            }
            out.push(para.join(" "));
        }
        out.join("\n\n")
    }
}

/// One generated document and what the generator knows of it.
pub(super) struct Doc {
    pub(super) id: String,
    pub(super) outlet: String,
    /// As written in the record.
    pub(super) date: String,
    /// What documents.csv must say.
    pub(super) iso: String,
    /// Metadata fields in input order; `None` leaves the field out.
    pub(super) author: Option<String>,
    pub(super) section: String,
    pub(super) url: String,
    pub(super) text: String,
    pub(super) on_topic: bool,
    /// Pole matches outside boilerplate, on an on-topic document.
    pub(super) matches: usize,
}

/// What kind of outlet, for the expectations.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Kind {
    Large,
    Borderline,
    Small,
    Single,
    Silent,
    Offbeat,
    Verse,
}

pub(super) struct Corpus {
    pub(super) docs: Vec<Doc>,
    pub(super) kinds: BTreeMap<String, Kind>,
}

impl Corpus {
    /// Adds a document, with its date in one of three forms by its number
    /// (ISO, US numeric, month name) and metadata fields.
    fn push(&mut self, outlet: &str, kind: Kind, text: String, on_topic: bool, matches: usize) {
        let k = self.docs.len();
        let (day, month) = (1 + k % 28, 1 + k % 12);
        let (date, iso) = match k % 3 {
            0 => (
                format!("2024-{month:02}-{day:02}"),
                format!("2024-{month:02}-{day:02}"),
            ),
            1 => (
                format!("{month}/{day}/17"),
                format!("2017-{month:02}-{day:02}"),
            ),
            _ => (format!("March {day}, 2024"), format!("2024-03-{day:02}")),
        };
        let id = format!("{}-{}", outlet.to_lowercase().replace(' ', "-"), k);
        self.kinds.insert(outlet.to_string(), kind);
        self.docs.push(Doc {
            url: format!("https://news.example/{id}"),
            author: (k % 4 != 1).then(|| name(k * 7)),
            section: ["World", "Europe", "Politics"][k % 3].to_string(),
            id,
            outlet: outlet.to_string(),
            date,
            iso,
            text,
            on_topic,
            matches,
        });
    }

    /// The corpus as JSONL, fields in the order id, outlet, date, title,
    /// author, section, url, text (keys written by hand: serde_json's map
    /// would sort them).
    pub(super) fn jsonl(&self) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap();
        let mut out = String::new();
        for (k, d) in self.docs.iter().enumerate() {
            out.push_str(&format!(
                "{{\"id\":{},\"outlet\":{},\"date\":{},\"title\":{}",
                q(&d.id),
                q(&d.outlet),
                q(&d.date),
                q(&format!("{} on the {}", name(k), NOUN[k % 8]))
            ));
            if let Some(a) = &d.author {
                out.push_str(&format!(",\"author\":{}", q(a)));
            }
            out.push_str(&format!(
                ",\"section\":{},\"url\":{},\"text\":{}}}\n",
                q(&d.section),
                q(&d.url),
                q(&d.text)
            ));
        }
        out
    }
}

/// Kremlin-or-West pattern for large outlet `i`: outlets with a low number
/// lean West, a high number Kremlin.
fn lean(i: usize, d: usize, s: usize) -> bool {
    (d * 3 + s * 5 + i) % 28 < i
}

/// The wire story carried by Large 00, 01 and 02 word for word.
fn wire_story(g: &mut Gen) -> String {
    g.doc(3, true, &[false, true, false])
}

/// Builds the corpus; `scale` multiplies the documents of the large
/// outlets (1, or 2 for the linearity run).
pub(super) fn corpus(scale: usize) -> Corpus {
    let mut g = Gen::default();
    let mut c = Corpus {
        docs: Vec::new(),
        kinds: BTreeMap::new(),
    };
    let wire = wire_story(&mut g);
    // The two largest outlets, 14 documents each (every other outlet has
    // fewer); Zephyr's are longer, so by documents then tokens it comes
    // first although Aardvark comes first by name.
    for (name, paras) in [("Aardvark Gazette", 3), ("Zephyr Times", 4)] {
        for d in 0..14 * scale {
            let terms = [d % 3 == 0, false];
            c.push(name, Kind::Large, g.doc(paras, true, &terms), true, 2);
        }
    }
    for i in 0..28 {
        let name = format!("Large {i:02}");
        for d in 0..(6 + i % 5) * scale {
            let terms: Vec<bool> = (0..2).map(|s| lean(i, d, s)).collect();
            let mut text = g.doc(3, true, &terms);
            if i == 3 {
                text = format!("{text}\n\n{FOOTER}");
            }
            c.push(&name, Kind::Large, text, true, 2);
        }
        if i < 3 {
            c.push(&name, Kind::Large, wire.clone(), true, 3);
        }
        if (4..8).contains(&i) {
            for _ in 0..2 {
                let text = g.doc(2, false, &[true]);
                c.push(&name, Kind::Large, text, false, 0);
            }
        }
    }
    // 7 documents and 12 matches, but 3 documents are off-topic: 4 count,
    // below --min-docs 5.
    for d in 0..7 {
        let on = d < 4;
        let text = g.doc(3, on, &[true, false, true]);
        c.push(
            "Borderline Herald",
            Kind::Borderline,
            text,
            on,
            if on { 3 } else { 0 },
        );
    }
    // 6 documents, 6 matches: below --min-matches 10.
    for _ in 0..6 {
        let text = g.doc(2, true, &[false]);
        c.push("Thin Courier", Kind::Borderline, text, true, 1);
    }
    for i in 0..80 {
        for d in 0..2 + i % 2 {
            let text = g.doc(2, true, &[(i + d) % 2 == 0]);
            c.push(&format!("Small {i:02}"), Kind::Small, text, true, 1);
        }
    }
    for i in 0..100 {
        let terms: Vec<bool> = (0..1 + i % 2).map(|s| (i + s) % 3 == 0).collect();
        let text = g.doc(2, true, &terms);
        c.push(
            &format!("Single {i:03}"),
            Kind::Single,
            text,
            true,
            terms.len(),
        );
    }
    for i in 0..90 {
        for _ in 0..1 + i % 3 {
            let text = g.doc(2, true, &[]);
            c.push(&format!("Silent {i:02}"), Kind::Silent, text, true, 0);
        }
    }
    // Pole terms, but never on the topic: no match counts.
    for i in 0..10 {
        for _ in 0..2 {
            let text = g.doc(2, false, &[true]);
            c.push(&format!("Offbeat {i}"), Kind::Offbeat, text, false, 0);
        }
    }
    c.push("Verse Daily", Kind::Verse, verse(), true, 1);
    let odd = c
        .docs
        .iter_mut()
        .find(|d| d.outlet == "Single 042")
        .unwrap();
    odd.date = ODD_DATE.to_string();
    odd.iso = ODD_DATE.to_string();
    c
}

/// One word per line in lower case, no punctuation, about 2,400 lines: the document that
/// once made matches.csv grow with the square of its length. It is on the
/// topic and holds one Kremlin-pole term near its end.
fn verse() -> String {
    let mut lines = vec!["Moscow".to_string()];
    for w in 0..2400 {
        lines.push(if w % 2 == 0 {
            FIRST[(w / 2) % 40].to_lowercase()
        } else {
            LAST[(w / 80) % 40].to_lowercase()
        });
    }
    lines.push("kosovo precedent".to_string());
    lines.push("moscow".to_string());
    lines.join("\n")
}
