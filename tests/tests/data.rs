//! The data loaders on the real fetched data (`./ferrolab data fetch`, run by setup):
//! counts, shapes, label ranges, checksums, and clear errors for damaged copies.
//!
//! Every set, the model weights (MiniLM, SmolLM2) included, is installed by the setup that
//! `ferrolab test` runs (`./ferrolab data fetch --all`), so these tests need no extra step.

#![allow(clippy::unwrap_used)] // a panic in a test is a failed test

use ferrolab::data::catalogue as store;
use ferrolab::data::{self, DataDir, Table};
use ferrolab::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh folder under the system's temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("ferrolab-data-test-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copy installed sets into a fresh data directory, so a test can damage them.
fn copy_sets(sets: &[&str]) -> TempDir {
    let temp = TempDir::new();
    let source = DataDir::default();
    for set in sets {
        let from = source.root().join(set);
        assert!(
            from.join("receipt.json").exists(),
            "{set} is not installed: run `./ferrolab data fetch {set}`"
        );
        let to = temp.path().join(set);
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(&from).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
    temp
}

fn truncate(path: &Path, keep: u64) {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .unwrap()
        .set_len(keep)
        .unwrap();
}

fn flip_last_byte(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x20;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn every_set_setup_installs_matches_its_checksums() {
    let root = DataDir::default();
    for spec in store::catalogue().sets.iter().filter(|s| !s.large) {
        let problems = store::verify_set(root.root(), &spec.name).unwrap();
        assert!(problems.is_empty(), "{}: {problems:?}", spec.name);
    }
}

#[test]
fn mnist_subset_has_a_fixed_8000_2000_split_over_all_digits() {
    let mnist = data::mnist().unwrap();
    assert!(mnist.name.contains("subset"), "{}", mnist.name);
    assert_eq!(mnist.train.images.dim(), (8000, 28, 28));
    assert_eq!(mnist.test.images.dim(), (2000, 28, 28));
    assert_eq!(mnist.train.labels.len(), 8000);
    for split in [&mnist.train, &mnist.test] {
        let mut counts = [0usize; 10];
        for &label in &split.labels {
            counts[label] += 1;
        }
        // Every digit is well represented in both splits (the shuffle is not stratified).
        assert!(counts.iter().all(|&c| c > split.len() / 20), "{counts:?}");
        let (lo, hi) = split
            .images
            .iter()
            .fold((f32::MAX, f32::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        assert_eq!((lo, hi), (0.0, 1.0));
    }
    // Ink sits in the middle of the 28x28 frame, as in the original MNIST.
    let centre = mnist
        .train
        .images
        .slice(s![.., 10..18, 10..18])
        .mean()
        .unwrap();
    let border = mnist.train.images.slice(s![.., 0..2, ..]).mean().unwrap();
    assert!(
        centre > 0.2 && border < 0.01,
        "centre {centre}, border {border}"
    );
    assert_eq!(mnist.train.flattened().dim(), (8000, 784));
}

#[test]
fn fashion_mnist_is_the_full_balanced_set() {
    let fashion = data::fashion_mnist().unwrap();
    assert_eq!(fashion.train.images.dim(), (60000, 28, 28));
    assert_eq!(fashion.test.images.dim(), (10000, 28, 28));
    let mut counts = [0usize; 10];
    for &label in &fashion.train.labels {
        counts[label] += 1;
    }
    assert_eq!(counts, [6000; 10]);
    assert_eq!(fashion.train.classes[9], "Ankle boot");
}

/// A named DataFrame loader such as `data::titanic`.
type Loader = fn() -> data::Result<DataFrame>;

#[test]
fn dataframes_have_the_documented_shapes() {
    let expected: [(&str, Loader, (usize, usize)); 16] = [
        ("iris", data::iris, (150, 5)),
        ("wine", data::wine, (178, 14)),
        ("breast-cancer", data::breast_cancer, (569, 31)),
        ("diabetes", data::diabetes, (442, 11)),
        ("digits", data::digits, (1797, 65)),
        ("titanic", data::titanic, (1309, 6)),
        ("ames", data::ames, (2930, 74)),
        ("boston", data::boston, (506, 14)),
        ("movielens", data::movielens, (100_004, 7)),
        ("air-passengers", data::air_passengers, (144, 2)),
        ("sunspots", data::sunspots, (2820, 2)),
        ("eu-stock-markets", data::eu_stock_markets, (1860, 4)),
        ("stocks", data::stocks, (560, 3)),
        ("sp500", data::sp500, (5105, 7)),
        ("seattle-weather", data::seattle_weather, (1461, 6)),
        ("co2", data::co2, (741, 3)),
    ];
    for (name, load, shape) in expected {
        assert_eq!(load().unwrap().shape(), shape, "{name}");
    }
    let titanic = data::titanic().unwrap();
    assert_eq!(titanic.column("age").unwrap().null_count(), 263);
    let iris_target = data::iris()
        .unwrap()
        .column("target")
        .unwrap()
        .as_materialized_series()
        .clone();
    assert_eq!(
        (
            iris_target.min::<i64>().unwrap(),
            iris_target.max::<i64>().unwrap()
        ),
        (Some(0), Some(2))
    );
    assert_eq!(
        data::table("sp500", "sp500-monthly.csv").unwrap().shape(),
        (123, 2)
    );
    let emails = data::table("spam-assassin", "emails.csv").unwrap();
    assert_eq!(
        emails.shape(),
        (6046, 4),
        "multi-line quoted email bodies parse as one row each"
    );
}

#[test]
fn light_tables_need_no_polars() {
    let titanic = Table::load("titanic").unwrap();
    assert_eq!((titanic.n_rows(), titanic.n_columns()), (1309, 6));
    assert_eq!(
        titanic
            .numbers("age")
            .unwrap()
            .iter()
            .filter(|a| a.is_nan())
            .count(),
        263
    );
    assert_eq!(
        titanic
            .text("pclass")
            .unwrap()
            .iter()
            .filter(|c| *c == "1st")
            .count(),
        323
    );
    let boston = Table::load("boston").unwrap();
    let x = boston.to_array(&["rm", "lstat"]).unwrap();
    assert_eq!(x.dim(), (506, 2));
    let medv = boston.numbers("medv").unwrap();
    assert!(medv.iter().all(|v| (5.0..=50.0).contains(v)));
}

#[test]
fn text_sets_have_their_documented_sizes() {
    let moby = data::moby_dick().unwrap();
    assert_eq!(moby.chars().count(), 1_189_652);
    let alphabet: std::collections::BTreeSet<char> = moby.chars().collect();
    assert_eq!(alphabet.len(), 81);
    assert!(moby.starts_with("CHAPTER 1. Loomings.\n\nCall me Ishmael."));

    let emails = data::spam_assassin().unwrap();
    assert_eq!(emails.len(), 6046);
    assert_eq!(emails.iter().filter(|e| e.spam).count(), 1896);
    assert!(
        emails.iter().all(|e| e.text.contains("\n\n")),
        "each email has headers and a body"
    );

    let afinn = data::afinn().unwrap();
    assert_eq!(afinn.len(), 2477);
    assert_eq!((afinn["good"], afinn["bad"]), (3, -3));

    let lexicon = data::opinion_lexicon().unwrap();
    assert_eq!(
        (lexicon.positive.len(), lexicon.negative.len()),
        (2006, 4783)
    );
    assert!(lexicon.positive.contains(&"elegant".to_string()));
}

#[test]
fn chinese_reviews_are_distinct_trimmed_and_labelled_once() {
    let reviews = data::chinese_reviews().unwrap();
    let positive = reviews.iter().filter(|r| r.positive).count();
    assert_eq!((positive, reviews.len() - positive), (8332, 9031));
    let texts: std::collections::HashSet<&str> = reviews.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts.len(), reviews.len(), "each text once, in one class");
    assert!(reviews
        .iter()
        .all(|r| !r.text.is_empty() && r.text.trim() == r.text));
    assert!(
        reviews[..positive].iter().all(|r| r.positive),
        "positives first"
    );
    let characters: std::collections::HashSet<char> =
        reviews.iter().flat_map(|r| r.text.chars()).collect();
    assert_eq!(characters.len(), 4615);
    // The raw files keep every line: about half repeat another, and one is blank.
    let raw = DataDir::default();
    let lines = |file: &str| {
        raw.read_text("chinese-reviews", file)
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!((lines("pos.txt"), lines("neg.txt")), (16_548, 18_576));
}

#[test]
fn a_damaged_review_file_names_itself_and_the_repair() {
    let temp = copy_sets(&["chinese-reviews"]);
    flip_last_byte(&temp.path().join("chinese-reviews/pos.txt"));
    let err = DataDir::at(temp.path())
        .chinese_reviews()
        .unwrap_err()
        .to_string();
    assert!(err.contains("pos.txt") && err.contains("sha256"), "{err}");
    assert!(
        err.contains("./ferrolab data fetch chinese-reviews --force"),
        "{err}"
    );
    let installed = DataDir::default().root().join("chinese-reviews");
    let copy = temp.path().join("chinese-reviews");
    std::fs::copy(installed.join("pos.txt"), copy.join("pos.txt")).unwrap();
    std::fs::remove_file(copy.join("neg.txt")).unwrap();
    let err = DataDir::at(temp.path())
        .chinese_reviews()
        .unwrap_err()
        .to_string();
    assert!(err.contains("neg.txt") && err.contains("missing"), "{err}");
    std::fs::remove_dir_all(temp.path().join("chinese-reviews")).unwrap();
    let err = DataDir::at(temp.path())
        .chinese_reviews()
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "data set `chinese-reviews` is not installed; run `./ferrolab data fetch chinese-reviews`"
    );
}

#[test]
fn glove_vectors_line_up_with_their_words() {
    let glove = data::glove().unwrap();
    assert_eq!(glove.vectors.dim(), (400_000, 50));
    assert_eq!(&glove.words[..3], ["the", ",", "."]);
    let cosine = |a: &str, b: &str| {
        let (a, b) = (glove.vector(a).unwrap(), glove.vector(b).unwrap());
        a.dot(&b) / (a.dot(&a).sqrt() * b.dot(&b).sqrt())
    };
    // If vocabulary and rows were misaligned, related words would not be close.
    assert!(cosine("king", "queen") > 0.7, "{}", cosine("king", "queen"));
    assert!(cosine("king", "queen") > cosine("king", "carrot") + 0.4);
    assert!(cosine("paris", "france") > cosine("paris", "banana"));
}

#[test]
fn shakespeare_works_are_the_files_unchanged() {
    let hamlet = data::shakespeare_play("hamlet").unwrap();
    assert_eq!(hamlet.chars().count(), 173_942);
    assert!(hamlet.starts_with("HAMLET, PRINCE OF DENMARK\n\nby William Shakespeare\n"));
    assert!(hamlet.ends_with("ordnance is shot off.]"));
    // Exactly the installed file: the SmolLM2 perplexity anchor is measured on it.
    let file = DataDir::default()
        .file("shakespeare", "hamlet_gut.txt")
        .unwrap();
    assert_eq!(hamlet.as_bytes(), std::fs::read(file).unwrap());
    assert_eq!(
        data::shakespeare_play("Romeo and Juliet").unwrap().len(),
        141_753
    );

    let all = data::shakespeare().unwrap();
    assert_eq!(data::SHAKESPEARE_WORKS.len(), 42);
    assert_eq!(all.chars().count(), 5_057_198 + 41 * 2);
    let alphabet: std::collections::BTreeSet<char> = all.chars().collect();
    assert_eq!(alphabet.len(), 84);
    assert!(all.is_ascii());
    assert!(all.starts_with("ALL'S WELL THAT ENDS WELL"));
    assert!(all.contains(&format!("\n\n{hamlet}\n\n")));

    let err = data::shakespeare_play("hamlett").unwrap_err().to_string();
    assert!(
        err.contains("no Shakespeare work called `hamlett`") && err.contains("macbeth, "),
        "{err}"
    );
}

#[test]
fn word_vector_tests_have_their_published_sizes() {
    let analogies = data::analogies().unwrap();
    assert_eq!(analogies.len(), 19_544);
    let sections: Vec<&str> = analogies
        .iter()
        .map(|q| q.section.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(sections.len(), 14);
    let semantic = analogies
        .iter()
        .filter(|q| !q.section.starts_with("gram"))
        .count();
    assert_eq!((semantic, analogies.len() - semantic), (8_869, 10_675));
    let first = &analogies[0];
    assert_eq!(
        (
            first.section.as_str(),
            [&first.a, &first.b, &first.c, &first.d]
        ),
        (
            "capital-common-countries",
            [
                &"Athens".to_string(),
                &"Greece".into(),
                &"Baghdad".into(),
                &"Iraq".into()
            ]
        )
    );
    assert_eq!(analogies.last().unwrap().section, "gram9-plural-verbs");

    for (pairs, n, first) in [
        (data::wordsim353().unwrap(), 353, ("love", "sex", 6.77)),
        (data::simlex999().unwrap(), 999, ("old", "new", 1.58)),
    ] {
        assert_eq!(pairs.len(), n);
        assert_eq!(
            (pairs[0].a.as_str(), pairs[0].b.as_str(), pairs[0].score),
            first
        );
        assert!(pairs.iter().all(|p| (0.0..=10.0).contains(&p.score)));
    }
}

#[test]
fn fortunes_zh_poems_are_clean_utf8() {
    let poems = data::chinese_poems().unwrap();
    assert_eq!(poems.len(), 408);
    let tang = poems.iter().filter(|p| p.collection == "tang300").count();
    assert_eq!((tang, poems.len() - tang), (313, 95));
    let text_chars: usize = poems.iter().map(|p| p.text.chars().count()).sum();
    assert_eq!(text_chars, 31_044);
    assert_eq!(
        (poems[0].title.as_str(), poems[0].author.as_str()),
        ("《感遇・其一》", "张九龄")
    );
    assert!(poems[0].text.starts_with("兰叶春葳蕤，桂华秋皎洁。\n"));
    let song = &poems[tang];
    assert_eq!(
        (song.title.as_str(), song.author.as_str()),
        ("《塞上》", "柳开")
    );
    assert_eq!(poems.iter().filter(|p| p.author == "杜甫").count(), 39);
    assert!(poems
        .iter()
        .all(|p| !p.text.is_empty() && !p.text.contains('\u{1b}') && !p.author.is_empty()));

    let items = data::fortunes_zh("chinese").unwrap();
    assert_eq!(items.len(), 5_263);
    assert_eq!(
        items.iter().map(|i| i.chars().count()).sum::<usize>(),
        951_562
    );
    let whole = DataDir::default()
        .read_text("fortunes-zh", "chinese.txt")
        .unwrap();
    assert_eq!(whole.chars().count(), 967_353);
    let alphabet: std::collections::BTreeSet<char> = whole.chars().collect();
    assert_eq!(alphabet.len(), 5_964);
    assert!(!whole.contains('\u{1b}'), "colour codes are stripped");
    let err = data::fortunes_zh("tang").unwrap_err().to_string();
    assert!(err.contains("tang300, song100, chinese"), "{err}");
}

#[test]
fn sample_images_are_rgb_photos() {
    for name in ["china", "flower"] {
        let image = data::sample_image(name).unwrap();
        assert_eq!(image.dim(), (427, 640, 3));
        let mean = image.mean().unwrap();
        assert!((0.2..0.8).contains(&mean), "{name}: mean {mean}");
    }
    assert!(data::sample_image("mona-lisa")
        .unwrap_err()
        .to_string()
        .contains("china, flower"));
}

#[test]
fn a_missing_set_says_what_to_run() {
    let empty = TempDir::new();
    let err = DataDir::at(empty.path())
        .table("titanic", "titanic.csv")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "data set `titanic` is not installed; run `./ferrolab data fetch titanic`"
    );
    let err = DataDir::at(empty.path()).mnist().unwrap_err().to_string();
    assert!(err.contains("./ferrolab data fetch mnist"), "{err}");
}

#[test]
fn a_truncated_copy_names_the_file_and_the_repair() {
    let temp = copy_sets(&["mnist", "glove-50d"]);
    let images = temp.path().join("mnist/t10k-images-idx3-ubyte");
    truncate(&images, 1000);
    let err = DataDir::at(temp.path()).mnist().unwrap_err().to_string();
    assert!(err.contains("t10k-images-idx3-ubyte"), "{err}");
    assert!(
        err.contains("truncated: 1000 bytes, expected 1568016"),
        "{err}"
    );
    assert!(err.contains("./ferrolab data fetch mnist --force"), "{err}");

    truncate(&temp.path().join("glove-50d/vectors.npy"), 4096);
    let err = DataDir::at(temp.path()).glove().unwrap_err().to_string();
    assert!(
        err.contains("vectors.npy") && err.contains("./ferrolab data fetch glove-50d --force"),
        "{err}"
    );
}

#[test]
fn a_changed_byte_fails_the_checksum() {
    let temp = copy_sets(&["iris", "moby-dick"]);
    flip_last_byte(&temp.path().join("iris/iris.csv"));
    let err = DataDir::at(temp.path())
        .table("iris", "iris.csv")
        .unwrap_err()
        .to_string();
    assert!(err.contains("iris.csv") && err.contains("sha256"), "{err}");
    assert!(err.contains("./ferrolab data fetch iris --force"), "{err}");
    flip_last_byte(&temp.path().join("moby-dick/moby-dick.txt"));
    assert!(DataDir::at(temp.path())
        .moby_dick()
        .unwrap_err()
        .to_string()
        .contains("moby-dick.txt"));
    let problems = store::verify_set(temp.path(), "iris").unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
}

#[test]
fn a_full_mnist_in_mnist_full_replaces_the_subset() {
    // Fashion-MNIST has MNIST's exact format and size: it stands in for a full MNIST here.
    let temp = TempDir::new();
    let full = temp.path().join("mnist-full");
    std::fs::create_dir_all(&full).unwrap();
    let fashion = DataDir::default().root().join("fashion-mnist");
    for name in [
        "train-images-idx3-ubyte.gz",
        "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx1-ubyte.gz",
    ] {
        std::fs::copy(fashion.join(name), full.join(name)).unwrap();
    }
    let mnist = DataDir::at(temp.path()).mnist().unwrap();
    assert_eq!((mnist.train.len(), mnist.test.len()), (60000, 10000));
    assert!(mnist.name.contains("mnist-full"), "{}", mnist.name);
    std::fs::remove_file(full.join("t10k-labels-idx1-ubyte.gz")).unwrap();
    let err = DataDir::at(temp.path()).mnist().unwrap_err().to_string();
    assert!(
        err.contains("t10k-labels-idx1-ubyte") && err.contains("missing"),
        "{err}"
    );
}

#[test]
fn image_tensors_have_channel_dimension_and_int64_labels() {
    let mnist = data::mnist().unwrap();
    let (images, labels) = mnist.test.to_tensors(Device::Cpu);
    assert_eq!(images.size(), [2000, 1, 28, 28]);
    assert_eq!(labels.kind(), Kind::Int64);
    assert_eq!(labels.int64_value(&[0]), mnist.test.labels[0] as i64);
}

#[test]
fn bpe_vocabularies_come_from_the_crate() {
    let cl100k = data::bpe("cl100k_base").unwrap();
    let ids = cl100k.encode_ordinary("Call me Ishmael.");
    assert_eq!(cl100k.decode(&ids).unwrap(), "Call me Ishmael.");
    assert!(ids.len() < 8, "{ids:?}");
}

#[test]
fn minilm_loads_weights_and_tokenizes_like_bert() {
    let model = data::minilm(Device::Cpu).unwrap();
    assert_eq!(
        (model.config.hidden_size, model.config.num_hidden_layers),
        (384, 6)
    );
    assert_eq!(
        model.tokenizer.encode("Hello, world!"),
        vec![101, 7592, 1010, 2088, 999, 102]
    );
    // Greedy longest match: "una" is in this vocabulary, so BERT's docstring example
    // ("un ##aff ##able", another vocabulary) comes out differently here, as in Hugging Face.
    assert_eq!(
        model.tokenizer.tokenize("unaffable"),
        ["una", "##ffa", "##ble"]
    );
    assert_eq!(
        model.tokenizer.tokenize("Tokenization isn't hard"),
        ["token", "##ization", "isn", "'", "t", "hard"]
    );
    let variables = model.vs.variables();
    let embeddings = &variables["embeddings.word_embeddings.weight"];
    assert_eq!(embeddings.size(), [30522, 384]);
    let parameters: i64 = variables.values().map(|t| t.numel() as i64).sum();
    assert!(
        (22_000_000..23_000_000).contains(&parameters),
        "{parameters}"
    );
}

#[test]
fn smollm2_gguf_lists_tensors_and_metadata() {
    let gguf = data::smollm2().unwrap();
    assert_eq!(gguf.version, 3);
    assert_eq!(gguf.tensors.len(), 272);
    assert_eq!(
        gguf.get("general.architecture").and_then(|v| v.as_str()),
        Some("llama")
    );
    let tokens = gguf
        .get("tokenizer.ggml.tokens")
        .and_then(|v| v.as_array())
        .unwrap();
    assert_eq!(tokens.len(), 49152);
    let embedding = gguf.tensor("token_embd.weight").unwrap();
    assert_eq!(embedding.dims, [576, 49152]);
    let bytes = gguf.tensor_bytes("token_embd.weight").unwrap();
    assert_eq!(bytes.len() as u64, embedding.n_bytes().unwrap());
}
