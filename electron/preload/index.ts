import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { Envelope } from '../../shared/errors.js';
import type { OfficinaEvent } from '../../shared/events.js';

// The renderer gets exactly two functions; no Node, no ipcRenderer.
contextBridge.exposeInMainWorld('officina', {
  call: (name: string, input: unknown): Promise<Envelope<unknown>> => ipcRenderer.invoke('officina:call', name, input),
  on: (listener: (event: OfficinaEvent) => void): (() => void) => {
    const handler = (_event: IpcRendererEvent, payload: OfficinaEvent) => listener(payload);
    ipcRenderer.on('officina:event', handler);
    return () => ipcRenderer.removeListener('officina:event', handler);
  },
});
