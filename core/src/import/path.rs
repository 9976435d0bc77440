//! R2, R5: reading an import file from a path, the one way every language does it.

use super::ImportLimits;
use crate::error::{Error, Result};
use std::io::{Read, Seek, SeekFrom};
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
/// [`super::validate_import_path`] reads a path without holding the whole file when it is a
/// workbook; this is for callers that need the bytes themselves.
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
    Opened::open(path, limits)?.read_all()
}

/// R2: a regular file opened for an import, its size checked against the byte limit.
pub(crate) struct Opened {
    file: std::fs::File,
    /// The file's size when it was opened: never more than the byte limit.
    len: u64,
    /// The byte limit.
    max: u64,
    shown: String,
}

impl Opened {
    /// Opens `path`: a regular file no larger than `limits.max_bytes` (see [`read_path`]).
    pub(crate) fn open(path: &Path, limits: &ImportLimits) -> Result<Opened> {
        let shown = || path.display().to_string();
        let unreadable = |e: std::io::Error| Error::FileUnreadable { path: shown(), reason: e.to_string() };
        let mut open = std::fs::OpenOptions::new();
        open.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // A FIFO opened for reading waits for a writer; without blocking it opens at once
            // and is then refused below as not a regular file.
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
        Ok(Opened { file, len: meta.len(), max, shown: shown() })
    }

    /// The file's size when it was opened.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    fn unreadable(&self, e: std::io::Error) -> Error {
        Error::FileUnreadable { path: self.shown.clone(), reason: e.to_string() }
    }

    /// The first bytes of the file (up to `n`), the file left where it was.
    pub(crate) fn peek(&mut self, n: usize) -> Result<Vec<u8>> {
        let mut head = Vec::with_capacity(n);
        let read = (&mut self.file).take(n as u64).read_to_end(&mut head).and_then(|_| self.file.rewind());
        read.map_err(|e| self.unreadable(e))?;
        Ok(head)
    }

    /// The whole file, read through the byte limit: room for what the metadata said, never
    /// more than the limit; the read stops one byte past it, so a file that grows while it is
    /// read is still refused.
    pub(crate) fn read_all(self) -> Result<Vec<u8>> {
        let mut bytes = Vec::with_capacity(self.len as usize);
        (&self.file).take(self.max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| self.unreadable(e))?;
        if bytes.len() as u64 > self.max {
            return Err(Error::FileTooLarge { path: self.shown, size: bytes.len() as u64, max: self.max });
        }
        Ok(bytes)
    }

    /// The file as a seekable reader that ends where the file ended when it was opened (so
    /// never past the byte limit, whatever is appended to it meanwhile).
    pub(crate) fn reader(self) -> Bounded {
        Bounded { file: self.file, len: self.len, at: 0 }
    }
}

/// R2: a file read and sought only within its first `len` bytes.
pub(crate) struct Bounded {
    file: std::fs::File,
    len: u64,
    /// Where the next read starts (the file's own position when it is read).
    at: u64,
}

impl Read for Bounded {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.len.saturating_sub(self.at);
        let take = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        if take == 0 {
            return Ok(0);
        }
        let n = self.file.read(&mut buf[..take])?;
        self.at += n as u64;
        Ok(n)
    }
}

impl Seek for Bounded {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.at.checked_add_signed(d),
        };
        let Some(target) = target else {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start of the file"));
        };
        // Past the end a read finds nothing, as in a file.
        self.at = self.file.seek(SeekFrom::Start(target))?;
        Ok(self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn r2_a_file_read_from_its_path_ends_where_it_ended_when_opened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("book.xlsx");
        std::fs::write(&path, b"0123456789").unwrap();
        let limits = ImportLimits { max_bytes: 16, ..Default::default() };
        let mut opened = Opened::open(&path, &limits).unwrap();
        assert_eq!(opened.peek(4).unwrap(), b"0123");
        // What is appended after it was opened is never read, nor sought into.
        std::fs::OpenOptions::new().append(true).open(&path).unwrap().write_all(&[b'x'; 100]).unwrap();
        let mut reader = opened.reader();
        let mut all = Vec::new();
        reader.read_to_end(&mut all).unwrap();
        assert_eq!(all, b"0123456789");
        assert_eq!(reader.seek(SeekFrom::End(-3)).unwrap(), 7);
        let mut tail = Vec::new();
        reader.read_to_end(&mut tail).unwrap();
        assert_eq!(tail, b"789");
        assert_eq!(reader.seek(SeekFrom::End(5)).unwrap(), 15);
        assert_eq!(reader.read(&mut [0; 8]).unwrap(), 0);
        assert!(reader.seek(SeekFrom::Current(-100)).is_err());
        // Read whole, a file that grew past the limit is refused.
        let grown = Opened { len: 10, ..Opened::open(&path, &ImportLimits::default()).unwrap() };
        assert_eq!(Opened { max: 16, ..grown }.read_all().unwrap_err().code(), "FILE_TOO_LARGE");
    }
}
