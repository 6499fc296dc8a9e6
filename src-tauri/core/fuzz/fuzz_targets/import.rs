//! Any text as a CSV sheet, then read as each import reads its sheet into rows: the header
//! found (title rows, merged two-row headers, names in any case and spelling) and every data
//! row read into typed values with its problems.
#![no_main]

use zavuch_core::exchange::Format;
use zavuch_core::{marks, roster, staff_roster, thematic_plans};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(book) = zavuch_fuzz::read("file.csv", data) else {
        return;
    };
    let formats: [fn() -> Format; 4] = [
        roster::format,
        staff_roster::format,
        marks::exchange::format,
        thematic_plans::exchange::format,
    ];
    for format in formats {
        let format = format();
        if let Ok(table) = format.locate(&book) {
            for record in table.read_records() {
                std::hint::black_box(record);
            }
        }
    }
});
