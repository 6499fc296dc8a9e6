//! Any bytes as a .xlsx file a user picked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    zavuch_fuzz::read("file.xlsx", data);
});
