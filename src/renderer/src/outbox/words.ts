/**
 * The outbox in words: what an entry would change, how a card shows its state, and the header's
 * count. Pure, zod-free (the board's start bundle imports it).
 */
import type { OutboxEntryView, OutboxState } from '../../../shared/outbox'
import type { CardSync } from '../stores/outbox'

export interface Names {
  card(id: number): string
  stage(id: number): string | null
  field(name: string): string
}

/** "Move Ada Lovelace to Tour booked", "Mark Ada Lovelace as lost", "Edit Ada Lovelace: Tag, Value". */
export function entryText(entry: OutboxEntryView, names: Names): string {
  const who = names.card(entry.opportunityId)
  if (entry.kind === 'save') {
    const fields = entry.fields.map((f) => names.field(f))
    return fields.length ? `Edit ${who}: ${fields.join(', ')}` : `Edit ${who}`
  }
  const stage = entry.toColumnId === null ? null : names.stage(entry.toColumnId)
  if (entry.outcome === 'won') return stage ? `Move ${who} to ${stage}, won` : `Mark ${who} as won`
  if (entry.outcome === 'lost') return stage ? `Move ${who} to ${stage}, lost` : `Mark ${who} as lost`
  if (entry.outcome === 'open') return stage ? `Reopen ${who} in ${stage}` : `Reopen ${who}`
  return stage ? `Move ${who} to ${stage}` : `Move ${who}`
}

export const SYNC_TEXT: Record<CardSync, string> = {
  waiting: 'Waiting to save',
  failed: 'Not saved',
  review: 'Needs review'
}

/** What an entry's state says beside it. */
export function stateText(entry: OutboxEntryView): string {
  if (entry.state === 'sending') return 'Saving…'
  if (entry.state === 'failed') return 'Not saved'
  if (entry.state === 'review') return 'Changed by someone else'
  return 'Waiting'
}

/** The header's summary, or null when nothing waits. */
export function outboxSummary(state: OutboxState): { text: string; tone: 'info' | 'error' } | null {
  const stuck = state.entries.filter((e) => e.state === 'failed' || e.state === 'review').length
  const going = state.entries.length - stuck
  if (stuck > 0)
    return { text: stuck === 1 ? '1 change not saved' : `${stuck} changes not saved`, tone: 'error' }
  if (going === 0) return null
  if (state.sent > 0) return { text: `Saving: ${state.sent} of ${state.sent + going} done`, tone: 'info' }
  return { text: going === 1 ? '1 change waiting to save' : `${going} changes waiting to save`, tone: 'info' }
}
