//! Contrast of the report's text colours on their backgrounds, read from the template's
//! CSS and the charts' constants, against WCAG 2's 4.5:1 for body text; and the page's
//! one script, pinned by its hash in the Content-Security-Policy.

use super::charts::{self, heatmap, process_map::SCALE};

const TEMPLATE: &str = include_str!("templates/report.html");

/// Relative luminance of `#rrggbb` (WCAG 2).
fn luminance(hex: &str) -> f64 {
    let h = hex.trim_start_matches('#');
    let h = if h.len() == 3 {
        h.chars().flat_map(|c| [c, c]).collect::<String>()
    } else {
        h.to_string()
    };
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&h[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// The contrast ratio of two colours, 1 to 21.
fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The value of CSS custom property `--name` in the template.
fn var(name: &str) -> String {
    let key = format!("--{name}:");
    let at = TEMPLATE
        .find(&key)
        .unwrap_or_else(|| panic!("{key} in the template"))
        + key.len();
    TEMPLATE[at..].split(';').next().unwrap().trim().to_string()
}

/// The value of `property` in the first rule whose selector is `selector`.
fn rule(selector: &str, property: &str) -> String {
    let at = TEMPLATE
        .find(&format!("{selector} {{"))
        .unwrap_or_else(|| panic!("{selector}"));
    let body = &TEMPLATE[at..at + TEMPLATE[at..].find('}').unwrap()];
    let key = format!("{property}:");
    let from = body
        .find(&key)
        .unwrap_or_else(|| panic!("{selector} {property}"))
        + key.len();
    let v = body[from..].split(';').next().unwrap().trim();
    match v.strip_prefix("var(--") {
        Some(name) => var(name.trim_end_matches(')')),
        None => v.to_string(),
    }
}

#[test]
fn the_contrast_of_worked_examples_matches_wcag() {
    assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
}

#[test]
fn page_text_reaches_4_5_to_1_on_every_background_it_sits_on() {
    let (fg, muted, warn) = (var("fg"), var("muted"), var("warn"));
    let backgrounds = [
        "#ffffff".to_string(),
        var("soft"),
        rule(".summary", "background"),
    ];
    let link = rule("a", "color");
    for bg in &backgrounds {
        for (name, c) in [
            ("text", &fg),
            ("muted", &muted),
            ("warn", &warn),
            ("link", &link),
        ] {
            let r = contrast(c, bg);
            assert!(r >= 4.5, "{name} {c} on {bg}: {r:.2}");
        }
    }
    let callout = rule(".callout", "background");
    assert!(contrast(&fg, &callout) >= 4.5);
    for v in [
        ".verdict.met",
        ".verdict.weak",
        ".verdict.miss",
        ".verdict.none",
    ] {
        let (c, bg) = (rule(v, "color"), rule(v, "background"));
        assert!(contrast(&c, &bg) >= 4.5, "{v}: {c} on {bg}");
    }
}

#[test]
fn chart_text_and_heatmap_labels_reach_4_5_to_1() {
    for c in [charts::INK, charts::MUTED] {
        assert!(contrast(c, "#ffffff") >= 4.5, "{c}");
    }
    for fill in SCALE.iter().chain(&["#cccccc"]) {
        let text = heatmap::text_on(fill);
        let r = contrast(text, fill);
        assert!(r >= 4.5, "heatmap label {text} on {fill}: {r:.2}");
    }
}

/// The page's one script is allowed by its hash, so no other inline script (from an
/// input that escaped escaping) could run; the page works without it.
#[test]
fn the_only_script_is_pinned_by_its_hash_in_the_content_security_policy() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let (open, close) = ("<script>", "</script>");
    assert_eq!(TEMPLATE.matches(open).count(), 1, "one script");
    let body = &TEMPLATE[TEMPLATE.find(open).unwrap() + open.len()..TEMPLATE.find(close).unwrap()];
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
    let csp = format!("script-src 'sha256-{hash}';");
    assert!(
        TEMPLATE.contains(&csp),
        "the CSP must allow exactly this script: {csp}"
    );
    assert!(!TEMPLATE.contains("script-src 'unsafe-inline'"));
    // It only enhances: tables stay in the markup, nothing is loaded or written.
    for banned in [
        "fetch(",
        "XMLHttpRequest",
        "innerHTML",
        "document.write",
        "eval(",
        "src=",
    ] {
        assert!(!body.contains(banned), "the script uses {banned}");
    }
    assert!(
        !body.contains("{{") && !body.contains("{%"),
        "no template text inside"
    );
}
