/**
 * What must hold once a whole-stack run has settled, and a model of what the user did. Each
 * violation names its rule, the cards, and (where it can tell) the known cause it looks like:
 * A (a drop next to a card not saved yet refused as "place-gone"), B (a refused move makes the
 * card's next move stale), C (a refusal sent from the outbox is not put back).
 */
import type { UserAction, Held, Stack } from './harness'
import { heldCards } from './harness'
import { byPosition } from '../shared/order'

export type Rule =
  | 'board = sandbox'
  | 'model = sandbox'
  | 'no false conflict'
  | 'nothing stopped without cause'
  | 'nothing written twice'
  | 'order kept'
  | 'settled'

export interface Violation {
  rule: Rule
  text: string
}

const PLACE_GONE = 'were moved by someone else'
const LANDED = 'was saved in Nexudus'

/** Whether a user's action took effect on the server, judged by what the app told the user. */
export function tookEffect(stack: Stack, action: UserAction): boolean {
  const report = action.report
  if (!report) return false
  if (report.status === 'saved') return true
  if (report.status === 'failed') return report.error?.message.includes(LANDED) ?? false
  if (report.status !== 'queued') return false
  // Queued: it counts once its entry landed; refused or up for review, it did not happen.
  if (!action.entryId) return true
  if (stack.settled.some((e) => e.kind === 'move' && e.entryId === action.entryId)) return true
  return false
}

/** Replays the user's actions and the colleague's writes in order. */
export function model(stack: Stack): Map<number, Held> {
  const out = new Map([...stack.initial].map(([id, h]) => [id, { ...h }]))
  const events = [
    ...stack.actions.map((a) => ({ n: a.n, user: a })),
    ...stack.colleague.map((c) => ({ n: c.n, colleague: c }))
  ].sort((x, y) => x.n - y.n)
  for (const event of events) {
    if ('colleague' in event && event.colleague) {
      const write = event.colleague
      const m = out.get(write.id)
      if (!m || !write.ok) continue
      if (typeof write.fields.CrmBoardColumnId === 'number') m.column = write.fields.CrmBoardColumnId
      if (typeof write.fields.Status === 'number') m.status = write.fields.Status
      continue
    }
    const action = (event as { user: UserAction }).user
    const m = out.get(action.id)
    if (!m || !tookEffect(stack, action)) continue
    if (action.to !== undefined) m.column = action.to
    const outcome = action.outcome
    // A drop on an open stage opens the card, as main's outcome rule does (board/outcome.ts).
    if (!outcome && action.to !== undefined && stack.openStages.includes(action.to))
      [m.status, m.lossReason] = [1, null]
    if (outcome?.status === 'won') [m.status, m.lossReason] = [2, null]
    if (outcome?.status === 'lost') [m.status, m.lossReason] = [3, outcome.lossReason]
    if (outcome?.status === 'open') [m.status, m.lossReason] = [1, null]
  }
  return out
}

const stageName = (stack: Stack, id: number | undefined): string =>
  id === undefined ? '?' : `${stack.board.column(id)?.Name ?? 'stage'} (${id})`
const statusName = (status: number | undefined): string =>
  status === 1 ? 'open' : status === 2 ? 'won' : status === 3 ? 'lost' : String(status)

/** The sandbox's open cards of a stage in (Position, Id) order. */
function sandboxOrder(stack: Stack, column: number): number[] {
  return [...stack.control.state.data.opportunities.values()]
    .filter((o) => o.CrmBoardColumnId === column && o.Status === 1)
    .sort(byPosition)
    .map((o) => o.Id)
}

