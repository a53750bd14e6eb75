/**
 * A call the WASI 0.2 interfaces say traps: a write longer than check-write allowed, a blocking
 * write or write-zeroes over 4096 bytes, an empty poll list, more random bytes than the host hands
 * out. wasmtime stops the guest on each (`StreamError::Trap`, `bail!`); so does wasi-kit, and as a
 * RuntimeError it is reported as every other trap (guest-trap.ts: one line, exit 134, --backtrace).
 */
export class InterfaceTrap extends WebAssembly.RuntimeError {
  constructor(message: string) {
    super(message);
    this.name = 'InterfaceTrap';
  }
}
