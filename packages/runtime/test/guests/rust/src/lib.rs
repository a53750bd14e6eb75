//! Raw `wasi_snapshot_preview1` imports, so probes see the exact errno the host returns
//! (std would hide it behind wasi-libc's preopen lookup). Std only: no `wasi` crate.

pub mod errno;
pub mod raw;

/// Turns an errno into the line a probe prints: `ok` or `E<NAME>`.
pub fn outcome(errno: i32) -> Result<(), String> {
    if errno == 0 {
        Ok(())
    } else {
        Err(errno::name(errno))
    }
}

pub fn path_args(path: &str) -> (i32, i32) {
    (path.as_ptr() as i32, path.len() as i32)
}
