//! Writes the roster fixtures of tests/fixtures/ anew: roster.xlsx, roster-cp1251.csv and
//! roster-old-system-cp1251.csv (no file numbers) from the rows in `src/exchange/fixture.rs`,
//! then roster.xls and roster.ods converted from the .xlsx by LibreOffice (`soffice` must be
//! installed). The engine's tests read the committed files, so run this only when the fixture
//! rows change, then commit the five files:
//!
//! `cargo run -p zavuch-core --example regenerate_fixtures`

#[path = "../src/exchange/fixture.rs"]
mod fixture;

use std::path::Path;
use std::process::Command;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    std::fs::create_dir_all(&dir)?;
    let xlsx = dir.join("roster.xlsx");
    std::fs::write(&xlsx, fixture::fixture_xlsx())?;
    std::fs::write(dir.join("roster-cp1251.csv"), fixture::fixture_csv())?;
    std::fs::write(
        dir.join("roster-old-system-cp1251.csv"),
        fixture::old_system_csv(),
    )?;
    for to in ["xls", "ods"] {
        let status = Command::new("soffice")
            .args(["--headless", "--convert-to", to, "--outdir"])
            .arg(&dir)
            .arg(&xlsx)
            .status()
            .map_err(|e| format!("LibreOffice (soffice) is needed to write the .{to}: {e}"))?;
        if !status.success() {
            return Err(format!("soffice could not convert the .xlsx to .{to}: {status}").into());
        }
    }
    println!("written: {}", dir.canonicalize()?.display());
    Ok(())
}
