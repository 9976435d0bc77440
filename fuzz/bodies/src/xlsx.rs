//! An XLSX-aware generator: a workbook description the fuzzer fills in (through `arbitrary`),
//! written as a real zip by a small writer of our own, so that every field a reader might trust
//! can lie: cell references far right or down, shared-string counts, zip entry sizes and CRCs,
//! stored or deflated entries, and odd XML.

use arbitrary::Arbitrary;
use std::io::Write;

/// The most bytes one generated cell or string repeats to: past every small limit (64 KiB a
/// part), while an iteration stays fast.
const MAX_HUGE: usize = 256 << 10;
/// The most bytes of XML written for one part (beyond it, rows or strings are left out).
const MAX_PART: usize = 4 << 20;

/// A workbook to build.
#[derive(Debug, Arbitrary)]
pub struct WorkbookSpec {
    /// The first sheet (the one imported).
    pub sheet: SheetSpec,
    /// A second sheet listed in the workbook.
    pub second: Option<SheetSpec>,
    /// `xl/sharedStrings.xml`, when present.
    pub shared: Option<SharedSpec>,
    /// `xl/styles.xml`, when present: number formats by id (dates are read through them).
    pub styles: Option<Vec<NumFmt>>,
    /// How each part is stored in the zip.
    pub entries: [EntrySpec; 5],
    /// Leave out `xl/_rels/workbook.xml.rels`.
    pub drop_rels: bool,
    /// Leave out `[Content_Types].xml`.
    pub drop_content_types: bool,
    /// Import with small limits (every bound reached by small inputs) instead of the fuzz ones.
    pub small_limits: bool,
}

/// One sheet part.
#[derive(Debug, Arbitrary)]
pub struct SheetSpec {
    /// The sheet's name in workbook.xml.
    pub name: Text,
    /// `<dimension ref="…"/>`, which a reader must not trust.
    pub dimension: Option<Text>,
    pub rows: Vec<RowSpec>,
    /// Something odd about the XML.
    pub odd: Option<OddXml>,
}

/// One `<row>`.
#[derive(Debug, Arbitrary)]
pub struct RowSpec {
    pub r: RowNum,
    /// `spans="…"`, which a reader must not trust either.
    pub spans: Option<(u32, u32)>,
    pub cells: Vec<CellSpec>,
}

/// A row's `r` attribute.
#[derive(Debug, Arbitrary)]
pub enum RowNum {
    /// No `r`: the row after the last.
    Implicit,
    /// Near the top (1..=200).
    Near(u8),
    /// Anywhere, 0 and past a spreadsheet's 1,048,576 rows included.
    Any(u32),
}

/// One `<c>`.
#[derive(Debug, Arbitrary)]
pub struct CellSpec {
    pub at: CellRef,
    /// `s="…"`: a style index (dates are styles).
    pub style: Option<u8>,
    pub value: CellValue,
}

/// A cell's `r` attribute.
#[derive(Debug, Arbitrary)]
pub enum CellRef {
    /// No `r`: the cell after the last.
    Implicit,
    /// Column `A` + n (0..=255), in this row.
    Near(u8),
    /// Any column number, the last one (XFD, 16,384) and far beyond included; letters written
    /// as a spreadsheet would continue them (ZZZZZ …).
    Column(u32),
    /// Any column with any row number.
    Anywhere(u32, u32),
    /// Whatever text.
    Raw(Text),
}

/// A cell's value, written as each kind of writer writes it.
#[derive(Debug, Arbitrary)]
pub enum CellValue {
    /// `<v>` a number.
    Number(f64),
    /// `<v>` any text, with no type.
    NumberText(Text),
    /// `t="s"`: an index into the shared strings (maybe past the end).
    Shared(u32),
    /// `t="inlineStr"`.
    Inline(Text),
    /// `t="inlineStr"` with rich-text runs.
    InlineRich(Vec<Text>),
    /// `t="str"`: a formula's string result, or none (`<f>` only, as openpyxl writes).
    FormulaStr { formula: Text, cached: Option<Text> },
    /// A number formula, with or without its cached value.
    FormulaNum { formula: Text, cached: Option<f64> },
    /// `t="b"`.
    Bool(u8),
    /// `t="e"`: #N/A, #REF! … or any text.
    Error(Text),
    /// `t="d"`: an ISO date as text.
    IsoDate(Text),
    /// `<c/>`.
    Empty,
    /// `t="inlineStr"` of one byte repeated (up to 256 KiB): inflates far beyond its zip size.
    Huge { byte: u8, len: u32 },
    /// Any `t`.
    OddType { t: Text, v: Text },
}

