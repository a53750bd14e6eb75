//! A database committing one transaction per row, as SQLite does in rollback-journal mode: per
//! row, check for a hot journal (a stat that finds nothing), create the journal, write and sync
//! it, write and sync the row into the database file, delete the journal, stat the database.
//! Path-heavy: five path calls and two syncs per row (`path_filestat_get`, `path_open`,
//! `path_unlink_file` under WASI).

use bench_guests::{number_arg, text_arg};
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Seek, SeekFrom, Write};
use std::path::Path;

const ROW: usize = 256;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let usage = "journal <dir> <rows>";
    let dir = Path::new(text_arg(&args, 1, usage));
    let rows = number_arg(&args, 2, usage);
    let db_path = dir.join("data").join("bench.db");
    let journal_path = dir.join("data").join("bench.db-journal");
    fs::create_dir_all(dir.join("data")).expect("create data/");
    let mut db = OpenOptions::new().read(true).write(true).create(true).truncate(true).open(&db_path).expect("open the database");
    let mut row = [0u8; ROW];
    for i in 0..rows {
        match fs::metadata(&journal_path) {
            Err(err) if err.kind() == ErrorKind::NotFound => {}
            other => panic!("a hot journal where none should be: {:?}", other.map(|m| m.len())),
        }
        row[..8].copy_from_slice(&i.to_le_bytes());
        let mut journal = File::create(&journal_path).expect("create the journal");
        journal.write_all(&row).expect("write the journal");
        journal.sync_all().expect("sync the journal");
        drop(journal);
        db.seek(SeekFrom::Start(i * ROW as u64)).expect("seek");
        db.write_all(&row).expect("write the row");
        db.sync_data().expect("sync the database");
        fs::remove_file(&journal_path).expect("delete the journal");
        let size = fs::metadata(&db_path).expect("stat the database").len();
        assert_eq!(size, (i + 1) * ROW as u64);
    }
    eprintln!("rows: {} bytes: {}", rows, rows * ROW as u64);
}
