// Runs in Electron's utilityProcess (plain Node, no Electron APIs): the core lives here so that a long
// query never freezes a window. Messages come from electron/main/index.ts.
import { createOfficina } from '../core/app.js';
import type { CoreReply, CoreRequest } from './core-protocol.js';

interface ParentPort {
  on(event: 'message', listener: (message: { data: CoreRequest }) => void): void;
  postMessage(message: CoreReply): void;
}

const parentPort = (process as unknown as { parentPort: ParentPort }).parentPort;
const dataDir = process.env['OFFICINA_DATA_DIR'];
if (!dataDir) throw new Error('OFFICINA_DATA_DIR must be set by the main process');

const officina = createOfficina({ dataDir, vault: process.env['OFFICINA_VAULT'], logLevel: 'info' });
officina.bus.subscribe((event) => parentPort.postMessage({ kind: 'event', event }));

parentPort.on('message', ({ data }) => {
  if (data.kind === 'shutdown') {
    void officina.close().then(() => process.exit(0));
    return;
  }
  void officina.catalogue
    .call(data.name, data.input, { caller: { kind: 'ui', name: 'desktop' }, face: 'ui' })
    .then((envelope) => parentPort.postMessage({ kind: 'reply', id: data.id, envelope }));
});
