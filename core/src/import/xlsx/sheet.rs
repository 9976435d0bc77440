//! The sheet itself, streamed a row at a time into one reused [`LineBuf`]; each cell's value
//! read as the text the import checks (I1), formulas with no value kept apart (I3b).

use super::super::rows::Cells;
use super::{entity, parse_u32, unescape_excel, unreadable, Exceeded, PartXml, Res, SharedStrings, XlsxError};
use super::{MAX_XML_RUN, SHEET_MAX_COLUMNS, TICK_BYTES};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::fmt::Write as _;

/// What the text of the current XML element is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    None,
    /// `<v>`: the cell's value.
    Value,
    /// `<f>`: its formula.
    Formula,
    /// `<t>` inside `<is>`: an inline string.
    Inline,
}

/// The cell being read.
#[derive(Default)]
struct CellState {
    open: bool,
    row: u32,
    col: usize,
    kind: Vec<u8>,
    style: Option<u32>,
    value: String,
    formula: String,
    has_formula: bool,
    has_inline: bool,
}

/// What the sheet reader found next.
pub(crate) enum Step {
    /// A row with at least one value ended: its 0-based row, its cells in [`Sheet::line`].
    Row(u32),
    /// Another [`TICK_BYTES`] of the sheet were read (report progress, maybe stop).
    Tick,
    /// The sheet ended.
    End,
}

/// A sheet being streamed: one row at a time.
pub(crate) struct Sheet<'b, R: std::io::Read> {
    xml: PartXml<'b, R>,
    buf: Vec<u8>,
    name: String,
    part: String,
    declared: u64,
    strings: &'b SharedStrings,
    dates: &'b [bool],
    date1904: bool,
    max_columns: usize,
    line: LineBuf,
    /// The last step handed back a row in `line` (cleared on the next call).
    returned: bool,
    next_tick: u64,
    /// Where a `<row>` or `<c>` without a reference is.
    row_next: u32,
    col_next: usize,
    /// Inside a `<row>` element; whether it said its number; its row.
    in_row: bool,
    row_explicit: bool,
    row_index: u32,
    /// Where the `<row>` element being read starts, and where the event being read starts.
    row_tag: u64,
    event_at: u64,
    /// Where the row being gathered (or last handed back) starts: where it is read again.
    gathering_at: u64,
    /// Bytes passed over without being parsed (when reading a row again).
    skipped: u64,
    /// The row whose cells `line` is gathering, and the last row handed back.
    gathering: Option<u32>,
    last: Option<u32>,
    cell: CellState,
    target: Target,
    in_is: bool,
    in_rph: bool,
    ended: bool,
}

