//! Where lines go: stdout, one OUTFILE (appended), or a rotation set of files whose names
//! sort by time (`tweets-20261205T234512.345Z.jsonl`, then `.jsonl.gz` once compressed).
//!
//! Every line is written whole, followed by `\n`, through one buffer that is flushed
//! whenever the stream has to wait for the network; a rotation flushes and closes the old
//! file before the next line goes to the new one, so nothing is lost or doubled across it.
//! Compression runs on its own thread per closed file: `NAME.gz.tmp` is written, synced and
//! renamed to `NAME.gz`, then `NAME` is removed, so a kill at any point leaves either the
//! plain file or a complete `.gz` (a restart finishes the job).
//!
//! On start an existing OUTFILE (or rotation set) is read back for resume: a torn last
//! line (a kill in the middle of a write) is cut off, and the identities of the last lines
//! are collected so that what a backfill re-sends is dropped.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead as _, BufReader, BufWriter, Read as _, Seek as _, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use tweetstream::{DedupWindow, PayloadKind};

/// The write buffer: large enough that a busy stream makes few system calls.
const BUFFER: usize = 256 * 1024;
/// Bytes read at a time when reading a file backwards for its last lines.
const TAIL_BLOCK: u64 = 1 << 20;

/// Where the lines go, as asked on the command line.
#[derive(Debug, Clone)]
pub enum Dest {
    Stdout,
    File(PathBuf),
    Rotating(RotationSet),
}

/// When a rotation set starts a new file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rotation {
    pub size: Option<u64>,
    pub every: Option<Duration>,
    pub compress: bool,
}

/// The files of one rotation set: `DIR/STEM-<UTC time>.EXT`, plus `.gz` once compressed.
#[derive(Debug, Clone)]
pub struct RotationSet {
    dir: PathBuf,
    stem: String,
    ext: String,
}

/// One file of a rotation set.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    path: PathBuf,
    /// The UTC time in the name (`20261205T234512.345Z`).
    stamp: String,
    gz: bool,
}

/// `YYYYMMDDTHHMMSS.mmmZ`
const STAMP_LEN: usize = 20;

impl RotationSet {
    /// The set for OUTFILE `dir/tweets.jsonl`: `dir/tweets-<time>.jsonl`.
    pub fn for_outfile(outfile: &Path) -> RotationSet {
        let dir = match outfile.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = outfile
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "tweets.jsonl".into());
        let (stem, ext) = match name.rsplit_once('.') {
            Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => (stem.into(), ext.into()),
            _ => (name, "jsonl".to_owned()),
        };
        RotationSet { dir, stem, ext }
    }

    /// `dir/tweets-*.jsonl[.gz]`, for messages.
    pub fn pattern(&self) -> String {
        self.dir
            .join(format!("{}-*.{}", self.stem, self.ext))
            .display()
            .to_string()
    }

    fn file_name(&self, stamp: &str) -> String {
        format!("{}-{stamp}.{}", self.stem, self.ext)
    }

    /// The member this file name is, if any.
    fn parse(&self, name: &str) -> Option<(String, bool)> {
        let rest = name.strip_prefix(&self.stem)?.strip_prefix('-')?;
        let (rest, gz) = match rest.strip_suffix(".gz") {
            Some(r) => (r, true),
            None => (rest, false),
        };
        let stamp = rest.strip_suffix(&self.ext)?.strip_suffix('.')?;
        (stamp.len() == STAMP_LEN && parse_stamp(stamp).is_some()).then(|| (stamp.to_owned(), gz))
    }

    /// The members, oldest first (by name, which is by time); leftovers of an interrupted
    /// compression are settled first.
    fn members(&self) -> io::Result<Vec<Member>> {
        let mut out = Vec::new();
        let entries = match fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(e),
        };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(base) = name.strip_suffix(".gz.tmp") {
                if self.parse(base).is_some() {
                    // A compression cut short: the plain file is still there.
                    fs::remove_file(entry.path())?;
                }
                continue;
            }
            if let Some((stamp, gz)) = self.parse(&name) {
                out.push(Member {
                    path: entry.path(),
                    stamp,
                    gz,
                });
            }
        }
        out.sort_by(|a, b| (&a.stamp, a.gz).cmp(&(&b.stamp, b.gz)));
        // A plain file next to its complete .gz: the removal after compressing was cut short.
        let mut settled: Vec<Member> = Vec::with_capacity(out.len());
        for m in out {
            if let Some(prev) = settled.last() {
                if prev.stamp == m.stamp && !prev.gz && m.gz {
                    fs::remove_file(&prev.path)?;
                    settled.pop();
                }
            }
            settled.push(m);
        }
        Ok(settled)
    }
}

