/**
 * AppError is how main-process code reports an expected failure; the dispatcher turns it into
 * the bridge's `{ ok: false, error }`. Anything else thrown is a bug and becomes a generic Server
 * error, logged without its details reaching the renderer.
 */
import type { BridgeError, ErrorKind } from '../../shared/result'

export class AppError extends Error {
  readonly kind: ErrorKind
  readonly detail: Omit<BridgeError, 'kind' | 'message'>

  constructor(kind: ErrorKind, message: string, detail: Omit<BridgeError, 'kind' | 'message'> = {}) {
    super(message)
    this.name = 'AppError'
    this.kind = kind
    this.detail = detail
  }

  toBridge(): BridgeError {
    return { kind: this.kind, message: this.message, ...this.detail }
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError
