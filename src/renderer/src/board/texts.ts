/** What the board says to the user about moves, deletes and the live refresh. */
import type { BridgeError } from '../../../shared/result'
import { errorText } from '../services/errors'

export const READ_ONLY_TEXT =
  "You may not edit opportunities: your Nexudus role lacks CrmOpportunity-Edit. Cards can't be moved."

/** While the saved copy is drawn (source "cache"). */
export const NOT_YET_TEXT = 'Cards can be moved once the board is up to date.'

const reason = (error: BridgeError): string => errorText(error).replace(/[.\s]+$/, '')

export const conflictText = (name: string): string =>
  `${name} was changed by someone else; the board shows the latest version.`

export const failedText = (name: string, error: BridgeError): string =>
  `Couldn't move ${name}: ${reason(error)}. It is back where it was.`

/** A move refused while a later move of the same card is still on its way, which stays drawn. */
export const failedKeptText = (name: string, error: BridgeError): string =>
  `Couldn't move ${name} there: ${reason(error)}. Your next move of it is still being saved.`

/** How often the board asks for what colleagues changed (and whenever the window comes back). */
export const LIVE_REFRESH_MS = 30_000

/** How long a deleted card can be brought back before `opportunity.delete` is sent. */
export const UNDO_MS = 5_000
/** During the undo time nothing is deleted yet, and the words say so. */
export const deletingText = (name: string): string => `${name} will be deleted in a few seconds.`
export const deletedText = (name: string): string => `${name} was deleted in Nexudus.`

export const deleteFailedText = (name: string, error: BridgeError): string =>
  `Couldn't delete ${name}: ${reason(error)}. It is back on the board.`