/// `20261205T234512.345Z` for a time.
fn stamp(t: SystemTime) -> String {
    let t = time::OffsetDateTime::from(t);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}.{:03}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.millisecond()
    )
}

/// The time a stamp names.
fn parse_stamp(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() != STAMP_LEN || b[8] != b'T' || b[15] != b'.' || b[19] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let date = time::Date::from_calendar_date(
        num(0..4)? as i32,
        time::Month::try_from(num(4..6)? as u8).ok()?,
        num(6..8)? as u8,
    )
    .ok()?;
    let clock = time::Time::from_hms_milli(
        num(9..11)? as u8,
        num(11..13)? as u8,
        num(13..15)? as u8,
        num(16..19)? as u16,
    )
    .ok()?;
    let t = time::PrimitiveDateTime::new(date, clock).assume_utc();
    Some(SystemTime::from(t))
}

/// What an existing OUTFILE or rotation set says about the last run.
#[derive(Debug, Default)]
pub struct Resume {
    /// When the last line was written (the newest file's modification time), if any.
    pub last_written: Option<SystemTime>,
    /// Identities of the last lines, oldest first.
    pub tail_keys: Vec<u64>,
    /// Lines read back from the tail.
    pub tail_lines: u64,
    /// Bytes of a torn last line that were cut off.
    pub torn_bytes: u64,
    /// Files of the set (or 1 for an OUTFILE) found.
    pub files: usize,
}

/// The open destination.
pub struct Output {
    dest: Dest,
    rotation: Rotation,
    writer: Option<BufWriter<Sink>>,
    current: Option<PathBuf>,
    current_bytes: u64,
    current_opened: SystemTime,
    last_stamp: Option<String>,
    compressors: Vec<JoinHandle<Result<(), String>>>,
    /// Files started by this run.
    pub files_started: u64,
}

enum Sink {
    Stdout(io::Stdout),
    File(File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}

fn append(path: &Path) -> io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

impl Output {
    /// Opens the destination; for an existing file or set, reads back what resume needs.
    pub fn open(
        dest: Dest,
        rotation: Rotation,
        kind: PayloadKind,
        tail: usize,
    ) -> Result<(Output, Resume), String> {
        let mut out = Output {
            dest: dest.clone(),
            rotation,
            writer: None,
            current: None,
            current_bytes: 0,
            current_opened: SystemTime::now(),
            last_stamp: None,
            compressors: Vec::new(),
            files_started: 0,
        };
        let mut resume = Resume::default();
        match &dest {
            Dest::Stdout => {
                out.writer = Some(BufWriter::with_capacity(BUFFER, Sink::Stdout(io::stdout())));
            }
            Dest::File(path) => {
                let shown = path.display();
                if let Ok(meta) = fs::metadata(path) {
                    if meta.is_dir() {
                        return Err(format!("OUTFILE {shown} is a directory"));
                    }
                    resume.files = 1;
                    resume.last_written = meta.modified().ok();
                    resume.torn_bytes = cut_torn_line(path)
                        .map_err(|e| format!("OUTFILE {shown}: cannot read it back: {e}"))?;
                    let mut keys = Vec::new();
                    resume.tail_lines = tail_plain(path, tail, kind, &mut keys)
                        .map_err(|e| format!("OUTFILE {shown}: cannot read it back: {e}"))?;
                    keys.reverse();
                    resume.tail_keys = keys;
                }
                let file = append(path).map_err(|e| format!("cannot open {shown}: {e}"))?;
                out.current_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
                out.current = Some(path.clone());
                out.writer = Some(BufWriter::with_capacity(BUFFER, Sink::File(file)));
            }
            Dest::Rotating(set) => {
                let pattern = set.pattern();
                let members = set
                    .members()
                    .map_err(|e| format!("cannot read the files {pattern}: {e}"))?;
                resume.files = members.len();
                if let Some(last) = members.last() {
                    out.last_stamp = Some(last.stamp.clone());
                    resume.last_written = fs::metadata(&last.path).and_then(|m| m.modified()).ok();
                    if !last.gz {
                        resume.torn_bytes = cut_torn_line(&last.path).map_err(|e| {
                            format!("{}: cannot read it back: {e}", last.path.display())
                        })?;
                    }
                }
                // The last lines, newest file first, until `tail` are found.
                let mut keys = Vec::new();
                for m in members.iter().rev() {
                    if keys.len() >= tail {
                        break;
                    }
                    let want = tail - keys.len();
                    let read = if m.gz {
                        tail_gz(&m.path, want, kind, &mut keys)
                    } else {
                        tail_plain(&m.path, want, kind, &mut keys)
                    };
                    resume.tail_lines += read
                        .map_err(|e| format!("{}: cannot read it back: {e}", m.path.display()))?;
                }
                keys.reverse();
                resume.tail_keys = keys;
                // Closed plain files of an earlier run: compress them now, if asked.
                let (older, last) = members.split_at(members.len().saturating_sub(1));
                if rotation.compress {
                    for m in older.iter().filter(|m| !m.gz) {
                        out.compress_later(m.path.clone());
                    }
                }
                // Go on appending to the last file, unless it is already compressed.
                if let Some(last) = last.first().filter(|m| !m.gz) {
                    let file = append(&last.path)
                        .map_err(|e| format!("cannot open {}: {e}", last.path.display()))?;
                    out.current_bytes = file.metadata().map(|m| m.len()).unwrap_or(0);
                    out.current_opened = parse_stamp(&last.stamp).unwrap_or_else(SystemTime::now);
                    out.current = Some(last.path.clone());
                    out.writer = Some(BufWriter::with_capacity(BUFFER, Sink::File(file)));
                }
            }
        }
        Ok((out, resume))
    }

