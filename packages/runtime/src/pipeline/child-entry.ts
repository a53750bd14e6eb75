import { prepare } from './prepare.js';
import type { RunRequest } from './request.js';
import { serveRequest } from './serve.js';

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

/**
 * `(module (memory (export "memory") 1) (func (export "_start")))`. While it waits, a runner takes
 * this through the whole pipeline once, so that the request finds prepare()'s and the WASI host's
 * code already compiled by V8 (~10 ms of a dev cycle's guest start); its output goes nowhere.
 */
const WARM_UP = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // \0asm, version 1
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: () -> ()
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, min 1 page
  0x07, 0x13, 0x02, 0x06, ...[0x5f, 0x73, 0x74, 0x61, 0x72, 0x74], 0x00, 0x00, 0x06, ...[0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79], 0x02, 0x00, // exports
  0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code section: an empty body
]);
void prepare({ module: WARM_UP, args: ['warm-up'], capture: true })
  .then((guest) => guest.run())
  .catch(() => undefined);
