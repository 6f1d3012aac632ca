//! Puts a [`ReportView`] into the DOM: the first chunk synchronously (the
//! first screen), the rest in time slices of ≈30 ms that yield to the event
//! loop between them (`setTimeout`), so a big report never blocks the page
//! and the first screen is painted before the rest is read. The rows of big
//! tables are rendered near the viewport only ([`RowWindow`]); links to
//! findings render and show their rows; printing renders everything.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use js_sys::{Array, Function, Promise, Reflect};
use podpis_validator::{Lang, Report};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventTarget, IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use crate::error::{ErrorCode, WasmError};
use crate::html_out::Segment;
use crate::row_window::{RowWindow, ROOT_MARGIN};
use crate::view_model::ReportView;

/// Elements rendered synchronously before `render` returns (about a screen).
pub const FIRST_CHUNK: usize = 250;
/// Elements per step of a later chunk.
pub const STEP: usize = 400;
/// A later chunk renders steps for at most this long before yielding, so the
/// browser can paint and handle input between chunks.
pub const SLICE_MS: f64 = 30.0;
/// Delay before the second chunk: lets the first screen be painted first.
pub const FIRST_DELAY_MS: f64 = 20.0;

static RENDER_COUNT: AtomicU32 = AtomicU32::new(0);

type Listener = Closure<dyn FnMut(Event)>;

struct RenderState {
    view: ReportView,
    root: Element,
    window: RowWindow,
    cancelled: bool,
    resolve: Option<Function>,
    /// Event listeners `(target, type, listener)`, removed by [`teardown`].
    listeners: Vec<(EventTarget, &'static str, Listener)>,
    observer_callback: Option<Closure<dyn FnMut(Array, JsValue)>>,
}

type Shared = Rc<RefCell<RenderState>>;

thread_local! {
    /// Renderings whose rows are still rendered on demand.
    static LIVE: RefCell<Vec<Shared>> = const { RefCell::new(Vec::new()) };
}

/// A rendering in progress (JS `RenderHandle`).
#[wasm_bindgen]
pub struct RenderHandle {
    state: Shared,
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

    /// Resolves when the whole document has been read and is navigable
    /// (or rendering was cancelled).
    pub fn done(&self) -> Promise {
        self.done.clone()
    }

    /// Stops reading the document; what is rendered stays.
    pub fn cancel(&self) {
        if let Ok(mut s) = self.state.try_borrow_mut() {
            s.cancelled = true;
            resolve(&mut s);
        }
    }

    /// Has the whole document been read?
    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.state.try_borrow().map(|s| s.view.is_done()).unwrap_or(false)
    }

    /// Reads the rest of the document now and renders every row (e.g. before
    /// printing from a button; `beforeprint` does this by itself). The rows
    /// stay until the next scroll evicts those out of view.
    #[wasm_bindgen(js_name = renderAll)]
    pub fn render_all(&self) -> Result<(), JsValue> {
        let mut s = self.state.try_borrow_mut().map_err(|_| busy())?;
        finish_now(&mut s)?;
        let RenderState { view, window, .. } = &mut *s;
        window.render_all(view, false);
        Ok(())
    }

    /// Table rows in the page now (rows of blocks not rendered are not counted).
    #[wasm_bindgen(getter, js_name = liveBlocks)]
    pub fn live_blocks(&self) -> u32 {
        self.state.try_borrow().map(|s| s.window.live() as u32).unwrap_or(0)
    }
}

fn busy() -> JsValue {
    WasmError::new(ErrorCode::RenderFailed, "отчёт сейчас выводится", "the rendering is busy").into()
}

fn resolve(s: &mut RenderState) {
    if let Some(f) = s.resolve.take() {
        let _ = f.call0(&JsValue::UNDEFINED);
    }
}

fn failed(what: &str) -> WasmError {
    WasmError::new(ErrorCode::RenderFailed, format!("не удалось вывести отчёт: {what}"), format!("rendering failed: {what}"))
}

fn apply(s: &mut RenderState, segments: Vec<Segment>) -> Result<(), WasmError> {
    for seg in segments {
        let target = match &seg.target {
            None => s.root.clone(),
            Some(id) => s.root.query_selector(&format!("#{id}")).ok().flatten().ok_or_else(|| failed("container missing"))?,
        };
        crate::html_insert::append_html(&target, &seg.html).map_err(|_| failed("DOMParser"))?;
    }
    s.window.adopt_new(&s.view);
    Ok(())
}