    /// Writes one line and its `\n`, starting a new file first when the rotation says so.
    pub fn write_line(&mut self, line: &[u8]) -> io::Result<()> {
        let len = line.len() as u64 + 1;
        if matches!(self.dest, Dest::Rotating(_)) {
            let full = self.writer.is_some()
                && self.current_bytes > 0
                && (self
                    .rotation
                    .size
                    .is_some_and(|max| self.current_bytes + len > max)
                    || self.period_over());
            if full {
                self.close_current()?;
            }
            if self.writer.is_none() {
                self.start_file()?;
            }
        }
        let w = self.writer.as_mut().expect("an open file");
        w.write_all(line)?;
        w.write_all(b"\n")?;
        self.current_bytes += len;
        Ok(())
    }

    fn period_over(&self) -> bool {
        self.rotation.every.is_some_and(|every| {
            SystemTime::now()
                .duration_since(self.current_opened)
                .is_ok_and(|open_for| open_for >= every)
        })
    }

    /// On a quiet stream: closes the current file once its period is over (the next line
    /// starts a new one).
    pub fn tick(&mut self) -> io::Result<()> {
        if matches!(self.dest, Dest::Rotating(_)) && self.writer.is_some() && self.period_over() {
            self.close_current()?;
        }
        Ok(())
    }

    /// Pushes buffered lines to the file (or stdout).
    pub fn flush(&mut self) -> io::Result<()> {
        match &mut self.writer {
            Some(w) => w.flush(),
            None => Ok(()),
        }
    }

    fn start_file(&mut self) -> io::Result<()> {
        let Dest::Rotating(set) = &self.dest else {
            unreachable!("only rotation sets start files")
        };
        let now = SystemTime::now();
        let mut s = stamp(now);
        // Names must sort by time and never repeat: two files in one millisecond, or a
        // clock set back, take the next millisecond after the last name.
        if let Some(last) = &self.last_stamp {
            if s <= *last {
                let next = parse_stamp(last).unwrap_or(now) + Duration::from_millis(1);
                s = stamp(next);
            }
        }
        let path = set.dir.join(set.file_name(&s));
        let file = OpenOptions::new()
            .create_new(true)
            .append(true)
            .open(&path)?;
        self.writer = Some(BufWriter::with_capacity(BUFFER, Sink::File(file)));
        self.current = Some(path);
        self.current_bytes = 0;
        self.current_opened = now;
        self.last_stamp = Some(s);
        self.files_started += 1;
        Ok(())
    }

