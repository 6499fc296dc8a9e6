//! Harness of the end-to-end tests: a private Xvfb display, tauri-driver (which starts
//! WebKitWebDriver and the real app), and a WebDriver client. Every `Harness` has its own
//! temporary data folder and school file, so tests never touch a user's data.
//!
//! Needs: the app built (`target/<profile>/zavuch`, or `ZAVUCH_APP`), `tauri-driver` on PATH or in
//! `.tools/bin`, and Debian's `xvfb` and `webkit2gtk-driver`.

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

static NEXT: AtomicU16 = AtomicU16::new(0);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built desktop app: `ZAVUCH_APP`, else the binary next to this test's own target folder.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("ZAVUCH_APP") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().expect("test binary path");
    // target/<profile>/deps/<test> → target/<profile>/zavuch
    exe.parent()
        .and_then(Path::parent)
        .map(|p| p.join("zavuch"))
        .expect("target folder")
}

fn tauri_driver() -> PathBuf {
    let local = workspace_root().join(".tools/bin/tauri-driver");
    if local.exists() {
        local
    } else {
        PathBuf::from("tauri-driver")
    }
}

/// Kills a child process group gently (SIGTERM), as tauri-driver needs to stop WebKitWebDriver.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &format!("-{}", self.0.id())])
            .status();
        let _ = self.0.wait();
    }
}

fn spawn_group(cmd: &mut Command) -> std::io::Result<Guard> {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd.spawn().map(Guard)
}

pub struct Harness {
    pub data_dir: tempfile::TempDir,
    pub db_path: PathBuf,
    port: u16,
    // Fields drop in declaration order: the driver stops before its display.
    _driver: Guard,
    _xvfb: Guard,
}

impl Harness {
    /// Starts a display and a driver for a fresh, empty school file.
    pub async fn start() -> Result<Harness, Box<dyn std::error::Error>> {
        let data_dir = tempfile::tempdir()?;
        let db_path = data_dir.path().join("school.zavuch");
        Harness::start_with(data_dir, db_path).await
    }

    /// Starts with a school file already prepared (e.g. the demo school via `zavuch_core::demo`).
    pub async fn start_with(
        data_dir: tempfile::TempDir,
        db_path: PathBuf,
    ) -> Result<Harness, Box<dyn std::error::Error>> {
        let n = NEXT.fetch_add(1, Ordering::SeqCst) + std::process::id() as u16 % 200;
        let display = format!(":{}", 90 + n % 400);
        let port = 4444 + n * 2;
        let xvfb = spawn_group(Command::new("Xvfb").args([
            display.as_str(),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ]))?;
        tokio::time::sleep(Duration::from_millis(700)).await;
        let driver = spawn_group(
            Command::new(tauri_driver())
                .args(["--port", &port.to_string()])
                .args(["--native-port", &(port + 1).to_string()])
                .env("DISPLAY", &display)
                .env("ZAVUCH_DATA_DIR", data_dir.path())
                .env("ZAVUCH_DB", &db_path)
                .env("LIBGL_ALWAYS_SOFTWARE", "1"),
        )?;
        wait_for_port(port).await?;
        Ok(Harness {
            data_dir,
            db_path,
            port,
            _driver: driver,
            _xvfb: xvfb,
        })
    }

    /// Launches the app (a new WebDriver session) and waits for its first screen.
    pub async fn launch(&self) -> Result<App, Box<dyn std::error::Error>> {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary() }),
        );
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await?;
        let app = App { client };
        app.wait(r#"[data-testid="app-ready"]"#).await?;
        Ok(app)
    }
}

async fn wait_for_port(port: u16) -> std::io::Result<()> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
            Ok(_) => return Ok(()),
            Err(e) if Instant::now() > deadline => return Err(e),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
}

/// The running app, seen through WebDriver.
pub struct App {
    pub client: Client,
}

impl App {
    /// Waits up to 10 s for an element matching the CSS selector.
    pub async fn wait(&self, css: &str) -> Result<Element, fantoccini::error::CmdError> {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
    }

    pub async fn by_testid(&self, id: &str) -> Result<Element, fantoccini::error::CmdError> {
        self.wait(&format!(r#"[data-testid="{id}"]"#)).await
    }

    pub async fn click(&self, id: &str) -> Result<(), fantoccini::error::CmdError> {
        self.by_testid(id).await?.click().await
    }

    /// Replaces the text of an input found by its test id.
    pub async fn fill(&self, id: &str, text: &str) -> Result<(), fantoccini::error::CmdError> {
        let input = self.by_testid(id).await?;
        input.clear().await?;
        input.send_keys(text).await
    }

    pub async fn text(&self, id: &str) -> Result<String, fantoccini::error::CmdError> {
        self.by_testid(id).await?.text().await
    }

    pub async fn value(&self, id: &str) -> Result<String, fantoccini::error::CmdError> {
        Ok(self
            .by_testid(id)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Waits until the element's text contains `needle`, returning the text.
    pub async fn wait_text(
        &self,
        id: &str,
        needle: &str,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text(id).await.unwrap_or_default();
            if text.contains(needle) {
                return Ok(text);
            }
            if Instant::now() > deadline {
                return Err(format!("«{needle}» not found in [{id}]: «{text}»").into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Screenshot of the whole virtual screen into `docs/screenshots/<name>.png` when
    /// `ZAVUCH_SCREENSHOTS` is set (the README's pictures come from here).
    pub async fn screenshot(&self, name: &str) -> TestResult {
        let Some(dir) = std::env::var_os("ZAVUCH_SCREENSHOTS") else {
            return Ok(());
        };
        std::fs::create_dir_all(&dir)?;
        let png = self.client.screenshot().await?;
        std::fs::write(Path::new(&dir).join(format!("{name}.png")), png)?;
        Ok(())
    }

    /// Closes the app (ends the WebDriver session).
    pub async fn close(self) -> TestResult {
        self.client.close().await?;
        Ok(())
    }
}
