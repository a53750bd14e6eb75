//! Sleeps with poll_oneoff on one relative monotonic clock subscription of argv[1] ns and prints
//! the event and the elapsed monotonic time; `empty` polls zero subscriptions instead.

use std::env;
use wasi_probes::{outcome, raw};

fn main() {
    let arg = env::args().nth(1).unwrap_or_default();
    let mut events = [0u8; 32];
    let mut nevents = 0u32;
    if arg == "empty" {
        let subs = [0u8; 48];
        let r = unsafe { outcome(raw::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), 0, &mut nevents)) };
        println!("{}", r.map(|_| "ok".to_string()).unwrap_or_else(|e| e));
        return;
    }
    let timeout: u64 = arg.parse().expect("timeout in ns");
    // subscription: userdata u64 @0, tag u8 @8 (0 = clock), clock id u32 @16, timeout u64 @24,
    // precision u64 @32, flags u16 @40 (0 = relative).
    let mut subs = [0u8; 48];
    subs[0..8].copy_from_slice(&0x5eed_u64.to_le_bytes());
    subs[16..20].copy_from_slice(&1u32.to_le_bytes());
    subs[24..32].copy_from_slice(&timeout.to_le_bytes());
    let before = now();
    let r = unsafe { outcome(raw::poll_oneoff(subs.as_ptr(), events.as_mut_ptr(), 1, &mut nevents)) };
    let elapsed = now() - before;
    match r {
        // event: userdata u64 @0, error u16 @8, type u8 @10.
        Ok(()) => println!(
            "ok events={} userdata={:#x} error={} type={} elapsed={}",
            nevents,
            u64::from_le_bytes(events[0..8].try_into().unwrap()),
            u16::from_le_bytes([events[8], events[9]]),
            events[10],
            elapsed
        ),
        Err(e) => println!("{}", e),
    }
}

fn now() -> u64 {
    let mut t = 0u64;
    unsafe { outcome(raw::clock_time_get(1, 1, &mut t)).expect("monotonic clock") };
    t
}
