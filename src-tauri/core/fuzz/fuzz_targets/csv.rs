//! Any bytes as a .csv file a user picked.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    zavuch_fuzz::read("file.csv", data);
});
