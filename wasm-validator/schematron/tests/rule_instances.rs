//! Real embedded rules (taken verbatim from the shared TSV by line number)
//! on small hand-written instances: each has a passing and a failing case.

mod common;

use podpis_schematron::{Document, Env, FindingKind, RuleSet};

/// Evaluates TSV line `line` (1-based, header is line 1) on `xml`; returns
/// the element paths of failed contexts.
fn failures(line: usize, xml: &str) -> Option<Vec<String>> {
    let dir = common::formats_dir()?;
    let rows = common::tsv_rules(&dir);
    let (_, rule) = rows[line - 2].clone();
    let set = RuleSet::compile([rule]);
    assert_eq!(set.not_checked().count(), 0);
    let doc = Document::parse_str(xml).unwrap();
    let env = Env { file_name: Some("NO_X_1.xml".into()) };
    let f = set.evaluate(&doc, &env);
    let filtered = set.evaluate(&Document::parse_str_filtered(xml, Some(set.name_filter())).unwrap(), &env);
    assert_eq!(f, filtered);
    assert!(common::stream_vs_whole(&set, xml, &env).is_ok(), "streaming was not exact on {xml}");
    assert!(f.iter().all(|x| x.kind == FindingKind::Failed), "{f:?}");
    Some(f.into_iter().map(|x| x.element_path).collect())
}

fn passes(line: usize, xml: &str) {
    if let Some(f) = failures(line, xml) {
        assert!(f.is_empty(), "line {line} should pass on {xml}: {f:?}");
    }
}

fn fails(line: usize, xml: &str, path: &str) {
    if let Some(f) = failures(line, xml) {
        assert_eq!(f, vec![path.to_owned()], "line {line} on {xml}");
    }
}

