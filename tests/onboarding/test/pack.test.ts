import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from './helpers.js';

/**
 * The packages as npm would publish them: `pnpm pack` (which turns `workspace:^` into versions),
 * then `npm i <tarballs>` into an empty project, where a user's first commands and a TypeScript
 * file importing the API must work. npm fetches the third-party dependencies from the registry.
 */
const PACKAGES = ['cli', 'runtime', 'cargo-bridge', 'errors'];
let tarballs: string[] = [];

beforeAll(async () => {
  const destination = tempDir('packs');
  for (const name of PACKAGES) {
    const pack = await execa('pnpm', ['pack', '--pack-destination', destination], { cwd: path.join(REPO, 'packages', name), all: true, reject: false });
    expect(pack.exitCode, pack.all).toBe(0);
  }
  tarballs = readdirSync(destination).map((file) => path.join(destination, file));
});

async function packageJsonOf(tarball: string): Promise<Record<string, unknown>> {
  return JSON.parse(String((await execa('tar', ['-xzOf', tarball, 'package/package.json'])).stdout)) as Record<string, unknown>;
}

describe('each tarball is ready to publish', () => {
  it.each(PACKAGES)('%s carries LICENSE, README and the registry fields, with no workspace: ranges left', async (name) => {
    const manifest = JSON.parse(readFileSync(path.join(REPO, 'packages', name, 'package.json'), 'utf8')) as { name: string; version: string };
    const tarball = tarballs.find((file) => path.basename(file) === `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
    expect(tarball, tarballs.join('\n')).toBeDefined();
    const files = String((await execa('tar', ['-tzf', tarball!])).stdout).split('\n');
    expect(files).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/package.json']));
    expect(files.filter((file) => /^package\/(test|src)\/|\/target\/|node_modules/.test(file))).toEqual([]);
    const packed = await packageJsonOf(tarball!);
    expect(packed).toMatchObject({
      license: 'MIT',
      homepage: expect.stringMatching(/^https:\/\//),
      bugs: expect.stringMatching(/^https:\/\/.*issues$/),
      repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\//), directory: `packages/${name}` },
      keywords: expect.arrayContaining(['wasi']),
      engines: { node: expect.any(String) },
    });
    expect(JSON.stringify(packed)).not.toContain('workspace:');
  });
});

describe('installed from the tarballs into an empty npm project', () => {
  let project = '';
  beforeAll(async () => {
    project = tempDir('npm-project');
    writeFileSync(path.join(project, 'package.json'), `${JSON.stringify({ name: 'first-ten-minutes', private: true, type: 'module' }, null, 2)}\n`);
    const typesNode = JSON.parse(readFileSync(path.join(REPO, 'node_modules/@types/node/package.json'), 'utf8')) as { version: string };
    const install = await execa('npm', ['install', '--no-audit', '--no-fund', ...tarballs, `@types/node@${typesNode.version}`], { cwd: project, all: true, reject: false });
    expect(install.exitCode, install.all).toBe(0);
  });

  it('npx wasi-kit new, build and run work', async () => {
    const npx = (args: string[], cwd: string) => execa('npx', ['--no-install', 'wasi-kit', ...args], { cwd, all: true, reject: false, env: { NO_COLOR: '1' } });
    const created = await npx(['new', 'lister'], project);
    expect(created.exitCode, created.all).toBe(0);
    const built = await npx(['build'], path.join(project, 'lister'));
    expect(built.exitCode, built.all).toBe(0);
    const wasm = String(built.stdout).trim();
    expect(wasm).toMatch(/lister\.wasm$/);
    const ran = await npx(['run', wasm, '--dir=.', '.'], path.join(project, 'lister'));
    expect(ran.exitCode, ran.all).toBe(0);
    expect(ran.stdout).toContain('filename: "Cargo.toml"');
  });

  it('a ts-host project made from this install depends on it, so its printed `npm install` works unpublished', async () => {
    const created = await execa('npx', ['--no-install', 'wasi-kit', 'new', 'host', '-t', 'ts-host'], { cwd: project, all: true, reject: false });
    expect(created.exitCode, created.all).toBe(0);
    expect(created.all).toContain('npm install && npm start');
    const host = path.join(project, 'host');
    const manifest = JSON.parse(readFileSync(path.join(host, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies).toEqual({
      '@wasi-kit/cargo-bridge': `file:${path.join(project, 'node_modules/@wasi-kit/cargo-bridge')}`,
      '@wasi-kit/runtime': `file:${path.join(project, 'node_modules/@wasi-kit/runtime')}`,
    });
    const install = await execa('npm', ['install', '--no-audit', '--no-fund'], { cwd: host, all: true, reject: false });
    expect(install.exitCode, install.all).toBe(0);
  });

  it('a TypeScript file importing the API of all three packages compiles (tsc --noEmit, library types checked)', async () => {
    writeFileSync(
      path.join(project, 'check.ts'),
      [
        "import { run, WASI } from '@wasi-kit/runtime';",
        "import { build, findToolchain, type BuildResult, type WasiToolchain } from '@wasi-kit/cargo-bridge';",
        "import { createProgram, WasiKitError } from 'wasi-kit';",
        'const toolchain: WasiToolchain = await findToolchain();',
        "const result: BuildResult = await build({ cwd: '.', toolchain });",
        "const { exitCode } = await run(result.artifacts[0]!.wasm, { args: ['x'], capture: true });",
        "const wasi = new WASI({ version: 'preview1', args: [], env: {}, preopens: {} });",
        "console.log(exitCode, wasi.getImportObject(), createProgram().name(), new WasiKitError('x').exitCode);",
        '',
      ].join('\n'),
    );
    const tsconfig = { compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['check.ts'] };
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = await execa(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project, all: true, reject: false });
    expect(tsc.exitCode, tsc.all).toBe(0);
  });
});
