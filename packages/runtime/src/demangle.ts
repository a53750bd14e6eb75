/**
 * Rust symbol demangling for trap messages and wasm backtraces: the legacy `_ZN…E` scheme and
 * the v0 `_R…` scheme (RFC 2603), printed as rustc-demangle prints them (`{}` keeps the hashes,
 * as wasmtime's backtraces show them; `{ hash: false }` is rustc-demangle's `{:#}`).
 * Anything that is not a Rust symbol, or does not parse, comes back unchanged.
 */
export function demangle(symbol: string, options: { hash?: boolean } = {}): string {
  const hash = options.hash ?? true;
  // LLVM's ThinLTO adds `.llvm.<hex>` (and maybe `@@version`): never part of the name.
  const llvm = /\.llvm\.[0-9A-F]+(@@\d+)?$/.exec(symbol);
  const bare = llvm ? symbol.slice(0, llvm.index) : symbol;
  try {
    return demangleLegacy(bare, hash) ?? demangleV0(bare, hash) ?? symbol;
  } catch {
    return symbol;
  }
}

// ---- legacy: _ZN <len ident>… E, with $…$ escapes and a trailing h<hex> hash ----

const LEGACY_ESCAPES: Record<string, string> = { SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',' };

function demangleLegacy(symbol: string, hash: boolean): string | undefined {
  const prefix = /^(?:_ZN|ZN|__ZN)/.exec(symbol)?.[0];
  if (prefix === undefined || /[^\x00-\x7f]/.test(symbol)) return undefined;
  const elements: string[] = [];
  let i = prefix.length;
  while (symbol[i] !== 'E') {
    const digits = /^\d+/.exec(symbol.slice(i))?.[0];
    if (digits === undefined) return undefined;
    i += digits.length;
    const length = Number(digits);
    if (i + length > symbol.length) return undefined;
    elements.push(symbol.slice(i, i + length));
    i += length;
  }
  const suffix = symbol.slice(i + 1);
  if (suffix !== '' && !suffix.startsWith('.')) return undefined;
  const last = elements[elements.length - 1];
  if (!hash && elements.length > 1 && last !== undefined && /^h[0-9a-f]*$/.test(last)) elements.pop();
  return elements.map(unescapeLegacy).join('::') + suffix;
}

function unescapeLegacy(element: string): string {
  let rest = element.startsWith('_$') ? element.slice(1) : element;
  let out = '';
  while (rest !== '') {
    if (rest.startsWith('..')) {
      out += '::';
      rest = rest.slice(2);
    } else if (rest.startsWith('$')) {
      const end = rest.indexOf('$', 1);
      if (end === -1) break;
      const escape = rest.slice(1, end);
      const char = LEGACY_ESCAPES[escape] ?? (/^u[0-9a-f]+$/.test(escape) ? String.fromCodePoint(parseInt(escape.slice(1), 16)) : undefined);
      if (char === undefined || /\p{Cc}/u.test(char)) break;
      out += char;
      rest = rest.slice(end + 1);
    } else {
      const next = rest.slice(1).search(/[$.]/);
      const take = next === -1 ? rest.length : next + 1;
      out += rest.slice(0, take);
      rest = rest.slice(take);
    }
  }
  return out + rest;
}

// ---- v0: _R <path> [<instantiating crate>] (https://rust-lang.github.io/rfcs/2603-rust-symbol-name-mangling-v0.html) ----

const BASIC_TYPES: Record<string, string> = {
  a: 'i8', b: 'bool', c: 'char', d: 'f64', e: 'str', f: 'f32', h: 'u8', i: 'isize', j: 'usize', l: 'i32', m: 'u32',
  n: 'i128', o: 'u128', s: 'i16', t: 'u16', u: '()', v: '...', x: 'i64', y: 'u64', z: '!', p: '_',
};
const MAX_DEPTH = 500;

class Invalid extends Error {}

function demangleV0(symbol: string, hash: boolean): string | undefined {
  const prefix = /^(?:_R|R|__R)/.exec(symbol)?.[0];
  if (prefix === undefined) return undefined;
  const inner = symbol.slice(prefix.length);
  if (!/^[A-Z]/.test(inner) || /[^\x00-\x7f]/.test(inner)) return undefined;
  const printer = new V0Printer(inner, hash);
  printer.path(true);
  // The instantiating crate is not printed.
  if (/^[A-Z]/.test(inner.slice(printer.next))) printer.skip(() => printer.path(false));
  const suffix = inner.slice(printer.next);
  if (suffix !== '' && !suffix.startsWith('.')) return undefined;
  return printer.out + suffix;
}

