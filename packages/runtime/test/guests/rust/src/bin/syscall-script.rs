//! Runs the preview1 calls given as arguments, one per argument, and prints one line per call:
//! `ok[ value]` or `E<ERRNO>`. Fds are numbers or `$name` registers set by `open ... >$name`.
//! This lets a test table state a call sequence and the exact errno of every step.

use std::collections::HashMap;
use std::env;
use wasi_probes::{outcome, path_args, raw};

type Step = Result<String, String>;

/// fd_datasync | fd_write | fd_allocate | fd_filestat_set_size: the rights that mean "open for writing".
const WRITE_RIGHTS: i64 = 1 | 1 << 6 | 1 << 8 | 1 << 22;

struct Script {
    registers: HashMap<String, i32>,
}

fn main() {
    let mut script = Script { registers: HashMap::new() };
    for op in env::args().skip(1) {
        let owned: Vec<String> = op.split(' ').map(decode).collect();
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        let line = match script.step(&words) {
            Ok(value) if value.is_empty() => "ok".to_string(),
            Ok(value) => format!("ok {}", value),
            Err(errno) => errno,
        };
        println!("{}", line);
    }
}

/// `""` stands for the empty path and `\0` for a NUL byte (argv cannot carry either).
fn decode(word: &str) -> String {
    if word == "\"\"" { String::new() } else { word.replace("\\0", "\0") }
}

fn word<'a>(words: &[&'a str], i: usize) -> &'a str {
    words.get(i).copied().unwrap_or_else(|| panic!("missing operand {} in {:?}", i, words))
}

fn number(text: &str) -> i64 {
    if let Some(hex) = text.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).unwrap_or_else(|_| panic!("bad number {}", text))
    } else {
        text.parse().unwrap_or_else(|_| panic!("bad number {}", text))
    }
}

fn lookup(words: &[&str]) -> i32 {
    // lookupflags.symlink_follow is bit 0; probes follow unless told `nofollow`.
    if words.contains(&"nofollow") { 0 } else { 1 }
}

impl Script {
    fn fd(&self, text: &str) -> i32 {
        match text.strip_prefix('$') {
            Some(name) => *self.registers.get(name).unwrap_or(&-1),
            None => number(text) as i32,
        }
    }

