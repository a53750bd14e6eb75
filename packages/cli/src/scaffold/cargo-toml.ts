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

/**
 * `cargo new`'s rules for a package with a binary (cargo's `check_name`, util/restricted_names.rs):
 * ASCII letters, digits, `-` and `_`, starting with a letter or `_`; not a Rust keyword, `test`, a
 * name of cargo's build directory, or (where cargo only warns) a standard-library crate.
 */
export function crateNameProblem(name: string): string | undefined {
  if (name === '') return 'the name is empty';
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return 'use only ASCII letters, digits, "-" and "_"';
  if (/^[0-9]/.test(name)) return 'the name cannot start with a digit';
  if (name.startsWith('-')) return 'the name must start with a letter or "_"';
  if (KEYWORDS.has(name)) return `"${name}" is a Rust keyword`;
  if (BUILD_DIRECTORIES.has(name)) return `"${name}" is one of cargo's build directory names, which a binary cannot have`;
  if (RESERVED.has(name)) return `"${name}" is a name cargo reserves`;
  return undefined;
}

const KEYWORDS = new Set(['Self', 'abstract', 'as', 'async', 'await', 'become', 'box', 'break', 'const', 'continue', 'crate', 'do', 'dyn', 'else', 'enum', 'extern', 'false', 'final', 'fn', 'for', 'if', 'impl', 'in', 'let', 'loop', 'macro', 'match', 'mod', 'move', 'mut', 'override', 'priv', 'pub', 'ref', 'return', 'self', 'static', 'struct', 'super', 'trait', 'true', 'try', 'type', 'typeof', 'unsafe', 'unsized', 'use', 'virtual', 'where', 'while', 'yield']);
const BUILD_DIRECTORIES = new Set(['deps', 'examples', 'build', 'incremental']);
const RESERVED = new Set(['test', 'std', 'core', 'alloc', 'proc_macro', 'proc-macro']);