    /// Flushes and closes the current file, and compresses it when asked.
    fn close_current(&mut self) -> io::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
        }
        if let (Some(path), true) = (self.current.take(), self.rotation.compress) {
            self.compress_later(path);
        }
        Ok(())
    }

    fn compress_later(&mut self, path: PathBuf) {
        self.compressors
            .push(std::thread::spawn(move || compress(&path)));
    }

    /// The file being written, or `stdout`.
    pub fn current(&self) -> String {
        match (&self.dest, &self.current) {
            (Dest::Stdout, _) => "stdout".into(),
            (_, Some(p)) => p.display().to_string(),
            (Dest::Rotating(set), None) => set.pattern(),
            (Dest::File(p), None) => p.display().to_string(),
        }
    }

    /// Closes everything: flushes, closes the last file (compressing it when asked) and
    /// waits for every compression. Returns how many files were compressed.
    pub fn finish(mut self) -> Result<usize, String> {
        let flushed = match &self.dest {
            Dest::Rotating(_) => self.close_current(),
            _ => self.flush(),
        };
        let mut errors = Vec::new();
        if let Err(e) = flushed {
            errors.push(format!("writing {}: {e}", self.current()));
        }
        let n = self.compressors.len();
        for c in self.compressors.drain(..) {
            match c.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => errors.push(e),
                Err(_) => errors.push("a compression thread panicked".into()),
            }
        }
        if errors.is_empty() {
            Ok(n)
        } else {
            Err(errors.join("; "))
        }
    }
}

/// Gzips `path` to `path.gz` (through `path.gz.tmp`), then removes `path`.
fn compress(path: &Path) -> Result<(), String> {
    let shown = path.display();
    let mut gz_name = path.as_os_str().to_owned();
    gz_name.push(".gz");
    let gz = PathBuf::from(gz_name);
    let mut tmp_name = gz.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = PathBuf::from(tmp_name);
    let run = || -> io::Result<()> {
        let mut input = File::open(path)?;
        let out = File::create(&tmp)?;
        let mut enc = flate2::write::GzEncoder::new(
            BufWriter::with_capacity(BUFFER, out),
            flate2::Compression::fast(),
        );
        io::copy(&mut input, &mut enc)?;
        let out = enc.finish()?.into_inner().map_err(|e| e.into_error())?;
        out.sync_all()?;
        fs::rename(&tmp, &gz)?;
        fs::remove_file(path)
    };
    run().map_err(|e| format!("compressing {shown}: {e}"))
}

/// Cuts a last line that has no `\n` (a kill in the middle of a write); returns the bytes
/// cut. The backfill asked on resume re-sends that line whole.
fn cut_torn_line(path: &Path) -> io::Result<u64> {
    let mut f = OpenOptions::new().read(true).write(true).open(path)?;
    let len = f.metadata()?.len();
    if len == 0 {
        return Ok(0);
    }
    let mut pos = len;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let start = pos.saturating_sub(buf.len() as u64);
        let n = (pos - start) as usize;
        f.seek(SeekFrom::Start(start))?;
        f.read_exact(&mut buf[..n])?;
        if let Some(i) = buf[..n].iter().rposition(|&b| b == b'\n') {
            let keep = start + i as u64 + 1;
            if keep < len {
                f.set_len(keep)?;
            }
            return Ok(len - keep);
        }
        if start == 0 {
            f.set_len(0)?;
            return Ok(len);
        }
        pos = start;
    }
}

/// Reads `path` backwards for the identities of its last `want` lines, appending them
/// newest first; returns the lines read.
fn tail_plain(path: &Path, want: usize, kind: PayloadKind, keys: &mut Vec<u64>) -> io::Result<u64> {
    let mut f = File::open(path)?;
    let mut pos = f.metadata()?.len();
    let mut carry: Vec<u8> = Vec::new();
    let mut lines = 0u64;
    let mut taken = 0usize;
    while pos > 0 && taken < want {
        let start = pos.saturating_sub(TAIL_BLOCK);
        let mut buf = vec![0u8; (pos - start) as usize];
        f.seek(SeekFrom::Start(start))?;
        f.read_exact(&mut buf)?;
        buf.extend_from_slice(&carry);
        let mut segments: Vec<&[u8]> = buf.split(|&b| b == b'\n').collect();
        // The first segment may begin before this block: kept for the next one.
        let head = if start > 0 {
            Some(segments.remove(0))
        } else {
            None
        };
        for line in segments.iter().rev() {
            if line.is_empty() || taken >= want {
                continue;
            }
            lines += 1;
            taken += 1;
            if let Some(k) = DedupWindow::key(line, kind) {
                keys.push(k);
            }
        }
        carry = head.map(<[u8]>::to_vec).unwrap_or_default();
        pos = start;
    }
    Ok(lines)
}

