//! Unit tests of XPath 1.0 semantics: node-set comparisons, NaN, string
//! conversion, predicates, functions, usch: extensions.

use podpis_schematron::{Document, Env, Value, XPath, XPathError};

const DOC: &str = r#"<Файл ИдФайл="NO_TEST_1" ВерсФорм="5.08">
  <Документ КНД="1151111" ДатаДок="09.04.2026" ОтчетГод="2026" ПоМесту="214" Сумма="10.50">
    <СвНП ОКВЭД="62.01"><НПЮЛ ИННЮЛ="7707083893" КПП="770101001"/></СвНП>
    <Стр Н="1" Сум="10"/>
    <Стр Н="2" Сум="20"/>
    <Стр Н="3" Сум="x"/>
    <Текст>  Привет   мир </Текст>
    <Пусто/>
  </Документ>
</Файл>"#;

fn doc() -> Document {
    Document::parse_str(DOC).expect("test document parses")
}

fn env() -> Env {
    Env { file_name: Some("/tmp/NO_TEST_1.xml".into()) }
}

fn ctx(d: &Document) -> podpis_schematron::NodeId {
    let x = XPath::compile("/Файл/Документ").unwrap();
    match x.evaluate(d, d.root(), &env()).unwrap() {
        Value::Nodes(n) => n[0],
        other => panic!("{other:?}"),
    }
}

fn s(expr: &str) -> String {
    let d = doc();
    let c = ctx(&d);
    XPath::compile(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).evaluate_string(&d, c, &env()).unwrap()
}

fn b(expr: &str) -> bool {
    let d = doc();
    let c = ctx(&d);
    XPath::compile(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).evaluate_bool(&d, c, &env()).unwrap()
}

#[test]
fn absent_attribute_comparisons_are_false() {
    assert!(!b("@НетТакого != 9"));
    assert!(!b("@НетТакого = 9"));
    assert!(!b("@НетТакого < 9"));
    assert!(!b("@НетТакого = ''"));
    assert!(b("not(@НетТакого = 9)"));
    assert!(b("@ПоМесту != 9"));
    assert!(b("@ПоМесту = 214"));
    assert!(b("@ПоМесту = '214'"));
}

#[test]
fn node_set_comparisons_are_existential() {
    assert!(b("Стр/@Сум = 20"));
    assert!(b("Стр/@Сум != 20"));
    assert!(b("Стр/@Сум = 'x'"));
    assert!(!b("Стр/@Н = Стр/@Сум"));
    assert!(b("Стр/@Н != Стр/@Сум"));
}

#[test]
fn node_set_vs_node_set() {
    assert!(!b("Стр/@Н = СвНП/@ОКВЭД"));
    assert!(b("Стр/@Н != СвНП/@ОКВЭД"));
    assert!(b("Стр/@Сум > Стр/@Н"));
    assert!(!b("Стр/@Н > Стр/@Сум"));
}

#[test]
fn node_set_vs_boolean() {
    assert!(b("Стр = true()"));
    assert!(b("Нет = false()"));
    assert!(!b("Нет = true()"));
}

#[test]
fn nan_rules() {
    assert_eq!(s("number('x')"), "NaN");
    assert_eq!(s("number(' 12 ')"), "12");
    assert_eq!(s("number('+1')"), "NaN");
    assert_eq!(s("number('1e3')"), "NaN");
    assert_eq!(s("number('-.5')"), "-0.5");
    assert!(!b("number('x') = number('x')"));
    assert!(b("number('x') != number('x')"));
    assert!(!b("number('x') < 1"));
    assert!(!b("number('x') >= 1"));
    assert_eq!(s("sum(Стр/@Сум)"), "NaN");
    assert_eq!(s("sum(Стр[@Н < 3]/@Сум)"), "30");
}

#[test]
fn number_to_string() {
    assert_eq!(s("1 + 1"), "2");
    assert_eq!(s("10 div 4"), "2.5");
    assert_eq!(s("1 div 0"), "Infinity");
    assert_eq!(s("-1 div 0"), "-Infinity");
    assert_eq!(s("0 div 0"), "NaN");
    assert_eq!(s("-0"), "0");
    assert_eq!(s("0.1 + 0.2"), "0.30000000000000004");
    assert_eq!(s("1000000 * 1000000 * 1000000 * 1000"), "1000000000000000000000");
    assert_eq!(s("7 mod 3"), "1");
    assert_eq!(s("-7 mod 3"), "-1");
    assert_eq!(s("--3"), "3");
    assert_eq!(s("2 - -3"), "5");
    assert_eq!(s("@Сумма * 2"), "21");
}

#[test]
fn rounding() {
    assert_eq!(s("round(2.5)"), "3");
    assert_eq!(s("round(-2.5)"), "-2");
    assert_eq!(s("round(-0.4)"), "0");
    assert_eq!(s("round(1 div 0)"), "Infinity");
    assert_eq!(s("round(number('a'))"), "NaN");
    assert_eq!(s("floor(-1.5)"), "-2");
    assert_eq!(s("ceiling(1.2)"), "2");
}

