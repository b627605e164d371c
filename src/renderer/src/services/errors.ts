/**
 * The one place where a BridgeError becomes words for the user. Main already writes most
 * messages for people (e.g. 'The email or password is incorrect.'), so those are shown as sent;
 * the kinds whose message is about the situation rather than the request get our own sentence.
 */
import type { BridgeError, ErrorKind } from '../../../shared/result'

export interface ErrorContext {
  /** Field keys the screen shows; Validation errors on these go under the field, not in the alert. */
  fields?: readonly string[]
  /** The request carried an authenticator code (so TwoFactorRequired means the code was refused). */
  codeSent?: boolean
}

export interface UserError {
  /** For the `role="alert"` region. */
  text: string
  /** Field key → message, only for keys listed in `context.fields`. */
  fields: Record<string, string>
}

export const CODE_NEEDED = 'Enter the 6-digit code from your authenticator app to finish signing in.'
export const CODE_REFUSED =
  'That authenticator code was not accepted. Check the code in your app and try again.'
export const UNREACHABLE =
  "Can't reach the server. Check your internet connection and the server address, then try again."

const FALLBACK: Record<ErrorKind, string> = {
  Unauthorized: 'Your session has ended. Please sign in again.',
  TwoFactorRequired: CODE_NEEDED,
  Forbidden: "Your Nexudus account doesn't have permission to do this.",
  Validation: 'Some details are not valid. Check them and try again.',
  Conflict: 'Someone else changed this in the meantime. The latest version is shown.',
  RateLimited: 'Nexudus is receiving too many requests right now. Try again in a moment.',
  Network: UNREACHABLE,
  Server: 'Something went wrong on the server. Please try again in a moment.',
  NotFound: 'This item no longer exists in Nexudus.'
}

function rateLimited(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return FALLBACK.RateLimited
  const wait = Math.ceil(seconds)
  return `Nexudus is receiving too many requests right now. Try again in ${wait} second${wait === 1 ? '' : 's'}.`
}

/** Text for the alert region (and field messages when the screen shows those fields). */
export function describeError(error: BridgeError, context: ErrorContext = {}): UserError {
  const own = error.message.trim()
  switch (error.kind) {
    case 'TwoFactorRequired':
      return { text: context.codeSent ? CODE_REFUSED : CODE_NEEDED, fields: {} }
    case 'Network':
      return { text: UNREACHABLE, fields: {} }
    case 'RateLimited':
      return { text: rateLimited(error.retryAfterSeconds), fields: {} }
    case 'Validation': {
      const known = new Set(context.fields ?? [])
      const fields: Record<string, string> = {}
      let other = false
      for (const [key, message] of Object.entries(error.fields ?? {})) {
        if (known.has(key)) fields[key] = message
        else other = true
      }
      const count = Object.keys(fields).length
      if (count > 0 && !other) {
        return { text: count === 1 ? 'Check the marked field.' : `Check the ${count} marked fields.`, fields }
      }
      return { text: own || FALLBACK.Validation, fields }
    }
    default:
      return { text: own || FALLBACK[error.kind], fields: {} }
  }
}

/** Just the sentence, for places without fields (board loading, sign-out). */
export function errorText(error: BridgeError): string {
  return describeError(error).text
}