    fn step(&mut self, w: &[&str]) -> Step {
        unsafe {
            match w[0] {
                "open" => self.open(w),
                "close" => done(raw::fd_close(self.fd(word(w, 1)))),
                "renumber" => done(raw::fd_renumber(self.fd(word(w, 1)), self.fd(word(w, 2)))),
                "read" => read(self.fd(word(w, 1)), number(word(w, 2)) as usize, None),
                "pread" => read(self.fd(word(w, 1)), number(word(w, 2)) as usize, Some(number(word(w, 3)))),
                "write" => write(self.fd(word(w, 1)), word(w, 2), None),
                "pwrite" => write(self.fd(word(w, 1)), word(w, 2), Some(number(word(w, 3)))),
                "seek" => {
                    let whence = match word(w, 3) { "set" => 0, "cur" => 1, "end" => 2, other => number(other) as i32 };
                    let mut at = 0u64;
                    outcome(raw::fd_seek(self.fd(word(w, 1)), number(word(w, 2)), whence, &mut at))?;
                    Ok(at.to_string())
                }
                "tell" => {
                    let mut at = 0u64;
                    outcome(raw::fd_tell(self.fd(word(w, 1)), &mut at))?;
                    Ok(at.to_string())
                }
                "fdstat" => {
                    let mut buf = [0u8; 24];
                    outcome(raw::fd_fdstat_get(self.fd(word(w, 1)), buf.as_mut_ptr()))?;
                    Ok(format!("type={} flags={} base={:#x} inheriting={:#x}", buf[0], u16_at(&buf, 2), u64_at(&buf, 8), u64_at(&buf, 16)))
                }
                "setflags" => done(raw::fd_fdstat_set_flags(self.fd(word(w, 1)), number(word(w, 2)) as i32)),
                "setrights" => done(raw::fd_fdstat_set_rights(self.fd(word(w, 1)), number(word(w, 2)), number(word(w, 3)))),
                "filestat" => {
                    let mut buf = [0u8; 64];
                    outcome(raw::fd_filestat_get(self.fd(word(w, 1)), buf.as_mut_ptr()))?;
                    Ok(filestat(&buf, w.contains(&"times")))
                }
                "stat" => {
                    let mut buf = [0u8; 64];
                    let (p, n) = path_args(word(w, 2));
                    outcome(raw::path_filestat_get(self.fd(word(w, 1)), lookup(w), p, n, buf.as_mut_ptr()))?;
                    Ok(filestat(&buf, w.contains(&"times")))
                }
                "setsize" => done(raw::fd_filestat_set_size(self.fd(word(w, 1)), number(word(w, 2)))),
                // fstflags: atim = 1, atim_now = 2, mtim = 4, mtim_now = 8.
                "settimes" => done(raw::fd_filestat_set_times(self.fd(word(w, 1)), number(word(w, 2)), number(word(w, 3)), fst(w))),
                "pathsettimes" => {
                    let (p, n) = path_args(word(w, 2));
                    done(raw::path_filestat_set_times(self.fd(word(w, 1)), lookup(w), p, n, number(word(w, 3)), number(word(w, 4)), fst(w)))
                }
                "prestat" => {
                    let mut buf = [0u8; 8];
                    outcome(raw::fd_prestat_get(self.fd(word(w, 1)), buf.as_mut_ptr()))?;
                    Ok(format!("tag={} len={}", buf[0], u32_at(&buf, 4)))
                }
                "prestatname" => {
                    let mut buf = vec![0u8; number(word(w, 2)) as usize];
                    outcome(raw::fd_prestat_dir_name(self.fd(word(w, 1)), buf.as_mut_ptr(), buf.len() as i32))?;
                    Ok(String::from_utf8_lossy(&buf).into_owned())
                }
                "mkdir" => self.path_op(w, raw::path_create_directory),
                "rmdir" => self.path_op(w, raw::path_remove_directory),
                "unlink" => self.path_op(w, raw::path_unlink_file),
                "rename" => {
                    let ((a, an), (b, bn)) = (path_args(word(w, 2)), path_args(word(w, 4)));
                    done(raw::path_rename(self.fd(word(w, 1)), a, an, self.fd(word(w, 3)), b, bn))
                }
                "symlink" => {
                    let ((t, tn), (p, pn)) = (path_args(word(w, 1)), path_args(word(w, 3)));
                    done(raw::path_symlink(t, tn, self.fd(word(w, 2)), p, pn))
                }
                "link" => {
                    let ((a, an), (b, bn)) = (path_args(word(w, 2)), path_args(word(w, 4)));
                    let follow = if w.contains(&"follow") { 1 } else { 0 };
                    done(raw::path_link(self.fd(word(w, 1)), follow, a, an, self.fd(word(w, 3)), b, bn))
                }
                "readlink" => {
                    let mut buf = vec![0u8; w.get(3).map(|n| number(n) as usize).unwrap_or(256)];
                    let mut used = 0u32;
                    let (p, n) = path_args(word(w, 2));
                    outcome(raw::path_readlink(self.fd(word(w, 1)), p, n, buf.as_mut_ptr(), buf.len() as i32, &mut used))?;
                    Ok(String::from_utf8_lossy(&buf[..used as usize]).into_owned())
                }
                "advise" => done(raw::fd_advise(self.fd(word(w, 1)), 0, 0, number(word(w, 2)) as i32)),
                "allocate" => done(raw::fd_allocate(self.fd(word(w, 1)), number(word(w, 2)), number(word(w, 3)))),
                "sync" => done(raw::fd_sync(self.fd(word(w, 1)))),
                "datasync" => done(raw::fd_datasync(self.fd(word(w, 1)))),
                "yield" => done(raw::sched_yield()),
                "sock_accept" => {
                    let mut fd = 0u32;
                    done(raw::sock_accept(self.fd(word(w, 1)), 0, &mut fd))
                }
                "sock_recv" => {
                    let mut buf = [0u8; 8];
                    let iov = [buf.as_mut_ptr() as u32, buf.len() as u32];
                    let (mut len, mut flags) = (0u32, 0u32);
                    done(raw::sock_recv(self.fd(word(w, 1)), iov.as_ptr(), 1, 0, &mut len, &mut flags))
                }
                "sock_send" => {
                    let buf = *b"probe";
                    let iov = [buf.as_ptr() as u32, buf.len() as u32];
                    let mut len = 0u32;
                    done(raw::sock_send(self.fd(word(w, 1)), iov.as_ptr(), 1, 0, &mut len))
                }
                "sock_shutdown" => done(raw::sock_shutdown(self.fd(word(w, 1)), 3)),
                "exit" => raw::proc_exit(number(word(w, 1)) as i32),
                other => panic!("unknown op {}", other),
            }
        }
    }