#[test]
fn file_name_equals_id() {
    passes(2, r#"<Файл ИдФайл="NO_X_1"/>"#);
    fails(2, r#"<Файл ИдФайл="NO_X_2"/>"#, "Файл");
    fails(2, r#"<Файл/>"#, "Файл");
}

#[test]
fn korr_number_and_priznak8() {
    passes(42, r#"<Файл><Документ НомКорр="0"/></Файл>"#);
    passes(42, r#"<Файл><Документ НомКорр="1" ПризнСвед8="0"/></Файл>"#);
    fails(42, r#"<Файл><Документ НомКорр="0" ПризнСвед8="1"/></Файл>"#, "Файл/Документ");
    fails(42, r#"<Файл><Документ НомКорр="2"/></Файл>"#, "Файл/Документ");
}

#[test]
fn priznak8_and_purchase_book() {
    passes(43, r#"<Файл><Документ ПризнСвед8="0"><КнигаПокуп/></Документ></Файл>"#);
    passes(43, r#"<Файл><Документ ПризнСвед8="1"/></Файл>"#);
    passes(43, r#"<Файл><Документ/></Файл>"#);
    fails(43, r#"<Файл><Документ ПризнСвед8="0"/></Файл>"#, "Файл/Документ");
    fails(43, r#"<Файл><Документ ПризнСвед8="1"><КнигаПокуп/></Документ></Файл>"#, "Файл/Документ");
}

#[test]
fn okopf_requires_finrez() {
    passes(69, r#"<Файл><Документ><СвНП ОКОПФ="21200"/></Документ></Файл>"#);
    passes(69, r#"<Файл><Документ><СвНП ОКОПФ="12300"/><ФинРез/></Документ></Файл>"#);
    fails(69, r#"<Файл><Документ><СвНП ОКОПФ="12300"/></Документ></Файл>"#, "Файл/Документ");
}

#[test]
fn report_year_vs_document_date() {
    passes(87, r#"<Файл><Документ ОтчетГод="2025" ДатаДок="09.04.2026"/></Файл>"#);
    fails(87, r#"<Файл><Документ ОтчетГод="2027" ДатаДок="09.04.2026"/></Файл>"#, "Файл/Документ");
    fails(87, r#"<Файл><Документ ОтчетГод="2016" ДатаДок="09.04.2026"/></Файл>"#, "Файл/Документ");
    // Absent year: substring('') is NaN in comparisons, so the assert fails.
    fails(87, r#"<Файл><Документ ДатаДок="09.04.2026"/></Файл>"#, "Файл/Документ");
}

#[test]
fn period_letters_require_npfl() {
    passes(88, r#"<Файл><Документ Период="21"><СвНП/></Документ></Файл>"#);
    passes(88, r#"<Файл><Документ Период="AC"><СвНП><НПФЛ/></СвНП></Документ></Файл>"#);
    fails(88, r#"<Файл><Документ Период="DE"><СвНП/></Документ></Файл>"#, "Файл/Документ/СвНП");
}

#[test]
fn inn_fl_forbidden_values() {
    passes(93, r#"<Файл><НПФЛ ИННФЛ="540309840220"/></Файл>"#);
    // An absent attribute: substring('')='' and ''!=1234567890 compares NaN != number → true.
    passes(93, r#"<Файл><НПФЛ/></Файл>"#);
    fails(93, r#"<Файл><НПФЛ ИННФЛ="771234567890"/></Файл>"#, "Файл/НПФЛ");
    fails(93, r#"<Файл><НПФЛ ИННФЛ="961234567891"/></Файл>"#, "Файл/НПФЛ");
    fails(93, r#"<Файл><НПФЛ ИННФЛ="770000000000"/></Файл>"#, "Файл/НПФЛ");
}

#[test]
fn ogrnip_not_zero() {
    passes(111, r#"<Файл><НПФЛ ОГРНИП="304500116000157"/></Файл>"#);
    fails(111, r#"<Файл><НПФЛ ОГРНИП="300000000000000"/></Файл>"#, "Файл/НПФЛ");
}

#[test]
fn dotted_element_names() {
    let ok = r#"<Р><ОбязПлатСВ><РасчСВ_6.2.431><РасчСВ6.2.431 ПрОМС="1"/></РасчСВ_6.2.431><УплОМС6.2.431/></ОбязПлатСВ></Р>"#;
    passes(123, ok);
    let bad = r#"<Р><ОбязПлатСВ><РасчСВ_6.2.431><РасчСВ6.2.431 ПрОМС="1"/></РасчСВ_6.2.431></ОбязПлатСВ></Р>"#;
    fails(123, bad, "Р/ОбязПлатСВ");
    let bad2 = r#"<Р><ОбязПлатСВ><РасчСВ_6.2.431><РасчСВ6.2.431 ПрОМС="2"/></РасчСВ_6.2.431><УплОМС6.2.431/></ОбязПлатСВ></Р>"#;
    fails(123, bad2, "Р/ОбязПлатСВ");
}

#[test]
fn three_levels_up() {
    let ok = r#"<Д><СвНП><НПФЛ/></СвНП><А><Б><РасчНал2><Стр223Разд2.2/></РасчНал2></Б></А></Д>"#;
    passes(153, ok);
    let bad = r#"<Д><СвНП><НПЮЛ/></СвНП><А><Б><РасчНал2><Стр223Разд2.2/></РасчНал2></Б></А></Д>"#;
    fails(153, bad, "Д/А/Б/РасчНал2");
}

#[test]
fn upd_function_two_up() {
    let ok = r#"<Файл><Документ Функция="СЧФДОП"><СвСчФакт><ДопСвФХЖ1 СпОбстФСЧФДОП="1"/></СвСчФакт></Документ></Файл>"#;
    passes(168, ok);
    let ok2 = r#"<Файл><Документ Функция="ДОП"><СвСчФакт><ДопСвФХЖ1/></СвСчФакт></Документ></Файл>"#;
    passes(168, ok2);
    let bad = r#"<Файл><Документ Функция="СЧФДОП"><СвСчФакт><ДопСвФХЖ1/></СвСчФакт></Документ></Файл>"#;
    fails(168, bad, "Файл/Документ/СвСчФакт/ДопСвФХЖ1");
}

#[test]
fn several_contexts_report_each_element() {
    if let Some(f) = failures(111, r#"<Ф><НПФЛ ОГРНИП="300000000000000"/><НПФЛ ОГРНИП="304500116000157"/><Д><НПФЛ ОГРНИП="300000000000000"/></Д></Ф>"#) {
        assert_eq!(f, vec!["Ф/НПФЛ".to_owned(), "Ф/Д/НПФЛ".to_owned()]);
    }
}
