/** What a user without the role reads when Nexudus refuses a write (403, API doc O15). */
import { AppError } from '../bridge/errors'

export { FORBIDDEN_EDIT } from '../board/move'

export const FORBIDDEN_CREATE =
  'You may not create opportunities in Nexudus (role CrmOpportunity-Create). Ask an administrator for access.'

export const FORBIDDEN_DELETE =
  'You may not delete opportunities in Nexudus (role CrmOpportunity-Delete). Ask an administrator for access.'

/** The client names the role generically; the caller knows exactly what the user tried to do. */
export async function orForbidden<T>(sentence: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (error instanceof AppError && error.kind === 'Forbidden') throw new AppError('Forbidden', sentence)
    throw error
  }
}
