//! The generated customer file shared by benches/import.rs and benches/xlsx_memory.rs: seven
//! columns, about 3% bad rows.

/// The header row.
pub const HEADER: [&str; 7] =
    ["Customer Name", "Customer Code", "Email Address", "Phone Number", "Contact Person", "Active", "Price Group"];

/// Row `i` of the generated file: every 33rd row has one of four errors.
pub fn row(i: usize) -> [String; 7] {
    let mut r = [
        format!("Customer {i} Pty Ltd"),
        format!("C{i:07}"),
        format!("orders{i}@customer{}.example", i % 977),
        format!("+61 2 {:04} {:04}", i % 10_000, (i * 7) % 10_000),
        format!("Contact {}", i % 5000),
        if i % 10 == 0 { "No" } else { "Yes" }.to_owned(),
        ["Trade", "Retail", ""][i % 3].to_owned(),
    ];
    if i % 33 == 5 {
        match (i / 33) % 4 {
            0 => r[2] = format!("orders{i}@nowhere"),
            1 => r[0].clear(),
            2 => r[5] = "maybe".to_owned(),
            _ => r[1] = "C0000001".to_owned(),
        }
    }
    r
}

/// The same rows as an XLSX workbook with shared strings (as rust_xlsxwriter, like Excel,
/// writes it).
pub fn xlsx_bytes(rows: usize) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..rows {
        for (c, v) in row(i).iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(i as u32 + 1, c as u16, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}