#[test]
fn string_values() {
    assert_eq!(s("string(Текст)"), "  Привет   мир ");
    assert_eq!(s("normalize-space(Текст)"), "Привет мир");
    assert_eq!(s("string(СвНП)"), "");
    assert_eq!(s("string(Нет)"), "");
    assert_eq!(s("string(true())"), "true");
    assert_eq!(s("string(Стр/@Н)"), "1");
    assert_eq!(s("string-length(Текст)"), "15");
    assert_eq!(s("count(and)"), "0");
    assert_eq!(s("string-length(@ДатаДок)"), "10");
}

#[test]
fn string_functions() {
    assert_eq!(s("substring(@ДатаДок, 7, 4)"), "2026");
    assert_eq!(s("substring('12345', 1.5, 2.6)"), "234");
    assert_eq!(s("substring('12345', 0, 3)"), "12");
    assert_eq!(s("substring('12345', 0 div 0, 3)"), "");
    assert_eq!(s("substring('12345', 1, 0 div 0)"), "");
    assert_eq!(s("substring('12345', -42, 1 div 0)"), "12345");
    assert_eq!(s("substring('Привет', 2)"), "ривет");
    assert_eq!(s("concat('a', 1, true())"), "a1true");
    assert_eq!(s("translate('bar', 'abc', 'ABC')"), "BAr");
    assert_eq!(s("translate('--aaa--', 'abc-', 'ABC')"), "AAA");
    assert!(b("contains(@ДатаДок, '.04.')"));
    assert!(b("starts-with(@ДатаДок, '09')"));
    assert_eq!(s("substring-before('1999/04/01', '/')"), "1999");
    assert_eq!(s("substring-after('1999/04/01', '/')"), "04/01");
}

#[test]
fn predicates_and_positions() {
    assert_eq!(s("Стр[2]/@Сум"), "20");
    assert_eq!(s("Стр[last()]/@Н"), "3");
    assert_eq!(s("Стр[position() = 2]/@Н"), "2");
    assert_eq!(s("Стр[@Сум = 10]/@Н"), "1");
    assert_eq!(s("count(Стр[@Сум])"), "3");
    assert_eq!(s("count(Стр[@Сум > 10])"), "1");
    assert_eq!(s("(Стр/@Н)[last()]"), "3");
    assert_eq!(s("count(Стр[1] | Стр[3] | Стр[1])"), "2");
    assert_eq!(s("count(*)"), "6");
    assert_eq!(s("count(@*)"), "5");
    assert_eq!(s("count(//Стр)"), "3");
    assert_eq!(s("count(//@Н)"), "3");
    assert_eq!(s("count(descendant::*)"), "7");
    assert_eq!(s("name(..)"), "Файл");
    assert_eq!(s("local-name(*[1])"), "СвНП");
    assert_eq!(s("name(ancestor::*[1])"), "Файл");
    assert_eq!(s("count(ancestor-or-self::*)"), "2");
    assert_eq!(s("Стр[1]/following-sibling::Стр[1]/@Н"), "2");
    assert_eq!(s("Стр[3]/preceding-sibling::Стр[1]/@Н"), "2");
    assert_eq!(s("count(self::Документ)"), "1");
    assert_eq!(s("count(@КНД/self::*)"), "0");
    assert_eq!(s("count(@КНД/self::node())"), "1");
    assert_eq!(s("name(@КНД/..)"), "Документ");
    assert_eq!(s("count(./СвНП/../Стр)"), "3");
    assert_eq!(s("/Файл/@ИдФайл"), "NO_TEST_1");
    assert_eq!(s("count(Текст/text())"), "1");
    assert_eq!(s("count(node())"), "13");
    assert_eq!(s("СвНП/НПЮЛ/@ИННЮЛ"), "7707083893");
}

#[test]
fn boolean_logic() {
    assert!(b("1 and 'a' and Стр"));
    assert!(!b("0 or '' or Нет"));
    assert!(b("true() = 1"));
    assert!(b("'1' = 1"));
    assert!(b("'abc' != 'abd'"));
    assert!(b("'10' > '9'"));
    assert!(b("boolean(0 div 0) = false()"));
}

