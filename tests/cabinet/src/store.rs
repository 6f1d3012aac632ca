//! Sent reports on disk: `DATA/reports/NNNNNN/{report, report.sig, record.json}`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::report_form::FormFacts;
use crate::verdict::Verdict;

/// The browser's check of the report, as the page reported it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BrowserCheck {
    /// `checked`, or why not (`NOT_AVAILABLE`, …).
    pub status: String,
    /// Form name the validator recognised.
    pub form: Option<String>,
    /// Number of errors found.
    pub errors: u32,
    /// Number of warnings found.
    pub warnings: u32,
}

/// One sent report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    /// Sequence number.
    pub id: u32,
    /// The file's name as uploaded.
    pub file_name: String,
    /// Size in bytes.
    pub size: u64,
    /// КНД, version and file id from the report.
    pub form: FormFacts,
    /// Upload time, unix seconds.
    pub uploaded_at: i64,
    /// Thumbprint of the logged-in user who uploaded it.
    pub uploaded_by: String,
    /// The browser check the page ran before signing.
    pub browser_check: Option<BrowserCheck>,
    /// The server's signature verification.
    pub verdict: Verdict,
}

/// Why storing or reading failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Disk trouble.
    #[error("report storage: {0}")]
    Io(#[from] std::io::Error),
    /// No report with this id.
    #[error("no such report")]
    NotFound,
}

/// The report directory.
#[derive(Debug)]
pub struct ReportStore {
    dir: PathBuf,
    write: Mutex<()>,
}

/// Which stored file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The report itself.
    Report,
    /// Its detached signature (DER CMS).
    Signature,
}

impl ReportStore {
    /// Opens (creating) `DATA/reports`.
    pub fn open(data_dir: &Path) -> std::io::Result<ReportStore> {
        let dir = data_dir.join("reports");
        std::fs::create_dir_all(&dir)?;
        Ok(ReportStore { dir, write: Mutex::new(()) })
    }

    fn record_dir(&self, id: u32) -> PathBuf {
        self.dir.join(format!("{id:06}"))
    }

    /// Stores report, signature and record; assigns the id.
    pub fn save(&self, report: &[u8], signature: &[u8], mut record: Record) -> Result<Record, StoreError> {
        let _w = self.write.lock().unwrap_or_else(|p| p.into_inner());
        let next = self.ids()?.into_iter().max().unwrap_or(0) + 1;
        record.id = next;
        let tmp = self.dir.join(format!(".{next:06}.tmp"));
        std::fs::create_dir_all(&tmp)?;
        std::fs::write(tmp.join("report"), report)?;
        std::fs::write(tmp.join("report.sig"), signature)?;
        std::fs::write(tmp.join("record.json"), serde_json::to_vec_pretty(&record).map_err(std::io::Error::other)?)?;
        std::fs::rename(&tmp, self.record_dir(next))?;
        Ok(record)
    }

    fn ids(&self) -> std::io::Result<Vec<u32>> {
        let mut ids = Vec::new();
        for e in std::fs::read_dir(&self.dir)? {
            if let Some(id) = e?.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// One record.
    pub fn get(&self, id: u32) -> Result<Record, StoreError> {
        let bytes = std::fs::read(self.record_dir(id).join("record.json")).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound,
            _ => StoreError::Io(e),
        })?;
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Io(std::io::Error::other(e)))
    }

    /// The records uploaded by `thumbprint`, newest first.
    pub fn list(&self, thumbprint: &str) -> Result<Vec<Record>, StoreError> {
        let mut ids = self.ids()?;
        ids.sort_unstable_by(|a, b| b.cmp(a));
        let mut out = Vec::new();
        for id in ids {
            let r = self.get(id)?;
            if r.uploaded_by == thumbprint {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// The bytes of a stored file.
    pub fn read(&self, id: u32, part: Part) -> Result<Vec<u8>, StoreError> {
        let name = match part {
            Part::Report => "report",
            Part::Signature => "report.sig",
        };
        std::fs::read(self.record_dir(id).join(name)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound,
            _ => StoreError::Io(e),
        })
    }
}
