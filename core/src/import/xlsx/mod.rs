//! I1, R2, I3b: a bounded, streaming XLSX reader over `zip` and `quick-xml`.
//!
//! Every part of the workbook is read through one counting reader: the bytes it has actually
//! inflated are checked against [`ImportLimits`] before they are handed on, whatever the zip
//! entry says its size is. Nothing is ever reserved from a size or count the file declares.
//! Shared strings are kept as one `String` and the end of each; a sheet is streamed a row at a
//! time into one reused [`LineBuf`], so memory is the shared strings and one row.

mod sheet;

pub(crate) use sheet::{column_name, LineBuf, Sheet, Step};

use super::{ImportIssue, ImportLimits, IssueCode, SHEET_MAX_COLUMNS};
use quick_xml::events::{BytesRef, BytesText, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::io::{BufReader, Read, Seek};

/// The longest run of bytes between two pieces of markup (`<` or `>`) a part may have: a cell
/// holds at most 32,767 characters, which even written all as character references (`&#x10FFFF;`)
/// is well under this. A longer run is text no spreadsheet wrote, and would otherwise be
/// gathered whole into memory by the XML reader before it could be looked at.
pub(crate) const MAX_XML_RUN: u64 = 1024 * 1024;

/// How often, in bytes of the sheet once inflated, the reader stops to let the caller report
/// progress (and stop the read), whether or not a row has ended.
pub(crate) const TICK_BYTES: u64 = 1024 * 1024;

/// At most this many sheets, relationships of a part, or cell styles: far more than any
/// workbook has (Excel allows 64,000 cell styles), and each is kept while the file is read.
const MAX_LISTED: usize = 65_536;

/// The zip reader's buffer, and the XML reader's.
const CHUNK: usize = 64 * 1024;

/// Why a workbook cannot be read; each is one file-level issue.
#[derive(Debug)]
pub(crate) enum XlsxError {
    /// `FILE_UNREADABLE`: not a workbook, a broken zip or XML part, a missing sheet.
    Unreadable(String),
    /// `FILE_TOO_LARGE_INFLATED`: a part, all parts together or the shared strings past a limit.
    TooLarge(String),
    /// `TOO_MANY_COLUMNS`: a cell past the column limit.
    TooManyColumns(String),
}

impl XlsxError {
    /// The file-level issue that refuses the file.
    pub(crate) fn issue(self) -> ImportIssue {
        match self {
            XlsxError::Unreadable(m) => ImportIssue::new(IssueCode::FileUnreadable, None, m),
            XlsxError::TooLarge(m) => ImportIssue::new(IssueCode::FileTooLargeInflated, None, m),
            XlsxError::TooManyColumns(m) => ImportIssue::new(IssueCode::TooManyColumns, None, m),
        }
    }
}

type Res<T> = std::result::Result<T, XlsxError>;

fn unreadable(message: impl Into<String>) -> XlsxError {
    XlsxError::Unreadable(message.into())
}

/// Which limit a part's reader stopped at.
#[derive(Debug, Clone, Copy)]
enum Exceeded {
    Part,
    Total,
    Run,
}

/// A zip entry's bytes, counted as they are inflated and refused past the limits.
struct Counted<R> {
    inner: R,
    /// Bytes handed on so far.
    read: u64,
    /// At most this many bytes for the part …
    part_limit: u64,
    /// … and this many for every part still to be read together.
    total_left: u64,
    /// Bytes since the last `<` or `>`.
    run: u64,
    exceeded: Option<Exceeded>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.exceeded.is_some() {
            return Err(std::io::Error::other("limit"));
        }
        let allowed = self.part_limit.min(self.total_left);
        // One byte past the limit shows that there is more; never more than that is inflated.
        let room = allowed.saturating_sub(self.read).saturating_add(1);
        let take = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..take])?;
        self.read += n as u64;
        self.run = match memchr::memrchr2(b'<', b'>', &buf[..n]) {
            Some(at) => (n - at - 1) as u64,
            None => self.run + n as u64,
        };
        let exceeded = if self.read > self.part_limit {
            Some(Exceeded::Part)
        } else if self.read > self.total_left {
            Some(Exceeded::Total)
        } else if self.run > MAX_XML_RUN {
            Some(Exceeded::Run)
        } else {
            None
        };
        if exceeded.is_some() {
            self.exceeded = exceeded;
            return Err(std::io::Error::other("limit"));
        }
        Ok(n)
    }
}

