import { GuestInterrupted, GuestTimeout } from '../module-errors.js';
import { outcome, type RunnerMessage } from './protocol.js';
import { timeoutLabel, type RunRequest, type RunResult } from './request.js';

/** A worker or a child process running one request, seen the same way. */
export interface RunnerChannel {
  onMessage(listener: (message: RunnerMessage) => void): void;
  /** The runner died before reporting (killed, crashed, out of memory). */
  onExit(listener: (description: string) => void): void;
  /** Ends the runner now; a guest in a loop or a blocking read cannot prevent it. */
  kill(): void;
}

export interface SuperviseOptions {
  /** Ctrl-C stops the guest and rejects with GuestInterrupted (exit 130), as `wasi-kit run` wants. */
  stopOnInterrupt?: boolean;
}

/** Waits for the runner's outcome, enforcing the request's deadline from the moment it was accepted. */
export function supervise(channel: RunnerChannel, request: RunRequest, options: SuperviseOptions = {}): Promise<RunResult> {
  return new Promise<RunResult>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      if (options.stopOnInterrupt) process.off('SIGINT', onInterrupt);
      finish();
    };
    const stop = (error: Error) =>
      settle(() => {
        channel.kill();
        reject(error);
      });
    const onInterrupt = () => stop(new GuestInterrupted());
    if (options.stopOnInterrupt) process.on('SIGINT', onInterrupt);

    channel.onMessage((message) => {
      if (message.type === 'accepted') {
        const timeout = request.timeout;
        if (timeout !== undefined) timer = setTimeout(() => stop(new GuestTimeout(timeoutLabel(timeout))), timeout.ms);
        return;
      }
      const result = outcome(message);
      settle(() => ('result' in result ? resolve(result.result) : reject(result.error)));
    });
    channel.onExit((description) => settle(() => reject(new Error(`the guest runner ${description} before reporting a result`))));
  });
}
