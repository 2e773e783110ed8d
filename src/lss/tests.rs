//! LSS on small synthetic corpora whose answer is known by construction.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::*;

/// 300 sentences of two kinds: sunny ones hold "good" or the unlisted
/// "sunny", "happy", "bright"; stormy ones "bad" or "storm", "sad",
/// "dark". Every sentence also draws from ten shared words. Document 0
/// is all sunny, document 1 all stormy, document 2 mixed; document 3 has
/// no word at all.
fn corpus(seed: u64) -> SentenceMatrix {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let sunny = ["good", "sunny", "happy", "bright"];
    let stormy = ["bad", "storm", "sad", "dark"];
    let shared: Vec<String> = (0..10).map(|i| format!("shared{i}")).collect();
    let mut sentence = |kind: &[&str]| -> Vec<String> {
        let mut s: Vec<String> = (0..2)
            .map(|_| kind[rng.gen_range(0..kind.len())].to_string())
            .collect();
        s.extend((0..3).map(|_| shared[rng.gen_range(0..shared.len())].clone()));
        s
    };
    let mut b = MatrixBuilder::new();
    b.add_document((0..100).map(|_| sentence(&sunny)).collect());
    b.add_document((0..100).map(|_| sentence(&stormy)).collect());
    b.add_document(
        (0..100)
            .map(|i| sentence(if i % 2 == 0 { &sunny } else { &stormy }))
            .collect(),
    );
    b.add_document(vec![vec![]]);
    b.finish(1)
}

fn seeds() -> SeedSet {
    SeedSet::parse("good,1\nbad,-1\n", "test seeds").unwrap()
}

fn params(k: usize) -> LssValidParams {
    LssParams {
        k,
        ..LssParams::default()
    }
    .check()
    .unwrap()
}

fn polarity_of(model: &LssModel, word: &str) -> f64 {
    let i = model.words.iter().position(|w| w == word).unwrap();
    model.polarity[i]
}

#[test]
fn words_that_share_sentences_with_a_seed_take_its_side() {
    let m = corpus(1);
    let model = fit(&m, &seeds(), &params(3)).unwrap();
    for w in ["sunny", "happy", "bright"] {
        assert!(
            polarity_of(&model, w) > 0.1,
            "{w}: {}",
            polarity_of(&model, w)
        );
    }
    for w in ["storm", "sad", "dark"] {
        assert!(
            polarity_of(&model, w) < -0.1,
            "{w}: {}",
            polarity_of(&model, w)
        );
    }
    // The shared words sit between the two sides.
    let shared = polarity_of(&model, "shared3").abs();
    assert!(shared < polarity_of(&model, "sunny"), "shared3: {shared}");
}

#[test]
fn documents_follow_their_words_and_are_standardized() {
    let m = corpus(2);
    let model = fit(&m, &seeds(), &params(3)).unwrap();
    let docs = score_documents(&m, &model);
    assert_eq!(docs.len(), 4);
    let z: Vec<f64> = docs[..3].iter().map(|d| d.z.unwrap()).collect();
    assert!(z[0] > z[2] && z[2] > z[1], "{z:?}");
    // z-scores of the three scored documents: mean 0, sample sd 1.
    let mean = z.iter().sum::<f64>() / 3.0;
    let var = z.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 2.0;
    assert!(mean.abs() < 1e-12 && (var - 1.0).abs() < 1e-12);
    assert_eq!(
        docs[3],
        DocScore::default(),
        "a document without words has no score"
    );
    assert_eq!(docs[0].words, 500);
}

#[test]
fn same_seed_same_model_whatever_the_threads() {
    let m = corpus(3);
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| fit(&m, &seeds(), &params(3)).unwrap())
    };
    let (a, b) = (run(1), run(2));
    assert_eq!(a.polarity, b.polarity);
    assert_eq!(a.singular_values, b.singular_values);
}

#[test]
fn a_pole_without_seeds_in_the_corpus_is_an_error() {
    let m = corpus(4);
    let s = SeedSet::parse("good,1\nnowhere,-1\n", "s").unwrap();
    let e = fit(&m, &s, &params(3)).unwrap_err().to_string();
    assert!(e.contains("negative pole") && e.contains("nowhere"), "{e}");
}

#[test]
fn bad_params_name_their_field() {
    let e = LssParams {
        k: 1,
        ..LssParams::default()
    }
    .check()
    .unwrap_err();
    assert_eq!(e.field, "lss.k");
}
