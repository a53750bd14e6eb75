import wabtInit from 'wabt';

/** Compiles a WAT string (with its name section, so traps can name functions). */
export async function wat(source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('inline.wat', source);
  try {
    return new Uint8Array(module.toBinary({ write_debug_names: true }).buffer);
  } finally {
    module.destroy();
  }
}

/** A command that writes `text` to `fd`, then exits with `code` (or returns when code is undefined). */
export function writer(text: string, options: { fd?: number; code?: number; namespace?: string } = {}): string {
  const bytes = Buffer.from(text);
  const data = [...bytes].map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
  const ns = options.namespace ?? 'wasi_snapshot_preview1';
  return `(module
    (import "${ns}" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "${ns}" "proc_exit" (func $proc_exit (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 64) "${data}")
    (func $main (export "_start")
      (i32.store (i32.const 0) (i32.const 64))
      (i32.store (i32.const 4) (i32.const ${bytes.length}))
      (drop (call $fd_write (i32.const ${options.fd ?? 1}) (i32.const 0) (i32.const 1) (i32.const 8)))
      ${options.code === undefined ? '' : `(call $proc_exit (i32.const ${options.code}))`}))`;
}

/** A command that copies stdin to stdout in 16-byte reads. */
export const ECHO = `(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $more
      (i32.store (i32.const 0) (i32.const 64))
      (i32.store (i32.const 4) (i32.const 16))
      (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
      (if (i32.gt_u (i32.load (i32.const 8)) (i32.const 0))
        (then
          (i32.store (i32.const 4) (i32.load (i32.const 8)))
          (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 12)))
          (br $more))))))`;

/** Instantiates synchronously with a WASI import object. */
export function instantiate(bytes: Uint8Array, wasi: { getImportObject(): object }): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>), wasi.getImportObject() as WebAssembly.Imports);
}
