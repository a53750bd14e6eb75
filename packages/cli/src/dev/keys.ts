/** What `dev` does with a key pressed on its terminal. */
export interface KeyActions {
  rerun(): void;
  clear(): void;
  quit(): void;
  help(): void;
}

/**
 * r/c/q/h on a terminal (vite's shortcuts, minus the Enter): stdin goes to raw mode so a key acts
 * at once; Ctrl-C, which raw mode no longer turns into SIGINT, quits as before. Off a terminal
 * (a pipe, CI) nothing is read. Returns the function that gives the terminal back.
 */
export function listenForKeys(actions: KeyActions, stdin: NodeJS.ReadStream = process.stdin): () => void {
  if (!stdin.isTTY) return () => undefined;
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  const onData = (text: string) => {
    for (const key of text) {
      if (key === 'r') actions.rerun();
      else if (key === 'c') actions.clear();
      else if (key === 'q' || key === '\u0003' || key === '\u0004') actions.quit();
      else if (key === 'h' || key === '?') actions.help();
    }
  };
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
