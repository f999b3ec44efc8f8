//! A CSV file read as a stream of record-aligned UTF-8 blocks, so that a log of tens of
//! millions of rows is typed block by block (on both cores) and never held whole as
//! text.
//!
//! Opening the file reads its head: the encoding is decided there (`--encoding`, a BOM,
//! UTF-16's zero bytes, UTF-8, else a guess among legacy encodings), the delimiter
//! sniffed, the header row found. Blocks of about [`BLOCK`] bytes then follow, each
//! ending at a line break outside quotes. A UTF-8 file is checked block by block: a
//! block that is not UTF-8 stops the stream with [`StreamError::NotUtf8`], and the
//! caller reads the file again in the encoding guessed from that block.
//!
//! [`for_each_record`] splits a block into records and fields the way the CSV reader
//! did before (quotes, doubled quotes, line breaks inside quotes, `\r\n`, ragged rows;
//! an empty line is a record of one empty field): compared with polars' reader in the
//! tests.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use encoding_rs::{Decoder, Encoding};

use super::{header_index, records, sniff_delimiter, HEADER_SEARCH_ROWS};
use crate::error::InputError;

/// About how many bytes of text a block holds.
pub const BLOCK: usize = 8 << 20;
/// How many bytes of the file's head decide its encoding, delimiter and header.
const HEAD: usize = 1 << 20;

/// Why the stream stopped.
#[derive(Debug)]
pub enum StreamError {
    /// The file is not UTF-8 after all: read it again as [`Choice::Guessed`] says.
    NotUtf8(Choice),
    Input(InputError),
}

/// How the encoding is chosen.
#[derive(Debug, Clone, Copy)]
pub enum Choice {
    /// From the file's head.
    Detect,
    /// `--encoding`.
    Forced(&'static Encoding),
    /// Guessed from a part that is not UTF-8 (the name as the report shows it).
    Guessed(&'static Encoding, &'static str),
}

impl From<InputError> for StreamError {
    fn from(e: InputError) -> Self {
        StreamError::Input(e)
    }
}

/// An open CSV file positioned after its header row.
pub struct CsvStream {
    pub path: String,
    pub headers: Vec<String>,
    pub sep: u8,
    /// The encoding's name as the report shows it.
    pub encoding: &'static str,
    /// 1-based row of the header.
    pub header_row: usize,
    pub format: &'static str,
    /// The file's size in bytes.
    pub size: u64,
    file: Box<dyn Read + Send>,
    bar: indicatif::ProgressBar,
    decoder: Option<Decoder>,
    /// Text read but not yet handed out (starts at a record).
    pending: Vec<u8>,
    /// Raw bytes read but not yet decoded (legacy encodings).
    raw: Vec<u8>,
    eof: bool,
    /// About how many bytes a block holds ([`BLOCK`]; smaller in tests).
    block: usize,
    /// Buffers handed back after use ([`CsvStream::recycle`]).
    spare: Vec<Vec<u8>>,
}

/// How a file's bytes become text: UTF-8 read as it is (checked block by block), or
/// decoded (a legacy encoding, UTF-16, or UTF-8 with its BOM or given, which is then
/// read with bad bytes replaced rather than checked).
enum Decoding {
    Utf8,
    Legacy(&'static Encoding, &'static str),
}

/// The encoding of a file from its head (see the module docs).
fn decoding(head: &[u8], whole: bool, choice: Choice) -> Decoding {
    let forced = match choice {
        Choice::Guessed(enc, name) => return Decoding::Legacy(enc, name),
        Choice::Forced(enc) => Some(enc),
        Choice::Detect => None,
    };
    if let Some(enc) = forced {
        // UTF-8 given or marked (below, by a BOM) is read as UTF-8 whatever follows:
        // bytes that are not become U+FFFD, the file is not read again in a guess.
        let target = if enc == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            enc
        };
        return Decoding::Legacy(target, enc.name());
    }
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return match enc.name() {
            "UTF-8" => Decoding::Legacy(enc, "UTF-8 (BOM)"),
            "UTF-16LE" => Decoding::Legacy(enc, "UTF-16LE (BOM)"),
            "UTF-16BE" => Decoding::Legacy(enc, "UTF-16BE (BOM)"),
            other => Decoding::Legacy(enc, other),
        };
    }
    if let Some(enc) = super::utf16_without_bom(head) {
        return Decoding::Legacy(enc, enc.name());
    }
    match std::str::from_utf8(head) {
        Ok(_) => Decoding::Utf8,
        // Cut inside a character at the end of the head: the rest may still be UTF-8.
        Err(e) if e.error_len().is_none() && !whole => Decoding::Utf8,
        Err(_) => {
            let (enc, name) = legacy_guess(head, whole);
            Decoding::Legacy(enc, name)
        }
    }
}

