//! Examples shown at the end of each subcommand's `--help`, as ripgrep and
//! xsv do. Every command here runs as written from a clone of the
//! repository (the seeds) or on a corpus of the named shape; the test
//! `tests/cli/help.rs` runs the seed ones.

pub const ANALYZE: &str = "\
Examples:
  # The example corpus, with the shipped lexicons and a weak-label model
  slant analyze seeds --out reports/seeds

  # A LIWC-style dictionary, counting only: no model, no comparison views
  slant analyze corpus.jsonl.gz --lexicon mydict.dic --no-model --no-compare

  # The outlet table into a notebook or a pipe (the report is written too)
  slant analyze seeds --out seeds-report --format csv -q | head -3

  # CSV with other column names; keep one outlet in every chart
  slant analyze articles.csv --field text=body --field outlet=source --highlight Reuters";

pub const TRAIN: &str = "\
Examples:
  # From reference outlets whose stance is known (class = a pole's id)
  slant train seeds --reference RT=kremlin --reference \"Ukrainska Pravda\"=ukraine_west -o model.json

  # From a labels file with columns id and class
  slant train corpus.jsonl --labels labels.csv -o model.json

  # The validation as JSON, for a notebook
  slant train corpus.jsonl --labels labels.csv -o model.json --json > validation.json";

pub const SCORE: &str = "\
Examples:
  # Score a corpus with a model saved by `slant train`
  slant score seeds --model model.json --out scored

  # Outlet probabilities as CSV on standard output
  slant score seeds --model model.json --out scored --format csv -q";

pub const COMPARE: &str = "\
Examples:
  # Distinctive terms, similarity and aligned sentences of every outlet
  slant compare seeds --out compared

  # Two outlets head to head
  slant compare seeds --out pair --outlets RT Bloomberg";

pub const KWIC: &str = "\
Examples:
  # Every \"Kiev\" in the seeds with five words each side
  slant kwic Kiev seeds

  # Several patterns into pandas (quanteda's kwic columns)
  slant kwic 'annex*' -e 'reunification' seeds --format csv > hits.csv

  # The first hits only: a closed pipe is not an error
  slant kwic the corpus.jsonl.gz --format csv | head -5";

pub const LEXICON_CHECK: &str = "\
Examples:
  # A shipped lexicon against the seeds: errors, overlaps, unmatched terms
  slant lexicon check russia-ukraine seeds

  # Your own lexicon, before a long run
  slant lexicon check lexicons/sourcing.toml";

pub const LEXICON_SUGGEST: &str = "\
Examples:
  # Terms each outlet over-uses that no lexicon lists, with examples
  slant lexicon suggest seeds

  # As TOML entries to paste into a lexicon after review
  slant lexicon suggest seeds --format toml";

pub const LEXICON_STATS: &str = "\
Examples:
  # A built-in lexicon by name, or any dictionary file
  slant lexicon stats russia-ukraine
  slant lexicon stats mydict.dic --format json";

pub const LEXICON_CONVERT: &str = "\
Examples:
  # A built-in lexicon to quanteda YAML
  slant lexicon convert russia-ukraine russia-ukraine.yml

  # A LIWC dictionary to slant TOML, to add axes and notes
  slant lexicon convert mydict.dic mydict.toml";

pub const COMPLETIONS: &str = "\
Examples:
  slant completions bash > ~/.local/share/bash-completion/completions/slant
  slant completions zsh > ~/.zfunc/_slant
  slant completions fish > ~/.config/fish/completions/slant.fish";

pub const MAN: &str = "\
Examples:
  # Read it now
  slant man | man -l -

  # Install a page per subcommand
  slant man --dir ~/.local/share/man/man1";

pub const RERUN: &str = "\
Examples:
  # Can the committed seed report be reproduced here, byte for byte?
  slant rerun reports/seeds

  # Keep the new run to look at what differs
  slant rerun reports/seeds --out seeds-again";

pub const EVALUATE: &str = "\
Examples:
  # A model trained on some outlets, judged on labelled articles of others
  slant evaluate --model model.json --labels held_out_labels.csv held_out.jsonl

  # The same as JSON: accuracy, macro-F1 with its interval, confusion matrix
  slant evaluate --model model.json --labels held_out_labels.csv held_out.jsonl --json";

pub const MAP: &str = "\
Examples:
  # Phase 1 on every shard: what finding boilerplate and copies needs
  slant map seeds --repeats-only -o repeats.gz

  # Phase 2, with the merged phase-1 partials of the whole corpus
  slant map seeds --repeats repeats.gz -o part.gz

  # The second shard of a corpus, whose first 5000 documents are in the first
  slant map corpus.2.jsonl --first-record 5000 --repeats repeats.gz -o part2.gz

  # Phase 1 bounded: each shard's proposed lines, then (merged) their exact counts
  slant map corpus.1.jsonl --repeats-only --propose-lines -o corpus.lines1.gz
  slant map corpus.1.jsonl --repeats-only --line-candidates corpus.lines.gz -o corpus.repeats1.gz";

pub const MERGE: &str = "\
Examples:
  # One partial stays itself, in canonical form
  slant merge part.gz -o merged.gz

  # Shards in any order and grouping give the same bytes
  slant merge corpus.part3.gz corpus.part1.gz corpus.part2.gz -o corpus.merged.gz

  # Phase-1 partials merged to their decisions alone, for map --repeats
  slant merge corpus.repeats1.gz corpus.repeats2.gz --decide -o corpus.decided.gz";

pub const REPORT: &str = "\
Examples:
  # The report folder of a merged partial, naming the corpus it came from
  slant report merged.gz --out reports/seeds-mapped --input-name seeds

  # Tables only, with fewer bootstrap draws
  slant report merged.gz --out seeds-quick --no-charts --bootstrap 200";
