//! R2, R5: reading an import file from a path, the one way every language does it.

use super::ImportLimits;
use crate::error::{Error, Result};
use std::io::Read;
use std::path::Path;

/// R2, R5: the bytes of the file at `path`, never reading more than `limits.max_bytes`.
///
/// Only a regular file is read: a FIFO, a socket, a device (`/dev/zero`) or a directory is
/// refused with `FILE_NOT_REGULAR` before a byte is read (it is opened without blocking, so a
/// FIFO with no writer does not hang the call). A file whose size is over the limit is refused
/// with `FILE_TOO_LARGE` from its metadata, without reading it; one that grows past the limit
/// while it is read is refused too, as the read stops one byte past the limit. A file that
/// cannot be opened or read is `FILE_UNREADABLE`, naming the path and the reason.
///
/// ```
/// use orderlink::import::{read_path, ImportLimits};
/// let dir = tempfile::tempdir().unwrap();
/// let file = dir.path().join("c.csv");
/// std::fs::write(&file, "Name\nDeli\n").unwrap();
/// assert_eq!(read_path(&file, &ImportLimits::default()).unwrap(), b"Name\nDeli\n");
/// let small = ImportLimits { max_bytes: 4, ..Default::default() };
/// assert_eq!(read_path(&file, &small).unwrap_err().code(), "FILE_TOO_LARGE");
/// assert_eq!(read_path(dir.path(), &small).unwrap_err().code(), "FILE_NOT_REGULAR");
/// ```
pub fn read_path(path: &Path, limits: &ImportLimits) -> Result<Vec<u8>> {
    let shown = || path.display().to_string();
    let unreadable = |e: std::io::Error| Error::FileUnreadable { path: shown(), reason: e.to_string() };
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // A FIFO opened for reading waits for a writer; without blocking it opens at once and
        // is then refused below as not a regular file.
        open.custom_flags(libc::O_NONBLOCK);
    }
    let file = open.open(path).map_err(unreadable)?;
    // The metadata of the file opened, not of whatever the path names by now.
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a directory" } else { "not a regular file (a pipe, socket or device)" };
        return Err(Error::FileNotRegular { path: shown(), what });
    }
    let max = limits.max_bytes as u64;
    if meta.len() > max {
        return Err(Error::FileTooLarge { path: shown(), size: meta.len(), max });
    }
    // Room for what the metadata says, never more than the limit; the read itself stops one
    // byte past the limit, so a file that grows while it is read is still refused.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(Error::FileTooLarge { path: shown(), size: bytes.len() as u64, max });
    }
    Ok(bytes)
}
