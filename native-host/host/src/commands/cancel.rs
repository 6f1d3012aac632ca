//! `cancel {target}`: aborts a running request of this connection.

use std::collections::HashMap;

use podpis_protocol::{CancelArgs, CancelResult};

use crate::cancel::Cancel;

/// Triggers the target's cancellation; `cancelled` is false when the
/// target is not running (finished already or never existed).
pub fn run(args: &CancelArgs, in_flight: &HashMap<u64, Cancel>) -> CancelResult {
    match in_flight.get(&args.target) {
        Some(c) => {
            c.cancel();
            CancelResult { cancelled: true }
        }
        None => CancelResult { cancelled: false },
    }
}
