//! Token insert/remove events.
//!
//! One thread per service watches all modules: it asks each module for
//! slot events without blocking (`C_WaitForSlotEvent` with
//! `CKF_DONT_BLOCK`) every 250 ms where the module supports it, and
//! rescans slot lists on an event or at least once a second (SoftHSM2 has
//! no slot events). Differences between scans become
//! [`Event::TokenInserted`] / [`Event::TokenRemoved`]. The thread ends
//! when the last subscriber's receiver is dropped.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use podpis_protocol::{Event, TokenInfo, TokenRef, TokenRemovedData};

use crate::module::Module;
use crate::slots::present_tokens;

const TICK: Duration = Duration::from_millis(250);
const RESCAN: Duration = Duration::from_secs(1);

/// Subscribers and the watcher thread's state.
#[derive(Default)]
pub struct Hotplug {
    subscribers: Mutex<Vec<Sender<Event>>>,
    running: AtomicBool,
}

fn snapshot(modules: &[Arc<Module>]) -> HashMap<TokenRef, TokenInfo> {
    present_tokens(modules).into_iter().map(|t| (t.info.token.clone(), t.info)).collect()
}

/// The events that turn `old` into `new`.
pub fn diff(old: &HashMap<TokenRef, TokenInfo>, new: &HashMap<TokenRef, TokenInfo>) -> Vec<Event> {
    let mut ev = Vec::new();
    for (r, info) in old {
        if !new.contains_key(r) {
            ev.push(Event::TokenRemoved(TokenRemovedData { token: r.clone(), label: info.label.clone() }));
        }
    }
    for (r, info) in new {
        if !old.contains_key(r) {
            ev.push(Event::TokenInserted(info.clone()));
        }
    }
    ev
}

impl Hotplug {
    /// A new subscription; starts the watcher thread if needed.
    pub fn subscribe(self: &Arc<Self>, modules: &[Arc<Module>]) -> Receiver<Event> {
        let (tx, rx) = channel();
        if let Ok(mut subs) = self.subscribers.lock() {
            subs.push(tx);
        }
        if !self.running.swap(true, Ordering::SeqCst) {
            let me = Arc::clone(self);
            let modules = modules.to_vec();
            let start = snapshot(&modules);
            let spawned = std::thread::Builder::new()
                .name("podpis-hotplug".into())
                .spawn(move || me.watch(modules, start));
            if spawned.is_err() {
                self.running.store(false, Ordering::SeqCst);
            }
        }
        rx
    }

    fn publish(&self, events: Vec<Event>) -> bool {
        let Ok(mut subs) = self.subscribers.lock() else { return false };
        for e in events {
            subs.retain(|s| s.send(e.clone()).is_ok());
        }
        !subs.is_empty()
    }

    fn any_subscriber(&self) -> bool {
        // A `Sender` cannot tell whether its receiver is alive without
        // sending; the periodic rescan publishes nothing when nothing
        // changed, so probe with the subscriber count after a failed send.
        self.subscribers.lock().map(|s| !s.is_empty()).unwrap_or(false)
    }

    fn watch(self: Arc<Self>, modules: Vec<Arc<Module>>, mut current: HashMap<TokenRef, TokenInfo>) {
        let mut last_scan = Instant::now();
        loop {
            std::thread::sleep(TICK);
            let event_seen = modules.iter().any(|m| matches!(m.ctx.get_slot_event(), Ok(Some(_))));
            if !event_seen && last_scan.elapsed() < RESCAN {
                continue;
            }
            last_scan = Instant::now();
            let next = snapshot(&modules);
            let events = diff(&current, &next);
            current = next;
            let alive = if events.is_empty() { self.any_subscriber() } else { self.publish(events) };
            if !alive {
                self.running.store(false, Ordering::SeqCst);
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use podpis_protocol::TokenFlags;

    fn info(serial: &str) -> TokenInfo {
        TokenInfo {
            token: TokenRef { module: "m".into(), serial: serial.into() },
            slot: 1,
            label: format!("L{serial}"),
            manufacturer: String::new(),
            model: String::new(),
            serial: serial.into(),
            flags: TokenFlags::default(),
        }
    }

    #[test]
    fn diff_reports_inserted_and_removed() {
        let a: HashMap<_, _> = [info("1"), info("2")].into_iter().map(|i| (i.token.clone(), i)).collect();
        let b: HashMap<_, _> = [info("2"), info("3")].into_iter().map(|i| (i.token.clone(), i)).collect();
        let ev = diff(&a, &b);
        assert_eq!(ev.len(), 2);
        assert!(ev.iter().any(|e| matches!(e, Event::TokenRemoved(d) if d.token.serial == "1" && d.label == "L1")));
        assert!(ev.iter().any(|e| matches!(e, Event::TokenInserted(i) if i.serial == "3")));
    }
}
