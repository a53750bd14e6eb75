//! poll_oneoff probes, one mode per run:
//! - `<ns>`: one relative monotonic clock subscription; prints the event and the elapsed time.
//! - `abs <ns>`: one absolute realtime subscription at now + ns; same output.
//! - `fd <fd> [<ns>]`: an fd_read subscription on <fd> next to a clock (5 s unless <ns>); prints the first event.
//! - `due`: two relative clocks that are due at once; prints how many events came back.
//! - `empty`: zero subscriptions.

use std::env;
use wasi_probes::{outcome, raw};

const SUB: usize = 48; // subscription: userdata u64 @0, tag u8 @8, union @16
const EVENT: usize = 32; // event: userdata u64 @0, error u16 @8, type u8 @10, nbytes u64 @16

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let mode = args.get(0).map(String::as_str).unwrap_or("");
    let mut subs = Vec::new();
    match mode {
        "empty" => {}
        "due" => {
            subs.push(clock(0x1, 1, 0, 0));
            subs.push(clock(0x2, 1, 0, 0));
        }
        "abs" => subs.push(clock(0x5eed, 0, now(0) + arg(&args, 1), 1)),
        "fd" => {
            subs.push(fd_read(0xf0, arg(&args, 1) as u32));
            let timeout = if args.len() > 2 { arg(&args, 2) } else { 5_000_000_000 };
            subs.push(clock(0xc0, 1, timeout, 0));
        }
        ns => subs.push(clock(0x5eed, 1, ns.parse().expect("timeout in ns"), 0)),
    }
    let flat: Vec<u8> = subs.concat();
    let mut events = vec![0u8; EVENT * subs.len().max(1)];
    let mut nevents = 0u32;
    let before = now(1);
    let r = unsafe { outcome(raw::poll_oneoff(flat.as_ptr(), events.as_mut_ptr(), subs.len() as i32, &mut nevents)) };
    let elapsed = now(1) - before;
    if let Err(e) = r {
        println!("{}", e);
        return;
    }
    if mode == "empty" {
        println!("ok");
        return;
    }
    if mode == "due" {
        let mut seen: Vec<u64> = (0..nevents as usize).map(|i| u64::from_le_bytes(events[i * EVENT..i * EVENT + 8].try_into().unwrap())).collect();
        seen.sort();
        println!("ok events={} userdata={:?}", nevents, seen);
        return;
    }
    let e = &events[..EVENT];
    print!(
        "ok events={} userdata={:#x} error={} type={}",
        nevents,
        u64::from_le_bytes(e[0..8].try_into().unwrap()),
        u16::from_le_bytes([e[8], e[9]]),
        e[10]
    );
    if mode == "fd" { println!() } else { println!(" elapsed={}", elapsed) }
}

fn arg(args: &[String], i: usize) -> u64 {
    args.get(i).expect("missing argument").parse().expect("a number")
}

/// subscription_clock @16: id u32 @16, timeout u64 @24, precision u64 @32, flags u16 @40.
fn clock(userdata: u64, id: u32, timeout: u64, flags: u16) -> Vec<u8> {
    let mut s = vec![0u8; SUB];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[16..20].copy_from_slice(&id.to_le_bytes());
    s[24..32].copy_from_slice(&timeout.to_le_bytes());
    s[40..42].copy_from_slice(&flags.to_le_bytes());
    s
}

/// subscription_fd_readwrite @16: fd u32. Tag 1 = fd_read.
fn fd_read(userdata: u64, fd: u32) -> Vec<u8> {
    let mut s = vec![0u8; SUB];
    s[0..8].copy_from_slice(&userdata.to_le_bytes());
    s[8] = 1;
    s[16..20].copy_from_slice(&fd.to_le_bytes());
    s
}

fn now(id: i32) -> u64 {
    let mut t = 0u64;
    unsafe { outcome(raw::clock_time_get(id, 1, &mut t)).expect("clock") };
    t
}
