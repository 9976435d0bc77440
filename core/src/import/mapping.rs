//! I7: column mappings a caller gives (header → field), suggestions for headers that match no
//! field, and the named mappings a workspace saves. Values only: the workspace's entry points
//! are in `crate::workspace::import`.

use super::columns::{header_key, ImportField};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// I7: one header of a [`ColumnMapping`] and the field it fills (`None`: the column is not
/// imported, and no `HEADER_UNKNOWN` warning is given for it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingEntry {
    /// The header as the caller wrote it; matched without case, spacing or punctuation (I2).
    pub header: String,
    /// The field the column fills; `None` to leave the column out.
    pub field: Option<ImportField>,
}

/// I7: an explicit column mapping. Headers it names are read as it says; a header it does not
/// name is matched by the I2 names and aliases only (never by a suggestion: an explicit mapping
/// never guesses). Checked when made: a blank or repeated header, or two headers mapped to one
/// field, is refused with `IMPORT_MAPPING_INVALID`.
///
/// ```
/// use orderlink::import::{ColumnMapping, ImportField};
/// let m = ColumnMapping::parse([("Trading Name", "name"), ("Acct No.", "code"), ("Notes", "")]).unwrap();
/// assert_eq!(m.field_for("TRADING name"), Some(Some(ImportField::Name)));
/// assert_eq!(m.field_for("Notes"), Some(None));
/// assert!(ColumnMapping::parse([("A", "name"), ("B", "name")]).is_err());
/// assert!(ColumnMapping::parse([("A", "favourite_colour")]).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ColumnMapping {
    entries: Vec<MappingEntry>,
}

impl<'de> Deserialize<'de> for ColumnMapping {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            entries: Vec<MappingEntry>,
        }
        let raw = Raw::deserialize(d)?;
        ColumnMapping::new(raw.entries).map_err(serde::de::Error::custom)
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::ImportMappingInvalid { message: message.into() }
}

/// The longest header a mapping may name (a header cell is no longer in practice).
pub const MAPPING_HEADER_MAX_LEN: usize = 200;
/// The most entries a mapping may hold (a sheet holds at most 16,384 columns).
pub const MAPPING_MAX_ENTRIES: usize = super::SHEET_MAX_COLUMNS;
/// The longest name a saved mapping may have.
pub const MAPPING_NAME_MAX_LEN: usize = 100;

impl ColumnMapping {
    /// A mapping of these entries, checked (see [`ColumnMapping`]).
    pub fn new(entries: impl IntoIterator<Item = MappingEntry>) -> Result<ColumnMapping> {
        let mut out: Vec<MappingEntry> = Vec::new();
        for mut e in entries {
            if out.len() >= MAPPING_MAX_ENTRIES {
                return Err(invalid(format!("a mapping holds at most {MAPPING_MAX_ENTRIES} headers")));
            }
            e.header = e.header.trim().to_owned();
            let key = header_key(&e.header);
            if key.is_empty() {
                return Err(invalid("a header of the mapping is blank"));
            }
            if e.header.chars().count() > MAPPING_HEADER_MAX_LEN {
                return Err(invalid(format!("a header is longer than {MAPPING_HEADER_MAX_LEN} characters")));
            }
            if let Some(first) = out.iter().find(|o| header_key(&o.header) == key) {
                return Err(invalid(format!("the headers '{}' and '{}' are the same header", first.header, e.header)));
            }
            if let Some(field) = e.field {
                if let Some(first) = out.iter().find(|o| o.field == Some(field)) {
                    return Err(invalid(format!(
                        "the headers '{}' and '{}' are both mapped to {}; map one header to each field",
                        first.header,
                        e.header,
                        field.as_str()
                    )));
                }
            }
            out.push(e);
        }
        Ok(ColumnMapping { entries: out })
    }

    /// A mapping from (header, field name) pairs, as the bindings and the CLI take it: a field
    /// is named as [`ImportField::as_str`] spells it (`"name"`, `"code"`, `"record_id"` …) or by
    /// its export header (`"Customer Name"`); an empty name leaves the column out. An unknown
    /// field name is refused with `IMPORT_MAPPING_INVALID`.
    pub fn parse<H: AsRef<str>, F: AsRef<str>>(pairs: impl IntoIterator<Item = (H, F)>) -> Result<ColumnMapping> {
        let entries: Result<Vec<MappingEntry>> = pairs
            .into_iter()
            .map(|(h, f)| {
                let f = f.as_ref().trim();
                let field = if f.is_empty() { None } else { Some(ImportField::named(f)?) };
                Ok(MappingEntry { header: h.as_ref().to_owned(), field })
            })
            .collect();
        ColumnMapping::new(entries?)
    }

