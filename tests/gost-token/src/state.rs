//! Process-global module state: the one slot, its token, sessions and the
//! login state. Everything sits behind one `Mutex`, so concurrent callers are
//! serialised (the module reports `CKF_OS_LOCKING_OK` semantics).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use cryptoki_sys::*;

use crate::mechanisms::MechanismSpec;
use crate::objects::{build_objects, Object};
use crate::storage::TokenDir;

/// The only slot of the test token.
pub const SLOT_ID: CK_SLOT_ID = 0;

/// An in-progress `C_FindObjects` search.
#[derive(Debug, Default)]
pub struct FindState {
    /// Matching handles.
    pub results: Vec<CK_OBJECT_HANDLE>,
    /// Next index to return.
    pub pos: usize,
}

/// An in-progress signing or digesting operation.
#[derive(Debug)]
pub struct CryptoOp {
    /// The mechanism.
    pub mech: &'static MechanismSpec,
    /// The key (signing only).
    pub key: CK_OBJECT_HANDLE,
    /// Data accumulated by `*Update`.
    pub buffer: Vec<u8>,
    /// `*Update` has been called.
    pub multipart: bool,
}

/// One open session.
#[derive(Debug)]
pub struct Session {
    /// `CKF_RW_SESSION | CKF_SERIAL_SESSION`.
    pub flags: CK_FLAGS,
    /// Token insertion generation the session was opened on.
    pub generation: u64,
    /// Active search.
    pub find: Option<FindState>,
    /// Active signature.
    pub sign: Option<CryptoOp>,
    /// Active digest.
    pub digest: Option<CryptoOp>,
}

/// Presence snapshot used for slot events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotSnapshot {
    /// Token present.
    pub present: bool,
    /// Insertion generation.
    pub generation: u64,
}

/// The module state between `C_Initialize` and `C_Finalize`.
#[derive(Debug)]
pub struct Module {
    /// Token directory, if configured.
    pub dir: Option<TokenDir>,
    /// Objects of the present token (handle = index + 1).
    pub objects: Vec<Object>,
    /// Generation `objects` were loaded for.
    pub objects_generation: Option<u64>,
    /// Open sessions.
    pub sessions: HashMap<CK_SESSION_HANDLE, Session>,
    /// Next session handle.
    pub next_handle: CK_SESSION_HANDLE,
    /// The user is logged in (application-wide, as PKCS#11 requires).
    pub logged_in: bool,
    /// Last slot state reported by `C_WaitForSlotEvent`.
    pub last_event: SlotSnapshot,
    /// Incremented by every `C_Initialize`, so a blocked wait notices re-init.
    pub epoch: u64,
}

static STATE: Mutex<Option<Module>> = Mutex::new(None);
static EPOCH: Mutex<u64> = Mutex::new(0);

/// Locks the global state (recovering from poisoning: a panic is already
/// turned into `CKR_GENERAL_ERROR` at the FFI boundary).
pub fn lock() -> MutexGuard<'static, Option<Module>> {
    STATE.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs `f` on the initialised module, or returns `CKR_CRYPTOKI_NOT_INITIALIZED`.
pub fn with_module<R>(f: impl FnOnce(&mut Module) -> Result<R, CK_RV>) -> Result<R, CK_RV> {
    let mut guard = lock();
    let module = guard.as_mut().ok_or(CKR_CRYPTOKI_NOT_INITIALIZED)?;
    f(module)
}

impl Module {
    /// A fresh module for `dir`.
    pub fn new(dir: Option<TokenDir>) -> Self {
        let epoch = {
            let mut e = EPOCH.lock().unwrap_or_else(|p| p.into_inner());
            *e += 1;
            *e
        };
        let mut m = Module {
            dir,
            objects: Vec::new(),
            objects_generation: None,
            sessions: HashMap::new(),
            next_handle: 1,
            logged_in: false,
            last_event: SlotSnapshot { present: false, generation: 0 },
            epoch,
        };
        m.last_event = m.snapshot();
        m
    }

