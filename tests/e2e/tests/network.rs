//! No network: the app opens no port and makes no connection while it runs (152-ФЗ; the only
//! connection it ever makes is the district push the user starts), and its content security
//! policy stops the page from loading anything from elsewhere.

use std::collections::HashSet;
use std::fs;
use std::net::TcpListener;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use zavuch_e2e::{app_binary, demo_file, spawn_group, start_display, Harness, TestResult};

/// The process and every process it started (WebKit's web and network processes), by parent ids.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ')'.
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or("");
        if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
            parents.push((pid, ppid));
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let parent = tree[i];
        tree.extend(
            parents
                .iter()
                .filter(|(_, pp)| *pp == parent)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    tree
}

/// The socket inodes a process holds open.
fn socket_inodes(pid: u32) -> HashSet<u64> {
    fs::read_dir(format!("/proc/{pid}/fd"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|fd| fs::read_link(fd.path()).ok())
        .filter_map(|target| {
            let t = target.to_string_lossy().into_owned();
            t.strip_prefix("socket:[")?.strip_suffix(']')?.parse().ok()
        })
        .collect()
}

/// The Internet sockets (TCP, UDP, raw; IPv4 and IPv6) a process holds, as the kernel lists them
/// in the process's own network namespace: "tcp 127.0.0.1:port state" lines.
fn inet_sockets(pid: u32) -> Vec<String> {
    let inodes = socket_inodes(pid);
    let mut found = Vec::new();
    for table in ["tcp", "tcp6", "udp", "udp6", "raw", "raw6"] {
        let Ok(text) = fs::read_to_string(format!("/proc/{pid}/net/{table}")) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
            if cols.len() > 9 && cols[9].parse().is_ok_and(|i: u64| inodes.contains(&i)) {
                found.push(format!(
                    "{table} {} → {} state {}",
                    cols[1], cols[2], cols[3]
                ));
            }
        }
    }
    found
}

/// The app started as a user starts it (no WebDriver: WebKit's automation would open a port of
/// its own), on the demo school, watched for ten seconds from the moment its page process is up.
#[tokio::test(flavor = "multi_thread")]
async fn the_running_app_opens_no_port_and_no_connection() -> TestResult {
    // The reading itself works: this test's own listener is seen.
    let own = TcpListener::bind("127.0.0.1:0")?;
    let mine = inet_sockets(std::process::id());
    assert!(mine.iter().any(|s| s.contains("state 0A")), "{mine:?}");
    drop(own);
    let (dir, db) = demo_file()?;
    let (display, _xvfb) = start_display().await?;
    let app = spawn_group(
        Command::new(app_binary())
            .env("DISPLAY", &display)
            .env("ZAVUCH_DATA_DIR", dir.path())
            .env("ZAVUCH_DB", &db)
            .env("LIBGL_ALWAYS_SOFTWARE", "1"),
    )?;
    let started = Instant::now();
    // WebKit starts its web process once the window loads the page.
    while process_tree(app.id()).len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the app started no web process within 60 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut seen = Vec::new();
    let watch = Instant::now();
    while watch.elapsed() < Duration::from_secs(10) {
        for pid in process_tree(app.id()) {
            let name = fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            seen.extend(
                inet_sockets(pid)
                    .into_iter()
                    .map(|s| format!("{} ({pid}): {s}", name.trim())),
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let processes = process_tree(app.id()).len();
    assert!(
        processes >= 2,
        "the app exited early ({processes} processes)"
    );
    assert!(seen.is_empty(), "the app holds Internet sockets: {seen:#?}");
    Ok(())
}

/// A listener on loopback that counts the connections made to it.
fn counting_listener() -> std::io::Result<(String, Arc<AtomicUsize>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counted.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    Ok((url, count))
}

/// The page asks for a script, a style sheet, a picture, a frame and a fetch from another
/// address: the content security policy refuses each (a violation event apiece) and nothing
/// reaches that address.
#[tokio::test(flavor = "multi_thread")]
async fn the_page_loads_nothing_from_elsewhere() -> TestResult {
    let (url, connections) = counting_listener()?;
    let harness = Harness::start().await?;
    let app = harness.launch().await?;
    let script = r#"
        const base = arguments[0];
        window.__blocked = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__blocked.push(e.violatedDirective));
        fetch(base + '/fetch').catch(() => {});
        const img = new Image(); img.src = base + '/picture.png'; document.body.appendChild(img);
        const js = document.createElement('script'); js.src = base + '/code.js'; document.head.appendChild(js);
        const css = document.createElement('link'); css.rel = 'stylesheet'; css.href = base + '/look.css';
        document.head.appendChild(css);
        const frame = document.createElement('iframe'); frame.src = base + '/frame'; document.body.appendChild(frame);
        return true;
    "#;
    app.client.execute(script, vec![url.clone().into()]).await?;
    let deadline = Instant::now() + Duration::from_secs(10);
    let blocked = loop {
        let blocked = app
            .client
            .execute("return window.__blocked.length;", vec![])
            .await?
            .as_u64()
            .unwrap_or(0);
        if blocked >= 5 || Instant::now() > deadline {
            break blocked;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.close().await?;
    assert_eq!(blocked, 5, "CSP violations for the five loads from {url}");
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "the page reached {url}"
    );
    Ok(())
}
