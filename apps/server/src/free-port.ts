import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 that nothing listens on now, for a test that starts a server as a child
 * process (which cannot report back the port it was given with PORT=0). A fixed port would meet
 * whatever else runs on the machine: a developer's server, or the same test run by someone else.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
