/**
 * AppError is how main-process code reports an expected failure; the dispatcher turns it into
 * the bridge's `{ ok: false, error }`. Anything else thrown is a bug and becomes a generic Server
 * error, logged without its details reaching the renderer.
 */
import type { BridgeError, ErrorKind } from '../../shared/result'

export interface AppErrorOptions {
  /**
   * The server could not be reached or had a passing problem (a 5xx): the same request may well
   * succeed later, so a write is kept in the outbox instead of being given up (src/main/outbox).
   */
  transient?: boolean
  /** A write failed after the card's own write had landed: repeating it is not the remedy. */
  landed?: boolean
}

export class AppError extends Error {
  readonly kind: ErrorKind
  readonly detail: Omit<BridgeError, 'kind' | 'message'>
  readonly transient: boolean
  readonly landed: boolean

  constructor(
    kind: ErrorKind,
    message: string,
    detail: Omit<BridgeError, 'kind' | 'message'> = {},
    options: AppErrorOptions = {}
  ) {
    super(message)
    this.name = 'AppError'
    this.kind = kind
    this.detail = detail
    // Unreachable and throttled always are; a Server error only when its maker says so (a 5xx).
    this.transient = options.transient ?? (kind === 'Network' || kind === 'RateLimited')
    this.landed = options.landed ?? false
  }

  toBridge(): BridgeError {
    return { kind: this.kind, message: this.message, ...this.detail }
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError

/**
 * The same error with `redact` applied to every word it carries, for errors on their way out of
 * main: a server may echo a request's token back in its message.
 */
export function redactError(error: AppError, redact: (text: string) => string): AppError {
  const fields = error.detail.fields
  return new AppError(
    error.kind,
    redact(error.message),
    {
      ...error.detail,
      ...(fields && { fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, redact(v)])) })
    },
    { transient: error.transient, landed: error.landed }
  )
}