/// A part being read: borrowed from the archive (`'z`), which reads the file from `R` (the
/// bytes in memory, or the file itself when the caller gave a path).
type PartXml<'z, R> = Reader<BufReader<Counted<zip::read::ZipFile<'z, R>>>>;

/// An open workbook: its parts found, its shared strings and date styles read.
pub(crate) struct Book<R> {
    archive: zip::ZipArchive<R>,
    limits: ImportLimits,
    /// Bytes inflated so far, every part together.
    inflated: u64,
    strings: SharedStrings,
    /// For each cell style (`s`): whether a number in it is a date.
    dates: Vec<bool>,
    date1904: bool,
    /// The workbook's sheets in order: name, and the path of its part.
    sheets: Vec<(String, Option<String>)>,
}

impl<R: Read + Seek> Book<R> {
    /// Opens the workbook and reads what every sheet needs: the sheet list, the styles (for
    /// dates) and the shared strings. `source` is the file: its bytes in a cursor, or the file
    /// itself (only the parts read are read, never the whole file at once).
    pub(crate) fn open(source: R, limits: &ImportLimits) -> Res<Book<R>> {
        let archive = zip::ZipArchive::new(source)
            .map_err(|e| unreadable(format!("the file cannot be opened as an XLSX workbook: {e}")))?;
        let mut book = Book {
            archive,
            limits: *limits,
            inflated: 0,
            strings: SharedStrings::default(),
            dates: Vec::new(),
            date1904: false,
            sheets: Vec::new(),
        };
        let workbook = book.office_document()?;
        let rels = book.relationships(&rels_path(&workbook))?;
        let base = parent(&workbook);
        let (sheets, date1904) = book.workbook(&workbook)?;
        book.date1904 = date1904;
        book.sheets = sheets
            .into_iter()
            .map(|(name, id)| {
                let path = rels.iter().find(|r| r.id == id).map(|r| resolve(base, &r.target));
                (name, path)
            })
            .collect();
        let of_type = |suffix: &str| rels.iter().find(|r| r.kind.ends_with(suffix)).map(|r| resolve(base, &r.target));
        if let Some(styles) = of_type("/styles") {
            book.styles(&styles)?;
        }
        if let Some(strings) = of_type("/sharedStrings") {
            book.shared_strings(&strings)?;
        }
        Ok(book)
    }