export function check(stack: Stack, settled = true): Violation[] {
  const out: Violation[] = []
  const add = (rule: Rule, text: string) => out.push({ rule, text })
  const { board, touched } = stack
  const held = heldCards(stack.control, stack.columns)
  const entries = stack.mainOutbox().entries
  const actionsOf = (id: number) => stack.actions.filter((a) => a.id === id)
  const refusedCards = new Set(
    stack.actions.filter((a) => a.kind === 'refuse' || a.report?.status === 'failed').map((a) => a.id)
  )
  for (const e of entries) if (e.state === 'failed') refusedCards.add(e.opportunityId)

  if (!settled) add('settled', 'the run did not settle within its time limit')

  // The board equals the sandbox.
  for (const col of stack.columns) {
    const want = sandboxOrder(stack, col)
    const got = [...(board.orders[col] ?? [])]
    if (JSON.stringify(want) !== JSON.stringify(got))
      add('board = sandbox', `stage ${stageName(stack, col)}: board shows [${got}], sandbox holds [${want}]`)
  }
  for (const [id, h] of held) {
    const r = board.records.get(id)
    if (!r) add('board = sandbox', `card ${id} is not on the board`)
    else if (r.Status !== h.status)
      add(
        'board = sandbox',
        `card ${id}: board shows ${statusName(r.Status)}, sandbox ${statusName(h.status)}`
      )
  }

  // The model of what the user did equals the sandbox.
  for (const [id, m] of model(stack)) {
    const h = held.get(id)
    if (!h) {
      add('model = sandbox', `card ${id} left the board`)
      continue
    }
    if (h.column !== m.column || h.status !== m.status || h.lossReason !== m.lossReason)
      add(
        'model = sandbox',
        `card ${id}: the user left it ${statusName(m.status)} in ${stageName(stack, m.column)}${m.lossReason ? ` (reason ${m.lossReason})` : ''}, ` +
          `the sandbox holds it ${statusName(h.status)} in ${stageName(stack, h.column)}${h.lossReason ? ` (reason ${h.lossReason})` : ''}` +
          (touched.has(id) ? ' [colleague wrote to it]' : '')
      )
  }

  // No false conflict.
  for (const action of stack.actions) {
    if (action.report?.status !== 'conflict' || touched.has(action.id)) continue
    const message = action.report.error?.message ?? ''
    const earlier = actionsOf(action.id).filter((a) => a.n < action.n)
    const refusedBefore = earlier.some((a) => a.report?.status === 'failed')
    const cause = message.includes(PLACE_GONE)
      ? `[A] place-gone, dropped after ${action.afterId} / before ${action.beforeId}`
      : refusedBefore
        ? '[B] its previous move was refused'
        : '[?]'
    add(
      'no false conflict',
      `#${action.n} ${action.kind} of card ${action.id} → ${stageName(stack, action.to)} answered conflict, no colleague touched it ${cause}: "${message}"`
    )
  }
  /** What a review entry of a card no colleague touched looks like it came from. */
  const reviewCause = (e: (typeof entries)[number]): string => {
    const action = stack.actions.find((a) => a.entryId === e.id)
    // The outbox words every Conflict alike; a named neighbour the server does not hold open in
    // that stage is what place-gone looks like.
    const openThere = (id: number) => action?.to !== undefined && sandboxOrder(stack, action.to).includes(id)
    const named = [action?.afterId, action?.beforeId].filter((id): id is number => typeof id === 'number')
    const refusedBefore = actionsOf(e.opportunityId).some(
      (a) => action && a.n < action.n && a.report?.status === 'failed'
    )
    const what = action ? ` (#${action.n} ${action.kind})` : ''
    if (named.length > 0 && named.every((id) => !openThere(id)))
      return `${what} [A] likely place-gone: dropped next to ${named.join(' / ')}, none open in ${stageName(stack, action?.to)} on the server`
    return `${what}${refusedBefore ? ' [B] its previous move was refused' : ' [?]'}`
  }
  for (const e of entries) {
    if (e.state !== 'review' || touched.has(e.opportunityId)) continue
    add(
      'no false conflict',
      `outbox entry ${e.kind} of card ${e.opportunityId} is up for review, no colleague touched it${reviewCause(e)}: "${e.message}"`
    )
  }

  // Nothing left stopped without cause; a refusal is put back.
  if (board.pending.size > 0)
    add('nothing stopped without cause', `cards still pending: [${[...board.pending.keys()]}]`)
  for (const e of entries) {
    const id = e.opportunityId
    if (e.state !== 'failed' && e.state !== 'review') {
      add('nothing stopped without cause', `outbox entry ${e.kind} of card ${id} is still ${e.state}`)
      continue
    }
    if (!refusedCards.has(id) && !touched.has(id)) {
      add(
        'nothing stopped without cause',
        `outbox entry ${e.kind} of card ${id} stopped ${e.state} with no refusal or colleague behind it${e.state === 'review' ? reviewCause(e) : ''}: "${e.message}"`
      )
      continue
    }
    const h = held.get(id)
    const r = board.records.get(id)
    const drawnIn = stack.columns.find((col) => board.orders[col]?.includes(id))
    const where = r?.Status === 1 ? drawnIn : r?.CrmBoardColumnId
    if (!h || !r || where !== h.column || r.Status !== h.status)
      add(
        'nothing stopped without cause',
        `${e.state === 'failed' && e.toColumnId === stack.refusingStage ? '[C] ' : ''}card ${id}: refused move not put back — ` +
          `drawn ${statusName(r?.Status)} in ${stageName(stack, where)} with its outbox entry ${e.state} ("${e.message}"), ` +
          `Nexudus holds it ${statusName(h?.status)} in ${stageName(stack, h?.column)}`
      )
  }

  // Nothing written twice.
  const writes = new Map<number, number>()
  for (const put of stack.puts) if (put.changed) writes.set(put.id, (writes.get(put.id) ?? 0) + 1)
  for (const [id, count] of writes) {
    const asked = actionsOf(id).length
    if (count > asked)
      add(
        'nothing written twice',
        `card ${id}: ${count} PUTs changed its stage or status, the user asked ${asked}`
      )
  }

  // Order: a clean card dropped between two clean neighbours that stayed is between them.
  const conflicted = new Set(stack.actions.filter((a) => a.report?.status === 'conflict').map((a) => a.id))
  const clean = (id: number) => !refusedCards.has(id) && !touched.has(id) && !conflicted.has(id)
  for (const action of stack.actions) {
    const { id, to } = action
    if (to === undefined || !stack.openStages.includes(to) || action.outcome?.status === 'won') continue
    if (action.outcome?.status === 'lost' || action.report?.status !== 'saved' || !clean(id)) continue
    const later = (card: number) => stack.actions.some((a) => a.id === card && a.n > action.n)
    if (later(id)) continue
    /** A neighbour stayed: clean, not moved since, its own last move answered before this drop. */
    const stayed = (card: number | null | undefined): card is number =>
      typeof card === 'number' &&
      clean(card) &&
      !later(card) &&
      actionsOf(card).every(
        (a) => a.report?.status === 'saved' && (a.resolvedAt ?? Infinity) < action.startedAt
      )
    const order = sandboxOrder(stack, to)
    const at = order.indexOf(id)
    if (at < 0) continue
    const { afterId, beforeId } = action
    if (stayed(afterId) && order.includes(afterId) && order.indexOf(afterId) > at)
      add(
        'order kept',
        `#${action.n}: card ${id} was dropped below ${afterId} in ${stageName(stack, to)}, the sandbox has it above: [${order}]`
      )
    if (stayed(beforeId) && order.includes(beforeId) && order.indexOf(beforeId) < at)
      add(
        'order kept',
        `#${action.n}: card ${id} was dropped above ${beforeId} in ${stageName(stack, to)}, the sandbox has it below: [${order}]`
      )
  }
  return out
}

/** Which known bugs the violations show. */
export function causes(violations: readonly Violation[]): string[] {
  const found = new Set<string>()
  for (const v of violations) for (const m of v.text.matchAll(/\[([ABC])\]/g)) found.add(m[1]!)
  return [...found].sort()
}

export function report(stack: Stack, violations: readonly Violation[], header = ''): string {
  const byRule = new Map<Rule, string[]>()
  for (const v of violations) byRule.set(v.rule, [...(byRule.get(v.rule) ?? []), v.text])
  const lines = [
    header,
    `${violations.length} violation(s); known causes: ${causes(violations).join(', ') || 'none'}`
  ]
  for (const [rule, texts] of byRule) lines.push(`✗ ${rule}`, ...texts.map((t) => `    ${t}`))
  lines.push('action log:', ...stack.log.map((l) => `    ${l.text}`))
  return lines.filter(Boolean).join('\n')
}
