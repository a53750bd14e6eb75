import type { Command } from 'commander';

/**
 * `run` reads its own options anywhere on the command line, after the module too (`wasi-kit run
 * app.wasm --dir=. .`); the guest's options go after `--`. wasmtime hands everything after the
 * module to the guest, so `wasi-kit run python.wasm -c 'print(1)'` is a natural slip: when
 * `run` refuses an option that came after its first operand, this tip says where it belongs.
 */
export function guestOptionTip(run: Command, argv: readonly string[], refused: (option: string) => boolean): string | undefined {
  const tokens = runTokens(run, argv);
  let operand: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '--') return undefined;
    if (token.length > 1 && token.startsWith('-')) {
      if (operand !== undefined && refused(token)) return tipFor(operand, token, tokens.slice(i));
      if (takesNextToken(run, token)) i++;
      continue;
    }
    operand ??= token;
  }
  return undefined;
}

function tipFor(operand: string, option: string, guestArgs: string[]): string {
  const example = [...guestArgs.slice(0, 2).map(quoted), ...(guestArgs.length > 2 ? ['…'] : [])].join(' ');
  return `options after '${operand}' are wasi-kit's; to pass ${option.split('=')[0]} to the guest, put it after --: wasi-kit run [options] ${quoted(operand)} -- ${example}`;
}

/** The command line after `run` in the whole argv (node, the bin, then wasi-kit's arguments). */
function runTokens(run: Command, argv: readonly string[]): readonly string[] {
  const at = argv.indexOf(run.name(), 2);
  return at === -1 ? [] : argv.slice(at + 1);
}

/** `--dir X`, `-W X`: an option of `run` whose value is the next token (not `--dir=X`, `-WX`). */
function takesNextToken(run: Command, token: string): boolean {
  if (token.includes('=') || (!token.startsWith('--') && token.length > 2)) return false;
  const option = run.options.find((candidate) => candidate.long === token || candidate.short === token);
  return option !== undefined && (option.required || option.optional);
}

function quoted(word: string): string {
  return /^[\w./:=,@+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