    /// `open DIRFD PATH [creat] [directory] [excl] [trunc] [append] [nofollow] [rights=BASE] [fdflags=N] [>$name]`;
    /// without `rights=` it requests the dir's inheriting rights for both base and inheriting.
    unsafe fn open(&mut self, w: &[&str]) -> Step {
        let has = |flag: &str| w[3..].contains(&flag);
        let oflags = [("creat", 1), ("directory", 2), ("excl", 4), ("trunc", 8)]
            .iter()
            .filter(|(name, _)| has(name))
            .fold(0, |acc, (_, bit)| acc | bit);
        // `append`, or raw fdflags with `fdflags=N` (dsync 2, nonblock 4, rsync 8, sync 16).
        let fdflags = match w[3..].iter().find_map(|x| x.strip_prefix("fdflags=")) {
            Some(text) => number(text) as i32,
            None if has("append") => 1,
            None => 0,
        };
        let dir = self.fd(word(w, 1));
        let rights = match w[3..].iter().find_map(|x| x.strip_prefix("rights=")) {
            Some(text) => number(text),
            // Like wasi-libc: no write rights on a directory (hosts open it O_RDWR → EISDIR).
            None if has("directory") => inheritable_rights(dir) & !WRITE_RIGHTS,
            None => inheritable_rights(dir),
        };
        let (p, n) = path_args(word(w, 2));
        let mut opened = 0u32;
        outcome(raw::path_open(dir, lookup(w), p, n, oflags, rights, rights, fdflags, &mut opened))?;
        if let Some(name) = w[3..].iter().find_map(|x| x.strip_prefix(">$")) {
            self.registers.insert(name.to_string(), opened as i32);
        }
        Ok(String::new())
    }

    unsafe fn path_op(&self, w: &[&str], call: unsafe extern "C" fn(i32, i32, i32) -> i32) -> Step {
        let (p, n) = path_args(word(w, 2));
        done(call(self.fd(word(w, 1)), p, n))
    }
}

/// What wasi-libc asks for by default: every right the directory fd can pass on.
unsafe fn inheritable_rights(dir: i32) -> i64 {
    let mut buf = [0u8; 24];
    if raw::fd_fdstat_get(dir, buf.as_mut_ptr()) == 0 { u64_at(&buf, 16) as i64 } else { raw::ALL_RIGHTS }
}

fn done(errno: i32) -> Step {
    outcome(errno).map(|_| String::new())
}

fn fst(w: &[&str]) -> i32 {
    // Explicit times unless the op says `now`, or raw flags with `fst=N`.
    match w.iter().find_map(|x| x.strip_prefix("fst=")) {
        Some(flags) => number(flags) as i32,
        None if w.contains(&"now") => 2 | 8,
        None => 1 | 4,
    }
}

unsafe fn read(fd: i32, len: usize, offset: Option<i64>) -> Step {
    let mut buf = vec![0u8; len];
    let iov = [buf.as_mut_ptr() as u32, len as u32];
    let mut got = 0u32;
    outcome(match offset {
        Some(at) => raw::fd_pread(fd, iov.as_ptr(), 1, at, &mut got),
        None => raw::fd_read(fd, iov.as_ptr(), 1, &mut got),
    })?;
    Ok(String::from_utf8_lossy(&buf[..got as usize]).replace('\n', "\\n"))
}

unsafe fn write(fd: i32, text: &str, offset: Option<i64>) -> Step {
    let iov = [text.as_ptr() as u32, text.len() as u32];
    let mut put = 0u32;
    outcome(match offset {
        Some(at) => raw::fd_pwrite(fd, iov.as_ptr(), 1, at, &mut put),
        None => raw::fd_write(fd, iov.as_ptr(), 1, &mut put),
    })?;
    Ok(put.to_string())
}

/// `filestat` layout from typenames.witx: dev 0, ino 8, filetype 16, nlink 24, size 32,
/// atim 40, mtim 48, ctim 56.
fn filestat(buf: &[u8; 64], times: bool) -> String {
    let base = format!("type={} nlink={} size={}", buf[16], u64_at(buf, 24), u64_at(buf, 32));
    if times { format!("{} atim={} mtim={}", base, u64_at(buf, 40), u64_at(buf, 48)) } else { base }
}

fn u16_at(buf: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([buf[at], buf[at + 1]])
}

fn u32_at(buf: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&buf[at..at + 4]);
    u32::from_le_bytes(b)
}

fn u64_at(buf: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&buf[at..at + 8]);
    u64::from_le_bytes(b)
}
