//! What `serve` pushes to open pages: a Server-Sent Events stream that says
//! "reload" when a new site is in place, and shows a build's errors as an
//! overlay on the page (cleared when a build succeeds again).
//!
//! One thread per open page, which ends as soon as a write to the page fails
//! (a closed tab): every stream writes at least a heartbeat every few seconds.

use crate::diagnostics::diag::Diagnostic;
use crate::diagnostics::finding::Severity;
use crate::snippet::render::escape_html;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

pub const EVENTS_PATH: &str = "/__lambda_notes/events";

/// How long a stream stays silent before a heartbeat finds out whether the
/// page is still there.
const HEARTBEAT: Duration = Duration::from_secs(5);

/// The site's version (bumped each time a new site is published) and the
/// overlay for the last build, when it failed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    pub version: u64,
    pub overlay: Option<String>,
}

#[derive(Default)]
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
    /// Streams open right now (one thread each).
    pub streams: AtomicUsize,
}

impl Live {
    pub fn state(&self) -> State {
        self.state.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// A new site is in place: pages reload, the overlay goes.
    pub fn published(&self) {
        self.update(|s| {
            s.version += 1;
            s.overlay = None;
        });
    }

    /// The last build failed: the site stays, pages show `overlay`.
    pub fn failed(&self, overlay: String) {
        self.update(|s| s.overlay = Some(overlay));
    }

    fn update(&self, change: impl FnOnce(&mut State)) {
        change(&mut self.state.lock().unwrap_or_else(|p| p.into_inner()));
        self.changed.notify_all();
    }

    /// The state once it differs from `seen`, or after `HEARTBEAT` (`None`).
    fn next(&self, seen: &State) -> Option<State> {
        let guard = self.state.lock().unwrap_or_else(|p| p.into_inner());
        let (guard, _) =
            self.changed.wait_timeout_while(guard, HEARTBEAT, |s| s == seen).unwrap_or_else(|p| p.into_inner());
        (*guard != *seen).then(|| guard.clone())
    }

    /// Stream events to one page until it goes away. `out` receives the
    /// HTTP response head first.
    pub fn stream(&self, mut out: impl Write) {
        self.streams.fetch_add(1, Ordering::SeqCst);
        let _open = OpenStream(&self.streams);
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
                    Connection: close\r\n\r\n";
        let mut state = self.state();
        if out.write_all(head.as_bytes()).and_then(|_| out.write_all(events(&state).as_bytes())).is_err() {
            return;
        }
        loop {
            let message = match self.next(&state) {
                Some(now) => {
                    state = now;
                    events(&state)
                }
                None => ": heartbeat\n\n".to_string(),
            };
            if out.write_all(message.as_bytes()).and_then(|_| out.flush()).is_err() {
                return; // the page is gone
            }
        }
    }
}

/// Counts a stream as open until dropped.
struct OpenStream<'a>(&'a AtomicUsize);

impl Drop for OpenStream<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The events that bring a page up to `state`: the version (the page
/// reloads when it was served an older one), then the overlay or its removal.
fn events(state: &State) -> String {
    let overlay = match &state.overlay {
        // A JSON string: one line, whatever the HTML holds.
        Some(html) => format!("event: errors\ndata: {}\n\n", serde_json::Value::String(html.clone())),
        None => "event: clear\ndata:\n\n".to_string(),
    };
    format!("event: version\ndata: {}\n\n{overlay}", state.version)
}

/// The script every served page gets: it knows the version it was served
/// as, listens to the stream and shows or clears the overlay.
pub fn page_script(version: u64) -> String {
    format!(
        "<script>(function(){{var served='{version}';var box=null;\
function clear(){{if(box){{box.remove();box=null;}}}}\
var es=new EventSource('{EVENTS_PATH}');\
es.addEventListener('version',function(e){{if(e.data!==served){{es.close();location.reload();}}}});\
es.addEventListener('errors',function(e){{clear();box=document.createElement('div');box.id='lambda-notes-overlay';\
box.setAttribute('style','position:fixed;inset:0;z-index:9999;overflow:auto;background:rgba(20,20,28,.93);color:#eee;\
font:14px/1.5 monospace;padding:2em;white-space:pre-wrap');box.innerHTML=JSON.parse(e.data);document.body.appendChild(box);}});\
es.addEventListener('clear',clear);}})();</script>"
    )
}

/// The overlay for a failed build: each error as `file:line:column`, its
/// message and the source line, everything HTML-escaped. `None` when no
/// finding is an error.
pub fn overlay(diagnostics: &[Diagnostic]) -> Option<String> {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.finding.severity == Severity::Error).collect();
    if errors.is_empty() {
        return None;
    }
    let mut html = format!(
        "<strong>lambda-notes: the build failed with {} error(s); the last good site is still served</strong>\n",
        errors.len()
    );
    for d in errors {
        let (line, column) = d.line_column();
        let source = d.file.text.lines().nth(line - 1).unwrap_or("");
        html.push_str(&format!(
            "\n<b>{}:{line}:{column}</b> error[{}]: {}\n<code>{}</code>\n",
            escape_html(&d.file.name),
            escape_html(&d.finding.code),
            escape_html(&d.finding.message),
            escape_html(source)
        ));
    }
    Some(html)
}