    /// The entries, in the order given.
    pub fn entries(&self) -> &[MappingEntry] {
        &self.entries
    }

    /// Whether the mapping names no header.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What the mapping says of `header`: `None` when it does not name it; `Some(None)` when it
    /// leaves the column out.
    pub fn field_for(&self, header: &str) -> Option<Option<ImportField>> {
        let key = header_key(header);
        self.entries.iter().find(|e| header_key(&e.header) == key).map(|e| e.field)
    }
}

impl ImportField {
    /// The field a name means: [`ImportField::as_str`] (`"order_web_blocked"`) or the export
    /// header (`"Order Web Blocked"`), without case. `IMPORT_MAPPING_INVALID` otherwise.
    pub fn named(name: &str) -> Result<ImportField> {
        let key = header_key(name);
        ImportField::ALL
            .into_iter()
            .find(|f| header_key(f.as_str()) == key || header_key(f.header()) == key)
            .ok_or_else(|| {
                let known: Vec<&str> = ImportField::ALL.iter().map(|f| f.as_str()).collect();
                invalid(format!("'{}' is not an import field (one of {})", name.trim(), known.join(", ")))
            })
    }
}

/// I7: how a header came to be read as a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The explicit mapping named the header.
    Mapping,
    /// The header is a field's name or alias (I2).
    Header,
    /// The column is not imported.
    Unmatched,
}

impl MatchedBy {
    /// `"mapping"`, `"header"` or `"unmatched"`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Mapping => "mapping",
            MatchedBy::Header => "header",
            MatchedBy::Unmatched => "unmatched",
        }
    }
}

/// I7: one column of a file as a preview read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappedColumn {
    /// The header as written in the file.
    pub header: String,
    /// The field the column filled, if any.
    pub field: Option<ImportField>,
    /// Whether the mapping or the header's own name decided it.
    pub matched_by: MatchedBy,
}

/// I7: a mapping a workspace keeps under a name, for next month's file from the same supplier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMapping {
    /// The name (trimmed, 1–100 characters); names are compared without case.
    pub name: String,
    /// The mapping.
    pub mapping: ColumnMapping,
    /// When it was last saved.
    pub saved_at: chrono::DateTime<chrono::Utc>,
}

/// I7: a saved mapping's name, trimmed and checked (not blank, at most 100 characters, no
/// control characters).
pub fn check_mapping_name(name: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(invalid("a saved mapping needs a name"));
    }
    if name.chars().count() > MAPPING_NAME_MAX_LEN {
        return Err(invalid(format!("a mapping name is at most {MAPPING_NAME_MAX_LEN} characters")));
    }
    if name.chars().any(char::is_control) {
        return Err(invalid("a mapping name may not hold control characters"));
    }
    Ok(name.to_owned())
}

/// The key two mapping names are compared by (without case).
pub fn mapping_name_key(name: &str) -> String {
    crate::customer::code_key(name.trim())
}

/// I7: one field a header may mean, with how sure the suggestion is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldCandidate {
    /// The field.
    pub field: ImportField,
    /// From 0 to 1, two decimals: 0.95 a known synonym, up to 0.85 a header holding a
    /// field's name, up to 0.8 a similar spelling.
    pub confidence: f64,
    /// Why: `"synonym"`, `"contains"` or `"similar"`.
    pub reason: String,
}

/// I7: the candidates for one header that matched no field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappingSuggestion {
    /// The header as given.
    pub header: String,
    /// Best first (ties in export column order); at most three, none below 0.4. Empty when
    /// nothing comes close.
    pub candidates: Vec<FieldCandidate>,
}

