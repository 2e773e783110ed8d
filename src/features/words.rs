//! Words as the features count them: a token folded to lower case with one
//! apostrophe form, written into a buffer the caller reuses (a string per
//! token cost the comparison views and the model's n-grams a third of their
//! time in allocation), and a constant-time test for function words.

use std::sync::LazyLock;

use rustc_hash::FxHashSet;

use crate::text::STOPWORDS;

/// Appends `token` folded to `out`: lower case (`char::to_lowercase`), the
/// curly apostrophe (U+2019) as `'`. An ASCII token is lowered in place,
/// which is what `char::to_lowercase` gives for every ASCII character.
pub fn fold_into(token: &str, out: &mut String) {
    if token.is_ascii() {
        let start = out.len();
        out.push_str(token);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(token.chars().flat_map(char::to_lowercase).map(|c| {
            if c == '\u{2019}' {
                '\''
            } else {
                c
            }
        }));
    }
}

/// `token` folded ([`fold_into`]) into a new string.
pub fn fold(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    fold_into(token, &mut out);
    out
}

static STOPWORD_SET: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Whether `word` is one of [`STOPWORDS`] (a set lookup rather than a scan
/// of the list).
pub fn is_stopword(word: &str) -> bool {
    STOPWORD_SET.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fold as it was written before (one string per token).
    fn fold_by_chars(token: &str) -> String {
        token
            .chars()
            .flat_map(char::to_lowercase)
            .map(|c| if c == '\u{2019}' { '\'' } else { c })
            .collect()
    }

    #[test]
    fn folds_as_the_char_road_folds() {
        let cases = [
            "Kiev",
            "KYIV\u{2019}S",
            "Kyiv's",
            "2,000",
            "ÉLYSÉE",
            "İstanbul",
            "ΣΟΦΙΑ",
            "",
            "a-B_c",
        ];
        let mut buf = String::from("kept ");
        for c in cases {
            assert_eq!(fold(c), fold_by_chars(c), "{c}");
            buf.truncate(5);
            fold_into(c, &mut buf);
            assert_eq!(buf, format!("kept {}", fold_by_chars(c)), "{c}");
        }
        // every ASCII character on its own
        for b in 0u8..128 {
            let s = (b as char).to_string();
            assert_eq!(fold(&s), fold_by_chars(&s), "{b}");
        }
    }

    #[test]
    fn stopwords_as_the_list_has_them() {
        for w in STOPWORDS {
            assert!(is_stopword(w), "{w}");
        }
        for w in ["kremlin", "", "The", "thee", "sai", "invasion"] {
            assert_eq!(is_stopword(w), STOPWORDS.contains(&w), "{w}");
        }
    }
}
