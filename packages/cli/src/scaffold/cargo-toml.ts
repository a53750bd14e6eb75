/**
 * Sets `name` inside one TOML table of a Cargo manifest or lockfile, leaving every other line
 * (comments, other tables, a dependency's `name`) as it was. A blind string replace would also
 * rename `[dependencies] x = { package = "sizer" }` or text in comments.
 */
export function setTableName(toml: string, table: '[package]' | '[[package]]', from: string | undefined, to: string): string {
  const lines = toml.split('\n');
  let inTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const header = /^\s*(\[\[?[^\]]+\]\]?)\s*(#.*)?$/.exec(line);
    if (header) {
      inTable = header[1]?.replace(/\s+/g, '') === table;
      continue;
    }
    const key = /^(\s*name\s*=\s*)"([^"]*)"(.*)$/.exec(line);
    if (inTable && key && (from === undefined || key[2] === from)) {
      lines[i] = `${key[1]}${JSON.stringify(to)}${key[3]}`;
    }
  }
  return lines.join('\n');
}

/** Cargo's own rule for package names: ASCII letters, digits, `-` and `_`, not starting with a digit. */
export function crateNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return 'use only ASCII letters, digits, "-" and "_"';
  if (/^[0-9]/.test(name)) return 'the name cannot start with a digit';
  if (RESERVED.has(name)) return `"${name}" is a Rust keyword or a name cargo reserves`;
  return undefined;
}

const RESERVED = new Set(['test', 'std', 'core', 'alloc', 'proc_macro', 'self', 'super', 'crate', 'fn', 'mod', 'struct', 'enum', 'impl', 'trait', 'type', 'use', 'let', 'match', 'if', 'else', 'loop', 'while', 'for', 'return', 'async', 'await', 'dyn', 'move', 'ref', 'mut', 'pub', 'static', 'const', 'extern', 'unsafe', 'where', 'true', 'false']);
