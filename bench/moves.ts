/**
 * What a move costs: 200 random moves through the real handlers (the same code Electron runs)
 * against the sandbox's 5,000-card board, whose positions are in steps of 100 like the real
 * server's. Requests are counted from the sandbox's own log, not from what the app reports.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEMO_USERS, startSandbox } from '../src/sandbox'
import { createServices } from '../src/main/services'
import type { BoardSnapshot } from '../src/shared/bridge'
import { createRng } from '../src/sandbox/prng'
import { unpackCards } from '../src/shared/card-table'
import { byPosition } from '../src/shared/order'

export interface MoveCost {
  moves: number
  requests: { max: number; mean: number; distribution: Record<string, number> }
  puts: { atMostOne: number; share: number; distribution: Record<string, number> }
  conflicts: number
}

function count(values: number[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const v of values) out[String(v)] = (out[String(v)] ?? 0) + 1
  return out
}

export async function measureMoveCost(moves = 200, seed = 7): Promise<MoveCost> {
  const sandbox = await startSandbox({ port: 0, quiet: true, preset: 'large' })
  // Pacing is not what is measured here; the request count is.
  sandbox.control.setSwitches({ limits: null })
  const dir = await mkdtemp(join(tmpdir(), 'pipeline-bench-'))
  const services = createServices({
    userDataDir: dir,
    secretStore: null,
    apiUrl: sandbox.url,
    emit: () => {},
    tuning: { minIntervalMs: 0, writesPerMinute: 0 }
  })
  const h = services.handlers
  try {
    await h['auth.signIn']({ ...DEMO_USERS.admin })
    const board = [...sandbox.control.state.data.boards.values()].find(
      (b) => b.Name === 'Enterprise pipeline'
    )!
    const snap: BoardSnapshot = await h['board.load']({ boardId: board.Id as number })
    let cardsNow = unpackCards(snap.cards)
    const open = snap.columns.filter((c) => !c.WinOpportunity && !c.LoseOpportunity)
    const rng = createRng(seed)
    const requests: number[] = []
    const puts: number[] = []
    let conflicts = 0

    const orderOf = (columnId: number) =>
      cardsNow.filter((o) => o.CrmBoardColumnId === columnId && o.Status === 1).sort(byPosition)

    for (let i = 0; i < moves; i++) {
      const from = open[rng.int(0, open.length - 1)]!
      const cards = orderOf(from.Id)
      if (cards.length === 0) continue
      const card = cards[rng.int(0, cards.length - 1)]!
      const to = open[rng.int(0, open.length - 1)]!
      const dest = orderOf(to.Id).filter((o) => o.Id !== card.Id)
      const index = rng.int(0, dest.length)
      sandbox.control.clearRequests()
      try {
        const answer = await h['opportunity.move']({
          opportunityId: card.Id,
          expected: { columnId: card.CrmBoardColumnId, updatedOn: card.UpdatedOn ?? null },
          to: { columnId: to.Id, afterId: dest[index - 1]?.Id ?? null, beforeId: dest[index]?.Id ?? null }
        })
        // The sandbox here has no faults: a move the outbox kept would be a bug in the bench.
        if ('queued' in answer) throw new Error(`move kept in the outbox: ${answer.queued.message}`)
        const result = answer
        const changed = new Map(result.columns.flatMap((c) => c.opportunities.map((o) => [o.Id, o] as const)))
        changed.set(result.opportunity.Id, result.opportunity)
        cardsNow = cardsNow.map((o) => changed.get(o.Id) ?? o)
      } catch {
        conflicts++
      }
      const log = sandbox.control.requests()
      requests.push(log.length)
      puts.push(log.filter((r) => r.method === 'PUT').length)
    }
    const atMostOne = puts.filter((p) => p <= 1).length
    return {
      moves: requests.length,
      requests: {
        max: Math.max(...requests),
        mean: requests.reduce((a, b) => a + b, 0) / requests.length,
        distribution: count(requests)
      },
      puts: { atMostOne, share: atMostOne / puts.length, distribution: count(puts) },
      conflicts
    }
  } finally {
    await services.dispose()
    await sandbox.close()
    await rm(dir, { recursive: true, force: true })
  }
}