impl<'b, R: std::io::Read> Sheet<'b, R> {
    /// The reader of a sheet's part, opened by [`super::Book::sheet`].
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        xml: PartXml<'b, R>,
        name: String,
        part: String,
        declared: u64,
        strings: &'b SharedStrings,
        dates: &'b [bool],
        date1904: bool,
        max_columns: usize,
    ) -> Sheet<'b, R> {
        Sheet {
            xml,
            buf: Vec::with_capacity(1024),
            name,
            part,
            declared,
            strings,
            dates,
            date1904,
            max_columns,
            line: LineBuf::default(),
            returned: false,
            next_tick: TICK_BYTES,
            row_next: 0,
            col_next: 0,
            in_row: false,
            row_explicit: false,
            row_index: 0,
            row_tag: 0,
            event_at: 0,
            gathering_at: 0,
            skipped: 0,
            gathering: None,
            last: None,
            cell: CellState::default(),
            target: Target::None,
            in_is: false,
            in_rph: false,
            ended: false,
        }
    }

    /// The cells of the row last handed back.
    pub(crate) fn line(&self) -> &LineBuf {
        &self.line
    }

    /// Bytes of the sheet (once inflated) read so far.
    pub(crate) fn done(&self) -> u64 {
        self.xml.buffer_position() + self.skipped
    }

    /// Where the row last handed back starts in the sheet (its `<row>` element): unique to
    /// the row, and where [`Sheet::cells_at`] reads it again.
    pub(crate) fn row_at(&self) -> u64 {
        self.gathering_at
    }

    /// The cells of the row whose `<row>` element starts at `at`, read again (the bytes
    /// before it inflated and passed over, not parsed). Rows are asked for in file order; an
    /// empty row when it cannot be read.
    pub(crate) fn cells_at(&mut self, at: u64) -> Vec<String> {
        let here = self.done();
        if at < here {
            return Vec::new();
        }
        let mut skip = std::io::Read::take(self.xml.get_mut(), at - here);
        match std::io::copy(&mut skip, &mut std::io::sink()) {
            Ok(n) if n == at - here => self.skipped += n,
            _ => return Vec::new(),
        }
        self.line.clear();
        self.returned = false;
        self.gathering = None;
        self.last = None;
        self.in_row = false;
        self.cell.open = false;
        self.target = Target::None;
        loop {
            match self.next() {
                Ok(Step::Row(_)) => return self.line.to_strings(),
                Ok(Step::Tick) => {}
                Ok(Step::End) | Err(_) => return Vec::new(),
            }
        }
    }

    /// The best known size of the sheet once inflated (the zip's claim, or what was read).
    pub(crate) fn total(&self) -> u64 {
        self.declared.max(self.done())
    }

    /// Reads on to the next row with a value, the next progress tick, or the end.
    pub(crate) fn next(&mut self) -> Res<Step> {
        if std::mem::take(&mut self.returned) {
            self.line.clear();
        }
        // The event borrows the buffer, not the reader, while the reader takes it in.
        let mut buf = std::mem::take(&mut self.buf);
        let step = self.advance(&mut buf);
        self.buf = buf;
        step
    }

    fn advance(&mut self, buf: &mut Vec<u8>) -> Res<Step> {
        loop {
            if self.ended {
                return Ok(Step::End);
            }
            let position = self.done();
            self.event_at = position;
            if position >= self.next_tick {
                self.next_tick = position.saturating_add(TICK_BYTES);
                return Ok(Step::Tick);
            }
            buf.clear();
            let event = match self.xml.read_event_into(buf) {
                Ok(e) => e,
                Err(e) => return Err(self.read_error(&e)),
            };
            let step = match event {
                Event::Start(e) => self.start(&e, false)?,
                Event::Empty(e) => self.start(&e, true)?,
                Event::End(e) => match e.local_name().as_ref() {
                    b"v" | b"f" | b"t" => {
                        self.target = Target::None;
                        None
                    }
                    b"is" => {
                        self.in_is = false;
                        None
                    }
                    b"rPh" => {
                        self.in_rph = false;
                        None
                    }
                    b"c" => {
                        self.end_cell()?;
                        None
                    }
                    b"row" => {
                        self.in_row = false;
                        self.end_row()
                    }
                    b"sheetData" => {
                        self.ended = true;
                        self.end_row()
                    }
                    _ => None,
                },
                Event::Text(t) if self.target != Target::None => {
                    let text = t.xml10_content().map_err(|e| self.bad(e.to_string()))?;
                    let text = if self.target == Target::Inline { unescape_excel(&text) } else { text };
                    self.push_text(&text)?;
                    None
                }
                Event::CData(t) if self.target != Target::None => {
                    let text = t.decode().map_err(|e| self.bad(e.to_string()))?;
                    self.push_text(&text)?;
                    None
                }
                Event::GeneralRef(r) if self.target != Target::None => {
                    let mut text = String::new();
                    entity(&r, &mut text, &self.part)?;
                    self.push_text(&text)?;
                    None
                }
                Event::Eof => return Err(self.bad("the sheet ends before its last row does".to_owned())),
                _ => None,
            };
            if let Some(step) = step {
                return Ok(step);
            }
        }
    }

    fn bad(&self, message: String) -> XlsxError {
        unreadable(format!("sheet '{}' cannot be read: {message}", self.name))
    }

    fn read_error(&self, e: &quick_xml::Error) -> XlsxError {
        let counted = self.xml.get_ref().get_ref();
        match counted.exceeded {
            Some(Exceeded::Part) => XlsxError::TooLarge(format!(
                "sheet '{}' inflates to more than {} bytes; the limit is {}. Split the file into smaller files",
                self.name, counted.part_limit, counted.part_limit
            )),
            Some(Exceeded::Total) => XlsxError::TooLarge(format!(
                "the workbook inflates to more than its limit in all (sheet '{}' was past it after {} bytes). Split the file into smaller files",
                self.name, counted.read
            )),
            Some(Exceeded::Run) => XlsxError::TooLarge(format!(
                "sheet '{}' has over {MAX_XML_RUN} bytes of text in one piece (near byte {}), far more than a spreadsheet cell holds",
                self.name, counted.read
            )),
            None => self.bad(format!("near byte {}: {e}", self.xml.error_position())),
        }
    }

    fn push_text(&mut self, text: &str) -> Res<()> {
        match self.target {
            // A cell's text in many runs is bounded as one run is.
            Target::Value | Target::Inline if (self.cell.value.len() + text.len()) as u64 > MAX_XML_RUN => {
                return Err(XlsxError::TooLarge(format!(
                    "sheet '{}' has a cell of over {MAX_XML_RUN} bytes of text (row {}), far more than a spreadsheet cell holds",
                    self.name,
                    self.cell.row.saturating_add(1)
                )));
            }
            Target::Value | Target::Inline => self.cell.value.push_str(text),
            // Enough of a formula to show in an issue.
            Target::Formula if self.cell.formula.len() < 256 => self.cell.formula.push_str(text),
            _ => {}
        }
        Ok(())
    }

    /// An element starts (`empty`: and ends at once).
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Res<Option<Step>> {
        match e.local_name().as_ref() {
            b"row" => {
                // A row element ends any row gathered before it.
                let step = self.end_row();
                let mut row = self.row_next;
                self.row_explicit = false;
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|err| self.bad(err.to_string()))?;
                    if a.key.local_name().as_ref() == b"r" {
                        row = parse_u32(&a.value).and_then(|r| r.checked_sub(1)).ok_or_else(|| {
                            self.bad(format!("a row is numbered '{}'", String::from_utf8_lossy(&a.value)))
                        })?;
                        self.row_explicit = true;
                    }
                }
                self.in_row = !empty;
                self.row_index = row;
                self.row_tag = self.event_at;
                self.row_next = row.saturating_add(1);
                self.col_next = 0;
                return Ok(step);
            }
            b"c" => {
                if !self.in_row {
                    return Err(self.bad("a cell is outside any row".to_owned()));
                }
                let row = self.row_index;
                let mut cell = std::mem::take(&mut self.cell);
                cell.open = true;
                cell.row = row;
                cell.col = self.col_next;
                cell.kind.clear();
                cell.style = None;
                cell.value.clear();
                cell.formula.clear();
                cell.has_formula = false;
                cell.has_inline = false;
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|err| self.bad(err.to_string()))?;
                    match a.key.local_name().as_ref() {
                        b"r" => {
                            let (r, c) = self.reference(&a.value)?;
                            // A row element holds one row: a cell may name it, not another.
                            if r != self.row_index {
                                if self.row_explicit {
                                    return Err(self.bad(format!(
                                        "cell {} is inside row {}",
                                        String::from_utf8_lossy(&a.value),
                                        self.row_index.saturating_add(1)
                                    )));
                                }
                                self.row_index = r;
                                self.row_next = r.saturating_add(1);
                            }
                            cell.row = r;
                            cell.col = c;
                        }
                        b"t" => cell.kind.extend_from_slice(&a.value),
                        b"s" => cell.style = parse_u32(&a.value),
                        _ => {}
                    }
                }
                self.col_next = cell.col.saturating_add(1);
                self.cell = cell;
                // A cell of a later row ends the row being gathered.
                let step = match self.gathering {
                    Some(g) if self.cell.row != g => self.end_row(),
                    _ => None,
                };
                if empty {
                    self.cell.open = false;
                }
                return Ok(step);
            }
            b"v" if self.cell.open && !empty => self.target = Target::Value,
            b"f" if self.cell.open => {
                self.cell.has_formula = true;
                if !empty {
                    self.target = Target::Formula;
                }
            }
            b"is" if self.cell.open && !empty => {
                self.in_is = true;
                self.cell.has_inline = true;
            }
            b"t" if self.in_is && !self.in_rph && !empty => self.target = Target::Inline,
            b"rPh" if !empty => self.in_rph = true,
            b"sheetData" if empty => {
                self.ended = true;
                return Ok(self.end_row());
            }
            _ => {}
        }
        Ok(None)
    }

    /// A cell reference such as `B3`: 0-based row and column.
    fn reference(&self, text: &[u8]) -> Res<(u32, usize)> {
        let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let (col, row) = text.split_at(letters);
        let shown = || String::from_utf8_lossy(text).into_owned();
        let row = parse_u32(row)
            .and_then(|r| r.checked_sub(1))
            .ok_or_else(|| self.bad(format!("a cell is named '{}'", shown())))?;
        if letters == 0 {
            return Err(self.bad(format!("a cell is named '{}'", shown())));
        }
        let mut c: usize = 0;
        for &b in col.iter().take(4) {
            c = c * 26 + usize::from(b.to_ascii_uppercase() - b'A') + 1;
        }
        if letters > 3 || c > SHEET_MAX_COLUMNS {
            return Err(XlsxError::TooManyColumns(format!(
                "sheet '{}' has a cell at {}, past a spreadsheet's last column (XFD)",
                self.name,
                shown()
            )));
        }
        Ok((row, c - 1))
    }

    /// The cell ends: its value, if it has one, joins the row.
    fn end_cell(&mut self) -> Res<()> {
        self.target = Target::None;
        self.in_is = false;
        let cell = &mut self.cell;
        if !cell.open {
            return Ok(());
        }
        cell.open = false;
        let mut kind = CellKind::Text;
        let text: Cow<'_, str> = match cell.kind.as_slice() {
            b"inlineStr" => Cow::Borrowed(cell.value.as_str()),
            _ if cell.value.is_empty() => {
                if !cell.has_formula {
                    return Ok(());
                }
                // I3b: a formula with no calculated value is never read as blank.
                kind = CellKind::NotCalculated;
                if cell.formula.is_empty() {
                    Cow::Borrowed("=")
                } else {
                    Cow::Owned(format!("={}", cell.formula))
                }
            }
            b"s" => {
                let i = parse_u32(cell.value.trim().as_bytes());
                match i.and_then(|i| self.strings.get(i as usize)) {
                    Some(s) => Cow::Borrowed(s),
                    None => {
                        let message = format!(
                            "cell {}{} names shared string '{}', which the workbook does not have",
                            column_name(cell.col),
                            u64::from(cell.row) + 1,
                            cell.value
                        );
                        return Err(self.bad(message));
                    }
                }
            }
            b"b" => Cow::Borrowed(if cell.value.trim() == "0" { "false" } else { "true" }),
            b"e" => {
                kind = CellKind::Error;
                Cow::Borrowed(cell.value.as_str())
            }
            b"str" | b"d" => Cow::Borrowed(cell.value.as_str()),
            _ => match cell.value.trim().parse::<f64>() {
                Ok(f) if f.is_finite() => {
                    let date = cell.style.and_then(|s| self.dates.get(s as usize).copied()).unwrap_or(false);
                    let mut out = String::new();
                    number(&mut out, f, date, self.date1904);
                    Cow::Owned(out)
                }
                _ => Cow::Borrowed(cell.value.as_str()),
            },
        };
        if text.is_empty() && kind == CellKind::Text {
            return Ok(());
        }
        if cell.col >= self.max_columns {
            return Err(XlsxError::TooManyColumns(format!(
                "sheet '{}' has a value in column {} (cell {}{}); the limit is {} columns",
                self.name,
                cell.col.saturating_add(1),
                column_name(cell.col),
                u64::from(cell.row) + 1,
                self.max_columns
            )));
        }
        let (row, col) = (cell.row, cell.col);
        match self.gathering {
            Some(g) if g == row => {}
            _ => {
                if let Some(last) = self.last.filter(|&l| row <= l) {
                    let name = self.name.clone();
                    return Err(unreadable(format!(
                        "sheet '{name}' lists row {} after row {}; open the file in a spreadsheet program and save it again",
                        u64::from(row) + 1,
                        u64::from(last) + 1
                    )));
                }
                self.gathering = Some(row);
                self.gathering_at = self.row_tag;
            }
        }
        if col < self.line.width() {
            return Err(unreadable(format!(
                "sheet '{}' lists cell {}{} after cell {}{}; open the file in a spreadsheet program and save it again",
                self.name,
                column_name(col),
                u64::from(row) + 1,
                column_name(self.line.width() - 1),
                u64::from(row) + 1
            )));
        }
        self.line.push(col, &text, kind);
        Ok(())
    }

    /// The row being gathered ends: hand it back if it has a value.
    fn end_row(&mut self) -> Option<Step> {
        let row = self.gathering.take()?;
        self.last = Some(row);
        self.returned = true;
        Some(Step::Row(row))
    }
}

