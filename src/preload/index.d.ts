import type { NexudusApi } from '../shared/bridge'

declare global {
  interface Window {
    /** Set by the preload (Electron) or by src/web/client.ts (browser mode); nothing else. */
    nexudus: NexudusApi
  }
}

export {}