/// `xl/sharedStrings.xml`.
#[derive(Debug, Arbitrary)]
pub struct SharedSpec {
    /// `count="…"`, maybe a lie (4294967295).
    pub count: Option<u32>,
    /// `uniqueCount="…"`, maybe a lie.
    pub unique_count: Option<u32>,
    pub items: Vec<SharedItem>,
    /// Something odd about the XML.
    pub odd: Option<OddXml>,
}

/// One `<si>`.
#[derive(Debug, Arbitrary)]
pub enum SharedItem {
    Plain(Text),
    Rich(Vec<Text>),
    /// With a phonetic run (`<rPh>`), which is not part of the text.
    Phonetic(Text, Text),
    /// `<si/>`.
    Empty,
    /// One byte repeated (up to 256 KiB).
    Huge {
        byte: u8,
        len: u32,
    },
    /// The same short string many times (up to 4,095).
    Many {
        text: Text,
        times: u16,
    },
}

/// A number format in styles.xml (`numFmtId` 14–22 are built-in dates).
#[derive(Debug, Arbitrary)]
pub struct NumFmt {
    pub id: u16,
    pub code: Option<Text>,
}

/// XML a careful reader copes with and a careless one trips on.
#[derive(Debug, Arbitrary)]
pub enum OddXml {
    /// The part cut after n bytes.
    Truncate(u16),
    /// n levels of nested unknown elements inside the sheet data.
    DeepNest(u16),
    /// A DOCTYPE with entities (billion laughs), used in a cell.
    Entities,
    /// A comment, a processing instruction and CDATA.
    Comments(Text),
    /// Bytes appended after the root element.
    Trailing(Vec<u8>),
    /// An unknown namespace prefix on every element.
    Prefixed,
    /// UTF-16 declared but UTF-8 written.
    WrongEncoding,
}

/// How a part is stored.
#[derive(Debug, Arbitrary, Clone, Copy)]
pub struct EntrySpec {
    pub deflate: bool,
    /// A declared uncompressed size that lies.
    pub declared_size: Option<u32>,
    /// A CRC that does not match.
    pub bad_crc: bool,
}

/// Short text, XML-escaped when written (raw in [`CellRef::Raw`] … only where said).
#[derive(Debug, Arbitrary)]
pub struct Text(pub String);