/// I1: a number as text: a whole number stored as a float (a code such as 1001.0) reads as
/// "1001"; in a date style, an ISO date, with the time when it has one.
fn number(out: &mut String, f: f64, date: bool, date1904: bool) {
    if date {
        if let Some(dt) = excel_date(f, date1904) {
            if dt.time() == chrono::NaiveTime::MIN {
                let _ = write!(out, "{}", dt.date().format("%Y-%m-%d"));
            } else {
                let _ = write!(out, "{}", dt.format("%Y-%m-%dT%H:%M:%S"));
            }
            return;
        }
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
    } else {
        let _ = write!(out, "{f}");
    }
}

/// An Excel serial date (days since 1899-12-30, or 1904-01-01; Excel's 1900 leap day kept).
fn excel_date(serial: f64, date1904: bool) -> Option<chrono::NaiveDateTime> {
    let days = if date1904 { serial + 1462.0 } else { serial };
    let days = if days >= 60.0 { days } else { days + 1.0 };
    let ms = days * 86_400_000.0;
    // Past year 9999 a number is not a date anyone meant.
    if !(0.0..=2_958_466.0 * 86_400_000.0).contains(&ms) {
        return None;
    }
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(chrono::NaiveTime::MIN);
    epoch.checked_add_signed(chrono::TimeDelta::try_milliseconds(ms.round() as i64)?)
}

