import type { Command } from 'commander';
import { printable } from '@wasi-kit/errors';
import type { ModuleInspection } from '@wasi-kit/runtime';
import { loadRuntime } from '../packages.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description('show what a .wasm or .wat module imports, exports and needs')
    .argument('<file>', 'the module to inspect')
    .option('--json', 'print the report as JSON')
    .addHelpText('after', '\nExamples:\n  $ wasi-kit inspect target/wasm32-wasip1/debug/sizer.wasm\n  $ wasi-kit inspect app.wasm --json')
    .action(async (file: string, options: { json?: boolean }) => {
      const { formatBytes, inspectFile } = await loadRuntime();
      const inspection = await inspectFile(file);
      process.stdout.write(options.json ? `${JSON.stringify(inspection, null, 2)}\n` : renderInspection(inspection, formatBytes));
    });
}

/** The report as text; a module's names are its author's text, escaped so they cannot drive the terminal. */
export function renderInspection(report: ModuleInspection, formatBytes: (bytes: number) => string): string {
  if (report.format === 'component') {
    const lines = [`${printable(report.file)}: component (layer ${report.layer}, version 0x${report.version.toString(16)}), ${formatBytes(report.size)}`];
    const { imports = [], exports = [] } = report.world ?? {};
    lines.push(imports.length === 0 ? 'imports: none' : 'imports:');
    for (const item of imports) lines.push(`  ${item.kind.padEnd(8)} ${printable(item.name)}`);
    lines.push(exports.length === 0 ? 'exports: none' : 'exports:');
    for (const item of exports) lines.push(`  ${item.kind.padEnd(8)} ${printable(item.name)}`);
    return `${lines.join('\n')}\n`;
  }
  const lines = [`${printable(report.file)}: core module (version ${report.version}), ${formatBytes(report.size)}`];
  if (report.wasi.length === 0) lines.push('WASI: none imported');
  for (const { namespace, functions } of report.wasi) lines.push(`WASI: ${namespace}, ${functions.length} function(s): ${functions.map(printable).join(', ')}`);
  lines.push(report.otherImports.length === 0 ? 'other imports: none' : 'other imports:');
  for (const entry of report.otherImports) lines.push(`  ${entry.kind.padEnd(6)} ${printable(`${entry.module}.${entry.name}`)}${entry.signature ? ` ${entry.signature}` : ''}`);
  lines.push(report.exports.length === 0 ? 'exports: none' : 'exports:');
  for (const entry of report.exports) lines.push(`  ${entry.kind.padEnd(6)} ${printable(entry.name)}${entry.signature ? ` ${entry.signature}` : ''}`);
  lines.push(report.memories.length === 0 ? 'memory: none' : 'memory:');
  for (const memory of report.memories) {
    const max = memory.maxBytes === undefined ? 'no maximum' : `max ${pages(memory.max!)} (${formatBytes(memory.maxBytes)})`;
    const flags = [memory.shared ? 'shared' : '', memory.memory64 ? 'memory64' : '', memory.importedFrom ? `imported from ${memory.importedFrom}` : ''].filter(Boolean);
    lines.push(`  min ${pages(memory.min)} (${formatBytes(memory.minBytes)}), ${max}${flags.length > 0 ? `, ${flags.join(', ')}` : ''}`);
  }
  lines.push(report.customSections.length === 0 ? 'custom sections: none' : 'custom sections:');
  const width = Math.max(0, ...report.customSections.map((section) => printable(section.name).length));
  for (const section of report.customSections) lines.push(`  ${printable(section.name).padEnd(width)}  ${formatBytes(section.size)} (${section.size} bytes)`);
  return `${lines.join('\n')}\n`;
}

function pages(count: number): string {
  return count === 1 ? '1 page' : `${count} pages`;
}
