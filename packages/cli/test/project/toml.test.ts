import { describe, expect, it } from 'vitest';
import { parseToml, TomlScalar, TomlSyntaxError } from '../../src/project/toml.js';

describe('parseToml: the subset of TOML a Cargo.toml uses', () => {
  it('reads tables, dotted headers, strings, arrays and inline tables', () => {
    const doc = parseToml(
      [
        '# comment',
        '[package]',
        'name = "app" # trailing comment',
        "edition = '2021'",
        '',
        '[package.metadata.wasi-kit]',
        'dirs = [".", "data::/data::ro"]',
        'env = { K = "V", "QUOTED KEY" = "x=y" }',
        'args = [',
        '  "one",  # a comment inside an array',
        '  "two",',
        ']',
      ].join('\n'),
    );
    expect(doc).toEqual({
      package: {
        name: 'app',
        edition: '2021',
        metadata: { 'wasi-kit': { dirs: ['.', 'data::/data::ro'], env: { K: 'V', 'QUOTED KEY': 'x=y' }, args: ['one', 'two'] } },
      },
    });
  });

  it('keeps numbers and booleans as raw scalars and reads past arrays of tables', () => {
    const doc = parseToml('[profile.release]\nopt-level = 3\nlto = true\n[[bin]]\nname = "a"\n[[bin]]\nname = "b"\n');
    expect(doc.profile).toEqual({ release: { 'opt-level': new TomlScalar('3'), lto: new TomlScalar('true') } });
    expect(doc.bin).toEqual([{ name: 'a' }, { name: 'b' }]);
  });

  it('reads dotted keys and the escapes of basic strings, not of literal strings', () => {
    const doc = parseToml('package.metadata.x = "tab\\there \\u00e9 \\"q\\""\nraw = \'C:\\path\'\nmulti = """\nline one\nline two"""\n');
    expect(doc).toEqual({ package: { metadata: { x: 'tab\there é "q"' } }, raw: 'C:\\path', multi: 'line one\nline two' });
  });

  it('reports a syntax error with its line number', () => {
    expect(() => parseToml('[package]\nname = "unterminated\n')).toThrow(new TomlSyntaxError('newline in a string', 2));
    expect(() => parseToml('a = [1 2]')).toThrow(/line 1: expected "," or "\]" in an array/);
    expect(() => parseToml('a = "x" b = "y"')).toThrow(/line 1: expected the end of the line/);
  });
});