    /// Current presence of the token, read from the directory.
    pub fn snapshot(&self) -> SlotSnapshot {
        match &self.dir {
            Some(d) => SlotSnapshot { present: d.is_present(), generation: d.generation() },
            None => SlotSnapshot { present: false, generation: 0 },
        }
    }

    /// Re-reads presence; drops login and objects when the token is gone or
    /// was re-inserted. Returns the snapshot.
    pub fn refresh(&mut self) -> SlotSnapshot {
        let snap = self.snapshot();
        let reinserted = self.objects_generation.is_some_and(|g| g != snap.generation);
        if !snap.present || reinserted {
            self.logged_in = false;
            self.objects.clear();
            self.objects_generation = None;
        }
        snap
    }

    /// The token directory of a present token, else `CKR_TOKEN_NOT_PRESENT`.
    pub fn present_dir(&mut self) -> Result<TokenDir, CK_RV> {
        let snap = self.refresh();
        match &self.dir {
            Some(d) if snap.present => Ok(d.clone()),
            _ => Err(CKR_TOKEN_NOT_PRESENT),
        }
    }

    /// Loads objects from disk if not loaded for the current insertion.
    pub fn ensure_objects(&mut self) -> Result<(), CK_RV> {
        let dir = self.present_dir()?;
        let gen = dir.generation();
        if self.objects_generation == Some(gen) {
            return Ok(());
        }
        let groups = dir.load_objects().map_err(|e| e.rv())?;
        self.objects = build_objects(&groups).map_err(|e| e.rv())?;
        self.objects_generation = Some(gen);
        Ok(())
    }

    /// Validates a session handle against token presence and returns it.
    /// A removed token gives `CKR_DEVICE_REMOVED`; a session from before a
    /// re-insertion is dropped with `CKR_SESSION_HANDLE_INVALID`.
    pub fn session(&mut self, h: CK_SESSION_HANDLE) -> Result<&mut Session, CK_RV> {
        let snap = self.refresh();
        let gen = match self.sessions.get(&h) {
            None => return Err(CKR_SESSION_HANDLE_INVALID),
            Some(s) => s.generation,
        };
        if !snap.present {
            return Err(CKR_DEVICE_REMOVED);
        }
        if gen != snap.generation {
            self.sessions.remove(&h);
            return Err(CKR_SESSION_HANDLE_INVALID);
        }
        self.ensure_objects()?;
        self.sessions.get_mut(&h).ok_or(CKR_SESSION_HANDLE_INVALID)
    }

    /// The object behind `handle` if visible in the current login state.
    pub fn object(&self, handle: CK_OBJECT_HANDLE) -> Result<&Object, CK_RV> {
        let idx = (handle as usize).checked_sub(1).ok_or(CKR_OBJECT_HANDLE_INVALID)?;
        let obj = self.objects.get(idx).ok_or(CKR_OBJECT_HANDLE_INVALID)?;
        if obj.is_private() && !self.logged_in {
            return Err(CKR_OBJECT_HANDLE_INVALID);
        }
        Ok(obj)
    }

    /// `CK_SESSION_INFO.state` for a session.
    pub fn session_state(&self, flags: CK_FLAGS) -> CK_STATE {
        match (flags & CKF_RW_SESSION != 0, self.logged_in) {
            (false, false) => CKS_RO_PUBLIC_SESSION,
            (false, true) => CKS_RO_USER_FUNCTIONS,
            (true, false) => CKS_RW_PUBLIC_SESSION,
            (true, true) => CKS_RW_USER_FUNCTIONS,
        }
    }
}

/// The epoch of the currently initialised module (0 when not initialised).
pub fn current_epoch() -> u64 {
    lock().as_ref().map(|m| m.epoch).unwrap_or(0)
}
