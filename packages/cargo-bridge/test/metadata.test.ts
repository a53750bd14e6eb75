import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CargoBridgeError } from '../src/errors.js';
import { cargoMetadata, workspaceMembers, type CargoMetadata } from '../src/metadata.js';
import { findToolchain } from '../src/toolchain.js';
import { copyFixture, tempDir } from './helpers/fixtures.js';

let cargo: string;
let dir: string;
let metadata: CargoMetadata;
beforeAll(async () => {
  cargo = (await findToolchain()).cargo;
  dir = copyFixture('workspace');
  metadata = await cargoMetadata({ cwd: path.join(dir, 'app'), cargo });
});

describe('cargo metadata, typed', () => {
  it('finds the workspace root and its two members from inside a member', () => {
    expect(metadata.workspace_root).toBe(dir);
    expect(metadata.target_directory).toBe(path.join(dir, 'target'));
    expect(workspaceMembers(metadata).map((p) => p.name).sort()).toEqual(['app', 'greet']);
    const app = workspaceMembers(metadata).find((p) => p.name === 'app')!;
    expect(app.targets.map((t) => `${t.kind.join(',')}:${t.name}`).sort()).toEqual(['bin:app', 'bin:tally', 'example:demo']);
    expect(workspaceMembers(metadata).find((p) => p.name === 'greet')?.features).toEqual({ loud: [] });
  });

  it('a TOML syntax error is one line naming the file and the line', async () => {
    const broken = tempDir('broken');
    writeFileSync(path.join(broken, 'Cargo.toml'), '[package]\nname = "x"\nversion = "0.1.0"\nargs = ["unterminated]\n');
    const error = await cargoMetadata({ cwd: broken, cargo }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CargoBridgeError);
    expect((error as Error).message).toMatch(new RegExp(`^${path.relative(process.cwd(), path.join(broken, 'Cargo.toml')).replace(/[.\\/]/g, '\\$&')}:4: \\S`));
    expect((error as Error).message).not.toContain('\n');
  });

  it('any other failure keeps cargo\'s first line', async () => {
    const error = await cargoMetadata({ cwd: tempDir('empty'), cargo }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^cargo metadata failed in .*: could not find `Cargo.toml`/);
  });
});