/// chardetng's guess among legacy encodings, GBK/GB18030 for Chinese bytes.
pub fn legacy_guess(bytes: &[u8], last: bool) -> (&'static Encoding, &'static str) {
    let head = &bytes[..bytes.len().min(HEAD)];
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(head, last && head.len() == bytes.len());
    let guess = det.guess(None, chardetng::Utf8Detection::Allow);
    if guess == encoding_rs::GBK || guess == encoding_rs::GB18030 {
        (encoding_rs::GB18030, "GBK/GB18030")
    } else {
        (guess, guess.name())
    }
}

impl CsvStream {
    /// Opens a CSV file: encoding, delimiter and header from its head.
    pub fn open(path: &Path, choice: Choice) -> Result<CsvStream, InputError> {
        let shown = path.display().to_string();
        let unreadable = |e: std::io::Error| InputError::Unreadable {
            path: shown.clone(),
            detail: e.to_string(),
        };
        let file = File::open(path).map_err(unreadable)?;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        let bar = crate::progress::bytes_bar(path, size);
        let mut file: Box<dyn Read + Send> = Box::new(bar.wrap_read(file));
        let mut head = Vec::with_capacity(HEAD);
        (&mut file)
            .take(HEAD as u64)
            .read_to_end(&mut head)
            .map_err(unreadable)?;
        let whole = (head.len() as u64) < HEAD as u64;
        let (decoder, encoding, pending) = match decoding(&head, whole, choice) {
            Decoding::Utf8 => (None, "UTF-8", head),
            Decoding::Legacy(enc, name) => {
                let mut d = enc.new_decoder_with_bom_removal();
                let text = decode_some(&mut d, &head, whole);
                (Some(d), name, text)
            }
        };
        let mut s = CsvStream {
            path: shown,
            headers: Vec::new(),
            sep: b',',
            encoding,
            header_row: 1,
            format: "csv",
            size,
            file,
            bar,
            decoder,
            pending,
            raw: Vec::new(),
            eof: whole,
            block: BLOCK,
            spare: Vec::new(),
        };
        s.read_header()?;
        Ok(s)
    }

    /// Sniffs the delimiter and finds the header among the first records; the stream
    /// then starts at the first data record.
    fn read_header(&mut self) -> Result<(), InputError> {
        let text = String::from_utf8_lossy(&self.pending).into_owned();
        if text.trim().is_empty() {
            return Err(InputError::Empty {
                path: self.path.clone(),
                sheet: None,
            });
        }
        self.sep = sniff_delimiter(&text);
        let head = records(&text, self.sep, HEADER_SEARCH_ROWS);
        let idx = header_index(&head).unwrap_or(0);
        self.headers = head.get(idx).cloned().unwrap_or_default();
        self.header_row = idx + 1;
        if self.sep == b'\t' {
            self.format = "tsv";
        }
        let mut skip = 0;
        for _ in 0..=idx {
            match record_end(&self.pending[skip..]) {
                Some(end) => skip += end + 1,
                None => skip = self.pending.len(),
            }
        }
        self.pending.drain(..skip.min(self.pending.len()));
        Ok(())
    }

