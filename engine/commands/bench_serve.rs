//! `lambda-notes bench --serve`: how long an author waits. Starts `serve`
//! (a child process on a free port) on a synthetic copy of the book at 1×
//! and 10× (`synthetic`), listens to its event stream as a page does, and
//! times 20 edits of one English chapter, then 20 of an example document
//! the three editions show: from the write to the moment the reload signal
//! has arrived and the page is served with the edit.

use crate::settings::BookSetup;
use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const EDITS: usize = 20;
const CHAPTER: &str = "src/en/sqs.md";
const PAGE: &str = "/en/sqs.html";
const DOCUMENT: &str = "examples/policies/sqs-consumer-role-policy.json";

pub fn run(setup: &BookSetup, sizes: &[usize]) -> Result<i32> {
    for &times in sizes {
        let book = std::env::temp_dir().join(format!("lambda-notes-serve-{times}x-{}", std::process::id()));
        crate::commands::synthetic::generate(&setup.root, &book, times.max(1), &setup.project.languages)?;
        let mut server = Server::start(&book)?;
        let result = server.time_edits(&book);
        server.stop();
        let (chapter, document) = result?;
        println!("serve {times:>3}x, edit of one chapter:   {}", summary(chapter));
        println!("serve {times:>3}x, edit of one document:  {}", summary(document));
        let _ = std::fs::remove_dir_all(&book);
    }
    Ok(0)
}

fn summary(mut ms: Vec<f64>) -> String {
    ms.sort_by(f64::total_cmp);
    format!(
        "{:>6.0} ms median, {:.0}–{:.0} ms ({} edits, until reload signal + page with the edit)",
        ms[ms.len() / 2],
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    )
}

struct Server {
    child: Child,
    port: u16,
    /// The site versions the event stream announces.
    versions: Receiver<u64>,
}

impl Server {
    fn start(book: &Path) -> Result<Server> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let child = Command::new(std::env::current_exe()?)
            .arg("--root")
            .arg(book)
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start serve")?;
        let mut server = Server { child, port, versions: channel().1 };
        // The first build runs before serve listens.
        let mut stream = loop {
            if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) {
                break stream;
            }
            anyhow::ensure!(server.child.try_wait()?.is_none(), "serve stopped before it listened");
            std::thread::sleep(Duration::from_millis(20));
        };
        write!(stream, "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", crate::commands::serve_live::EVENTS_PATH)?;
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stream).lines();
            while let Some(Ok(line)) = lines.next() {
                if line == "event: version"
                    && let Some(Ok(data)) = lines.next()
                    && let Some(Ok(version)) = data.strip_prefix("data: ").map(str::parse)
                    && tx.send(version).is_err()
                {
                    return;
                }
            }
        });
        server.versions = rx;
        Ok(server)
    }

    /// The next version announced, waiting at most a minute.
    fn next_version(&self) -> Result<u64> {
        self.versions.recv_timeout(Duration::from_secs(60)).context("serve announced no new site within a minute")
    }

    fn get(&self, path: &str) -> Result<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        write!(stream, "GET {path} HTTP/1.0\r\n\r\n")?;
        let mut body = String::new();
        stream.read_to_string(&mut body)?;
        Ok(body)
    }

    /// (chapter edits, document edits) in ms.
    fn time_edits(&mut self, book: &Path) -> Result<(Vec<f64>, Vec<f64>)> {
        let mut version = self.next_version()?; // the state on connecting
        let (chapter, original) = (book.join(CHAPTER), std::fs::read_to_string(book.join(CHAPTER))?);
        let mut chapter_ms = Vec::new();
        for i in 0..EDITS {
            let marker = format!("bench-edit-{i}-{}", std::process::id());
            let start = Instant::now();
            std::fs::write(&chapter, format!("{original}\n{marker}\n"))?;
            version = self.wait_past(version)?;
            while !self.get(PAGE)?.contains(&marker) {
                version = self.wait_past(version)?; // an earlier edit's site
            }
            chapter_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        std::fs::write(&chapter, &original)?;
        version = self.wait_past(version)?;
        let (document, text) = (book.join(DOCUMENT), std::fs::read_to_string(book.join(DOCUMENT))?);
        let mut document_ms = Vec::new();
        for i in 0..EDITS {
            let start = Instant::now();
            // A distinct text (and a distinct memo key) each time, the same policy.
            std::fs::write(&document, format!("{}{}\n", text.trim_end(), " ".repeat(i + 1)))?;
            version = self.wait_past(version)?;
            let page = self.get(PAGE)?;
            anyhow::ensure!(page.lines().next().is_some_and(|l| l.contains(" 200 ")), "{PAGE} is not served");
            document_ms.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        Ok((chapter_ms, document_ms))
    }

    fn wait_past(&self, version: u64) -> Result<u64> {
        loop {
            let next = self.next_version()?;
            if next > version {
                return Ok(next);
            }
        }
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
