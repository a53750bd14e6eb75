//! Lists the directory at fd 3 with fd_readdir and a buffer of argv[1] bytes, following cookies
//! and restarting after an entry the buffer cut off. Prints `used=<first bufused>`, then names
//! (`<d_type> <d_ino> <name>` when argv[2] is `types`).

use std::env;
use wasi_probes::{outcome, raw};

const HEADER: usize = 24; // dirent: d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20

fn main() {
    let size: usize = env::args().nth(1).expect("buffer size").parse().unwrap();
    let types = env::args().nth(2).as_deref() == Some("types");
    let mut buf = vec![0u8; size];
    let mut cookie = 0u64;
    let mut first = true;
    loop {
        let mut used = 0u32;
        if let Err(e) = unsafe { outcome(raw::fd_readdir(3, buf.as_mut_ptr(), size as i32, cookie as i64, &mut used)) } {
            println!("{}", e);
            return;
        }
        let used = used as usize;
        if first {
            println!("used={}", used);
            first = false;
        }
        let mut at = 0;
        let mut progressed = false;
        while at + HEADER <= used {
            let next = u64::from_le_bytes(buf[at..at + 8].try_into().unwrap());
            let len = u32::from_le_bytes(buf[at + 16..at + 20].try_into().unwrap()) as usize;
            if at + HEADER + len > used {
                break; // cut off: ask again from this entry's cookie
            }
            let name = String::from_utf8_lossy(&buf[at + HEADER..at + HEADER + len]);
            let ino = u64::from_le_bytes(buf[at + 8..at + 16].try_into().unwrap());
            if types { println!("{} {} {}", buf[at + 20], ino, name) } else { println!("{}", name) }
            cookie = next;
            at += HEADER + len;
            progressed = true;
        }
        if used < size {
            return; // a short buffer means the end of the directory
        }
        if !progressed {
            println!("buffer too small for one entry");
            return;
        }
    }
}
