//! The installed package, as a school gets it: `.ci/run` builds the .deb with `.ci/package`,
//! installs it, runs this test against `/usr/bin/zavuch`, then removes the package and checks the
//! school file is still there. Ignored in a plain `cargo test`: it needs the package installed.

use std::fs;
use std::path::PathBuf;
use zavuch_e2e::{app_binary, Harness, TestResult};

const INSTALLED: &str = "/usr/bin/zavuch";

/// What the package puts in the menu: the program's Russian name, its icon in every size.
fn menu_entry_and_icons() -> TestResult {
    let entry = fs::read_to_string("/usr/share/applications/zavuch.desktop")?;
    assert!(entry.lines().any(|l| l == "Name=Завуч"), "{entry}");
    assert!(entry.lines().any(|l| l == "Exec=zavuch"), "{entry}");
    for size in ["32x32", "64x64", "128x128", "256x256"] {
        let icon = format!("/usr/share/icons/hicolor/{size}/apps/zavuch.png");
        assert!(fs::metadata(&icon).is_ok(), "no icon {icon}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the .deb installed: run by .ci/run after `.ci/package --debug`"]
async fn the_installed_program_starts_on_the_school_file() -> TestResult {
    assert_eq!(app_binary(), PathBuf::from(INSTALLED), "set ZAVUCH_APP");
    menu_entry_and_icons()?;
    let db = PathBuf::from(std::env::var("ZAVUCH_SMOKE_DB").map_err(|_| "set ZAVUCH_SMOKE_DB")?);
    let harness = Harness::start_with(tempfile::tempdir()?, db).await?;
    let app = harness.launch().await?;
    app.wait_text("school-name", "МБОУ СОШ № 7").await?;
    app.click("nav-classes").await?;
    app.by_testid("screen-classes").await?;
    app.close().await?;
    Ok(())
}
