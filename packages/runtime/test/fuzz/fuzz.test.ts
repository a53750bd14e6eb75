import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The syscall fuzzer as CI runs it: the built fuzzer (`pnpm build` compiles fuzz/), the seed
// corpus of issue 11, then random cases for a bounded time. `pnpm fuzz --minutes N` runs longer.
const SECONDS = Number(process.env.WASI_KIT_FUZZ_SECONDS ?? 45);
const main = fileURLToPath(new URL('../../dist/fuzz/fuzz/main.js', import.meta.url));

describe('the syscall fuzzer', () => {
  it(`finds no exit 70, hang, non-witx errno or change outside the grants in ${SECONDS} s`, async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [main, '--seconds', String(SECONDS)], { timeout: (SECONDS + 90) * 1000 }, (error, _stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stderr });
      });
    });
    expect(stderr, stderr).toMatch(/no findings/);
    expect(code, stderr).toBe(0);
  });
});
