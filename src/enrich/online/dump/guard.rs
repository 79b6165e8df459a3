//! A reader that refuses a CSV record longer than a cap. The CSV reader holds a whole record
//! in memory, so one crafted field of a gigabyte would otherwise cost a gigabyte (and more,
//! as its buffer doubles). The guard counts the bytes read since the caller last said a
//! record ended; past the cap, reading fails. The CSV reader reads ahead, so what it had
//! already buffered of the next record when the count restarted goes uncounted: the cap holds
//! to within that buffer (8 KiB).

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// The count shared between the guard and its caller.
#[derive(Debug, Default)]
pub struct RecordCount {
    since_end: Cell<u64>,
    tripped: Cell<bool>,
}

impl RecordCount {
    /// A record ended: the count starts again.
    pub fn record_ended(&self) {
        self.since_end.set(0);
    }

    /// Whether the guard refused a record.
    pub fn tripped(&self) -> bool {
        self.tripped.get()
    }
}

/// `inner`, failing once more than `limit` bytes are read without a record ending.
pub struct RecordGuard<R> {
    inner: R,
    limit: u64,
    count: Rc<RecordCount>,
}

impl<R: Read> RecordGuard<R> {
    /// Guards `inner`; `count` is shared with the caller, who reports record ends.
    pub fn new(inner: R, limit: u64, count: Rc<RecordCount>) -> RecordGuard<R> {
        RecordGuard { inner, limit, count }
    }
}

impl<R: Read> Read for RecordGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.count.tripped.get() {
            return Err(io::Error::other("record too long"));
        }
        let n = self.inner.read(buf)?;
        let since = self.count.since_end.get().saturating_add(n as u64);
        self.count.since_end.set(since);
        if since > self.limit {
            self.count.tripped.set(true);
            return Err(io::Error::other("record too long"));
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader<'a>(
        bytes: &'a [u8],
        limit: u64,
        count: &Rc<RecordCount>,
    ) -> csv::Reader<RecordGuard<&'a [u8]>> {
        csv::ReaderBuilder::new().has_headers(false).buffer_capacity(16).from_reader(RecordGuard::new(
            bytes,
            limit,
            count.clone(),
        ))
    }

    #[test]
    fn short_records_pass_and_one_longer_than_the_limit_stops_the_reading() {
        let count = Rc::new(RecordCount::default());
        let text = b"a,b\nc,d\n".repeat(100);
        let mut r = reader(&text, 32, &count);
        let mut record = csv::ByteRecord::new();
        let mut n = 0;
        while r.read_byte_record(&mut record).unwrap() {
            count.record_ended();
            n += 1;
        }
        assert_eq!((n, count.tripped()), (200, false));
        let mut long = b"a,".to_vec();
        long.extend(vec![b'x'; 10_000]);
        let mut r = reader(&long, 32, &count);
        assert!(r.read_byte_record(&mut record).is_err());
        assert!(count.tripped());
    }
}
