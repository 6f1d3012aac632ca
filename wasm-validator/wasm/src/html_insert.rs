//! Putting the renderer's HTML into the page without `innerHTML` or
//! `insertAdjacentHTML`.
//!
//! The renderer writes escaped HTML text ([`crate::html_out`]); this module
//! turns it into nodes with `DOMParser` (scripts never run in a parsed
//! document) inside a `<template>`, whose parsing rules accept any fragment —
//! table rows and cells included, with no wrapper table — and moves the nodes
//! into the target. Keeping the HTML sinks out of the module's JS glue keeps
//! the Firefox package `web-ext lint` clean (no `UNSAFE_VAR_ASSIGNMENT`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DocumentFragment, DomParser, Element, HtmlTemplateElement, SupportedType};

/// Parses `html` as the content of a `<template>` (any fragment, table rows
/// included) into a fragment that can be moved into the page.
pub fn parse_fragment(html: &str) -> Result<DocumentFragment, JsValue> {
    let parser = DomParser::new()?;
    let mut wrapped = String::with_capacity(html.len() + 21);
    wrapped.push_str("<template>");
    wrapped.push_str(html);
    wrapped.push_str("</template>");
    let doc = parser.parse_from_string(&wrapped, SupportedType::TextHtml)?;
    let template: HtmlTemplateElement = doc
        .query_selector("template")?
        .ok_or_else(|| JsValue::from_str("template missing"))?
        .dyn_into()?;
    Ok(template.content())
}

/// Appends the nodes of `html` at the end of `target`'s children.
pub fn append_html(target: &Element, html: &str) -> Result<(), JsValue> {
    let fragment = parse_fragment(html)?;
    target.append_child(&fragment)?;
    Ok(())
}

/// Replaces `target`'s children with the nodes of `html`.
pub fn replace_html(target: &Element, html: &str) -> Result<(), JsValue> {
    let fragment = parse_fragment(html)?;
    target.set_text_content(None);
    target.append_child(&fragment)?;
    Ok(())
}
