//! Any bytes as a .fet file: read, then, when it is one, solved for no time at all (the
//! engine's first placement and its account of what it left out). The reader's numbers and
//! names must hold whatever the file says: no index past a list, no day past the week.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    zavuch_fuzz::solve_fet(data);
});
