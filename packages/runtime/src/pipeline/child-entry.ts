import { serveRequest } from './serve.js';
import type { RunRequest } from './request.js';

// The child side of startRunner: the runtime is loaded by the imports above before the request
// arrives; the one request comes over IPC, the outcome goes back, then the process ends.
process.once('message', (request: RunRequest) => {
  void serveRequest(request, (message) => {
    if (message.type === 'accepted') process.send!(message);
    else process.send!(message, () => process.exit(0));
  });
});
// The host went away (or never sends): nothing is left to do.
process.once('disconnect', () => process.exit(0));
