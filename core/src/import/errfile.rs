//! I3: the error file: the user's own rows that were not imported, with their issues beside
//! them, so a person can fix the sheet and import it again.

use super::export::{csv_writer, neutralise_cell};
use super::{ImportIssue, ImportReport, Severity};
use crate::error::{Error, Result};
use rust_xlsxwriter::{Color, Format, Note, Workbook};
use std::collections::HashMap;

/// The header of the added column.
pub const ISSUES_HEADER: &str = "Issues";

impl ImportReport {
    /// The issues of each rejected row, by row.
    fn issues_by_row(&self) -> HashMap<u32, Vec<&ImportIssue>> {
        let mut by_row: HashMap<u32, Vec<&ImportIssue>> = HashMap::new();
        for issue in &self.issues {
            if let Some(row) = issue.row {
                by_row.entry(row).or_default().push(issue);
            }
        }
        by_row
    }

    fn issues_text(issues: &[&ImportIssue]) -> String {
        issues.iter().map(|i| format!("{}: {}", i.code, i.message)).collect::<Vec<_>>().join("; ")
    }

    fn header_row(&self) -> Vec<String> {
        let mut header = self.headers.clone();
        header.push(ISSUES_HEADER.to_owned());
        header
    }

    /// The widest of the header and the rejected rows (a row may be wider than the header:
    /// trailing delimiters, or the cells of a `ROW_RAGGED` row).
    fn error_file_width(&self) -> usize {
        self.rejected.iter().map(|r| r.cells.len()).fold(self.headers.len(), usize::max)
    }

    /// I3: the rows with errors as CSV, the file's own headers first and an Issues column
    /// added. Cells a spreadsheet would run as formulas are neutralised (E1). A refused file
    /// gives just the header and one line with the file's issue. A row wider than the header
    /// keeps its extra cells: the header gets blank cells to match, so the Issues column is
    /// the last column of every line.
    ///
    /// ```
    /// use orderlink::import::{validate_import, ImportOptions};
    /// let report = validate_import(b"Name,Email\nDeli,not-an-email\nShop,\n", &ImportOptions::default()).unwrap();
    /// let csv = String::from_utf8(report.error_file_csv().unwrap()).unwrap();
    /// assert!(csv.starts_with("Name,Email,Issues\r\nDeli,not-an-email,EMAIL_INVALID: "));
    /// assert!(!csv.contains("Shop"));
    /// ```
    pub fn error_file_csv(&self) -> Result<Vec<u8>> {
        let longest = self.rejected.iter().flat_map(|r| r.cells.iter().map(String::len)).max().unwrap_or(0);
        let mut out = csv_writer(Vec::new(), longest + 1);
        let fail = |e: csv::Error| Error::invalid("error file", e.to_string());
        let width = self.error_file_width();
        let mut header: Vec<String> = self.headers.iter().map(|h| neutralise_cell(h).into_owned()).collect();
        header.resize(width, String::new());
        header.push(ISSUES_HEADER.to_owned());
        out.write_record(&header).map_err(fail)?;
        let by_row = self.issues_by_row();
        for rejected in &self.rejected {
            let mut record: Vec<String> = rejected.cells.iter().map(|c| neutralise_cell(c).into_owned()).collect();
            record.resize(record.len().max(width), String::new());
            record.push(
                neutralise_cell(&Self::issues_text(by_row.get(&rejected.row).map_or(&[][..], Vec::as_slice)))
                    .into_owned(),
            );
            out.write_record(&record).map_err(fail)?;
        }
        if self.refused {
            let mut record = vec![String::new(); width];
            let text: Vec<&ImportIssue> = self.issues.iter().filter(|i| i.severity == Severity::Error).collect();
            record.push(neutralise_cell(&Self::issues_text(&text)).into_owned());
            out.write_record(&record).map_err(fail)?;
        }
        out.into_inner().map_err(|e| Error::invalid("error file", e.to_string()))
    }

