//! Prints what args_sizes_get/args_get and environ_sizes_get/environ_get return, raw.

use wasi_probes::{outcome, raw};

type Sizes = unsafe extern "C" fn(*mut u32, *mut u32) -> i32;
type Get = unsafe extern "C" fn(*mut u32, *mut u8) -> i32;

fn main() {
    unsafe {
        dump("arg", raw::args_sizes_get, raw::args_get);
        dump("env", raw::environ_sizes_get, raw::environ_get);
    }
}

unsafe fn dump(label: &str, sizes: Sizes, get: Get) {
    let (mut count, mut size) = (0u32, 0u32);
    if let Err(e) = outcome(sizes(&mut count, &mut size)) {
        println!("{} sizes {}", label, e);
        return;
    }
    println!("{} count={} bytes={}", label, count, size);
    if count == 0 {
        return; // like wasi-libc, which skips the get when there is nothing to get
    }
    let mut pointers = vec![0u32; count as usize];
    let mut buf = vec![0u8; size as usize];
    if let Err(e) = outcome(get(pointers.as_mut_ptr(), buf.as_mut_ptr())) {
        println!("{} get {}", label, e);
        return;
    }
    let base = buf.as_ptr() as u32;
    for p in pointers {
        let start = (p - base) as usize;
        let end = start + buf[start..].iter().position(|b| *b == 0).expect("NUL-terminated");
        println!("{} {}", label, String::from_utf8_lossy(&buf[start..end]));
    }
}
