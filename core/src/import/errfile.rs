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
        let mut out = csv_writer(Vec::new());
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
    pub fn error_file_xlsx(&self) -> Result<Vec<u8>> {
        let fail = |e: rust_xlsxwriter::XlsxError| Error::invalid("error file", e.to_string());
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name("Rows to fix").map_err(fail)?;
        let bold = Format::new().set_bold();
        let bad = Format::new().set_background_color(Color::RGB(0xFFC7CE)).set_font_color(Color::RGB(0x9C0006));
        for (c, header) in self.header_row().iter().enumerate() {
            sheet.write_string_with_format(0, col(c)?, header, &bold).map_err(fail)?;
        }
        let by_row = self.issues_by_row();
        for (r, rejected) in self.rejected.iter().enumerate() {
            let line = u32::try_from(r + 1).map_err(|_| Error::invalid("error file", "too many rows"))?;
            let issues = by_row.get(&rejected.row).map_or(&[][..], Vec::as_slice);
            for (c, cell) in rejected.cells.iter().enumerate() {
                let here: Vec<&ImportIssue> = issues
                    .iter()
                    .copied()
                    .filter(|i| i.column.as_deref().is_some_and(|h| self.headers.get(c).is_some_and(|x| x == h)))
                    .collect();
                if here.is_empty() {
                    sheet.write_string(line, col(c)?, cell).map_err(fail)?;
                } else {
                    sheet.write_string_with_format(line, col(c)?, cell, &bad).map_err(fail)?;
                    sheet
                        .insert_note(line, col(c)?, &Note::new(Self::issues_text(&here)).add_author_prefix(false))
                        .map_err(fail)?;
                }
            }
            let issues_col = col(self.headers.len().max(rejected.cells.len()))?;
            sheet.write_string(line, issues_col, Self::issues_text(issues)).map_err(fail)?;
        }
        if self.refused {
            let text: Vec<&ImportIssue> = self.issues.iter().filter(|i| i.severity == Severity::Error).collect();
            sheet.write_string(1, col(self.headers.len())?, Self::issues_text(&text)).map_err(fail)?;
        }
        workbook.save_to_buffer().map_err(fail)
    }
}

fn col(c: usize) -> Result<u16> {
    u16::try_from(c).map_err(|_| Error::invalid("error file", "too many columns for a worksheet"))
}