/// The overlay for a build that could not run at all (no file position).
pub fn overlay_for_failure(message: &str) -> String {
    format!(
        "<strong>lambda-notes: the build failed; the last good site is still served</strong>\n\n{}\n",
        escape_html(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::diag::SourceFile;
    use crate::diagnostics::finding::Finding;
    use std::io::{BufRead, BufReader};
    use std::net::{TcpListener, TcpStream};
    use std::sync::Arc;

    #[test]
    fn the_overlay_escapes_the_file_the_message_and_the_source_line() {
        let file = Arc::new(SourceFile {
            name: "src/en/<a>.md".into(),
            text: "ok\n<script>alert(\"x\" & 'y')</script>\n".into(),
        });
        let errors = [
            Diagnostic::new(&file, 3..11, Finding::error("E<1>", "bad <b>tag</b> & \"quote\"")),
            Diagnostic::new(&file, 0..2, Finding::new(Severity::Warning, "W", "not shown")),
        ];
        assert_eq!(
            overlay(&errors).unwrap(),
            "<strong>lambda-notes: the build failed with 1 error(s); the last good site is still served</strong>\n\
             \n<b>src/en/&lt;a&gt;.md:2:1</b> error[E&lt;1&gt;]: bad &lt;b&gt;tag&lt;/b&gt; &amp; &quot;quote&quot;\n\
             <code>&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;</code>\n"
        );
        assert_eq!(overlay(&errors[1..]), None, "warnings alone show no overlay");
        assert_eq!(
            overlay_for_failure("cannot read <x>"),
            "<strong>lambda-notes: the build failed; the last good site is still served</strong>\n\ncannot read &lt;x&gt;\n"
        );
    }

    #[test]
    fn the_stream_sends_the_state_then_each_change() {
        let live = Live::default();
        live.failed("<b>x</b>\nline".into());
        assert_eq!(events(&live.state()), "event: version\ndata: 0\n\nevent: errors\ndata: \"<b>x</b>\\nline\"\n\n");
        live.published();
        assert_eq!(events(&live.state()), "event: version\ndata: 1\n\nevent: clear\ndata:\n\n");
    }

    #[test]
    fn a_stream_ends_its_thread_when_the_page_goes() {
        let live = Arc::new(Live::default());
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let page = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server_side, _) = listener.accept().unwrap();
        let streaming = Arc::clone(&live);
        let thread = std::thread::spawn(move || streaming.stream(server_side));
        let mut reader = BufReader::new(page);
        let mut first = String::new();
        reader.read_line(&mut first).unwrap();
        assert_eq!(first, "HTTP/1.1 200 OK\r\n");
        assert_eq!(live.streams.load(Ordering::SeqCst), 1);
        drop(reader); // the tab closes
        // Each change makes the stream write; a write to a closed socket
        // fails (at the latest the second one), and the thread returns.
        let mut changes = 0;
        while !thread.is_finished() {
            assert!(changes < 10_000, "the stream's thread outlived its page");
            live.published();
            changes += 1;
            std::thread::sleep(Duration::from_millis(1)); // pacing, not a deadline
        }
        thread.join().unwrap();
        assert_eq!(live.streams.load(Ordering::SeqCst), 0);
    }
}
