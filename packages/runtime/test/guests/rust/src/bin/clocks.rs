//! For clock ids 0..=4 prints `id res=<ns|errno> time=<ns|errno>`; id 4 does not exist.

use wasi_probes::{outcome, raw};

fn main() {
    for id in 0..=4 {
        let (mut res, mut first, mut second) = (0u64, 0u64, 0u64);
        let res = unsafe { outcome(raw::clock_res_get(id, &mut res)).map(|_| res.to_string()) };
        let time = unsafe {
            outcome(raw::clock_time_get(id, 1, &mut first))
                .and_then(|_| outcome(raw::clock_time_get(id, 1, &mut second)))
                .map(|_| format!("{} then={}", first, second))
        };
        println!("{} res={} time={}", id, either(res), either(time));
    }
}

fn either(result: Result<String, String>) -> String {
    result.unwrap_or_else(|e| e)
}