/// Words suppliers' sheets use for each field, beyond the I2 aliases, in [`header_key`] form.
fn synonyms(field: ImportField) -> &'static [&'static str] {
    match field {
        ImportField::Name => &[
            "tradingname",
            "tradename",
            "tradingas",
            "legalname",
            "accountname",
            "customer",
            "client",
            "clientname",
            "storename",
            "shopname",
            "outlet",
            "outletname",
            "venue",
            "venuename",
            "organisation",
            "organization",
            "registeredname",
            "business",
            "debtorname",
        ],
        ImportField::Code => &[
            "acctno",
            "accountno",
            "accountnumber",
            "acctnumber",
            "acct",
            "account",
            "customerno",
            "custno",
            "customernumber",
            "clientno",
            "clientcode",
            "clientnumber",
            "ref",
            "reference",
            "customerref",
            "debtorcode",
            "debtor",
            "accountid",
            "custcode",
            "debtorno",
        ],
        ImportField::Email => &[
            "mail",
            "buyeremail",
            "ordersemail",
            "orderemail",
            "contactemail",
            "emails",
            "accountsemail",
            "emailaddr",
            "mailaddress",
        ],
        ImportField::Phone => &[
            "mobile",
            "mobilephone",
            "mobileno",
            "cell",
            "cellphone",
            "phoneno",
            "telephonenumber",
            "telno",
            "contactnumber",
            "contactphone",
            "ph",
            "landline",
        ],
        ImportField::Contact => &["buyer", "buyername", "attention", "attn", "person", "owner", "purchasingofficer"],
        ImportField::Active => &["status", "enabled", "activeflag", "current"],
        ImportField::OrderWebBlocked => &[
            "onhold",
            "hold",
            "stop",
            "stopped",
            "accountonhold",
            "suspended",
            "webordersblocked",
            "weborderingblocked",
        ],
        ImportField::PriceGroup => {
            &["pricelevel", "pricetier", "tier", "pricelist", "pricingtier", "pricecategory", "pricingcategory"]
        }
        ImportField::RecordId => &["id", "uuid", "orderlinkid", "record"],
    }
}

/// Levenshtein distance over chars (headers are short: at most a few dozen characters are compared).
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// How well `key` (a header in [`header_key`] form) fits `field`, and why.
fn score(key: &str, field: ImportField) -> Option<(f64, &'static str)> {
    if synonyms(field).contains(&key) {
        return Some((0.95, "synonym"));
    }
    let words: Vec<&str> = field.aliases().iter().chain(synonyms(field)).copied().collect();
    let mut best: Option<(f64, &'static str)> = None;
    let mut keep = |s: f64, why: &'static str| {
        if best.is_none_or(|(b, _)| s > b) {
            best = Some((s, why));
        }
    };
    let kchars: Vec<char> = key.chars().collect();
    for w in words {
        let wlen = w.chars().count();
        // A header holding a field's word ("buyeremailaddress" holds "email").
        if wlen >= 4 && key.contains(w) {
            keep((0.6 + 0.25 * wlen as f64 / kchars.len() as f64).min(0.85), "contains");
        }
        // A similar spelling ("emial", "telephon").
        let wchars: Vec<char> = w.chars().collect();
        let longest = kchars.len().max(wchars.len());
        if longest >= 4 {
            let sim = 1.0 - distance(&kchars, &wchars) as f64 / longest as f64;
            if sim >= 0.6 {
                keep(sim * 0.8, "similar");
            }
        }
    }
    best
}

/// The longest header [`suggest_mapping`] compares (a longer one gets no candidates).
const SUGGEST_MAX_KEY: usize = 64;

/// I7: for each header that matches no field by the I2 names and aliases, the fields it may
/// mean, ranked, with a confidence (known synonyms, headers holding a field's name, similar
/// spellings; no network). Fields another header already matches are not suggested. Headers
/// that match a field, and blank ones, are left out.
///
/// ```
/// use orderlink::import::{suggest_mapping, ImportField};
/// let s = suggest_mapping(&["Trading Name", "Acct No.", "Buyer e-mail", "Email"]);
/// assert_eq!(s.len(), 3);
/// assert_eq!(s[0].candidates[0].field, ImportField::Name);
/// assert_eq!(s[1].candidates[0].field, ImportField::Code);
/// // Email is taken by the "Email" column: "Buyer e-mail" may be the buyer, the contact.
/// assert!(s[2].candidates.iter().all(|c| c.field != ImportField::Email));
/// ```
pub fn suggest_mapping<S: AsRef<str>>(headers: &[S]) -> Vec<MappingSuggestion> {
    let taken: Vec<ImportField> = headers.iter().filter_map(|h| ImportField::for_header(h.as_ref())).collect();
    headers
        .iter()
        .map(AsRef::as_ref)
        .filter(|h| {
            let key = header_key(h);
            !key.is_empty() && ImportField::for_header(h).is_none()
        })
        .map(|header| {
            let key = header_key(header);
            let mut candidates: Vec<FieldCandidate> = if key.chars().count() > SUGGEST_MAX_KEY {
                Vec::new()
            } else {
                ImportField::ALL
                    .into_iter()
                    .filter(|f| !taken.contains(f))
                    .filter_map(|field| {
                        let (s, why) = score(&key, field)?;
                        let confidence = round2(s);
                        (confidence >= 0.4).then(|| FieldCandidate { field, confidence, reason: why.to_owned() })
                    })
                    .collect()
            };
            // Stable: ties stay in field order.
            candidates.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
            candidates.truncate(3);
            MappingSuggestion { header: header.to_owned(), candidates }
        })
        .collect()
}
