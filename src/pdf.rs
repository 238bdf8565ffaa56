//! PDF output: every document's self-contained HTML page printed by a
//! locally installed Chromium or Chrome in headless mode.
//!
//! outsec bundles no browser and downloads none. [`find_browser`] looks for
//! one on `PATH` (or takes the one given with `--browser`), and [`print`]
//! prints the pages in a temporary folder, so that a failure leaves nothing
//! behind. Each browser process runs with a fresh profile, without network
//! services, and is killed when it exceeds its time limit.
//!
//! Chromium stamps every PDF with the time it was printed (`/CreationDate`,
//! `/ModDate`). outsec replaces both with the document's date, so that the same
//! browser with the same fonts prints byte-identical PDFs; another browser
//! version or other fonts still give other bytes, which is why `build --check`
//! does not compare the content of PDFs.

use std::ffi::OsString;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The names `--pdf` looks for on `PATH`, in this order.
pub const BROWSERS: [&str; 5] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// How long one browser process may take to print one document by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// How to install a browser, for the error messages.
pub const INSTALL_HINT: &str = "install Chromium (Debian, Ubuntu: `sudo apt-get install chromium`; \
     Fedora: `sudo dnf install chromium`; macOS: `brew install --cask chromium`) \
     or Google Chrome, or name the browser's executable with `--browser PATH`";

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error(
        "`--pdf` needs Chromium or Chrome, and none was found on PATH (looked for {})",
        BROWSERS.join(", ")
    )]
    NotFound,
    #[error("the browser `{}` given with `--browser` does not exist or is not executable", path.display())]
    NotExecutable { path: PathBuf },
    #[error("cannot start the browser `{}`: {source}", browser.display())]
    Spawn {
        browser: PathBuf,
        source: std::io::Error,
    },
    #[error("printing `{stem}` to PDF took longer than {}s; the browser was stopped", timeout.as_secs())]
    Timeout { stem: String, timeout: Duration },
    #[error(
        "the browser failed to print `{stem}` to PDF ({status}){}",
        tail(output)
    )]
    Failed {
        stem: String,
        status: String,
        output: String,
    },
    #[error("the browser wrote no PDF for `{stem}`{}", tail(output))]
    NotPdf { stem: String, output: String },
    #[error("cannot use the temporary folder `{}` for printing: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl PdfError {
    /// A hint for the user, for the errors that have one.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            PdfError::NotFound | PdfError::NotExecutable { .. } | PdfError::Spawn { .. } => {
                Some(INSTALL_HINT)
            }
            PdfError::Timeout { .. } => {
                Some("a slow machine may need more time: raise the limit with `--pdf-timeout SECS`")
            }
            _ => None,
        }
    }
}

/// The last lines of what the browser printed, for an error message.
fn tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().filter(|l| !l.trim().is_empty()).collect();
    if lines.is_empty() {
        return String::new();
    }
    let start = lines.len().saturating_sub(8);
    let mut s = String::from("; the browser said:");
    for line in &lines[start..] {
        s.push_str("\n    ");
        s.push_str(line);
    }
    s
}

/// The browser to print with: `given` (a path, or a name looked up on
/// `PATH`), or else the first of [`BROWSERS`] found on `PATH`.
pub fn find_browser(given: Option<&Path>) -> Result<PathBuf, PdfError> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    find_browser_in(given, &path)
}

/// [`find_browser`] with an explicit search path.
pub fn find_browser_in(given: Option<&Path>, search: &OsString) -> Result<PathBuf, PdfError> {
    if let Some(given) = given {
        let bare = given.components().count() == 1 && !given.is_absolute();
        let found = if bare && !given.exists() {
            lookup(&given.to_string_lossy(), search)
        } else {
            is_executable(given).then(|| given.to_path_buf())
        };
        return found.ok_or_else(|| PdfError::NotExecutable {
            path: given.to_path_buf(),
        });
    }
    BROWSERS
        .iter()
        .find_map(|name| lookup(name, search))
        .or_else(|| well_known().into_iter().find(|p| is_executable(p)))
        .ok_or(PdfError::NotFound)
}

/// `name` in the folders of `search`.
fn lookup(name: &str, search: &OsString) -> Option<PathBuf> {
    std::env::split_paths(search)
        .filter(|dir| !dir.as_os_str().is_empty())
        .flat_map(|dir| {
            let plain = dir.join(name);
            let exe = dir.join(format!("{name}.exe"));
            [plain, exe]
        })
        .find(|p| is_executable(p))
}

/// Where browsers live outside `PATH` on systems that install them so.
fn well_known() -> Vec<PathBuf> {
    if cfg!(target_os = "macos") {
        vec![
            "/Applications/Chromium.app/Contents/MacOS/Chromium".into(),
            "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome".into(),
        ]
    } else {
        Vec::new()
    }
}

