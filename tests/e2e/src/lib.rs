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
pub struct Guard(Child);

impl Guard {
    /// The process id of the group's leader.
    pub fn id(&self) -> u32 {
        self.0.id()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        // The whole group, by the system call: procps `kill -TERM -13` means kill(-1), every process.
        if let Ok(pgid) = i32::try_from(self.0.id()) {
            // SAFETY: kill(2) with a negative pid signals only that process group; no memory is touched.
            unsafe { libc::kill(-pgid, libc::SIGTERM) };
        }
        let _ = self.0.wait();
    }
}

/// Starts a command in a process group of its own, stopped with the group when dropped.
pub fn spawn_group(cmd: &mut Command) -> std::io::Result<Guard> {
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
        let (display, xvfb) = start_display().await?;
        let (port, native_port) = (free_port()?, free_port()?);
        let driver = spawn_group(
            Command::new(tauri_driver())
                .args(["--port", &port.to_string()])
                .args(["--native-port", &native_port.to_string()])
                .env("DISPLAY", &display)
                .env("ZAVUCH_DATA_DIR", data_dir.path())
                .env("ZAVUCH_DB", &db_path)
                .env("LIBGL_ALWAYS_SOFTWARE", "1"),
        )?;
        // tauri-driver proxies to WebKitWebDriver: both must listen before a session is asked for.
        wait_for_port(port).await?;
        wait_for_port(native_port).await?;
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
        // Plain HTTP to the local driver: no TLS stack needed.
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let mut builder = ClientBuilder::new(connector);
        builder.capabilities(caps);
        let url = format!("http://127.0.0.1:{}", self.port);
        let deadline = Instant::now() + Duration::from_secs(60);
        // On a loaded machine the driver may drop the first request while WebKit starts: ask again.
        let client = loop {
            match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
                Ok(Ok(client)) => break client,
                Ok(Err(e)) if Instant::now() < deadline => {
                    eprintln!("new WebDriver session failed ({e}); retrying");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Ok(Err(e)) => return Err(e.into()),
                Err(_) => return Err("the app did not start within 60 s".into()),
            }
        };
        let app = App { client };
        app.wait(r#"[data-testid="app-ready"]"#).await?;
        Ok(app)
    }
}