    /// I3: the rows with errors as an XLSX workbook: the file's headers, an Issues column, and
    /// each offending cell filled red with a note saying what is wrong.
    ///
    /// It never fails for what a sheet cannot hold: a cell over 32,767 characters is cut to fit
    /// with a note saying so; columns past the sheet's 16,384 (the Issues column included) are
    /// left out and the Issues cell says how many; rows past its 1,048,576 are left out and a
    /// last row says how many.
    pub fn error_file_xlsx(&self) -> Result<Vec<u8>> {
        self.error_file_xlsx_within(XLSX_MAX_ROWS, XLSX_MAX_COLUMNS)
    }

    /// [`ImportReport::error_file_xlsx`] for a sheet of `max_rows` rows and `max_columns`
    /// columns (smaller in tests).
    pub(crate) fn error_file_xlsx_within(&self, max_rows: u32, max_columns: usize) -> Result<Vec<u8>> {
        let fail = |e: rust_xlsxwriter::XlsxError| Error::invalid("error file", e.to_string());
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Rows to fix").map_err(fail)?;
        let bold = Format::new().set_bold();
        let bad = Format::new().set_background_color(Color::RGB(0xFFC7CE)).set_font_color(Color::RGB(0x9C0006));
        // The Issues column is the last the sheet has room for.
        let last_col = max_columns.saturating_sub(1).max(1);
        let header = self.header_row();
        let issues_header_col = self.headers.len().min(last_col);
        for (c, h) in self.headers.iter().take(issues_header_col).enumerate() {
            write_cut(sheet, 0, c, h, Some(&bold), None)?;
        }
        let cut_headers = self.headers.len() - issues_header_col;
        let header_note = (cut_headers > 0).then(|| left_out_columns(cut_headers, max_columns));
        write_cut(sheet, 0, issues_header_col, &header[header.len() - 1], Some(&bold), header_note.as_deref())?;
        let by_row = self.issues_by_row();
        // Row 0 is the header; when the rows do not fit, the last row says how many were left.
        let room = (max_rows as usize).saturating_sub(1);
        let (shown, left_out) = if self.rejected.len() > room {
            (room.saturating_sub(1), self.rejected.len() - room.saturating_sub(1))
        } else {
            (self.rejected.len(), 0)
        };
        for (r, rejected) in self.rejected.iter().take(shown).enumerate() {
            let line = u32::try_from(r + 1).map_err(|_| Error::invalid("error file", "too many rows"))?;
            let issues = by_row.get(&rejected.row).map_or(&[][..], Vec::as_slice);
            let issues_col = self.headers.len().max(rejected.cells.len()).min(last_col);
            for (c, cell) in rejected.cells.iter().take(issues_col).enumerate() {
                let here: Vec<&ImportIssue> = issues
                    .iter()
                    .copied()
                    .filter(|i| i.column.as_deref().is_some_and(|h| self.headers.get(c).is_some_and(|x| x == h)))
                    .collect();
                if here.is_empty() {
                    write_cut(sheet, line, c, cell, None, None)?;
                } else {
                    write_cut(sheet, line, c, cell, Some(&bad), Some(&Self::issues_text(&here)))?;
                }
            }
            let mut text = Self::issues_text(issues);
            let cut_cells = rejected.cells.len().saturating_sub(issues_col);
            if cut_cells > 0 {
                text.push_str("; ");
                text.push_str(&left_out_columns(cut_cells, max_columns));
            }
            write_cut(sheet, line, issues_col, &text, None, None)?;
        }
        if left_out > 0 {
            let line = u32::try_from(shown + 1).map_err(|_| Error::invalid("error file", "too many rows"))?;
            let text = format!(
                "{left_out} more rows with errors are left out: a sheet holds at most {max_rows} rows. Fix the rows above, import again, and the next error file has the rest"
            );
            write_cut(sheet, line, issues_header_col, &text, Some(&bold), None)?;
        }
        if self.refused {
            let text: Vec<&ImportIssue> = self.issues.iter().filter(|i| i.severity == Severity::Error).collect();
            write_cut(sheet, 1, issues_header_col, &Self::issues_text(&text), None, None)?;
        }
        workbook.save_to_buffer().map_err(fail)
    }
}

