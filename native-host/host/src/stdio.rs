//! Protecting the framing channel.
//!
//! Only frames may appear on stdout. At start-up the host duplicates
//! file descriptor 1 for the frame writer and then points fd 1 at stderr,
//! so a stray `println!` in any library (or a PKCS#11 module writing to
//! stdout) lands in the log instead of corrupting the channel.

use std::fs::File;
use std::io;

/// Takes the real stdout for frames and redirects fd 1 to stderr.
#[cfg(unix)]
pub fn take_stdout() -> io::Result<File> {
    use std::os::fd::FromRawFd;
    // SAFETY: dup/dup2 on the process's standard descriptors; the
    // duplicated descriptor is owned by the returned File only.
    unsafe {
        let fd = libc::dup(1);
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        if libc::dup2(2, 1) < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(File::from_raw_fd(fd))
    }
}

/// Takes the real stdout for frames (Windows: the standard handle is
/// used as is; the browser opens stdout in binary mode for us).
#[cfg(not(unix))]
pub fn take_stdout() -> io::Result<File> {
    use std::os::windows::io::{AsRawHandle, FromRawHandle};
    let handle = io::stdout().as_raw_handle();
    // SAFETY: the process's stdout handle stays valid for its lifetime;
    // only the writer thread writes to it.
    Ok(unsafe { File::from_raw_handle(handle) })
}
