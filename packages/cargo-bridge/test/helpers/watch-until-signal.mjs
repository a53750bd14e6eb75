// Watches the crate in argv[2] with the built package and prints each event; the test interrupts it.
import { watch } from '../../dist/index.js';

await watch({ cwd: process.argv[2], progress: false, onEvent: (event) => process.stdout.write(`${event.type}\n`) });