/// A sheet's rows (the header one of them) and columns.
const XLSX_MAX_ROWS: u32 = 1_048_576;
const XLSX_MAX_COLUMNS: usize = 16_384;
/// The most characters a cell holds, and a note (rust_xlsxwriter keeps 54 for its own use).
const XLSX_MAX_CELL: usize = 32_767;
const XLSX_MAX_NOTE: usize = XLSX_MAX_CELL - 54;

fn left_out_columns(n: usize, max_columns: usize) -> String {
    format!("{n} more cells are left out: a sheet holds at most {max_columns} columns")
}

/// `text` cut to at most `max` characters, and how many it had when it was cut.
fn cut(text: &str, max: usize) -> (&str, Option<usize>) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (&text[..at], Some(text.chars().count())),
        None => (text, None),
    }
}

/// Writes a cell, cut to what a cell holds (its note then says so), with an optional format
/// and note.
fn write_cut(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    c: usize,
    text: &str,
    format: Option<&Format>,
    note: Option<&str>,
) -> Result<()> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::invalid("error file", e.to_string());
    let col = col(c)?;
    let (text, was) = cut(text, XLSX_MAX_CELL);
    match format {
        Some(f) => sheet.write_string_with_format(row, col, text, f).map_err(fail)?,
        None => sheet.write_string(row, col, text).map_err(fail)?,
    };
    let mut note = note.map(str::to_owned);
    if let Some(was) = was {
        let said = format!(
            "This cell had {was} characters and is cut to the first {XLSX_MAX_CELL}, all a spreadsheet cell holds."
        );
        note = Some(match note {
            Some(n) => format!("{said} {n}"),
            None => said,
        });
    }
    if let Some(note) = note {
        let (note, _) = cut(&note, XLSX_MAX_NOTE);
        sheet.insert_note(row, col, &Note::new(note).add_author_prefix(false)).map_err(fail)?;
    }
    Ok(())
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c).map_err(|_| Error::invalid("error file", "too many columns for a worksheet"))
}

#[cfg(test)]
mod tests {
    use super::super::{ImportFormat, ImportIssue, ImportReport, IssueCode, RejectedRow};

    fn read_back(book: &[u8]) -> Vec<Vec<String>> {
        use calamine::Reader;
        let mut wb = calamine::Xlsx::new(std::io::Cursor::new(book)).unwrap();
        let range = wb.worksheet_range_at(0).unwrap().unwrap();
        range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    }

    /// I3, R2: rows past what a sheet holds are left out, and a last row says how many (here a
    /// sheet of 5 rows and 4 columns stands in for 1,048,576 by 16,384).
    #[test]
    fn r2_error_file_xlsx_leaves_out_rows_and_columns_past_the_sheet_and_says_so() {
        let mut report = ImportReport::empty(ImportFormat::Csv);
        report.headers = vec!["Name".into(), "Email".into()];
        for row in 2..12 {
            report.rejected.push(RejectedRow { row, cells: vec![String::new(), format!("bad{row}")] });
            report.issues.push(ImportIssue::new(IssueCode::NameRequired, Some(row), "the name is blank"));
        }
        report.rejected[0].cells.extend(["x".to_owned(), "y".to_owned(), "z".to_owned()]);
        report.error_rows = report.rejected.len();
        let rows = read_back(&report.error_file_xlsx_within(5, 4).unwrap());
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[0][..3], ["Name", "Email", "Issues"]);
        assert_eq!(rows[1][..3], ["", "bad2", "x"]);
        assert!(rows[1][3].starts_with("NAME_REQUIRED") && rows[1][3].contains("2 more cells are left out"));
        assert_eq!(rows[3][1], "bad4");
        assert!(rows[4][2].starts_with("7 more rows with errors are left out"), "{:?}", rows[4]);
        // At a sheet's real size the same report is written whole.
        assert_eq!(read_back(&report.error_file_xlsx().unwrap()).len(), 11);
    }
}
