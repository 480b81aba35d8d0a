//! What the inbound filters cost per message: the spam keywords compiled into one
//! automaton ([`SpamMatcher`]) at 100 keywords, in each matching mode, beside checking
//! the keywords one by one as a loop of `contains` would; and the auto-reply patterns.
//! Single-threaded, in memory: no database, no HTTP. See `scripts/bench.sh`.

use app::domain::{
    auto_reply::AutoReplyDetector,
    spam::{SpamMatcher, SpamOptions},
};
use std::{hint::black_box, time::Instant};

/// Keywords in the filter.
const KEYWORDS: usize = 100;
/// Messages checked per mode.
const MESSAGES: usize = 200_000;

/// Indonesian-looking phrases, none of which the sample messages contain, so every
/// message is checked against all of them (the common case: most messages pass).
fn keywords() -> Vec<String> {
    let words = [
        "promo",
        "gratis",
        "diskon",
        "hadiah",
        "undian",
        "pinjaman",
        "investasi",
        "bonus",
        "cashback",
        "voucher",
    ];
    (0..KEYWORDS)
        .map(|i| format!("{} {} {i}", words[i % 10], words[(i / 10) % 10]))
        .collect()
}

/// Messages as customers write them: 40 to 200 characters, some emoji.
fn messages() -> Vec<String> {
    let samples = [
        "Halo kak, sepatu yang hitam ukuran 42 masih ada? Kalau ada saya mau pesan dua 🙏",
        "Selamat pagi, pesanan saya nomor INV-2291 sudah dikirim belum ya?",
        "Kak, bisa COD ke Bekasi? Ongkirnya berapa? Terima kasih banyak sebelumnya 😊",
        "Saya mau tanya harga grosir untuk 3 lusin kaos polos warna navy, bisa kirim katalog?",
        "ok",
    ];
    (0..MESSAGES)
        .map(|i| samples[i % samples.len()].to_owned())
        .collect()
}

/// Runs `check` over every message and prints nanoseconds per message.
fn measure(label: &str, texts: &[String], check: impl Fn(&str) -> bool) {
    let started = Instant::now();
    let mut hits = 0usize;
    for text in texts {
        hits += usize::from(check(black_box(text)));
    }
    let per = started.elapsed().as_nanos() as f64 / texts.len() as f64;
    println!("{label:<58} {per:>8.0} ns/message ({hits} matched)");
}

fn main() {
    let keywords = keywords();
    let texts = messages();
    println!(
        "{} keywords, {} messages of {}–{} characters",
        keywords.len(),
        texts.len(),
        texts.iter().map(|t| t.chars().count()).min().unwrap_or(0),
        texts.iter().map(|t| t.chars().count()).max().unwrap_or(0)
    );
    for (label, options) in [
        (
            "spam, automaton: case-insensitive, partial (default)",
            SpamOptions::default(),
        ),
        (
            "spam, automaton: case-insensitive, whole words",
            SpamOptions {
                case_insensitive: true,
                partial_match: false,
            },
        ),
        (
            "spam, automaton: exact case, partial",
            SpamOptions {
                case_insensitive: false,
                partial_match: true,
            },
        ),
    ] {
        let matcher = SpamMatcher::new(keywords.iter().cloned(), options);
        measure(label, &texts, |t| matcher.find(t).is_some());
    }
    let lowered: Vec<String> = keywords.iter().map(|k| k.to_lowercase()).collect();
    measure(
        "spam, one keyword at a time (lower-case + contains)",
        &texts,
        |t| {
            let hay = t.to_lowercase();
            lowered.iter().any(|k| hay.contains(k.as_str()))
        },
    );
    let detector = AutoReplyDetector::with_defaults();
    measure(
        "auto-reply, the 5 default patterns (one RegexSet)",
        &texts,
        |t| detector.is_auto_reply(t),
    );
    let started = Instant::now();
    for _ in 0..100 {
        black_box(SpamMatcher::new(
            keywords.iter().cloned(),
            SpamOptions::default(),
        ));
    }
    println!(
        "{:<58} {:>8.0} µs (once per change, not per message)",
        "building the automaton of 100 keywords",
        started.elapsed().as_micros() as f64 / 100.0
    );
}