impl Text {
    fn esc(&self) -> String {
        esc(&self.0)
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Column letters as a spreadsheet continues them (1 → A, 16,384 → XFD, past it ZZZZZ …).
pub fn col_letters(mut n: u64) -> String {
    let mut out = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        out.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

const NS: &str = r#"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#;
const NS_R: &str = r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

fn huge(byte: u8, len: u32) -> String {
    let c = match byte % 4 {
        0 => 'A',
        1 => ' ',
        2 => '\n',
        _ => 'é',
    };
    std::iter::repeat_n(c, (len as usize) % MAX_HUGE).collect()
}

fn sheet_xml(s: &SheetSpec) -> Vec<u8> {
    let mut x =
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<worksheet {NS} {NS_R}>"#, doctype(&s.odd));
    if let Some(d) = &s.dimension {
        x.push_str(&format!(r#"<dimension ref="{}"/>"#, d.esc()));
    }
    x.push_str("<sheetData>");
    let nest = match s.odd {
        Some(OddXml::DeepNest(n)) => usize::from(n),
        _ => 0,
    };
    x.push_str(&"<x>".repeat(nest));
    let mut next_row = 1u64;
    for row in &s.rows {
        if x.len() > MAX_PART {
            break;
        }
        let r = match row.r {
            RowNum::Implicit => None,
            RowNum::Near(n) => Some(u64::from(n % 200) + 1),
            RowNum::Any(n) => Some(u64::from(n)),
        };
        let this_row = r.unwrap_or(next_row);
        next_row = this_row + 1;
        x.push_str("<row");
        if let Some(r) = r {
            x.push_str(&format!(r#" r="{r}""#));
        }
        if let Some((a, b)) = row.spans {
            x.push_str(&format!(r#" spans="{a}:{b}""#));
        }
        x.push('>');
        for cell in &row.cells {
            x.push_str(&cell_xml(cell, this_row, &s.odd));
        }
        x.push_str("</row>");
    }
    x.push_str(&"</x>".repeat(nest));
    x.push_str("</sheetData></worksheet>");
    finish(x, &s.odd)
}

fn cell_xml(c: &CellSpec, row: u64, odd: &Option<OddXml>) -> String {
    let mut x = String::from("<c");
    match &c.at {
        CellRef::Implicit => {}
        CellRef::Near(n) => x.push_str(&format!(r#" r="{}{row}""#, col_letters(u64::from(*n) + 1))),
        CellRef::Column(n) => x.push_str(&format!(r#" r="{}{row}""#, col_letters(far(*n)))),
        CellRef::Anywhere(col, r) => x.push_str(&format!(r#" r="{}{r}""#, col_letters(far(*col)))),
        CellRef::Raw(t) => x.push_str(&format!(r#" r="{}""#, t.esc())),
    }
    if let Some(s) = c.style {
        x.push_str(&format!(r#" s="{s}""#));
    }
    let entity = matches!(odd, Some(OddXml::Entities));
    let body = match &c.value {
        CellValue::Number(f) => format!("><v>{f}</v>"),
        CellValue::NumberText(t) => format!("><v>{}</v>", t.esc()),
        CellValue::Shared(i) => format!(r#" t="s"><v>{i}</v>"#),
        CellValue::Inline(t) if entity => format!(r#" t="inlineStr"><is><t>&lol9;{}</t></is>"#, t.esc()),
        CellValue::Inline(t) => format!(r#" t="inlineStr"><is><t>{}</t></is>"#, t.esc()),
        CellValue::InlineRich(runs) => {
            let runs: String = runs.iter().map(|r| format!("<r><rPr><b/></rPr><t>{}</t></r>", r.esc())).collect();
            format!(r#" t="inlineStr"><is>{runs}</is>"#)
        }
        CellValue::FormulaStr { formula, cached } => match cached {
            Some(v) => format!(r#" t="str"><f>{}</f><v>{}</v>"#, formula.esc(), v.esc()),
            None => format!(r#" t="str"><f>{}</f>"#, formula.esc()),
        },
        CellValue::FormulaNum { formula, cached } => match cached {
            Some(v) => format!("><f>{}</f><v>{v}</v>", formula.esc()),
            None => format!("><f>{}</f><v></v>", formula.esc()),
        },
        CellValue::Bool(b) => format!(r#" t="b"><v>{b}</v>"#),
        CellValue::Error(t) => format!(r#" t="e"><v>{}</v>"#, t.esc()),
        CellValue::IsoDate(t) => format!(r#" t="d"><v>{}</v>"#, t.esc()),
        CellValue::Empty => return x + "/>",
        CellValue::Huge { byte, len } => format!(r#" t="inlineStr"><is><t>{}</t></is>"#, huge(*byte, *len)),
        CellValue::OddType { t, v } => format!(r#" t="{}"><v>{}</v>"#, t.esc(), v.esc()),
    };
    x + &body + "</c>"
}

/// A column number as given, or within a sheet's 16,384 columns when far cells are a known
/// defect being skipped (see [`crate::known`]).
fn far(n: u32) -> u64 {
    if crate::known("farcells") {
        u64::from(n % 16_384) + 1
    } else {
        u64::from(n)
    }
}

fn doctype(odd: &Option<OddXml>) -> String {
    match odd {
        Some(OddXml::Entities) => {
            let mut d = String::from(r#"<!DOCTYPE worksheet [<!ENTITY lol "lol">"#);
            for i in 1..=9 {
                let prev = if i == 1 { "lol".to_owned() } else { format!("lol{}", i - 1) };
                d.push_str(&format!(r#"<!ENTITY lol{i} "{}">"#, format!("&{prev};").repeat(10)));
            }
            d + "]>"
        }
        Some(OddXml::Comments(t)) => format!("<!-- {} --><?pi {}?>", t.0.replace("--", "- -"), t.esc()),
        _ => String::new(),
    }
}

fn finish(mut x: String, odd: &Option<OddXml>) -> Vec<u8> {
    match odd {
        Some(OddXml::Prefixed) => {
            x = x.replace("<", "<q:").replace("<q:/", "</q:").replace("<q:?", "<?").replace("<q:!", "<!")
        }
        Some(OddXml::WrongEncoding) => x = x.replacen("UTF-8", "UTF-16", 1),
        Some(OddXml::Comments(t)) => {
            x = x.replace("<sheetData>", &format!("<sheetData><![CDATA[{}]]>", t.0.replace("]]>", "")))
        }
        _ => {}
    }
    let mut bytes = x.into_bytes();
    match odd {
        Some(OddXml::Truncate(n)) => bytes.truncate(usize::from(*n)),
        Some(OddXml::Trailing(more)) => bytes.extend_from_slice(more),
        _ => {}
    }
    bytes
}

fn shared_xml(s: &SharedSpec) -> Vec<u8> {
    let mut x = format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{}<sst {NS}"#, doctype(&s.odd));
    // With `sstcount` a known defect (see `crate::known`), the counts are kept small.
    let declared = |c: u32| if crate::known("sstcount") { c % 1024 } else { c };
    if let Some(c) = s.count {
        x.push_str(&format!(r#" count="{}""#, declared(c)));
    }
    if let Some(c) = s.unique_count {
        x.push_str(&format!(r#" uniqueCount="{}""#, declared(c)));
    }
    x.push('>');
    for item in &s.items {
        if x.len() > MAX_PART {
            break;
        }
        match item {
            SharedItem::Plain(t) => x.push_str(&format!(r#"<si><t xml:space="preserve">{}</t></si>"#, t.esc())),
            SharedItem::Rich(runs) => {
                x.push_str("<si>");
                for r in runs {
                    x.push_str(&format!("<r><t>{}</t></r>", r.esc()));
                }
                x.push_str("</si>");
            }
            SharedItem::Phonetic(t, p) => {
                x.push_str(&format!("<si><t>{}</t><rPh sb=\"0\" eb=\"1\"><t>{}</t></rPh></si>", t.esc(), p.esc()))
            }
            SharedItem::Empty => x.push_str("<si/>"),
            SharedItem::Huge { byte, len } => x.push_str(&format!("<si><t>{}</t></si>", huge(*byte, *len))),
            SharedItem::Many { text, times } => {
                let one = format!("<si><t>{}</t></si>", text.esc());
                x.push_str(&one.repeat(usize::from(*times) % 4096));
            }
        }
    }
    x.push_str("</sst>");
    finish(x, &s.odd)
}

fn styles_xml(fmts: &[NumFmt]) -> Vec<u8> {
    let mut x = format!(r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}><numFmts count="{}">"#, fmts.len());
    for f in fmts.iter().filter(|f| f.code.is_some()) {
        x.push_str(&format!(
            r#"<numFmt numFmtId="{}" formatCode="{}"/>"#,
            f.id,
            f.code.as_ref().map(Text::esc).unwrap_or_default()
        ));
    }
    x.push_str(&format!(r#"</numFmts><cellXfs count="{}">"#, fmts.len()));
    for f in fmts {
        x.push_str(&format!(r#"<xf numFmtId="{}" applyNumberFormat="1"/>"#, f.id));
    }
    x.push_str("</cellXfs></styleSheet>");
    x.into_bytes()
}

/// The zip bytes of `spec`.
pub fn build_workbook(spec: &WorkbookSpec) -> Vec<u8> {
    let mut sheets = vec![&spec.sheet];
    sheets.extend(spec.second.as_ref());
    let mut workbook = format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NS_R}><sheets>"#);
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, s) in sheets.iter().enumerate() {
        let n = i + 1;
        workbook.push_str(&format!(r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#, s.name.esc()));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        parts.push((format!("xl/worksheets/sheet{n}.xml"), sheet_xml(s)));
    }
    workbook.push_str("</sheets></workbook>");
    if let Some(shared) = &spec.shared {
        rels.push_str(r#"<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#);
        parts.push(("xl/sharedStrings.xml".into(), shared_xml(shared)));
    }
    if let Some(fmts) = &spec.styles {
        rels.push_str(r#"<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#);
        parts.push(("xl/styles.xml".into(), styles_xml(fmts)));
    }
    rels.push_str("</Relationships>");
    parts.insert(0, ("xl/workbook.xml".into(), workbook.into_bytes()));
    if !spec.drop_rels {
        parts.insert(1, ("xl/_rels/workbook.xml.rels".into(), rels.into_bytes()));
    }
    if !spec.drop_content_types {
        let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;
        parts.insert(0, ("[Content_Types].xml".into(), ct.as_bytes().to_vec()));
    }
    let mut zip = ZipWriter::default();
    for (i, (name, data)) in parts.iter().enumerate() {
        let entry = spec.entries[i % spec.entries.len()];
        zip.add(name, data, entry);
    }
    zip.finish()
}

/// A minimal zip writer (no zip64, no extra fields) that writes whatever sizes and CRCs it is
/// told, so a reader's trust in them can be tested.
#[derive(Default)]
struct ZipWriter {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl ZipWriter {
    fn add(&mut self, name: &str, data: &[u8], entry: EntrySpec) {
        let (method, body) = if entry.deflate {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            let _ = e.write_all(data);
            (8u16, e.finish().unwrap_or_default())
        } else {
            (0u16, data.to_vec())
        };
        let mut crc = crc32fast::hash(data);
        if entry.bad_crc {
            crc ^= 0xDEAD_BEEF;
        }
        let size = entry.declared_size.unwrap_or(data.len() as u32);
        let offset = self.out.len() as u32;
        let name = name.as_bytes();
        let mut local = Vec::new();
        local.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        local.extend_from_slice(&20u16.to_le_bytes()); // version needed
        local.extend_from_slice(&0u16.to_le_bytes()); // flags
        local.extend_from_slice(&method.to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes()); // time
        local.extend_from_slice(&0x21u16.to_le_bytes()); // date: 1980-01-01
        local.extend_from_slice(&crc.to_le_bytes());
        local.extend_from_slice(&(body.len() as u32).to_le_bytes());
        local.extend_from_slice(&size.to_le_bytes());
        local.extend_from_slice(&(name.len() as u16).to_le_bytes());
        local.extend_from_slice(&0u16.to_le_bytes()); // extra
        self.out.extend_from_slice(&local);
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(&body);

        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        c.extend_from_slice(&20u16.to_le_bytes()); // made by
        c.extend_from_slice(&local[4..28]); // needed … name length, the same fields as local
        c.extend_from_slice(&0u16.to_le_bytes()); // extra
        c.extend_from_slice(&0u16.to_le_bytes()); // comment
        c.extend_from_slice(&0u16.to_le_bytes()); // disk
        c.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        c.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name);
        self.count += 1;
    }

    fn finish(mut self) -> Vec<u8> {
        let at = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&self.count.to_le_bytes());
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&at.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::col_letters;

    #[test]
    fn column_letters() {
        assert_eq!(col_letters(1), "A");
        assert_eq!(col_letters(26), "Z");
        assert_eq!(col_letters(27), "AA");
        assert_eq!(col_letters(16_384), "XFD");
    }
}