/// `A` for column 0, `AB` for 27 (as a spreadsheet names columns).
pub(crate) fn column_name(col: usize) -> String {
    let mut n = col.saturating_add(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// What a cell of a row held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CellKind {
    Text,
    /// A spreadsheet error value (#N/A …).
    Error,
    /// I3b: a formula with no calculated value.
    NotCalculated,
}

/// One spreadsheet row as text in one reused buffer; the sheet's own columns (A first), so a
/// cell missing between two values is an empty one.
#[derive(Default)]
pub(crate) struct LineBuf {
    text: String,
    ends: Vec<usize>,
    kinds: Vec<CellKind>,
}

impl LineBuf {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.kinds.clear();
    }

    /// Adds a cell in column `col` (at or past the row's width; the columns before it empty).
    fn push(&mut self, col: usize, text: &str, kind: CellKind) {
        while self.ends.len() < col {
            self.ends.push(self.text.len());
            self.kinds.push(CellKind::Text);
        }
        self.text.push_str(text);
        self.ends.push(self.text.len());
        self.kinds.push(kind);
    }
}

impl Cells for LineBuf {
    fn cell(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else { return "" };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end).unwrap_or("")
    }
    fn width(&self) -> usize {
        self.ends.len()
    }
    fn is_error(&self, i: usize) -> bool {
        self.kinds.get(i) == Some(&CellKind::Error)
    }
    fn not_calculated(&self, i: usize) -> bool {
        self.kinds.get(i) == Some(&CellKind::NotCalculated)
    }
}
