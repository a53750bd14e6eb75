/**
 * A small TOML reader for what wasi-kit needs from a Cargo.toml: tables, dotted keys, strings,
 * arrays and inline tables. Numbers, booleans and dates are kept as their raw text (`TomlScalar`)
 * so a manifest that uses them still reads, and a config key holding one gets a typed error.
 * Not a validator: it accepts a little more than TOML does (e.g. redefined keys).
 */
export type TomlValue = string | TomlScalar | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/** A value wasi-kit never needs as such: a number, boolean or date, as written. */
export class TomlScalar {
  constructor(readonly raw: string) {}
}

export class TomlSyntaxError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'TomlSyntaxError';
  }
}

export function parseToml(text: string): TomlTable {
  return new Reader(text).document();
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): TomlTable {
    const root: TomlTable = {};
    let table = root;
    for (;;) {
      this.skipBlank(true);
      if (this.at >= this.text.length) return root;
      if (this.text.startsWith('[[', this.at)) {
        this.at += 2;
        const path = this.keyPath();
        this.expect(']]');
        const list = this.walk(root, path.slice(0, -1));
        const last = path.at(-1) as string;
        const existing = list[last] ?? (list[last] = []);
        if (!Array.isArray(existing)) this.fail(`${path.join('.')} is not an array of tables`);
        table = {};
        existing.push(table);
      } else if (this.text[this.at] === '[') {
        this.at += 1;
        table = this.walk(root, this.keyPath());
        this.expect(']');
      } else {
        this.keyValue(table);
      }
      this.endOfLine();
    }
  }

  private keyValue(table: TomlTable): void {
    const path = this.keyPath();
    this.skipBlank(false);
    this.expect('=');
    this.skipBlank(false);
    const value = this.value();
    const target = this.walk(table, path.slice(0, -1));
    target[path.at(-1) as string] = value;
  }

  private keyPath(): string[] {
    const path: string[] = [];
    for (;;) {
      this.skipBlank(false);
      path.push(this.key());
      this.skipBlank(false);
      if (this.text[this.at] !== '.') return path;
      this.at += 1;
    }
  }

  private key(): string {
    const quote = this.text[this.at];
    if (quote === '"' || quote === "'") return this.string();
    const start = this.at;
    while (this.at < this.text.length && BARE_KEY.test(this.text[this.at] as string)) this.at += 1;
    if (this.at === start) this.fail('expected a key');
    return this.text.slice(start, this.at);
  }

  private value(): TomlValue {
    const char = this.text[this.at];
    if (char === '"' || char === "'") return this.string();
    if (char === '[') return this.array();
    if (char === '{') return this.inlineTable();
    const match = /^[^\s,\]}#]+/.exec(this.text.slice(this.at, this.at + 200));
    if (!match) this.fail('expected a value');
    this.at += match[0].length;
    return new TomlScalar(match[0]);
  }

  private array(): TomlValue[] {
    this.at += 1;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlank(true);
      if (this.text[this.at] === ']') break;
      items.push(this.value());
      this.skipBlank(true);
      if (this.text[this.at] === ',') this.at += 1;
      else if (this.text[this.at] !== ']') this.fail('expected "," or "]" in an array');
    }
    this.at += 1;
    return items;
  }

  private inlineTable(): TomlTable {
    this.at += 1;
    const table: TomlTable = {};
    this.skipBlank(false);
    if (this.text[this.at] === '}') {
      this.at += 1;
      return table;
    }
    for (;;) {
      this.keyValue(table);
      this.skipBlank(false);
      const char = this.text[this.at];
      this.at += 1;
      if (char === '}') return table;
      if (char !== ',') this.fail('expected "," or "}" in an inline table');
      this.skipBlank(false);
    }
  }

  private string(): string {
    const quote = this.text[this.at] as '"' | "'";
    const multiline = this.text.startsWith(quote.repeat(3), this.at);
    const delimiter = multiline ? quote.repeat(3) : quote;
    this.at += delimiter.length;
    // A newline right after an opening """ is not part of the string (TOML spec).
    if (multiline && this.text[this.at] === '\n') this.at += 1;
    let out = '';
    for (;;) {
      if (this.at >= this.text.length) this.fail('unterminated string');
      if (this.text.startsWith(delimiter, this.at)) {
        this.at += delimiter.length;
        return out;
      }
      const char = this.text[this.at] as string;
      if (char === '\n' && !multiline) this.fail('newline in a string');
      if (char === '\\' && quote === '"') {
        out += this.escape();
        continue;
      }
      out += char;
      this.at += 1;
    }
  }

  private escape(): string {
    const code = this.text[this.at + 1] ?? '';
    if (code in ESCAPES) {
      this.at += 2;
      return ESCAPES[code] as string;
    }
    if (code === 'u' || code === 'U') {
      const length = code === 'u' ? 4 : 8;
      const hex = this.text.slice(this.at + 2, this.at + 2 + length);
      if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== length) this.fail('bad unicode escape');
      this.at += 2 + length;
      return String.fromCodePoint(Number.parseInt(hex, 16));
    }
    if (code === '\n' || code === ' ' || code === '\r') {
      // Line-ending backslash in a multi-line string: trims the following whitespace.
      this.at += 1;
      while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
      return '';
    }
    return this.fail(`unknown escape \\${code}`);
  }

  /** Follows (and creates) nested tables along a key path. */
  private walk(from: TomlTable, path: string[]): TomlTable {
    let table = from;
    for (const key of path) {
      let next = table[key] ?? (table[key] = {});
      if (Array.isArray(next)) next = next.at(-1) ?? {};
      if (typeof next !== 'object' || next instanceof TomlScalar || Array.isArray(next)) this.fail(`${key} is not a table`);
      table = next;
    }
    return table;
  }

  private skipBlank(newlines: boolean): void {
    for (;;) {
      const char = this.text[this.at];
      if (char === ' ' || char === '\t' || char === '\r' || (newlines && char === '\n')) this.at += 1;
      else if (char === '#') while (this.at < this.text.length && this.text[this.at] !== '\n') this.at += 1;
      else return;
    }
  }

  private endOfLine(): void {
    this.skipBlank(false);
    if (this.at < this.text.length && this.text[this.at] !== '\n') this.fail('expected the end of the line');
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.at)) this.fail(`expected "${token}"`);
    this.at += token.length;
  }

  private fail(message: string): never {
    const line = this.text.slice(0, this.at).split('\n').length;
    throw new TomlSyntaxError(message, line);
  }
}
