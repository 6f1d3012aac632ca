//! Puts a [`ReportView`] into the DOM: the first chunk synchronously (the
//! first screen), the rest in time slices of ≈30 ms that yield to the event
//! loop between them (`setTimeout`), so a 10 000-row report never blocks the
//! page and the first screen is painted before the rest is rendered.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use js_sys::{Function, Promise, Reflect};
use podpis_validator::{Lang, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::error::{ErrorCode, WasmError};
use crate::html_out::Segment;
use crate::view_model::ReportView;

/// Elements rendered synchronously before `render` returns (about a screen).
pub const FIRST_CHUNK: usize = 250;
/// Elements per step of a later chunk.
pub const STEP: usize = 200;
/// A later chunk renders steps for at most this long before yielding, so the
/// browser can paint and handle input between chunks.
pub const SLICE_MS: f64 = 30.0;
/// Delay before the second chunk: lets the first screen be painted first.
pub const FIRST_DELAY_MS: f64 = 20.0;

static RENDER_COUNT: AtomicU32 = AtomicU32::new(0);

struct RenderState {
    view: ReportView,
    root: Element,
    cancelled: bool,
    resolve: Option<Function>,
}

/// A rendering in progress (JS `RenderHandle`).
#[wasm_bindgen]
pub struct RenderHandle {
    state: Rc<RefCell<RenderState>>,
    first_screen: bool,
    done: Promise,
}

#[wasm_bindgen]
impl RenderHandle {
    /// True when the first screen was rendered synchronously by `render`.
    #[wasm_bindgen(getter, js_name = firstScreen)]
    pub fn first_screen(&self) -> bool {
        self.first_screen
    }

    /// Resolves when the whole document is rendered (or rendering was cancelled).
    pub fn done(&self) -> Promise {
        self.done.clone()
    }

    /// Stops rendering; what is rendered stays.
    pub fn cancel(&self) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.cancelled = true;
            resolve(&mut s);
        }
    }

    /// Has the whole document been rendered?
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.state.try_borrow().map(|s| s.view.is_done()).unwrap_or(false)
    }
}

fn resolve(s: &mut RenderState) {
    if let Some(f) = s.resolve.take() {
        let _ = f.call0(&JsValue::UNDEFINED);
    }
}

fn apply(root: &Element, segments: Vec<Segment>) -> Result<(), WasmError> {
    let failed = |what: &str| WasmError::new(ErrorCode::RenderFailed, format!("не удалось вывести отчёт: {what}"), format!("rendering failed: {what}"));
    for seg in segments {
        let target = match &seg.target {
            None => root.clone(),
            Some(id) => root.query_selector(&format!("#{id}")).ok().flatten().ok_or_else(|| failed("container missing"))?,
        };
        target.insert_adjacent_html("beforeend", &seg.html).map_err(|_| failed("insertAdjacentHTML"))?;
    }
    Ok(())
}

fn set_timeout(f: JsValue, delay_ms: f64) -> Result<(), WasmError> {
    let global = js_sys::global();
    let st = Reflect::get(&global, &JsValue::from_str("setTimeout"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| WasmError::new(ErrorCode::RenderFailed, "нет setTimeout", "setTimeout is not available"))?;
    st.call2(&global, &f, &JsValue::from_f64(delay_ms))
        .map(|_| ())
        .map_err(|_| WasmError::new(ErrorCode::RenderFailed, "setTimeout не сработал", "setTimeout failed"))
}

fn schedule(state: Rc<RefCell<RenderState>>, delay_ms: f64) {
    let next = state.clone();
    let f = Closure::once_into_js(move || step(next));
    if set_timeout(f, delay_ms).is_err() {
        // No event loop to yield to: finish synchronously.
        step(state);
    }
}

fn step(state: Rc<RefCell<RenderState>>) {
    let more = {
        let Ok(mut s) = state.try_borrow_mut() else { return };
        if s.cancelled {
            return;
        }
        let start = js_sys::Date::now();
        let mut ok = true;
        while ok && !s.view.is_done() && js_sys::Date::now() - start < SLICE_MS {
            let segments = s.view.next_chunk(STEP);
            ok = apply(&s.root, segments).is_ok();
        }
        if !ok || s.view.is_done() {
            resolve(&mut s);
            false
        } else {
            true
        }
    };
    if more {
        schedule(state, 0.0);
    }
}

/// Starts rendering `bytes` into `element` (its content is replaced).
pub fn start(v: Rc<podpis_validator::Validator>, element: &Element, bytes: &[u8], file_name: &str, report: Option<&Report>, lang: Lang) -> Result<RenderHandle, WasmError> {
    let n = RENDER_COUNT.fetch_add(1, Ordering::Relaxed) + 1;
    let prefix = format!("podpis-r{n}");
    element.set_inner_html(&format!("<div class=\"podpis-r\" id=\"{prefix}\"></div>"));
    let root = element
        .query_selector(&format!("#{prefix}"))
        .ok()
        .flatten()
        .ok_or_else(|| WasmError::new(ErrorCode::RenderFailed, "элемент для отчёта недоступен", "the render target is not usable"))?;
    let mut view = ReportView::new(v, bytes, file_name, report, lang, &prefix);
    let first = view.next_chunk(FIRST_CHUNK);
    apply(&root, first)?;
    let done_now = view.is_done();
    let mut resolve_fn: Option<Function> = None;
    let done = Promise::new(&mut |res, _rej| resolve_fn = Some(res));
    let state = Rc::new(RefCell::new(RenderState { view, root, cancelled: false, resolve: resolve_fn }));
    if done_now {
        if let Ok(mut s) = state.try_borrow_mut() {
            resolve(&mut s);
        }
    } else {
        schedule(state.clone(), FIRST_DELAY_MS);
    }
    Ok(RenderHandle { state, first_screen: true, done })
}
