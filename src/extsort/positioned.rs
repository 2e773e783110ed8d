//! Reads and writes at a byte offset of a file in one system call each
//! (`pread`/`pwrite` on Unix) rather than a seek and then a read or write:
//! the spilled files of a run are looked up record by record, and each
//! system call saved is one less trip into the kernel. On Unix the file's
//! cursor is left alone, so positioned readers may share a file.

use std::fs::File;
use std::io;

/// Fills `buf` from `file` at byte `at`, leaving the file's cursor alone
/// (on Unix; elsewhere it moves, and no reader relies on it). Fails with
/// [`io::ErrorKind::UnexpectedEof`] when the file ends first.
pub fn read_exact_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            match std::os::windows::fs::FileExt::seek_read(
                file,
                &mut buf[done..],
                at + done as u64,
            )? {
                0 => return Err(io::ErrorKind::UnexpectedEof.into()),
                n => done += n,
            }
        }
        Ok(())
    }
}

/// Writes all of `buf` to `file` at byte `at` (growing the file when
/// `at` is past its end), leaving the file's cursor alone (on Unix;
/// elsewhere it moves, and no writer relies on it).
pub fn write_all_at(file: &File, buf: &[u8], at: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::write_all_at(file, buf, at)
    }
    #[cfg(windows)]
    {
        let mut done = 0;
        while done < buf.len() {
            match std::os::windows::fs::FileExt::seek_write(file, &buf[done..], at + done as u64)? {
                0 => return Err(io::ErrorKind::WriteZero.into()),
                n => done += n,
            }
        }
        Ok(())
    }
}
