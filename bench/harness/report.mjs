// bench/results/latest.md: one markdown table per suite under the machine they ran on, so a
// change that slows things down shows up in review as a diff.

const escape = (cell) => String(cell).replaceAll('|', '\\|');

export function table(headers, rows) {
  if (headers.length === 0) return '';
  return [`| ${headers.map(escape).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`)].join('\n');
}

/**
 * @param {{ mode: string, startedAt: Date, durationS: number, machine: Record<string, string | number>, sections: { title: string, description: string, headers: string[], rows: string[][], error?: string }[] }} report
 */
export function renderReport({ mode, startedAt, durationS, machine, sections }) {
  const parts = [
    '# wasi-kit benchmarks',
    '',
    `Written by \`pnpm bench\`${mode === 'quick' ? ' --quick (small sizes: for development, not for comparing)' : ' (full sizes)'} on ${startedAt.toISOString()}, in ${durationS.toFixed(0)} s, at commit ${machine.commit}.`,
    '',
    '## Machine',
    '',
    'The load average says how busy the machine was besides the benchmark (it was shared with other jobs if it is above zero); each table\'s spread column says how far apart the fastest and slowest samples of one contender were.',
    '',
    table(
      ['CPU', 'cores', 'memory', 'OS', 'Node', 'rustc (wasm)', 'rustc (native)', 'load average (start → end)'],
      [[machine.cpu, machine.cores, machine.memory, machine.os, machine.node, machine.rustcWasm, machine.rustcNative, `${machine.loadAverage} → ${machine.loadAverageAtEnd}`]],
    ),
  ];
  for (const section of sections) {
    parts.push('', `## ${section.title}`, '', section.error ? `**Failed:** ${section.error}` : section.description);
    if (!section.error && section.rows.length > 0) parts.push('', table(section.headers, section.rows));
  }
  parts.push('', 'Reproduce: `pnpm bench` at the repository root (`pnpm bench --quick` or `BENCH_QUICK=1 pnpm bench` for small sizes; `pnpm bench --only=runtime` runs one suite). Every sample, in milliseconds, is in `latest.json` next to this file.', '');
  return parts.join('\n');
}