    /// The next block of whole records, or `None` at the end of the file: UTF-8 text
    /// not yet checked (see [`text`]).
    pub fn next_block(&mut self) -> Result<Option<Vec<u8>>, StreamError> {
        loop {
            if let Some(cut) = self.block_end() {
                let mut rest = self.spare.pop().unwrap_or_default();
                rest.clear();
                rest.reserve(2 * self.block);
                rest.extend_from_slice(&self.pending[cut..]);
                let mut block = std::mem::replace(&mut self.pending, rest);
                block.truncate(cut);
                return Ok(Some(block));
            }
            if self.eof {
                crate::progress::done_reading(&self.bar);
                if self.pending.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(std::mem::take(&mut self.pending)));
            }
            self.fill()?;
        }
    }

    /// Whether the file's bytes are decoded into text (not UTF-8).
    pub fn decoded(&self) -> bool {
        self.decoder.is_some()
    }

    /// Takes back a block's buffer once its text is used, to read into again.
    pub fn recycle(&mut self, buffer: Vec<u8>) {
        if self.spare.len() < 4 {
            self.spare.push(buffer);
        }
    }

    /// Where the first block in `pending` ends (after its last line break outside
    /// quotes), once `pending` holds a block's worth or the file is read.
    fn block_end(&self) -> Option<usize> {
        if self.pending.len() < self.block && !self.eof {
            return None;
        }
        match last_record_end(&self.pending) {
            Some(e) => Some(e + 1),
            // A quote that is never closed would make the rest of the file one record:
            // past eight blocks, the block ends at its last line break whatever the
            // quotes say (the broken rows are rejected, not the whole file held).
            None if self.pending.len() >= 8 * self.block => {
                memchr::memrchr(b'\n', &self.pending).map(|e| e + 1)
            }
            None => None,
        }
    }

    /// Reads more of the file into `pending`.
    fn fill(&mut self) -> Result<(), StreamError> {
        let path = &self.path;
        let io = |e: std::io::Error| {
            StreamError::Input(InputError::Unreadable {
                path: path.clone(),
                detail: e.to_string(),
            })
        };
        let into = if self.decoder.is_some() {
            &mut self.raw
        } else {
            &mut self.pending
        };
        // Read into the buffer's spare room (a recycled buffer's pages are already
        // mapped: faulting in fresh memory for every block costs more than reading).
        let have = into.len();
        into.resize(have + self.block, 0);
        let mut n = 0;
        while n < self.block {
            match self.file.read(&mut into[have + n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io(e)),
            }
        }
        into.truncate(have + n);
        self.eof = n == 0;
        if let Some(d) = &mut self.decoder {
            let text = decode_some(d, &self.raw, self.eof);
            self.raw.clear();
            self.pending.extend_from_slice(&text);
        }
        Ok(())
    }
}

/// A block as text: a file read as UTF-8 whose block is not UTF-8 is read again in the
/// encoding guessed from that block.
pub fn text(block: &[u8]) -> Result<&str, StreamError> {
    std::str::from_utf8(block).map_err(|e| {
        // The guess looks at the bytes from the first that is not UTF-8 on.
        let (enc, name) = legacy_guess(&block[e.valid_up_to()..], false);
        StreamError::NotUtf8(Choice::Guessed(enc, name))
    })
}

impl Drop for CsvStream {
    fn drop(&mut self) {
        crate::progress::done_reading(&self.bar);
    }
}

/// Decodes what it can of `bytes` (all of it when `last`), as UTF-8 bytes.
fn decode_some(d: &mut Decoder, bytes: &[u8], last: bool) -> Vec<u8> {
    let mut out = String::with_capacity(d.max_utf8_buffer_length(bytes.len()).unwrap_or(0));
    let (_, _, _) = d.decode_to_string(bytes, &mut out, last);
    out.into_bytes()
}

