/**
 * Won, lost or open: what a move does to Status, Completed, WonOn, LostOn and LossReason.
 * Whether Nexudus applies a Win/Lose stage's effects to an API move is undocumented (API doc §5.2,
 * O4), and it does nothing when a card leaves such a stage (O5), so the client always sends these
 * fields itself, in the same PUT as the move.
 */
import type { Outcome } from '../../shared/bridge'
import { OpportunityStatus } from '../../shared/enums'
import { AppError } from '../bridge/errors'
import type { MoveChanges } from './record'

export type OutcomeFields = Pick<MoveChanges, 'Status' | 'Completed' | 'WonOn' | 'LostOn' | 'LossReason'>

export interface StageFlags {
  Name: string
  WinOpportunity?: boolean | null
  LoseOpportunity?: boolean | null
}

export interface OutcomeInput {
  /** What the user chose explicitly (drawer zones, loss dialog); it wins over the stage. */
  explicit: Outcome | undefined
  /** The stage the card is dropped on; null when it stays where it is (a drawer drop). */
  destination: StageFlags | null
  /** The record as just read. */
  fresh: { Status: number; WonOn?: string | null; LostOn?: string | null }
  now: Date
}

type State = Outcome['status']

/** Nexudus dates as the client writes them (§9.3): UTC, whole seconds, `Z`. */
export function nexudusNow(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function stateOf(status: number): State {
  if (status === OpportunityStatus.Won) return 'won'
  if (status === OpportunityStatus.Lost) return 'lost'
  return 'open'
}

/** A Win stage wins over a Lose flag on the same stage, as a stage can only do one of them first. */
function impliedBy(stage: StageFlags): State {
  if (stage.WinOpportunity) return 'won'
  if (stage.LoseOpportunity) return 'lost'
  return 'open'
}

/**
 * The outcome fields to send, or {} when the outcome does not change. Throws Validation when a
 * Lose stage would mark the card lost without a reason: nothing may be written then.
 */
export function outcomeFields({ explicit, destination, fresh, now }: OutcomeInput): OutcomeFields {
  const current = stateOf(fresh.Status)
  let target: Outcome
  if (explicit) {
    target = explicit
  } else {
    if (!destination) return {}
    const implied = impliedBy(destination)
    // A card already won (or lost) keeps its date and reason when it moves between such stages.
    if (implied === current) return {}
    if (implied === 'lost') {
      throw new AppError('Validation', `Choose why it was lost before moving it to ${destination.Name}.`, {
        fields: { lossReason: 'Choose a loss reason' }
      })
    }
    target = { status: implied }
  }

  const stamp = nexudusNow(now)
  switch (target.status) {
    case 'open':
      // Reopening clears the closed state completely (O5: the server will not do it).
      return { Status: 1, Completed: false, WonOn: null, LostOn: null, LossReason: null }
    case 'won':
      return {
        Status: 2,
        Completed: true,
        WonOn: current === 'won' && fresh.WonOn ? fresh.WonOn : stamp,
        LostOn: null,
        LossReason: null
      }
    case 'lost':
      return {
        Status: 3,
        Completed: true,
        LostOn: current === 'lost' && fresh.LostOn ? fresh.LostOn : stamp,
        LossReason: target.lossReason,
        WonOn: null
      }
  }
}
