/**
 * The IPC transport of the bridge: one `ipcMain.handle` per bridge method, guarded by a sender
 * check, and one event channel towards our window. The contract (names, schemas) lives in
 * src/shared/bridge.ts and validation in bridge/dispatch.ts; this file only decides who may talk.
 *
 * The parameter types are narrow structural shapes rather than Electron's classes so that the
 * fake electron of the tests fits them; the assertions below prove the real classes fit too.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron'
import { events, ipcChannel, IPC_EVENT_CHANNEL, methodNames, type EventName } from '../shared/bridge'
import { fail, type Result } from '../shared/result'
import type { Dispatch, Logger } from './bridge/dispatch'
import { isAppUrl, redactResult, type AppLocation } from './security'

export interface FrameLike {
  readonly url: string
  readonly parent: FrameLike | null
  readonly frameTreeNodeId: number
}

export interface InvokeEventLike {
  readonly sender: unknown
  readonly senderFrame: FrameLike | null
}

export interface WebContentsLike {
  readonly mainFrame: FrameLike
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

type Assert<T extends true> = T
// Compile-time proof that Electron's own objects satisfy the narrow shapes used here.
export type _ElectronFits = Assert<
  [IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain] extends [
    IpcMainLike,
    InvokeEventLike,
    WebContentsLike,
    FrameLike
  ]
    ? true
    : false
>

export type SenderCheck = (event: InvokeEventLike) => boolean

export const FORBIDDEN_MESSAGE = 'This request did not come from the Pipeline window.'

/**
 * A sender is trusted when it is the top frame of our window's webContents, showing our page.
 * Sub-frames, other windows, a frame that navigated away (senderFrame null) and any other URL are
 * refused: if anything foreign ever ran in the app, it still could not reach the bridge.
 */
export function createSenderCheck(
  getWebContents: () => WebContentsLike | null,
  app: AppLocation
): SenderCheck {
  return (event) => {
    const frame = event.senderFrame
    const wc = getWebContents()
    if (!frame || !wc || wc.isDestroyed() || event.sender !== wc) return false
    if (frame.parent !== null || frame.frameTreeNodeId !== wc.mainFrame.frameTreeNodeId) return false
    return isAppUrl(frame.url, app)
  }
}

/**
 * Registers exactly the bridge's methods (one channel each, so an unknown name has no handler at
 * all) and returns a function that removes them again.
 */
export function registerBridge(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  isTrustedSender: SenderCheck,
  log: Logger = () => {}
): () => void {
  for (const name of methodNames) {
    ipcMain.handle(ipcChannel(name), async (event, input): Promise<Result<unknown>> => {
      if (!isTrustedSender(event)) {
        // The URL is logged to investigate; it is a page address, never a credential.
        log(`ipc: refused ${name} from ${event.senderFrame?.url ?? 'a missing frame'}`)
        return fail({ kind: 'Forbidden', message: FORBIDDEN_MESSAGE })
      }
      return redactResult(await dispatch(name, input))
    })
  }
  return () => {
    for (const name of methodNames) ipcMain.removeHandler(ipcChannel(name))
  }
}

export interface EventEnvelope {
  event: EventName
  payload: unknown
}

/**
 * `emit` for the services: validates the payload against the event's schema (which also strips
 * keys the contract does not name, so nothing extra such as a token can ride along) and sends it
 * to our window only. A bad event is a bug in main: it is logged and dropped rather than thrown
 * into the service that emitted it.
 */
export function createEmitter(getWebContents: () => WebContentsLike | null, log: Logger = () => {}) {
  return function emit(event: EventName, payload: unknown): void {
    if (!Object.prototype.hasOwnProperty.call(events, event)) {
      log(`ipc: dropped unknown event ${String(event).slice(0, 80)}`)
      return
    }
    const parsed = events[event].safeParse(payload)
    if (!parsed.success) {
      log(`ipc: dropped ${event}: payload outside its contract: ${parsed.error.issues[0]?.message}`)
      return
    }
    const wc = getWebContents()
    if (!wc || wc.isDestroyed()) return
    const envelope: EventEnvelope = { event, payload: parsed.data }
    wc.send(IPC_EVENT_CHANNEL, envelope)
  }
}
