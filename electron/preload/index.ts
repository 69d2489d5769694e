import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_CHANNELS, type OfficinaBridge } from '../../shared/bridge.js';
import type { OfficinaEvent } from '../../shared/events.js';

// The renderer gets exactly these functions; no Node, no ipcRenderer, no event objects (they carry
// the sender).
const bridge: OfficinaBridge = {
  call: (name, input, options) =>
    options?.callId === undefined
      ? ipcRenderer.invoke(BRIDGE_CHANNELS.call, name, input)
      : ipcRenderer.invoke(BRIDGE_CHANNELS.call, name, input, options.callId),
  on: (listener) => {
    const handler = (_event: IpcRendererEvent, payload: OfficinaEvent) => listener(payload);
    ipcRenderer.on(BRIDGE_CHANNELS.event, handler);
    return () => {
      ipcRenderer.removeListener(BRIDGE_CHANNELS.event, handler);
    };
  },
  restart: () => ipcRenderer.invoke(BRIDGE_CHANNELS.restart) as Promise<void>,
  showInFolder: (path) => ipcRenderer.invoke(BRIDGE_CHANNELS.showInFolder, path),
};

contextBridge.exposeInMainWorld('officina', bridge);
