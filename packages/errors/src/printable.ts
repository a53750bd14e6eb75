/**
 * Text from a module (import and export names, custom sections, V8's messages quoting them) made
 * safe for a terminal: every control character is shown escaped, so a name cannot start a new
 * `error:` line, move the cursor or retitle the window. Tabs stay; nothing else is touched.
 */
export function printable(text: string): string {
  // C0 controls but tab, DEL, C1 controls, and the line/paragraph separators some terminals honour.
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, escape);
}

function escape(char: string): string {
  switch (char) {
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\x1b':
      return '\\e';
    default: {
      const code = char.charCodeAt(0);
      return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
    }
  }
}