/** Parses and prints in one pass, as rustc-demangle's v0 printer does. */
class V0Printer {
  out = '';
  next = 0;
  private printing = true;
  private depth = 0;
  private boundLifetimes = 0;

  constructor(private readonly sym: string, private readonly hash: boolean) {}

  private print(text: string): void {
    if (this.printing) this.out += text;
  }

  skip(body: () => void): void {
    const was = this.printing;
    this.printing = false;
    body();
    this.printing = was;
  }

  private peek(): string | undefined {
    return this.sym[this.next];
  }

  private eat(char: string): boolean {
    if (this.sym[this.next] !== char) return false;
    this.next++;
    return true;
  }

  private take(): string {
    const char = this.sym[this.next++];
    if (char === undefined) throw new Invalid();
    return char;
  }

  private nested<T>(body: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new Invalid();
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  private base62(): bigint {
    if (this.eat('_')) return 0n;
    let value = 0n;
    while (!this.eat('_')) {
      const digit = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(this.take());
      if (digit === -1) throw new Invalid();
      value = value * 62n + BigInt(digit);
    }
    return value + 1n;
  }

  private optBase62(tag: string): bigint {
    return this.eat(tag) ? this.base62() + 1n : 0n;
  }

  private ident(): string {
    const punycode = this.eat('u');
    const digits = /^\d+/.exec(this.sym.slice(this.next))?.[0];
    if (digits === undefined) throw new Invalid();
    this.next += digits === '0' || !digits.startsWith('0') ? digits.length : 1;
    const length = Number(digits.startsWith('0') ? '0' : digits);
    this.eat('_');
    const text = this.sym.slice(this.next, this.next + length);
    if (text.length !== length) throw new Invalid();
    this.next += length;
    if (!punycode) return text;
    const split = text.lastIndexOf('_');
    return decodePunycode(split === -1 ? '' : text.slice(0, split), text.slice(split + 1));
  }

  /** Runs `body` at a backreference's position, then continues after the reference. */
  private backref(body: () => void): void {
    const start = this.next - 1;
    const target = this.base62();
    if (target >= BigInt(start)) throw new Invalid();
    const resume = this.next;
    this.next = Number(target);
    this.nested(body);
    this.next = resume;
  }

  path(inValue: boolean): void {
    this.nested(() => {
      const tag = this.take();
      if (tag === 'C') {
        const disambiguator = this.optBase62('s');
        this.print(this.ident());
        if (this.hash && disambiguator !== 0n) this.print(`[${disambiguator.toString(16)}]`);
      } else if (tag === 'N') {
        const namespace = this.take();
        if (!/[A-Za-z]/.test(namespace)) throw new Invalid();
        this.path(inValue);
        const disambiguator = this.optBase62('s');
        const name = this.ident();
        if (/[A-Z]/.test(namespace)) {
          const kind = namespace === 'C' ? 'closure' : namespace === 'S' ? 'shim' : namespace;
          this.print(`::{${kind}${name === '' ? '' : `:${name}`}#${disambiguator}}`);
        } else if (name !== '') {
          this.print(`::${name}`);
        }
      } else if (tag === 'M' || tag === 'X' || tag === 'Y') {
        if (tag !== 'Y') {
          this.optBase62('s');
          this.skip(() => this.path(false));
        }
        this.print('<');
        this.type();
        if (tag !== 'M') {
          this.print(' as ');
          this.path(false);
        }
        this.print('>');
      } else if (tag === 'I') {
        this.path(inValue);
        this.print(inValue ? '::<' : '<');
        this.list(() => this.genericArg(), ', ');
        this.print('>');
      } else if (tag === 'B') {
        this.backref(() => this.path(inValue));
      } else {
        throw new Invalid();
      }
    });
  }

  private list(item: () => void, separator: string): number {
    let count = 0;
    while (!this.eat('E')) {
      if (this.peek() === undefined) throw new Invalid();
      if (count++ > 0) this.print(separator);
      item();
    }
    return count;
  }

  private genericArg(): void {
    if (this.eat('L')) this.lifetime(this.base62());
    else if (this.eat('K')) this.constant(false);
    else this.type();
  }

  private lifetime(index: bigint): void {
    if (index === 0n) return this.print("'_");
    const depth = BigInt(this.boundLifetimes) - index;
    if (depth < 0n) throw new Invalid();
    this.print(depth < 26n ? `'${String.fromCharCode(97 + Number(depth))}` : `'_${depth}`);
  }

  private binder(body: () => void): void {
    const count = Number(this.optBase62('G'));
    if (count > 0) {
      const names: string[] = [];
      for (let i = 0; i < count; i++) {
        this.boundLifetimes++;
        const depth = this.boundLifetimes - 1;
        names.push(depth < 26 ? `'${String.fromCharCode(97 + depth)}` : `'_${depth}`);
      }
      this.print(`for<${names.join(', ')}> `);
    }
    body();
    this.boundLifetimes -= count;
  }

  private type(): void {
    const tag = this.take();
    const basic = BASIC_TYPES[tag];
    if (basic !== undefined) return this.print(basic);
    this.nested(() => {
      if (tag === 'R' || tag === 'Q') {
        this.print('&');
        if (this.eat('L')) {
          const index = this.base62();
          if (index !== 0n) {
            this.lifetime(index);
            this.print(' ');
          }
        }
        if (tag === 'Q') this.print('mut ');
        this.type();
      } else if (tag === 'P' || tag === 'O') {
        this.print(tag === 'P' ? '*const ' : '*mut ');
        this.type();
      } else if (tag === 'A' || tag === 'S') {
        this.print('[');
        this.type();
        if (tag === 'A') {
          this.print('; ');
          this.constant(true);
        }
        this.print(']');
      } else if (tag === 'T') {
        this.print('(');
        if (this.list(() => this.type(), ', ') === 1) this.print(',');
        this.print(')');
      } else if (tag === 'F') {
        this.binder(() => this.fnSignature());
      } else if (tag === 'D') {
        this.print('dyn ');
        this.binder(() => void this.list(() => this.dynTrait(), ' + '));
        if (!this.eat('L')) throw new Invalid();
        const index = this.base62();
        if (index !== 0n) {
          this.print(' + ');
          this.lifetime(index);
        }
      } else if (tag === 'B') {
        this.backref(() => this.type());
      } else {
        this.next--;
        this.path(false);
      }
    });
  }

  private fnSignature(): void {
    const unsafe = this.eat('U');
    let abi: string | undefined;
    if (this.eat('K')) abi = this.eat('C') ? 'C' : this.ident().replace(/_/g, '-');
    if (unsafe) this.print('unsafe ');
    if (abi !== undefined) this.print(`extern "${abi}" `);
    this.print('fn(');
    this.list(() => this.type(), ', ');
    this.print(')');
    if (!this.eat('u')) {
      this.print(' -> ');
      this.type();
    }
  }

  private dynTrait(): void {
    let open = this.traitPath();
    while (this.eat('p')) {
      this.print(open ? ', ' : '<');
      open = true;
      this.print(`${this.ident()} = `);
      if (this.eat('K')) this.constant(false);
      else this.type();
    }
    if (open) this.print('>');
  }

  /** A dyn trait's path, leaving its generic arguments open for associated-type bindings. */
  private traitPath(): boolean {
    if (this.eat('B')) {
      let open = false;
      this.backref(() => (open = this.traitPath()));
      return open;
    }
    if (this.eat('I')) {
      this.path(false);
      this.print('<');
      this.list(() => this.genericArg(), ', ');
      return true;
    }
    this.path(false);
    return false;
  }

  private constant(inValue: boolean): void {
    const tag = this.take();
    this.nested(() => {
      if (tag === 'p') return this.print('_');
      if ('htmyoj'.includes(tag)) return this.constUint(tag);
      if ('aslxni'.includes(tag)) {
        if (this.eat('n')) this.print('-');
        return this.constUint(tag);
      }
      if (tag === 'b') {
        const value = this.hexNibbles();
        if (value !== '0' && value !== '1') throw new Invalid();
        return this.print(value === '1' ? 'true' : 'false');
      }
      if (tag === 'c') return this.print(quoteChar(String.fromCodePoint(Number(BigInt(`0x${this.hexNibbles() || '0'}`))), "'"));
      if (tag === 'B') return this.backref(() => this.constant(inValue));
      // Composite constants print in braces outside an expression: `::<{&123}>`.
      const braces = !inValue && !(tag === 'R' && this.peek() === 'e');
      if (braces) this.print('{');
      if (tag === 'e') this.print(`*${this.strLiteral()}`);
      else if (tag === 'R' && this.eat('e')) this.print(this.strLiteral());
      else if (tag === 'R' || tag === 'Q') {
        this.print(tag === 'R' ? '&' : '&mut ');
        this.constant(true);
      } else if (tag === 'A') {
        this.print('[');
        this.list(() => this.constant(true), ', ');
        this.print(']');
      } else if (tag === 'T') {
        this.print('(');
        if (this.list(() => this.constant(true), ', ') === 1) this.print(',');
        this.print(')');
      } else if (tag === 'V') {
        this.path(true);
        const shape = this.take();
        if (shape === 'T') {
          this.print('(');
          this.list(() => this.constant(true), ', ');
          this.print(')');
        } else if (shape === 'S') {
          this.print(' { ');
          this.list(() => {
            this.optBase62('s');
            this.print(`${this.ident()}: `);
            this.constant(true);
          }, ', ');
          this.print(' }');
        } else if (shape !== 'U') throw new Invalid();
      } else throw new Invalid();
      if (braces) this.print('}');
    });
  }

  private hexNibbles(): string {
    const match = /^([0-9a-f]*)_/.exec(this.sym.slice(this.next));
    if (!match) throw new Invalid();
    this.next += match[0].length;
    return match[1]!;
  }

  private constUint(tag: string): void {
    const hex = this.hexNibbles();
    this.print(hex.length <= 16 ? BigInt(`0x${hex || '0'}`).toString() : `0x${hex}`);
    if (this.hash) this.print(BASIC_TYPES[tag]!);
  }

  private strLiteral(): string {
    const hex = this.hexNibbles();
    if (hex.length % 2 !== 0) throw new Invalid();
    const bytes = Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
    return quoteChar(new TextDecoder('utf-8', { fatal: true }).decode(bytes), '"');
  }
}

/** Rust's `escape_debug` inside the given quotes; the other quote is left alone. */
function quoteChar(text: string, quote: string): string {
  const escaped = [...text]
    .map((char) => {
      if (char === quote || char === '\\') return `\\${char}`;
      if (char === '\n') return '\\n';
      if (char === '\t') return '\\t';
      if (char === '\r') return '\\r';
      if (/[\p{Cc}]/u.test(char)) return `\\u{${char.codePointAt(0)!.toString(16)}}`;
      return char;
    })
    .join('');
  return `${quote}${escaped}${quote}`;
}

/** RFC 3492 punycode decoding, with `_` as the delimiter Rust's v0 mangling uses. */
function decodePunycode(ascii: string, encoded: string): string {
  const output = [...ascii];
  const base = 36;
  let n = 128;
  let i = 0;
  let bias = 72;
  let pos = 0;
  const digit = (char: string) => {
    const code = char.charCodeAt(0);
    if (code >= 97 && code <= 122) return code - 97;
    if (code >= 48 && code <= 57) return code - 22;
    throw new Invalid();
  };
  while (pos < encoded.length) {
    const oldI = i;
    let w = 1;
    for (let k = base; ; k += base) {
      const d = digit(encoded[pos++] ?? '!');
      i += d * w;
      const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
      if (d < t) break;
      w *= base - t;
    }
    const length = output.length + 1;
    let delta = oldI === 0 ? Math.floor((i - oldI) / 700) : Math.floor((i - oldI) / 2);
    delta += Math.floor(delta / length);
    let k = 0;
    while (delta > 455) {
      delta = Math.floor(delta / 35);
      k += base;
    }
    bias = k + Math.floor((36 * delta) / (delta + 38));
    n += Math.floor(i / length);
    i %= length;
    output.splice(i, 0, String.fromCodePoint(n));
    i++;
  }
  return output.join('');
}