fn is_executable(path: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// How to print.
#[derive(Clone, Debug)]
pub struct Options {
    pub browser: PathBuf,
    /// Limit for one browser process (one document).
    pub timeout: Duration,
    /// Written into the PDFs as creation and modification date.
    pub date: jiff::civil::Date,
    /// The date of a document, by stem, where it is not `date` (a document
    /// with a version of its own, such as the tender).
    pub dates: std::collections::BTreeMap<String, jiff::civil::Date>,
}

/// Prints each `(stem, html)` page to PDF and returns `(stem, pdf)` in the
/// same order. The pages are written into the folder `dir` (a scratch
/// folder inside the output folder, which only the user can read; see
/// `output::scratch`); several browsers run at once, up to the number of
/// cores (at most four). The first failure, in document order, is returned.
pub fn print(
    pages: &[(String, Vec<u8>)],
    options: &Options,
    dir: &Path,
) -> Result<Vec<Vec<u8>>, PdfError> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 4)
        .min(pages.len().max(1));
    let next = AtomicUsize::new(0);
    // One slot per page: `None` until (and unless) it has been printed.
    type Slot = Option<Result<Vec<u8>, PdfError>>;
    let results: Mutex<Vec<Slot>> = Mutex::new((0..pages.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some((stem, html)) = pages.get(i) else {
                        break;
                    };
                    let result = print_one(dir, i, stem, html, options);
                    let failed = result.is_err();
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                    if failed {
                        // Let the other workers finish what they started, but
                        // start nothing new: the build fails anyway.
                        next.store(pages.len(), Ordering::SeqCst);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    // Unprinted pages (after a failure) are `None`; the failure comes first.
    let mut out = Vec::with_capacity(pages.len());
    let mut first_error = None;
    for result in results {
        match result {
            Some(Ok(pdf)) => out.push(pdf),
            Some(Err(e)) => {
                first_error.get_or_insert(e);
            }
            None => {}
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// Prints one page with one browser process.
fn print_one(
    dir: &Path,
    index: usize,
    stem: &str,
    html: &[u8],
    options: &Options,
) -> Result<Vec<u8>, PdfError> {
    let io = |path: &Path, source| PdfError::Io {
        path: path.to_path_buf(),
        source,
    };
    let work = dir.join(format!("{index}"));
    let profile = work.join("profile");
    std::fs::create_dir_all(&profile).map_err(|e| io(&profile, e))?;
    let page = work.join(format!("{stem}.html"));
    std::fs::write(&page, html).map_err(|e| io(&page, e))?;
    let pdf = work.join(format!("{stem}.pdf"));
    let log = work.join("browser.log");
    let log_file = std::fs::File::create(&log).map_err(|e| io(&log, e))?;
    let log_err = log_file.try_clone().map_err(|e| io(&log, e))?;

    let mut cmd = Command::new(&options.browser);
    cmd.args(browser_args(&profile, &pdf, &page))
        .env("XDG_CONFIG_HOME", work.join("config"))
        .env("XDG_CACHE_HOME", work.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::from(log_file))
        .stderr(Stdio::from(log_err));
    #[cfg(unix)]
    {
        // Its own process group, so that a timeout stops every process the
        // browser started, not just the first.
        use std::os::unix::process::CommandExt as _;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(|e| PdfError::Spawn {
        browser: options.browser.clone(),
        source: e,
    })?;
    let status = match wait_with_timeout(&mut child, options.timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            stop(&mut child);
            return Err(PdfError::Timeout {
                stem: stem.to_string(),
                timeout: options.timeout,
            });
        }
        Err(e) => {
            stop(&mut child);
            return Err(PdfError::Spawn {
                browser: options.browser.clone(),
                source: e,
            });
        }
    };
    let output = read_log(&log);
    if !status.success() {
        return Err(PdfError::Failed {
            stem: stem.to_string(),
            status: describe(status),
            output,
        });
    }
    match std::fs::read(&pdf) {
        Ok(mut bytes) if bytes.starts_with(b"%PDF-") && page_count(&bytes) > 0 => {
            set_dates(
                &mut bytes,
                options.dates.get(stem).copied().unwrap_or(options.date),
            );
            Ok(bytes)
        }
        _ => Err(PdfError::NotPdf {
            stem: stem.to_string(),
            output,
        }),
    }
}

/// The command line for one headless print: a fresh profile, no network
/// services, no first-run dialogs, no header and footer of the browser's own
/// (the page carries the classification marking itself).
fn browser_args(profile: &Path, pdf: &Path, page: &Path) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        "--headless",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-crash-reporter",
        "--password-store=basic",
        "--hide-scrollbars",
        "--mute-audio",
        "--no-pdf-header-footer",
        // The same for Chrome before version 111.
        "--print-to-pdf-no-header",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    if running_as_root() {
        // Chromium refuses to start as root with its sandbox. The page is
        // outsec's own: no scripts, no external resources, sanitised text.
        args.push("--no-sandbox".into());
    }
    let mut arg = |name: &str, value: &Path| {
        let mut s = OsString::from(name);
        s.push(value.as_os_str());
        args.push(s);
    };
    arg("--user-data-dir=", profile);
    arg("--print-to-pdf=", pdf);
    args.push(file_url(page).into());
    args
}

/// Whether this process runs as root (Linux; elsewhere: no).
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|ids| ids.split_whitespace().nth(1).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

/// A `file://` URL for an absolute path, percent-encoded.
pub fn file_url(path: &Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = abs.to_string_lossy().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Waits for the child; `None` when the timeout passed first.
fn wait_with_timeout(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if start.elapsed() >= timeout {
            return Ok(None);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Stops the browser and every process it started.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    {
        // The child leads its own process group (see `print_one`).
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", child.id())])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn read_log(path: &Path) -> String {
    let mut bytes = Vec::new();
    if let Ok(mut f) = std::fs::File::open(path) {
        let _ = f.read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn describe(status: ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit code {code}"),
        None => format!("{status}"),
    }
}

/// The number of pages of a PDF as Chromium writes it: page objects are not
/// compressed, so each one carries `/Type /Page` in plain text.
pub fn page_count(pdf: &[u8]) -> usize {
    const NEEDLE: &[u8] = b"/Type /Page";
    pdf.windows(NEEDLE.len() + 1)
        .filter(|w| w.starts_with(NEEDLE) && !w[NEEDLE.len()].is_ascii_alphanumeric())
        .count()
}

/// Replaces the print time that Chromium writes as `/CreationDate` and
/// `/ModDate` with `date`, midnight UTC, in place. Only a date of exactly
/// the form Chromium writes (`D:YYYYMMDDHHmmSS+00'00'`, or any other string
/// of the same length) is replaced, so every byte offset in the file stays
/// valid; anything else is left alone.
pub fn set_dates(pdf: &mut [u8], date: jiff::civil::Date) {
    let stamp = format!(
        "D:{:04}{:02}{:02}000000+00'00'",
        date.year(),
        date.month(),
        date.day()
    );
    for key in [&b"/CreationDate ("[..], &b"/ModDate ("[..]] {
        let Some(start) = find(pdf, key).map(|i| i + key.len()) else {
            continue;
        };
        let Some(len) = pdf[start..].iter().position(|&b| b == b')') else {
            continue;
        };
        let old = &pdf[start..start + len];
        if len == stamp.len() && old.starts_with(b"D:") && old[2..16].iter().all(u8::is_ascii_digit)
        {
            pdf[start..start + len].copy_from_slice(stamp.as_bytes());
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_the_project_date_without_moving_a_byte() {
        let mut pdf = b"%PDF-1.4\n1 0 obj\n<</Producer (Skia/PDF m156)\n/CreationDate (D:20261127135801+00'00')\n/ModDate (D:20261127135802+00'00')>>\nendobj\n".to_vec();
        let len = pdf.len();
        set_dates(&mut pdf, jiff::civil::date(2026, 7, 31));
        assert_eq!(pdf.len(), len);
        let text = String::from_utf8(pdf).unwrap();
        assert!(
            text.contains("/CreationDate (D:20260731000000+00'00')"),
            "{text}"
        );
        assert!(
            text.contains("/ModDate (D:20260731000000+00'00')"),
            "{text}"
        );
    }

    #[test]
    fn dates_of_another_form_are_left_alone() {
        let original = b"/CreationDate (D:2026)/ModDate (yesterday)".to_vec();
        let mut pdf = original.clone();
        set_dates(&mut pdf, jiff::civil::date(2026, 7, 31));
        assert_eq!(pdf, original);
    }

    #[test]
    fn pages_are_counted_but_not_the_page_tree() {
        let pdf = b"<</Type /Pages /Count 2>> <</Type /Page\n/Parent 1 0 R>> <</Type /Page/Parent 1 0 R>>";
        assert_eq!(page_count(pdf), 2);
        assert_eq!(page_count(b"%PDF-1.4"), 0);
    }

    #[test]
    fn file_urls_are_absolute_and_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/#1.html")),
            "file:///tmp/a%20b/%231.html"
        );
    }

    #[test]
    fn a_browser_is_found_on_the_search_path_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let make = |name: &str| {
            let p = tmp.path().join(name);
            std::fs::write(&p, "#!/bin/sh\n").unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            p
        };
        let search = OsString::from(tmp.path());
        assert!(matches!(
            find_browser_in(None, &search),
            Err(PdfError::NotFound)
        ));
        let chrome = make("google-chrome");
        assert_eq!(find_browser_in(None, &search).unwrap(), chrome);
        let chromium = make("chromium");
        assert_eq!(find_browser_in(None, &search).unwrap(), chromium);
        assert_eq!(
            find_browser_in(Some(Path::new("google-chrome")), &search).unwrap(),
            chrome
        );
        assert!(matches!(
            find_browser_in(Some(Path::new("/nonexistent")), &search),
            Err(PdfError::NotExecutable { .. })
        ));
    }
}