    /// The sheet named `wanted`, or the first; the reader of its rows.
    pub(crate) fn sheet(&mut self, wanted: Option<&str>) -> Res<Sheet<'_, R>> {
        let found = match wanted {
            Some(w) => self.sheets.iter().find(|(n, _)| n == w),
            None => self.sheets.first(),
        };
        let (name, path) = match (found, wanted) {
            (Some(s), _) => s.clone(),
            (None, Some(w)) => {
                let names: Vec<&str> = self.sheets.iter().map(|(n, _)| n.as_str()).collect();
                return Err(unreadable(format!(
                    "the workbook has no sheet named '{w}'; its sheets are: {}",
                    names.join(", ")
                )));
            }
            (None, None) => return Err(unreadable("the workbook has no sheets")),
        };
        let Some(path) = path else {
            return Err(unreadable(format!("sheet '{name}' cannot be read: the workbook does not say where it is")));
        };
        let max_columns = self.limits.max_columns.min(SHEET_MAX_COLUMNS);
        let Book { archive, limits, inflated, strings, dates, date1904, .. } = self;
        let (xml, declared) = open_part(archive, limits, *inflated, &path)?
            .ok_or_else(|| unreadable(format!("sheet '{name}' cannot be read: the workbook has no part {path}")))?;
        Ok(Sheet::new(xml, name, path, declared, strings, dates, *date1904, max_columns))
    }

    /// A small part (relationships, the workbook, styles) read through `each` event by event;
    /// `Ok(false)` when the part is not there.
    fn part(&mut self, path: &str, each: &mut dyn FnMut(&Event<'_>) -> Res<()>) -> Res<bool> {
        let Some((mut xml, _)) = open_part(&mut self.archive, &self.limits, self.inflated, path)? else {
            return Ok(false);
        };
        let mut buf = Vec::with_capacity(1024);
        loop {
            buf.clear();
            match xml.read_event_into(&mut buf) {
                Ok(Event::Eof) => break,
                Ok(event) => each(&event)?,
                Err(e) => return Err(xml_error(&xml, path, &self.limits, &e)),
            }
        }
        self.inflated += xml.get_ref().get_ref().read;
        Ok(true)
    }

    /// The workbook part's path, from the package's relationships (`xl/workbook.xml` when
    /// they do not say).
    fn office_document(&mut self) -> Res<String> {
        let rels = self.relationships("_rels/.rels")?;
        Ok(rels
            .into_iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map_or_else(|| "xl/workbook.xml".to_owned(), |r| resolve("", &r.target)))
    }

    fn relationships(&mut self, path: &str) -> Res<Vec<Relationship>> {
        let mut rels = Vec::new();
        self.part(path, &mut |event| {
            if let Event::Start(e) | Event::Empty(e) = event {
                if e.local_name().as_ref() == b"Relationship" {
                    if rels.len() >= MAX_LISTED {
                        return Err(unreadable(format!("{path} lists more than {MAX_LISTED} relationships")));
                    }
                    let mut r = Relationship::default();
                    for a in e.attributes() {
                        let a = a.map_err(|e| unreadable(format!("{path} cannot be read: {e}")))?;
                        let value = attr_text(&a, path)?;
                        match a.key.local_name().as_ref() {
                            b"Id" => r.id = value,
                            b"Type" => r.kind = value,
                            b"Target" => r.target = value,
                            _ => {}
                        }
                    }
                    rels.push(r);
                }
            }
            Ok(())
        })?;
        Ok(rels)
    }

    /// The sheets (name and relationship id) and whether dates count from 1904.
    fn workbook(&mut self, path: &str) -> Res<(Vec<(String, String)>, bool)> {
        let mut sheets = Vec::new();
        let mut date1904 = false;
        let found = self.part(path, &mut |event| {
            if let Event::Start(e) | Event::Empty(e) = event {
                match e.local_name().as_ref() {
                    b"sheet" => {
                        if sheets.len() >= MAX_LISTED {
                            return Err(unreadable(format!("the workbook lists more than {MAX_LISTED} sheets")));
                        }
                        let (mut name, mut id) = (String::new(), String::new());
                        for a in e.attributes() {
                            let a = a.map_err(|e| unreadable(format!("{path} cannot be read: {e}")))?;
                            match a.key.local_name().as_ref() {
                                b"name" => name = attr_text(&a, path)?,
                                b"id" => id = attr_text(&a, path)?,
                                _ => {}
                            }
                        }
                        sheets.push((name, id));
                    }
                    b"workbookPr" => {
                        for a in e.attributes().flatten() {
                            if a.key.local_name().as_ref() == b"date1904" {
                                date1904 = matches!(a.value.as_ref(), b"1" | b"true");
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(())
        })?;
        if !found {
            return Err(unreadable(format!(
                "the file cannot be opened as an XLSX workbook: it has no {path}; open it in a spreadsheet program and save it as .xlsx"
            )));
        }
        Ok((sheets, date1904))
    }

    /// I1: which cell styles show a number as a date (built-in formats 14–22 and 45–47, and
    /// custom formats with day, month, year or time parts).
    fn styles(&mut self, path: &str) -> Res<()> {
        let mut custom: Vec<(u32, bool)> = Vec::new();
        let mut dates = Vec::new();
        let mut in_cell_xfs = false;
        self.part(path, &mut |event| {
            match event {
                Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                    b"numFmt" => {
                        let (mut id, mut date) = (None, false);
                        for a in e.attributes().flatten() {
                            match a.key.local_name().as_ref() {
                                b"numFmtId" => id = parse_u32(&a.value),
                                b"formatCode" => date = is_date_format(&attr_text(&a, path)?),
                                _ => {}
                            }
                        }
                        if let Some(id) = id {
                            if custom.len() >= MAX_LISTED {
                                return Err(unreadable(format!("{path} lists more than {MAX_LISTED} number formats")));
                            }
                            custom.push((id, date));
                        }
                    }
                    b"cellXfs" => {
                        in_cell_xfs = matches!(event, Event::Start(_));
                        // Number formats come before cell styles: looked up by id from here.
                        custom.sort_by_key(|&(id, _)| id);
                    }
                    b"xf" if in_cell_xfs => {
                        if dates.len() >= MAX_LISTED {
                            return Err(unreadable(format!("{path} lists more than {MAX_LISTED} cell styles")));
                        }
                        let id = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == b"numFmtId")
                            .and_then(|a| parse_u32(&a.value))
                            .unwrap_or(0);
                        let date = match custom.binary_search_by_key(&id, |&(c, _)| c) {
                            Ok(at) => custom[at].1,
                            Err(_) => matches!(id, 14..=22 | 45..=47),
                        };
                        dates.push(date);
                    }
                    _ => {}
                },
                Event::End(e) if e.local_name().as_ref() == b"cellXfs" => in_cell_xfs = false,
                _ => {}
            }
            Ok(())
        })?;
        self.dates = dates;
        Ok(())
    }

    /// The shared-strings table: each entry's text (rich-text runs joined, phonetic runs left
    /// out), bounded by the count and byte limits as it is read.
    fn shared_strings(&mut self, path: &str) -> Res<()> {
        let max_count = self.limits.max_shared_strings;
        let max_bytes = self.limits.max_shared_string_bytes.min(u32::MAX as usize);
        let mut strings = SharedStrings::default();
        let (mut in_t, mut in_rph) = (false, false);
        let too_many = || {
            XlsxError::TooLarge(format!(
                "the workbook has more than {max_count} shared strings; the limit is {max_count}. Split it into smaller files"
            ))
        };
        let too_long = || {
            XlsxError::TooLarge(format!(
                "the workbook's shared strings hold more than {max_bytes} bytes of text; the limit is {max_bytes}. Split it into smaller files"
            ))
        };
        let push = |strings: &mut SharedStrings, text: &str| {
            if strings.text.len() + text.len() > max_bytes {
                return Err(too_long());
            }
            strings.text.push_str(text);
            Ok(())
        };
        let mut scratch = String::new();
        self.part(path, &mut |event| {
            match event {
                Event::Start(e) => match e.local_name().as_ref() {
                    b"si" if strings.len() >= max_count => return Err(too_many()),
                    b"t" if !in_rph => in_t = true,
                    b"rPh" => in_rph = true,
                    _ => {}
                },
                Event::Empty(e) if e.local_name().as_ref() == b"si" => {
                    if strings.len() >= max_count {
                        return Err(too_many());
                    }
                    strings.end_entry();
                }
                Event::End(e) => match e.local_name().as_ref() {
                    b"si" => strings.end_entry(),
                    b"t" => in_t = false,
                    b"rPh" => in_rph = false,
                    _ => {}
                },
                Event::Text(t) if in_t => {
                    let text = text_of(t, path)?;
                    push(&mut strings, &unescape_excel(&text))?;
                }
                Event::CData(t) if in_t => {
                    let text = t.decode().map_err(|e| unreadable(format!("{path} cannot be read: {e}")))?;
                    push(&mut strings, &text)?;
                }
                Event::GeneralRef(r) if in_t => {
                    scratch.clear();
                    entity(r, &mut scratch, path)?;
                    push(&mut strings, &scratch)?;
                }
                _ => {}
            }
            Ok(())
        })?;
        strings.text.shrink_to_fit();
        strings.lens.shrink_to_fit();
        strings.starts.shrink_to_fit();
        self.strings = strings;
        Ok(())
    }
}

/// One relationship of a `.rels` part.
#[derive(Default)]
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// Opens a part for reading, bounded by the part limit and what is left of the total; `None`
/// when the workbook has no such part. Also the part's declared size (for progress only).
fn open_part<'z, R: Read + Seek>(
    archive: &'z mut zip::ZipArchive<R>,
    limits: &ImportLimits,
    inflated: u64,
    path: &str,
) -> Res<Option<(PartXml<'z, R>, u64)>> {
    let index = match archive.index_for_name(path) {
        Some(i) => i,
        // Some writers spell part names in another case than their relationships do.
        None => {
            let name = archive.file_names().find(|n| n.eq_ignore_ascii_case(path)).map(str::to_owned);
            match name.and_then(|n| archive.index_for_name(&n)) {
                Some(i) => i,
                None => return Ok(None),
            }
        }
    };
    let file =
        archive.by_index(index).map_err(|e| unreadable(format!("part {path} of the workbook cannot be read: {e}")))?;
    let declared = file.size();
    let counted = Counted {
        inner: file,
        read: 0,
        part_limit: limits.max_part_bytes as u64,
        total_left: (limits.max_inflated_bytes as u64).saturating_sub(inflated),
        run: 0,
        exceeded: None,
    };
    let mut xml = Reader::from_reader(BufReader::with_capacity(CHUNK, counted));
    xml.config_mut().check_end_names = true;
    Ok(Some((xml, declared)))
}

/// The issue for a part's reader that failed: a limit, or XML (or zip) that cannot be read.
fn xml_error<R: Read>(xml: &PartXml<'_, R>, path: &str, limits: &ImportLimits, e: &quick_xml::Error) -> XlsxError {
    let counted = xml.get_ref().get_ref();
    match counted.exceeded {
        Some(Exceeded::Part) => XlsxError::TooLarge(format!(
            "part {path} of the workbook inflates to more than {} bytes; the limit is {}. Split the file into smaller files",
            limits.max_part_bytes, limits.max_part_bytes
        )),
        Some(Exceeded::Total) => XlsxError::TooLarge(format!(
            "the workbook inflates to more than {} bytes in all; the limit is {}. Split the file into smaller files",
            limits.max_inflated_bytes, limits.max_inflated_bytes
        )),
        Some(Exceeded::Run) => XlsxError::TooLarge(format!(
            "part {path} of the workbook has over {MAX_XML_RUN} bytes of text in one piece (near byte {}), far more than a spreadsheet cell holds",
            counted.read
        )),
        None => unreadable(format!("part {path} of the workbook cannot be read near byte {}: {e}", xml.error_position())),
    }
}

fn attr_text(a: &quick_xml::events::attributes::Attribute<'_>, path: &str) -> Res<String> {
    let bad = |m: String| unreadable(format!("{path} cannot be read: {m}"));
    let raw = std::str::from_utf8(&a.value).map_err(|e| bad(e.to_string()))?;
    quick_xml::escape::unescape(raw).map(Cow::into_owned).map_err(|e| bad(e.to_string()))
}

fn text_of<'t>(t: &'t BytesText<'_>, path: &str) -> Res<Cow<'t, str>> {
    t.xml10_content().map_err(|e| unreadable(format!("{path} cannot be read: {e}")))
}

/// An entity or character reference, appended to `out`.
fn entity(r: &BytesRef<'_>, out: &mut String, path: &str) -> Res<()> {
    let bad = |m: String| unreadable(format!("{path} cannot be read: {m}"));
    let name = r.decode().map_err(|e| bad(e.to_string()))?;
    match name.as_ref() {
        "amp" => out.push('&'),
        "lt" => out.push('<'),
        "gt" => out.push('>'),
        "quot" => out.push('"'),
        "apos" => out.push('\''),
        _ => match r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
            Some(c) => out.push(c),
            None => return Err(bad(format!("unknown entity &{name};"))),
        },
    }
    Ok(())
}

/// Excel writes a character XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`).
fn unescape_excel(text: &str) -> Cow<'_, str> {
    if !text.contains("_x") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let code = tail
            .get(2..6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()) && tail.as_bytes().get(6) == Some(&b'_'))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The `.rels` part that goes with a part.
fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

fn parent(part: &str) -> &str {
    part.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A relationship's target, relative to `base` unless it starts with `/`.
fn resolve(base: &str, target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined;
    let full = match target.strip_prefix('/') {
        Some(absolute) => absolute,
        None if base.is_empty() => target,
        None => {
            joined = format!("{base}/{target}");
            &joined
        }
    };
    for p in full.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn parse_u32(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    let mut n: u32 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
    }
    Some(n)
}

/// I1: whether a custom number format shows a date or a time (its first section has a day,
/// month, year, hour or second part outside quotes and brackets).
fn is_date_format(format: &str) -> bool {
    let (mut quoted, mut escaped, mut brackets) = (false, false, 0u32);
    let mut prev = ' ';
    for c in format.chars() {
        if escaped {
            escaped = false;
        } else if quoted {
            quoted = c != '"';
        } else {
            match c {
                '\\' | '_' => escaped = true,
                '"' => quoted = true,
                ';' => return false,
                '[' => brackets = brackets.saturating_add(1),
                // [h], [mm], [ss]: an elapsed time.
                ']' if brackets == 1 && matches!(prev.to_ascii_lowercase(), 'h' | 'm' | 's') => return true,
                ']' => brackets = brackets.saturating_sub(1),
                'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' if brackets == 0 => return true,
                _ => {}
            }
        }
        prev = c;
    }
    false
}

/// The shared strings: one text, each entry's length in a byte (most are under 255), and where
/// every 16th entry starts; never a `String` each. About 1.06 bytes an entry beyond its text.
#[derive(Default)]
struct SharedStrings {
    text: String,
    /// Where entries `16 k` start in `text`.
    starts: Vec<u32>,
    /// Each entry's length in bytes; [`LONG`] for 255 or more, the length then in `long`.
    lens: Vec<u8>,
    /// The entries of 255 bytes or more, and their lengths, by entry.
    long: Vec<(u32, u32)>,
    /// Where the entry being read starts.
    open: usize,
}

/// Marks a shared string of 255 bytes or more.
const LONG: u8 = u8::MAX;

/// Entries per [`SharedStrings::starts`].
const STRIDE: usize = 16;

impl SharedStrings {
    fn len(&self) -> usize {
        self.lens.len()
    }

    /// The entry being read ends (its text already pushed onto `text`).
    fn end_entry(&mut self) {
        let i = self.lens.len();
        let len = self.text.len() - self.open;
        if i % STRIDE == 0 {
            self.starts.push(self.open as u32);
        }
        match u8::try_from(len) {
            Ok(n) if n < LONG => self.lens.push(n),
            _ => {
                self.lens.push(LONG);
                self.long.push((i as u32, len as u32));
            }
        }
        self.open = self.text.len();
    }

    fn len_of(&self, i: usize) -> usize {
        match self.lens[i] {
            LONG => self.long.binary_search_by_key(&(i as u32), |&(e, _)| e).map_or(0, |at| self.long[at].1 as usize),
            n => usize::from(n),
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        if i >= self.lens.len() {
            return None;
        }
        let first = i - i % STRIDE;
        let mut start = *self.starts.get(first / STRIDE)? as usize;
        for j in first..i {
            start += self.len_of(j);
        }
        self.text.get(start..start + self.len_of(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r1_column_names_and_references() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
    }

    #[test]
    fn i1_date_formats() {
        assert!(is_date_format("yyyy-mm-dd"));
        assert!(is_date_format("DD/MM/YY"));
        assert!(is_date_format("[h]:mm:ss"));
        assert!(!is_date_format("0.00"));
        assert!(!is_date_format("\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@"));
        assert!(!is_date_format("#,##0\\ [$\\u20bd-46D]"));
        assert!(!is_date_format("\"$\"#,##0_);[Red](\"$\"#,##0)"));
    }

    #[test]
    fn r2_shared_strings_are_found_again_short_and_long() {
        let mut strings = SharedStrings::default();
        let texts: Vec<String> = (0..100).map(|i| "é".repeat(if i % 7 == 0 { 300 + i } else { i })).collect();
        for t in &texts {
            strings.text.push_str(t);
            strings.end_entry();
        }
        assert_eq!(strings.len(), 100);
        for (i, t) in texts.iter().enumerate() {
            assert_eq!(strings.get(i), Some(t.as_str()), "{i}");
        }
        assert_eq!(strings.get(100), None);
    }

    #[test]
    fn i1_excel_escapes() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_x12"), "_x12");
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/sub", "../worksheets/s.xml"), "xl/worksheets/s.xml");
        assert_eq!(rels_path("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }
}