#[test]
fn usch_functions() {
    assert_eq!(s("usch:getFileName()"), "NO_TEST_1");
    assert!(b("usch:getFileName() = /Файл/@ИдФайл"));
    assert_eq!(s("usch:iif(@ПоМесту = 214, 'да', 'нет')"), "да");
    assert_eq!(s("usch:iif(@Нет = 214, 'да', count(Стр))"), "3");
    assert_eq!(s("usch:compareDate('01.02.2024', '31.01.2024')"), "1");
    assert_eq!(s("usch:compareDate(@ДатаДок, '09.04.2026')"), "0");
    assert_eq!(s("usch:compareDate('01.01.2024', '2024-01-02')"), "-1");
    assert_eq!(s("usch:compareDate('31.02.2024', '01.01.2024')"), "NaN");
    assert!(b("usch:compareDate('01.01.2024', '02.01.2024', '<')"));
    assert!(!b("usch:compareDate('01.01.2024', '02.01.2024', '>=')"));
    // Dates are FNS ДатаТип (DD.MM.YYYY, exactly 10 characters) or ISO YYYY-MM-DD;
    // leap years follow the Gregorian rule; anything else is NaN / false.
    assert_eq!(s("usch:compareDate('29.02.2024', '28.02.2024')"), "1");
    assert_eq!(s("usch:compareDate('29.02.2023', '28.02.2023')"), "NaN");
    assert_eq!(s("usch:compareDate('29.02.2000', '2000-02-29')"), "0");
    assert_eq!(s("usch:compareDate('29.02.1900', '01.01.1900')"), "NaN");
    assert_eq!(s("usch:compareDate('1.01.2024', '01.01.2024')"), "NaN");
    assert_eq!(s("usch:compareDate('01.01.24', '01.01.2024')"), "NaN");
    assert_eq!(s("usch:compareDate('2024-1-01', '01.01.2024')"), "NaN");
    assert_eq!(s("usch:compareDate(' 31.12.2099 ', '01.01.1900')"), "1");
    assert_eq!(s("usch:compareDate('31.12.2023', '01.01.2024')"), "-1");
    assert!(!b("usch:compareDate('31.04.2024', '01.01.2024', '>')"));
    assert!(!b("usch:compareDate('31.04.2024', '01.01.2024', '!=')"));
    assert!(b("usch:compareDate('01.01.2024', '2024-01-01', 'eq')"));
    assert!(b("usch:compareDate('02.01.2024', '01.01.2024', 'gt')"));
    assert!(b("usch:compareDate('01.01.2024', '01.01.2024', '<=')"));
    // A missing attribute (empty node-set → '') is malformed.
    assert_eq!(s("usch:compareDate(@НетТакого, '01.01.2024')"), "NaN");
}

#[test]
fn file_name_unknown_is_an_error() {
    let d = doc();
    let x = XPath::compile("usch:getFileName() = 'a'").unwrap();
    assert!(x.evaluate(&d, d.root(), &Env::default()).is_err());
}

#[test]
fn cyrillic_and_dotted_names() {
    let d = Document::parse_str(r#"<Р><РасчСВ_6.2.431 ПрОМС="1"/><Стр223Разд2.2/></Р>"#).unwrap();
    let e = Env::default();
    let x = XPath::compile("count(Р/РасчСВ_6.2.431[@ПрОМС=1]) + count(Р/Стр223Разд2.2)").unwrap();
    assert_eq!(x.evaluate_string(&d, d.root(), &e).unwrap(), "2");
}

#[test]
fn malformed_expressions_are_errors() {
    for bad in [
        "", "(", ")", "a[", "a]", "@", "1 +", "count(", "count(a", "'abc", "a b", "foo()", "count()",
        "count(a, b)", "$x", "a/", "//", "1 ! 2", "a::b", "comment()", "@@a", "1..2", "a | ", "#",
        "usch:unknown(1)", "a[]", "div 2", "and and",
    ] {
        assert!(XPath::compile(bad).is_err(), "{bad:?} should not compile");
    }
    assert!(matches!(XPath::compile("unknownfn(1)"), Err(XPathError::UnknownFunction(_))));
    let deep = "(".repeat(10_000) + "1" + &")".repeat(10_000);
    assert!(matches!(XPath::compile(&deep), Err(XPathError::TooDeep)));
    let long_or = vec!["@a=1"; 5000].join(" or ");
    assert!(XPath::compile(&long_or).is_ok());
    let neg = "-".repeat(10_000) + "1";
    assert!(XPath::compile(&neg).is_ok());
}

#[test]
fn type_errors_at_runtime() {
    let d = doc();
    let e = env();
    assert!(XPath::compile("count(1)").unwrap().evaluate(&d, d.root(), &e).is_err());
    assert!(XPath::compile("(1)/a").unwrap().evaluate(&d, d.root(), &e).is_err());
    assert!(XPath::compile("1 | a").unwrap().evaluate(&d, d.root(), &e).is_err());
}

#[test]
fn quadratic_expressions_hit_the_budget() {
    let mut xml = String::from("<a>");
    for _ in 0..3000 {
        xml.push_str("<b><c>x</c></b>");
    }
    xml.push_str("</a>");
    let d = Document::parse_str(&xml).unwrap();
    let e = Env::default();
    let x = XPath::compile("count(//*[count(//*[. = 'x']) > 0])").unwrap();
    assert!(matches!(x.evaluate_with_budget(&d, d.root(), &e, 1_000_000), Err(podpis_schematron::EvalError::Budget)));
    let ok = XPath::compile("count(//*[. = 'x'])").unwrap();
    assert_eq!(ok.evaluate_string(&d, d.root(), &e).unwrap(), "6000");
}