/// Reads the rest of the document synchronously.
fn finish_now(s: &mut RenderState) -> Result<(), WasmError> {
    while !s.view.is_done() {
        let segments = s.view.next_chunk(usize::MAX);
        apply(s, segments)?;
    }
    resolve(s);
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

fn step(state: Shared) {
    let more = {
        let Ok(mut s) = state.try_borrow_mut() else { return };
        if s.cancelled || s.view.is_done() {
            return;
        }
        let start = js_sys::Date::now();
        let mut ok = true;
        while ok && !s.view.is_done() && js_sys::Date::now() - start < SLICE_MS {
            let segments = s.view.next_chunk(STEP);
            ok = apply(&mut s, segments).is_ok();
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

/// Removes the listeners and the observer of a rendering (its rows are
/// no longer rendered on demand), breaking the reference cycles.
fn teardown(state: &Shared) {
    let Ok(mut s) = state.try_borrow_mut() else { return };
    s.cancelled = true;
    s.window.disconnect();
    for (target, kind, f) in s.listeners.drain(..) {
        let _ = target.remove_event_listener_with_callback(kind, f.as_ref().unchecked_ref());
    }
    s.observer_callback = None;
}

/// Tears down renderings into `element` or no longer in a document.
fn forget_old(element: &Element) {
    LIVE.with(|live| {
        let mut live = live.borrow_mut();
        live.retain(|st| {
            let gone = st.try_borrow().map(|s| !s.root.is_connected() || element.contains(Some(&s.root))).unwrap_or(false);
            if gone {
                teardown(st);
            }
            !gone
        });
    });
}

fn listen(state: &Shared, target: EventTarget, kind: &'static str, mut f: impl FnMut(&mut RenderState, &Event) + 'static) {
    let weak = state.clone();
    let listener: Listener = Closure::new(move |e: Event| {
        if let Ok(mut s) = weak.try_borrow_mut() {
            f(&mut s, &e);
        }
    });
    if target.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref()).is_ok() {
        if let Ok(mut s) = state.try_borrow_mut() {
            s.listeners.push((target, kind, listener));
        }
    }
}

fn print_starts(s: &mut RenderState) {
    if finish_now(s).is_ok() {
        let RenderState { view, window, .. } = s;
        window.render_all(view, true);
    }
}

/// The block observer, the jump to findings and printing.
fn wire(state: &Shared) {
    let st = state.clone();
    let callback: Closure<dyn FnMut(Array, JsValue)> = Closure::new(move |entries: Array, _: JsValue| {
        let Ok(mut s) = st.try_borrow_mut() else { return };
        let RenderState { view, window, .. } = &mut *s;
        for e in entries.iter() {
            let Ok(e) = e.dyn_into::<IntersectionObserverEntry>() else { continue };
            let Some(i) = e.target().get_attribute("data-block").and_then(|b| b.parse::<usize>().ok()) else { continue };
            window.seen(view, i, e.is_intersecting());
        }
        window.evict(view);
    });
    let init = IntersectionObserverInit::new();
    init.set_root_margin(ROOT_MARGIN);
    if let Ok(observer) = IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &init) {
        if let Ok(mut s) = state.try_borrow_mut() {
            s.window.set_observer(observer);
            s.observer_callback = Some(callback);
        }
    }
    let root: EventTarget = match state.try_borrow() {
        Ok(s) => s.root.clone().into(),
        Err(_) => return,
    };
    listen(state, root, "click", |s, e| {
        let Some(link) = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| t.closest("a[href^='#']").ok().flatten()) else { return };
        let Some(id) = link.get_attribute("href").map(|h| h.trim_start_matches('#').to_string()) else { return };
        let finding = id.rsplit_once("-f").and_then(|(_, n)| n.parse::<usize>().ok());
        let in_page = s.root.owner_document().and_then(|d| d.get_element_by_id(&id)).is_some();
        if !in_page && finish_now(s).is_err() {
            return;
        }
        let RenderState { view, window, .. } = s;
        if window.jump(view, &id, finding) {
            e.prevent_default();
        }
    });
    let Some(win) = web_sys::window() else { return };
    listen(state, win.clone().into(), "beforeprint", |s, _| print_starts(s));
    listen(state, win.clone().into(), "afterprint", |s, _| s.window.end_print(&s.view));
    if let Ok(Some(print)) = win.match_media("print") {
        let query = print.clone();
        listen(state, print.into(), "change", move |s, _| {
            if query.matches() {
                print_starts(s);
            } else {
                s.window.end_print(&s.view);
            }
        });
    }
}

/// Starts rendering `bytes` into `element` (its content is replaced).
pub fn start(v: Rc<podpis_validator::Validator>, element: &Element, bytes: &[u8], file_name: &str, report: Option<&Report>, lang: Lang) -> Result<RenderHandle, WasmError> {
    forget_old(element);
    let n = RENDER_COUNT.fetch_add(1, Ordering::Relaxed) + 1;
    let prefix = format!("podpis-r{n}");
    let unusable = || WasmError::new(ErrorCode::RenderFailed, "элемент для отчёта недоступен", "the render target is not usable");
    let root = element.owner_document().and_then(|d| d.create_element("div").ok()).ok_or_else(unusable)?;
    root.set_class_name("podpis-r");
    root.set_id(&prefix);
    element.set_text_content(None);
    element.append_child(&root).map_err(|_| unusable())?;
    let view = ReportView::new(v, bytes, file_name, report, lang, &prefix);
    let window = RowWindow::new(&root, &prefix);
    let mut resolve_fn: Option<Function> = None;
    let done = Promise::new(&mut |res, _rej| resolve_fn = Some(res));
    let state = Rc::new(RefCell::new(RenderState { view, root, window, cancelled: false, resolve: resolve_fn, listeners: Vec::new(), observer_callback: None }));
    wire(&state);
    let done_now = {
        let mut s = state.try_borrow_mut().map_err(|_| failed("busy"))?;
        let first = s.view.next_chunk(FIRST_CHUNK);
        apply(&mut s, first)?;
        if s.view.is_done() {
            resolve(&mut s);
        }
        s.view.is_done()
    };
    if !done_now {
        schedule(state.clone(), FIRST_DELAY_MS);
    }
    LIVE.with(|live| live.borrow_mut().push(state.clone()));
    Ok(RenderHandle { state, first_screen: true, done })
}