/// The end (the `\n`) of the first record of `text`, outside quotes.
fn record_end(text: &[u8]) -> Option<usize> {
    let mut quoted = false;
    for i in memchr::memchr2_iter(b'"', b'\n', text) {
        match text[i] {
            b'"' => quoted = !quoted,
            _ if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The last line break of `text` outside quotes (`text` starts at a record).
fn last_record_end(text: &[u8]) -> Option<usize> {
    let mut end = memchr::memrchr(b'\n', text)?;
    let mut quotes = memchr::memchr_iter(b'"', &text[..end]).count();
    while quotes % 2 == 1 {
        let prev = memchr::memrchr(b'\n', &text[..end])?;
        quotes -= memchr::memchr_iter(b'"', &text[prev..end]).count();
        end = prev;
    }
    Some(end)
}

/// Calls `f` with each record of `block` (whole records) as cell accessor: cell `i` is
/// `None` past the record's last field; fields past `width` are ignored.
pub fn for_each_record(block: &str, sep: u8, width: usize, mut f: impl FnMut(&Fields<'_>)) {
    let bytes = block.as_bytes();
    let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(width);
    let mut scratch = String::new();
    let mut pos = 0;
    while pos < bytes.len() {
        let rest = &bytes[pos..];
        let nl = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        if memchr::memchr(b'"', &rest[..nl]).is_none() {
            split_plain(&block[pos..pos + nl], sep, width, &mut ranges);
            f(&Fields {
                text: &block[pos..pos + nl],
                ranges: &ranges,
            });
            pos += nl + 1;
        } else {
            let end = record_end(rest).unwrap_or(rest.len());
            split_quoted(
                &block[pos..pos + end],
                sep,
                width,
                &mut scratch,
                &mut ranges,
            );
            f(&Fields {
                text: &scratch,
                ranges: &ranges,
            });
            pos += end + 1;
        }
    }
}

/// One record's cells.
pub trait Cell {
    /// Cell `i`, `None` when the record has no such field.
    fn get(&self, i: usize) -> Option<&str>;

    /// Cell `i` as milliseconds when its column is a typed datetime or date (Parquet),
    /// with how its text would be written: `Some((None, _))` for an empty one; `None`
    /// when the column is text.
    fn millis(&self, _i: usize) -> Option<(Option<i64>, super::TimeStyle)> {
        None
    }
}

pub struct Fields<'a> {
    text: &'a str,
    ranges: &'a [(usize, usize)],
}

impl Cell for Fields<'_> {
    fn get(&self, i: usize) -> Option<&str> {
        self.ranges.get(i).map(|&(a, b)| &self.text[a..b])
    }
}

/// The fields of a line without quotes (a `\r` before the line break dropped).
fn split_plain(line: &str, sep: u8, width: usize, ranges: &mut Vec<(usize, usize)>) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    ranges.clear();
    let mut start = 0;
    for i in memchr::memchr_iter(sep, line.as_bytes()) {
        if ranges.len() + 1 >= width {
            break;
        }
        ranges.push((start, i));
        start = i + 1;
    }
    let end = match memchr::memchr(sep, &line.as_bytes()[start..]) {
        Some(i) => start + i,
        None => line.len(),
    };
    ranges.push((start, end));
}

/// The fields of a record with quotes, unquoted into `out` (doubled quotes as one; a
/// `\r` before the record's end dropped).
fn split_quoted(
    rec: &str,
    sep: u8,
    width: usize,
    out: &mut String,
    ranges: &mut Vec<(usize, usize)>,
) {
    let rec = rec.strip_suffix('\r').unwrap_or(rec);
    out.clear();
    ranges.clear();
    let sep = sep as char;
    let mut chars = rec.chars().peekable();
    let mut start = 0;
    let mut quoted = false;
    let mut at_field_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_field_start => quoted = true,
            '"' if quoted && chars.peek() == Some(&'"') => {
                out.push('"');
                chars.next();
            }
            '"' if quoted => quoted = false,
            c if c == sep && !quoted => {
                ranges.push((start, out.len()));
                start = out.len();
                at_field_start = true;
                continue;
            }
            c => out.push(c),
        }
        at_field_start = false;
    }
    ranges.push((start, out.len()));
    ranges.truncate(width.max(1));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of a CSV text as polars' reader sees them (every field as text,
    /// missing fields and empty unquoted fields as `None`).
    fn polars_records(text: &str, width: usize) -> Vec<Vec<Option<String>>> {
        use polars::prelude::*;
        let names: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
        let header = names.join(",");
        let csv = format!("{header}\n{text}");
        let df = CsvReadOptions::default()
            .with_has_header(true)
            .with_infer_schema_length(Some(0))
            .with_parse_options(
                CsvParseOptions::default()
                    .with_missing_is_null(true)
                    .with_truncate_ragged_lines(true),
            )
            .into_reader_with_file_handle(std::io::Cursor::new(csv.into_bytes()))
            .finish()
            .expect("polars reads it");
        (0..df.height())
            .map(|r| {
                df.columns()
                    .iter()
                    .map(|c| c.str().expect("text").get(r).map(str::to_string))
                    .collect()
            })
            .collect()
    }

    fn ours(text: &str, width: usize) -> Vec<Vec<Option<String>>> {
        let mut out = Vec::new();
        for_each_record(text, b',', width, |cells| {
            out.push(
                (0..width)
                    .map(|i| cells.get(i).filter(|v| !v.is_empty()).map(str::to_string))
                    .collect(),
            );
        });
        out
    }

    #[test]
    fn records_are_split_as_polars_splits_them() {
        let texts = [
            "a,b,c\n1,2,3\n",
            "a,b,c\r\n1,2,3\r\n",
            "a,,c\n\n1,2\n,,\n",
            "\"a,b\",\"say \"\"hi\"\"\",c\n",
            "x,\"two\nlines\",z\ny,\"\",w",
            "p,q,r,s,t\nu\n",
            "  a , b ,c\n中文,\"引号,逗号\",末尾\r\n",
            "k,\"a\r\nb\",c\r\n",
        ];
        for t in texts {
            let want: Vec<Vec<Option<String>>> = polars_records(t, 3)
                .into_iter()
                .map(|r| r.into_iter().map(|v| v.filter(|s| !s.is_empty())).collect())
                .collect();
            assert_eq!(ours(t, 3), want, "{t:?}");
        }
    }

    #[test]
    fn blocks_end_outside_quotes() {
        assert_eq!(last_record_end(b"a,b\nc,\"d\ne\"\nf"), Some(11));
        assert_eq!(last_record_end(b"a,\"b\nc"), None);
        assert_eq!(record_end(b"\"x\ny\",z\nnext"), Some(7));
    }

    #[test]
    fn a_stream_hands_out_every_record_once_in_blocks() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("log.csv");
        let mut csv = String::from("title line\ncase,stage,start\n");
        for i in 0..200_000 {
            csv.push_str(&format!("C{i},\"s,{}\",2024-01-01\n", i % 7));
        }
        std::fs::write(&path, &csv).expect("written");
        let mut s = CsvStream::open(&path, Choice::Detect).expect("opens");
        s.block = 1 << 16;
        assert_eq!(s.headers, ["case", "stage", "start"]);
        assert_eq!(s.header_row, 2);
        let (mut n, mut blocks) = (0, 0);
        while let Some(b) = s.next_block().expect("a block") {
            blocks += 1;
            for_each_record(text(&b).expect("UTF-8"), s.sep, 3, |c| {
                assert_eq!(c.get(0), Some(format!("C{n}").as_str()));
                n += 1;
            });
        }
        assert_eq!((n, blocks > 1), (200_000, true));
    }

    /// A file of `head` then `tail` written after more than the 1 MB head.
    fn file_with_late(dir: &std::path::Path, bom: bool, tail: &[u8]) -> std::path::PathBuf {
        let path = dir.join("late.csv");
        let mut bytes = if bom {
            b"\xEF\xBB\xBF".to_vec()
        } else {
            Vec::new()
        };
        bytes.extend_from_slice("工单号,环节\n".as_bytes());
        while bytes.len() < 2 * HEAD {
            bytes.extend_from_slice("A,需求评审\n".as_bytes());
        }
        bytes.extend_from_slice(tail);
        std::fs::write(&path, &bytes).expect("written");
        path
    }

    /// Every block of a stream, as text (or the error that stopped it).
    fn blocks(path: &std::path::Path, choice: Choice) -> Result<Vec<String>, StreamError> {
        let mut s = CsvStream::open(path, choice).map_err(StreamError::Input)?;
        s.block = 1 << 16;
        let mut out = Vec::new();
        while let Some(b) = s.next_block()? {
            out.push(text(&b)?.to_string());
        }
        Ok(out)
    }

    #[test]
    fn a_late_part_that_is_not_utf8_is_read_again_only_without_a_bom() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let rows: String = (0..3000)
            .map(|i| {
                let stage = ["需求受理", "方案设计", "合规审批", "上线发布", "客户确认"][i % 5];
                let who = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆", "赵磊"][i % 7];
                format!("XQ{i:05},{stage},{who},已完成\n")
            })
            .collect();
        let (gbk, _, _) = encoding_rs::GBK.encode(&rows);
        // No BOM: the file is read again in the encoding guessed from that part.
        let plain = file_with_late(dir.path(), false, &gbk);
        match blocks(&plain, Choice::Detect) {
            Err(StreamError::NotUtf8(Choice::Guessed(_, name))) => assert_eq!(name, "GBK/GB18030"),
            other => panic!("expected a new guess, got {:?}", other.map(|b| b.len())),
        }
        // A BOM (or --encoding utf-8) says UTF-8: bad bytes become U+FFFD.
        let marked = file_with_late(dir.path(), true, &gbk);
        let text = blocks(&marked, Choice::Detect)
            .expect("read as UTF-8")
            .concat();
        assert!(text.ends_with("\u{FFFD}\n") && text.starts_with("A,需求评审"));
        let forced = blocks(&plain, Choice::Forced(encoding_rs::UTF_8)).expect("read as UTF-8");
        assert!(forced.concat().contains('\u{FFFD}'));
        let s = CsvStream::open(&marked, Choice::Detect).expect("opens");
        assert_eq!(
            (s.encoding, s.headers[0].as_str()),
            ("UTF-8 (BOM)", "工单号")
        );
    }

    #[test]
    fn a_quote_never_closed_does_not_hold_the_rest_of_the_file() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("quote.csv");
        let mut csv = String::from("case,stage\nA,\"never closed\n");
        for i in 0..300_000 {
            csv.push_str(&format!("C{i},s\n"));
        }
        std::fs::write(&path, &csv).expect("written");
        let mut s = CsvStream::open(&path, Choice::Detect).expect("opens");
        s.block = 1 << 12;
        let (mut n, mut longest) = (0, 0);
        while let Some(b) = s.next_block().expect("a block") {
            n += 1;
            longest = longest.max(b.len());
        }
        // The first block is the head read at opening; the others are cut after eight
        // blocks' worth at most.
        assert!(
            n > 10 && longest <= HEAD,
            "{n} blocks, the longest {longest} bytes"
        );
    }

    #[test]
    fn a_gbk_file_is_decoded_as_it_streams() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("gbk.csv");
        let (bytes, _, _) = encoding_rs::GBK.encode("工单号,环节\nA,需求评审\n");
        std::fs::write(&path, &bytes).expect("written");
        let mut s = CsvStream::open(&path, Choice::Detect).expect("opens");
        assert_eq!(
            (s.headers.clone(), s.encoding),
            (vec!["工单号".to_string(), "环节".into()], "GBK/GB18030")
        );
        let block = s.next_block().expect("a block").expect("one");
        assert_eq!(text(&block).expect("UTF-8"), "A,需求评审\n");
    }
}