/// Reads a gzipped member whole for the identities of its last `want` lines, appending them
/// newest first; returns the lines read.
fn tail_gz(path: &Path, want: usize, kind: PayloadKind, keys: &mut Vec<u64>) -> io::Result<u64> {
    let f = File::open(path)?;
    let mut r = BufReader::with_capacity(BUFFER, flate2::read::MultiGzDecoder::new(f));
    let mut ring: std::collections::VecDeque<Option<u64>> = std::collections::VecDeque::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if r.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        let text = line.strip_suffix(b"\n").unwrap_or(&line);
        if text.is_empty() {
            continue;
        }
        if ring.len() == want {
            ring.pop_front();
        }
        ring.push_back(DedupWindow::key(text, kind));
    }
    let lines = ring.len() as u64;
    keys.extend(ring.into_iter().rev().flatten());
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "tweetstream-cli-{name}-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn post(id: u64) -> String {
        format!(r#"{{"data":{{"id":"{id}","text":"post {id}"}}}}"#)
    }

    #[test]
    fn stamps_sort_by_time_and_read_back() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_796_514_312_345);
        let s = stamp(t);
        assert_eq!(s.len(), STAMP_LEN);
        assert_eq!(parse_stamp(&s), Some(t));
        assert!(stamp(t + Duration::from_millis(1)) > s);
        let set = RotationSet::for_outfile(Path::new("out/tweets.jsonl"));
        assert_eq!(set.parse(&set.file_name(&s)), Some((s.clone(), false)));
        assert_eq!(
            set.parse(&format!("{}.gz", set.file_name(&s))),
            Some((s, true))
        );
        assert_eq!(set.parse("tweets.jsonl"), None);
        assert_eq!(set.parse("tweets-notatime.jsonl"), None);
    }

    #[test]
    fn a_torn_last_line_is_cut_and_the_tail_is_read_back_newest_first() {
        let dir = scratch("torn");
        let path = dir.join("t.jsonl");
        let mut text = String::new();
        for id in 1..=5u64 {
            text.push_str(&post(id));
            text.push('\n');
        }
        text.push_str(r#"{"data":{"id":"6","te"#);
        fs::write(&path, &text).unwrap();
        assert_eq!(cut_torn_line(&path).unwrap(), 21);
        assert!(
            fs::read_to_string(&path)
                .unwrap()
                .ends_with("\"post 5\"}}\n")
        );
        let mut keys = Vec::new();
        assert_eq!(
            tail_plain(&path, 3, PayloadKind::Post, &mut keys).unwrap(),
            3
        );
        assert_eq!(keys, [5, 4, 3]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn rotation_closes_compresses_and_resumes_on_the_set() {
        let dir = scratch("rotate");
        let set = RotationSet::for_outfile(&dir.join("t.jsonl"));
        let rotation = Rotation {
            size: Some(200),
            every: None,
            compress: true,
        };
        let (mut out, resume) = Output::open(
            Dest::Rotating(set.clone()),
            rotation,
            PayloadKind::Post,
            100,
        )
        .unwrap();
        assert_eq!(resume.files, 0);
        for id in 1..=20 {
            out.write_line(post(id).as_bytes()).unwrap();
        }
        out.finish().unwrap();
        let members = set.members().unwrap();
        assert!(members.len() > 3, "{members:?}");
        assert!(members.iter().all(|m| m.gz), "{members:?}");
        let (_out, resume) =
            Output::open(Dest::Rotating(set), rotation, PayloadKind::Post, 7).unwrap();
        assert_eq!(resume.tail_keys, (14..=20).collect::<Vec<_>>());
        fs::remove_dir_all(dir).unwrap();
    }
}
