import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Errno, WASI } from '../../src/index.js';
import { probeWasm, buildProbes } from '../helpers/probes.js';
import { makeSandbox, type SandboxLayout } from '../helpers/sandbox-layout.js';
import { watModule } from '../helpers/wat.js';

// The node:wasi-shaped class, driven the way node:wasi users drive it.
describe('new WASI(...): getImportObject, start, initialize, captured', () => {
  let sb: SandboxLayout;
  beforeAll(() => buildProbes().then(() => undefined));
  beforeEach(async () => {
    sb = await makeSandbox();
  });
  afterEach(() => sb.remove());

  async function instantiate(bytes: Uint8Array, wasi: WASI): Promise<WebAssembly.Instance> {
    const module = await WebAssembly.compile(new Uint8Array(bytes));
    return WebAssembly.instantiate(module, wasi.getImportObject() as unknown as WebAssembly.Imports);
  }

  it('start() runs a Rust command and returns its exit code; captured() holds stdout and stderr', async () => {
    const wasi = new WASI({ version: 'preview1', args: ['echo', '5'], env: {}, stdin: 'piped in', stdout: 'capture', stderr: 'capture' });
    const instance = await instantiate(await readFile(await probeWasm('stdio-echo')), wasi);
    await wasi.ready();
    expect(wasi.start(instance)).toBe(5);
    expect(wasi.captured()).toEqual({ stdout: 'piped in', stderr: 'to stderr' });
  });

  it("version 'unstable' serves the wasi_unstable namespace with its own layouts", async () => {
    const wasi = new WASI({ version: 'unstable', preopens: { '/sb': sb.root }, stdout: 'capture' });
    expect(Object.keys(wasi.getImportObject())).toEqual(['wasi_unstable']);
    const instance = await instantiate(await watModule('unstable-seek-filestat'), wasi);
    expect(wasi.start(instance)).toBe(0);
    expect(wasi.captured().stdout).toBe('unstable ok\n');
  });

  it('initialize() runs a reactor\'s _initialize before its exports are called', async () => {
    const wasi = new WASI({ version: 'preview1', stdout: 'capture' });
    const instance = await instantiate(await watModule('reactor-hello'), wasi);
    wasi.initialize(instance);
    (instance.exports.hello as () => void)();
    expect(wasi.captured().stdout).toBe('initialized\n');
  });

  it('Errno has the witx numbering the guest probes use', async () => {
    const table = await readFile(new URL('../guests/rust/src/errno.rs', import.meta.url), 'utf8');
    const names = [...table.matchAll(/"([0-9A-Z]+)"/g)].map((m) => m[1]!);
    expect(names).toHaveLength(77);
    names.forEach((name, value) => expect(Errno[name as keyof typeof Errno], name).toBe(value));
    expect(Errno.NOTCAPABLE).toBe(76);
    expect(Errno.NOENT).toBe(44);
  });
});
