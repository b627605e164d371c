/**
 * What Nexudus may do on its own when a card enters a stage (API doc §5): send a message template,
 * start a task list, confirm a tour, activate, deactivate or even delete the customer's account.
 * The board says so in plain words before such a move is sent.
 */
import type { CrmBoardColumn } from '../../../shared/nexudus'

type AutomationFlags = Pick<
  CrmBoardColumn,
  | 'CannedResponseId'
  | 'TaskListId'
  | 'ConfirmTour'
  | 'ActivateAccount'
  | 'DeactivateAccount'
  | 'DeleteAccount'
>

const possessive = (name: string): string => `${name}'s`

/** One sentence per side effect the stage may trigger for this customer; [] for a quiet stage. */
export function automationWarnings(column: AutomationFlags, customerName: string): string[] {
  const who = customerName.trim() || 'the customer'
  const warnings: string[] = []
  if (column.CannedResponseId != null) warnings.push(`Nexudus may email ${who} (message template).`)
  if (column.TaskListId != null) warnings.push('Nexudus may start a task list.')
  if (column.ConfirmTour) warnings.push(`Nexudus may confirm ${possessive(who)} tour.`)
  if (column.ActivateAccount) warnings.push(`Nexudus may activate ${possessive(who)} account.`)
  if (column.DeactivateAccount) warnings.push(`Nexudus may deactivate ${possessive(who)} account.`)
  if (column.DeleteAccount) {
    warnings.push(`Nexudus may PERMANENTLY DELETE ${possessive(who)} account and all their details.`)
  }
  return warnings
}
