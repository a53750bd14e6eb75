import { describe, expect, it } from 'vitest';
import { nodeReport } from '../src/commands/doctor.js';

describe('doctor: the Node version against the floor engines.node sets', () => {
  it.each([
    ['20.19.0', '>=20.19', true],
    ['24.1.0', '>=20.19', true],
    ['20.18.3', '>=20.19', false],
    ['18.20.0', '>=20.19.0', false],
  ])('Node %s with engines %s → ok %s', (version, range, ok) => {
    expect(nodeReport(version, range)).toMatchObject({ version, ok });
  });

  it('reads the floor from the CLI package itself', () => {
    expect(nodeReport('20.0.0').floor).toBe('20.19.0');
  });
});
