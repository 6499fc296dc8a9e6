//! What every fuzz target shares: reading bytes as a user's file of a given name, as the imports
//! do (`Workbook::from_bytes`: the limits, then the reader under its panic guard).

use std::sync::Once;
use zavuch_core::exchange::Workbook;

/// Reads `data` as the file `name` (its extension helps tell the kind). Any result is fine: a
/// crash is a panic that escapes, an abort, or running out of memory or time.
pub fn read(name: &str, data: &[u8]) -> Option<Workbook> {
    quiet_caught_panics();
    Workbook::from_bytes(name, data.to_vec()).ok()
}

/// Reads `data` as a .fet file and, when it is one of a size the fuzzer can afford, solves it
/// with no time: the engine's first placement of every activity.
pub fn solve_fet(data: &[u8]) {
    use zavuch_core::timetable_engine::{solve, Options};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(fet) = zavuch_core::fet::read("file.fet", text, true) else {
        return;
    };
    if fet.problem.activities.len() <= 500 && fet.problem.slots() <= 500 {
        let options = Options {
            time_limit: std::time::Duration::ZERO,
            seed: 1,
            cancel: Default::default(),
            improve: std::time::Duration::ZERO,
        };
        solve(&fet.problem, &options, &mut |_| {});
    }
}

/// libFuzzer's hook aborts at every panic, even one the reader's guard would catch and turn
/// into a message. By default the hook is silenced, so the fuzzer checks the promise that no
/// panic reaches the user; with `ZAVUCH_FUZZ_STRICT=1` it stays, to find the readers' own
/// panics (each worth a report upstream).
fn quiet_caught_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if std::env::var_os("ZAVUCH_FUZZ_STRICT").is_none() {
            std::panic::set_hook(Box::new(|_| {}));
        }
    });
}
