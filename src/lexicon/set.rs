//! The resolved lexicon: axes, frames, variant slots and their entries, with
//! every cross-reference turned into an index.

use serde::Serialize;

use crate::text::Negation;

/// Where a loaded lexicon came from, with its content hash.
#[derive(Debug, Clone, Serialize)]
pub struct LexiconInfo {
    /// The `[lexicon] name`.
    pub name: String,
    /// `embedded:<name>` for a lexicon built into slant, else the file path.
    pub source: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    /// The `[lexicon] version`, if given.
    pub version: Option<String>,
    /// The `[lexicon] language`, if given.
    pub language: Option<String>,
    /// The `[lexicon] description`, if given.
    pub description: Option<String>,
    /// The `[lexicon] license`, if given.
    pub license: Option<String>,
}

/// One pole of an axis.
#[derive(Debug, Clone, Serialize)]
pub struct Pole {
    /// Unique among all loaded lexicons.
    pub id: String,
    /// Display name.
    pub label: String,
}

/// A stance axis: scores run from -1 (negative pole) to +1 (positive pole).
#[derive(Debug, Clone, Serialize)]
pub struct Axis {
    /// Unique among all loaded lexicons.
    pub id: String,
    /// Display name.
    pub label: String,
    /// What the axis measures.
    pub description: Option<String>,
    /// The pole at -1.
    pub negative: Pole,
    /// The pole at +1.
    pub positive: Pole,
    /// Index into [`LexiconSet::lexicons`].
    pub lexicon: usize,
}

/// A category of framing vocabulary.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    /// Unique among all loaded lexicons.
    pub id: String,
    /// Display name.
    pub label: String,
    /// What the frame captures.
    pub description: Option<String>,
    /// Why the frame belongs.
    pub note: Option<String>,
    /// Index into [`LexiconSet::lexicons`].
    pub lexicon: usize,
}

/// Competing names for one thing.
#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    /// Unique among all loaded lexicons.
    pub id: String,
    /// Display name.
    pub label: String,
    /// What the slot names.
    pub description: Option<String>,
    /// Why the slot belongs.
    pub note: Option<String>,
    /// Its variants, as indices into [`LexiconSet::entries`], in file order.
    pub variants: Vec<usize>,
    /// Index into [`LexiconSet::lexicons`].
    pub lexicon: usize,
}

/// The side of an axis an entry leans to, and how strongly.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PoleWeight {
    /// Index into [`LexiconSet::axes`].
    pub axis: usize,
    /// `true` for the positive pole.
    pub positive: bool,
    /// Weight of one match, > 0.
    pub weight: f64,
}

impl PoleWeight {
    /// The weight with the sign of its pole.
    pub fn signed(&self) -> f64 {
        if self.positive {
            self.weight
        } else {
            -self.weight
        }
    }
}

/// Where a context must appear for the entries that need it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Anywhere in the document.
    Document,
    /// In the match's paragraph or within this many paragraphs either side.
    Paragraphs(u32),
}

/// Words that show a passage is about the lexicon's topic. Entries that
/// need a context count only where one of its forms is near; elsewhere the
/// same words are about something else ("occupation" in a story on Iraq).
#[derive(Debug, Clone, Serialize)]
pub struct Context {
    /// Unique among all loaded lexicons.
    pub id: String,
    /// Display name.
    pub label: String,
    /// What the context stands for.
    pub description: Option<String>,
    /// Why these words.
    pub note: Option<String>,
    /// The words; any one of them is enough.
    pub forms: Vec<Form>,
    /// How near one must be.
    pub scope: Scope,
    /// Index into [`LexiconSet::lexicons`].
    pub lexicon: usize,
}

/// One surface form of an entry, as written.
#[derive(Debug, Clone, Serialize)]
pub struct Form {
    /// The form as written in the lexicon, without a trailing `*`.
    pub text: String,
    /// Whether it ended in `*` (matches any word ending).
    pub glob: bool,
    /// Line of the form in its file.
    pub line: usize,
}

impl Form {
    /// The form as written, `*` included.
    pub fn display(&self) -> String {
        if self.glob {
            format!("{}*", self.text)
        } else {
            self.text.clone()
        }
    }
}

/// A term of a frame or a variant of a slot.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Display name: the variant label, else the first form.
    pub label: String,
    /// Surface forms; each is matched on its own.
    pub forms: Vec<Form>,
    /// Frames the entry counts in, as indices into [`LexiconSet::frames`]:
    /// its own first, then those it is `also` in.
    pub frames: Vec<usize>,
    /// Slot the entry is a variant of, as an index into [`LexiconSet::slots`].
    pub slot: Option<usize>,
    /// Poles the entry sits on.
    pub poles: Vec<PoleWeight>,
    /// Whether matches must agree in case with the form.
    pub case_sensitive: bool,
    /// Phrases that veto an overlapping match.
    pub exclude: Vec<String>,
    /// Context the entry needs to count, as an index into
    /// [`LexiconSet::contexts`].
    pub context: Option<usize>,
    /// Why the entry belongs.
    pub note: Option<String>,
    /// Index into [`LexiconSet::lexicons`].
    pub lexicon: usize,
    /// Line of the entry in its file.
    pub line: usize,
}

/// Lexicons loaded together, with cross-references resolved.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LexiconSet {
    /// The files, in load order.
    pub lexicons: Vec<LexiconInfo>,
    /// Axes of all lexicons.
    pub axes: Vec<Axis>,
    /// Frames of all lexicons.
    pub frames: Vec<Frame>,
    /// Variant slots of all lexicons.
    pub slots: Vec<Slot>,
    /// Topic contexts of all lexicons.
    pub contexts: Vec<Context>,
    /// Terms and variants of all lexicons.
    pub entries: Vec<Entry>,
    /// What negates a match, and what a negated pole match counts for.
    pub negation: Negation,
}

impl LexiconSet {
    /// The axis with this id.
    pub fn axis(&self, id: &str) -> Option<usize> {
        self.axes.iter().position(|a| a.id == id)
    }

    /// The label of the pole an entry's weight points to.
    pub fn pole_id(&self, pw: &PoleWeight) -> &str {
        let axis = &self.axes[pw.axis];
        if pw.positive {
            &axis.positive.id
        } else {
            &axis.negative.id
        }
    }

    /// `<frame or slot id>/<label>`, the entry's name in feature columns.
    pub fn entry_key(&self, e: &Entry) -> String {
        let group = match (e.slot, e.frames.first().copied()) {
            (Some(s), _) => self.slots[s].id.as_str(),
            (None, Some(f)) => self.frames[f].id.as_str(),
            (None, None) => "",
        };
        format!("{group}/{}", e.label)
    }

    /// The topic context of an axis: the one context that every entry with
    /// a pole on it needs. A document without any word of it is off-topic
    /// for the axis. `None` when the entries need no context or differ.
    pub fn axis_context(&self, axis: usize) -> Option<usize> {
        let mut needs = self
            .entries
            .iter()
            .filter(|e| e.poles.iter().any(|p| p.axis == axis))
            .map(|e| e.context);
        let first = needs.next()??;
        needs.all(|c| c == Some(first)).then_some(first)
    }

    /// Number of surface forms over all entries.
    pub fn form_count(&self) -> usize {
        self.entries.iter().map(|e| e.forms.len()).sum()
    }
}
