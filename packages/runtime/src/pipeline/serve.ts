import { serializeError } from '@wasi-kit/errors';
import { prepare } from './prepare.js';
import type { RunnerMessage } from './protocol.js';
import type { RunRequest } from './request.js';

/** The runner side of every remote transport: prepare and run the request, report the outcome. */
export async function serveRequest(request: RunRequest, post: (message: RunnerMessage) => void): Promise<void> {
  post({ type: 'accepted' });
  try {
    const result = await (await prepare(request)).run();
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', error: serializeError(error) });
  }
}
