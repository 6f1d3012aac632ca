//! Hostile input through the whole validator (`Validator::check`): XML bombs,
//! external entities, 1000-deep nesting, binary garbage. Each gives a clear
//! finding code — never a panic — and the peak heap stays bounded (measured
//! with a counting global allocator; this file holds one test so that nothing
//! else allocates concurrently).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use podpis_validator::{compile_files, CheckOptions, Validator};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn validator() -> Validator {
    let mut files = BTreeMap::new();
    files.insert("cyr/main.xsd".to_string(), include_bytes!("fixtures/cyr/main.xsd").to_vec());
    files.insert("cyr/types/types.xsd".to_string(), include_bytes!("fixtures/cyr/types/types.xsd").to_vec());
    Validator::new(compile_files(&files).unwrap()).unwrap()
}

/// Deterministic pseudo-random bytes.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

#[test]
fn hostile_inputs_give_clear_errors_in_bounded_memory() {
    let v = validator();
    let laughs = {
        let mut s = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
            s.push_str(&format!("<!ENTITY lol{i} \"{}\">\n", format!("&{prev};").repeat(10)));
        }
        s.push_str("]>\n<Отчет xmlns=\"http://тест.рф/Отчет/2026\">&lol9;</Отчет>\n");
        s.into_bytes()
    };
    const ROOT: &str = "<Отчет xmlns=\"http://тест.рф/Отчет/2026\">";
    let quadratic = format!(
        "<!DOCTYPE a [<!ENTITY x \"{}\">]>\n{ROOT}{}</Отчет>",
        "x".repeat(100_000),
        "&x;".repeat(100_000)
    )
    .into_bytes();
    let xxe = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n{ROOT}&x;</Отчет>").into_bytes();
    let param = format!("<!DOCTYPE a [<!ENTITY % p \"<!ENTITY x 'y'>\"> %p;]>\n{ROOT}&x;</Отчет>").into_bytes();
    let undeclared = format!("{ROOT}&lol9;</Отчет>").into_bytes();
    let deep = |n: usize| format!("<Отчет xmlns=\"http://тест.рф/Отчет/2026\">{}{}</Отчет>", "<Реквизиты>".repeat(n), "</Реквизиты>".repeat(n)).into_bytes();
    let unclosed_deep = format!("{ROOT}{}", "<a>".repeat(1_000_000)).into_bytes();
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(noise(1 << 20, 7));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("<a>текст</a>".encode_utf16().flat_map(|u| u.to_le_bytes()));
    // (label, input, the finding that must be there, other codes allowed besides XSD_* ones).
    let cases: Vec<(&str, Vec<u8>, &str, &[&str])> = vec![
        ("billion laughs", laughs, "XML_DTD", &[]),
        ("quadratic blowup", quadratic, "XML_DTD", &[]),
        ("external entity", xxe, "XML_DTD", &[]),
        ("parameter entity", param, "XML_DTD", &[]),
        ("undeclared entity", undeclared, "XML_MALFORMED", &[]),
        ("1000-deep nesting", deep(1000), "XML_TOO_DEEP", &[]),
        ("1 000 000 unclosed start tags", unclosed_deep, "XML_TOO_DEEP", &[]),
        ("unknown root with a DTD", b"<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>".to_vec(), "XML_DTD", &[]),
        ("1 MiB of noise", noise(1 << 20, 42), "XML_MALFORMED", &[]),
        ("PNG", png, "XML_MALFORMED", &[]),
        ("NUL bytes", vec![0u8; 1 << 20], "XML_MALFORMED", &[]),
        ("UTF-16 with BOM, unknown root", utf16, "FORM_UNKNOWN", &[]),
        ("invalid UTF-8", b"<\xd0".to_vec(), "XML_ENCODING", &[]),
        ("empty", Vec::new(), "XML_MALFORMED", &[]),
    ];
    let mut problems = Vec::new();
    for (label, bytes, required, allowed) in cases {
        let base = CURRENT.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let report = v.check(&bytes, &CheckOptions::default());
        let peak = PEAK.load(Ordering::Relaxed) - base;
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        if !codes.contains(&required) || !codes.iter().all(|c| *c == required || c.starts_with("XSD_") || allowed.contains(c)) {
            problems.push(format!("{label}: codes {codes:?}, expected {required}"));
        }
        if report.findings.iter().any(|f| f.message.is_empty()) {
            problems.push(format!("{label}: empty message"));
        }
        // Bounded: a few times the input plus a fixed allowance, whatever the entities would expand to.
        let bound = 4 * bytes.len() + (8 << 20);
        println!("{label}: {} bytes in, peak heap {} KiB, {codes:?}", bytes.len(), peak / 1024);
        if peak > bound {
            problems.push(format!("{label}: peak heap {peak} > {bound}"));
        }
    }
    // Nesting just under the limit is fine (no stack exhaustion on the way).
    let under = deep(250);
    let r = v.check(&under, &CheckOptions::default());
    assert!(r.findings.iter().all(|f| f.code != "XML_TOO_DEEP"), "{:?}", r.findings.first());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