/// A port nobody listens on now (the OS picks it).
fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// Starts Xvfb on the first display number that is free (a killed run may leave lock files) and
/// waits for its socket.
pub async fn start_display() -> Result<(String, Guard), Box<dyn std::error::Error>> {
    let first = 100 + NEXT.fetch_add(1, Ordering::SeqCst) * 7;
    for n in first..first + 200 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut xvfb = spawn_group(Command::new("Xvfb").args([
            display.as_str(),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ]))?;
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if socket.exists() {
                return Ok((display, xvfb));
            }
            if xvfb.0.try_wait()?.is_some() {
                break; // taken after all: try the next number
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Err("no free X display for Xvfb".into())
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

pub async fn text_of(element: &Element) -> Result<String, fantoccini::error::CmdError> {
    let text = element.prop("textContent").await?.unwrap_or_default();
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The text of a printed PDF as `pdftotext -layout` reads it (the columns kept in place).
pub fn pdftotext(pdf: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .map_err(|e| format!("pdftotext (apt package poppler-utils) is needed: {e}"))?;
    if !out.status.success() {
        return Err(format!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// A new temporary folder holding the demo school's file (and the path of the file).
pub fn demo_file() -> Result<(tempfile::TempDir, PathBuf), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("demo.zavuch");
    zavuch_core::demo::create(&zavuch_core::Db::open(&path)?)?;
    Ok((dir, path))
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

    /// Waits up to 10 s until no element matches the CSS selector.
    pub async fn wait_gone(&self, css: &str) -> TestResult {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !self.client.find_all(Locator::Css(css)).await?.is_empty() {
            if Instant::now() > deadline {
                let shot = self.failure_screenshot("gone").await;
                return Err(format!("[{css}] is still there ({shot})").into());
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        Ok(())
    }

    pub async fn by_testid(&self, id: &str) -> Result<Element, fantoccini::error::CmdError> {
        self.wait(&format!(r#"[data-testid="{id}"]"#)).await
    }

    /// Clicks the element after scrolling it into view if it is not (WebKitWebDriver does not
    /// scroll a scrolled list by itself); a screen in a folded phase of the navigation is
    /// reached as a user would, its phase's heading clicked first.
    pub async fn click(&self, id: &str) -> Result<(), fantoccini::error::CmdError> {
        let element = self.by_testid(id).await?;
        let arg = serde_json::to_value(&element).map_err(fantoccini::error::CmdError::Json)?;
        self.client
            .execute(
                r#"const folded = arguments[0].closest('[data-testid="nav-phase"] [hidden]');
                   folded?.parentElement.querySelector('[data-testid="nav-group"]').click();"#,
                vec![arg.clone()],
            )
            .await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'nearest'});",
                vec![arg],
            )
            .await?;
        element.click().await
    }

    /// By how many pixels the left-hand navigation scrolls (0 or less: it fits the window).
    pub async fn navigation_overflow(&self) -> Result<i64, Box<dyn std::error::Error>> {
        let overflow = self
            .client
            .execute(
                "const nav = document.querySelector('nav'); return nav.scrollHeight - nav.clientHeight;",
                vec![],
            )
            .await?;
        Ok(overflow.as_i64().ok_or("no navigation")?)
    }

    /// Replaces the text of an input found by its test id.
    pub async fn fill(&self, id: &str, text: &str) -> Result<(), fantoccini::error::CmdError> {
        let input = self.by_testid(id).await?;
        input.clear().await?;
        input.send_keys(text).await
    }

    /// The element's text content (WebKitWebDriver's own "element text" comes back empty here).
    pub async fn text(&self, id: &str) -> Result<String, fantoccini::error::CmdError> {
        text_of(&self.by_testid(id).await?).await
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
        self.wait_text_within(id, needle, Duration::from_secs(10))
            .await
    }

    /// [`App::wait_text`] for work that takes long in a debug build on a loaded machine: a
    /// password's key (Argon2id), a conversion of the school file.
    pub async fn wait_text_long(
        &self,
        id: &str,
        needle: &str,
    ) -> Result<String, Box<dyn std::error::Error>> {
        self.wait_text_within(id, needle, Duration::from_secs(90))
            .await
    }

    async fn wait_text_within(
        &self,
        id: &str,
        needle: &str,
        within: Duration,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let deadline = Instant::now() + within;
        loop {
            let text = self.text(id).await.map_err(|e| e.to_string());
            match &text {
                Ok(t) if t.contains(needle) => return Ok(t.clone()),
                _ if Instant::now() > deadline => {
                    let shot = self.failure_screenshot(id).await;
                    return Err(format!("«{needle}» not found in [{id}]: {text:?} ({shot})").into());
                }
                _ => {}
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The saved document the notice «Сохранено: …» names, once the notice says `name`.
    pub async fn printed(&self, name: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
        self.wait_text("printed-name", name).await?;
        let path = self
            .by_testid("printed")
            .await?
            .attr("data-path")
            .await?
            .ok_or("the notice has no path")?;
        Ok(PathBuf::from(path))
    }

    /// Waits until the element's text no longer contains `needle` (a list that drops a row).
    pub async fn wait_text_gone(&self, id: &str, needle: &str) -> TestResult {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let text = self.text(id).await?;
            if !text.contains(needle) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let shot = self.failure_screenshot(id).await;
                return Err(format!("[{id}] still has «{needle}»: {text} ({shot})").into());
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

    /// Saves what the screen showed when a wait failed, to look at; says where.
    async fn failure_screenshot(&self, what: &str) -> String {
        let path = std::env::temp_dir().join(format!("zavuch-e2e-failed-{what}.png"));
        match self.client.screenshot().await {
            Ok(png) if std::fs::write(&path, &png).is_ok() => format!("screen: {}", path.display()),
            _ => "no screenshot".to_string(),
        }
    }

    /// Passes a step's result on; when it failed, saves the screen to look at
    /// (`zavuch-e2e-<test>-<step>.png` in the temporary folder) and names the step in the error.
    pub async fn step(&self, test: &str, step: &str, result: TestResult) -> TestResult {
        let Err(e) = result else { return Ok(()) };
        let path = std::env::temp_dir().join(format!("zavuch-e2e-{test}-{step}.png"));
        if let Ok(png) = self.client.screenshot().await {
            let _ = std::fs::write(&path, png);
        }
        Err(format!("{step}: {e} (screen: {})", path.display()).into())
    }

    /// Clicks an element after scrolling it into view (WebKitWebDriver does not scroll a
    /// scrolled table inside the page by itself).
    pub async fn click_in_view(&self, css: &str) -> TestResult {
        let element = self.wait(css).await?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&element)?],
            )
            .await?;
        element.click().await?;
        Ok(())
    }

    /// Sends a clipboard event (`copy`, `cut`, `paste`) holding `text` to the element, as Ctrl+C,
    /// Ctrl+X and Ctrl+V do (WebDriver cannot reach the system clipboard); returns what the
    /// page left on the event's clipboard (what it copied).
    pub async fn clipboard(
        &self,
        css: &str,
        kind: &str,
        text: &str,
    ) -> Result<String, Box<dyn std::error::Error>> {
        let element = self.wait(css).await?;
        let put = self
            .client
            .execute(
                "const data = new DataTransfer(); data.setData('text/plain', arguments[2]);
                 arguments[0].dispatchEvent(new ClipboardEvent(arguments[1],
                   {clipboardData: data, bubbles: true, cancelable: true}));
                 return data.getData('text/plain');",
                vec![serde_json::to_value(&element)?, kind.into(), text.into()],
            )
            .await?;
        Ok(put.as_str().unwrap_or_default().to_string())
    }

    /// Closes the app (ends the WebDriver session).
    pub async fn close(self) -> TestResult {
        self.client.close().await?;
        Ok(())
    }
}
