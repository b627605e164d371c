/**
 * The outbox through the real handlers against the sandbox: what is kept while Nexudus cannot be
 * reached, in what order it lands, what stops for the user, and what survives a restart. Every
 * check reads what the sandbox holds, or what main pushed to the renderer.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MoveAnswer, OutboxSettled } from '../../shared/bridge'
import type { OutboxState } from '../../shared/outbox'
import { dropAt, signedIn, type Session } from '../board/harness'
import { sandboxSuite } from '../board/suite'

const BOARD = 'Memberships & desks'
const t = sandboxSuite()

const stage = (name: string) => t.view.stageId(BOARD, name)
const queued = (answer: MoveAnswer | { status: string }) => {
  if ('queued' in answer) return answer.queued
  if ('entry' in answer) return (answer as { entry: OutboxState['entries'][number] }).entry
  throw new Error('expected the write to be kept in the outbox')
}
const settledOf = (session: Session) =>
  session.events.filter((e) => e.event === 'outbox.settled').map((e) => e.payload as OutboxSettled)
const outboxFiles = async (dir: string) => readdir(join(dir, 'outbox')).catch(() => [] as string[])

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('the outbox', () => {
  it('keeps every write while Nexudus cannot be reached, on disk, and sends them in order once it can', async () => {
    const a = t.view.openIds(stage('New enquiry'))[0]!
    const b = t.view.openIds(stage('Tour booked'))[0]!
    const beforeA = t.view.record(a)
    const beforeB = t.view.record(b)
    t.sandbox.control.setSwitches({ outage: true })
    const h = t.session.handlers

    const first = queued(await h['opportunity.move'](dropAt(t.view, a, stage('Tour done'), 0).intent))
    // Made against the board as the user sees it, after the first move (which the server has not got).
    const second = queued(
      await h['opportunity.move']({
        ...dropAt(t.view, a, stage('Proposal sent'), 0).intent,
        expected: { columnId: stage('Tour done'), updatedOn: beforeA.UpdatedOn as string }
      })
    )
    const edit = queued(
      await h['opportunity.save']({
        id: b,
        expectedUpdatedOn: beforeB.UpdatedOn as string,
        changes: { Name: 'Kept while offline' },
        overwrite: false
      })
    )
    expect([first.state, second.state, edit.state]).toEqual(['waiting', 'waiting', 'waiting'])
    expect(second.message).toBe('Waiting for the changes before it.')
    expect(t.view.record(a)).toEqual(beforeA)
    expect(t.view.record(b)).toEqual(beforeB)
    const [file] = await outboxFiles(t.session.dir)
    const saved = JSON.parse(await readFile(join(t.session.dir, 'outbox', file!), 'utf8')) as {
      entries: { id: string }[]
    }
    expect(saved.entries.map((e) => e.id)).toEqual([first.id, second.id, edit.id])

    t.sandbox.control.setSwitches({ outage: false })
    expect((await t.session.outboxEmpty()).entries).toEqual([])
    expect(t.view.record(a)).toMatchObject({ CrmBoardColumnId: stage('Proposal sent'), Status: 1 })
    expect(t.view.openIds(stage('Proposal sent'))[0]).toBe(a)
    expect(t.view.record(b).Name).toBe('Kept while offline')
    expect(settledOf(t.session).map((e) => [e.kind, e.entryId])).toEqual([
      ['move', first.id],
      ['move', second.id],
      ['save', edit.id]
    ])
    await until(async () => (await outboxFiles(t.session.dir)).length === 0)
    // One PUT per entry: nothing was written twice.
    const puts = t.view.puts().filter((r) => r.status === 200)
    expect(puts.filter((r) => r.recordId === a)).toHaveLength(2)
    expect(puts.filter((r) => r.recordId === b)).toHaveLength(1)
  })

  it("takes a user's move after one quick retry, not the client's 15 s of them, and lands it", async () => {
    const id = t.view.openIds(stage('New enquiry'))[0]!
    // Two failed reads: a background call would have retried past them (5 attempts).
    t.sandbox.control.setSwitches({
      failNext: { count: 2, method: 'GET', path: `/api/crm/crmopportunities/${id}` }
    })
    const entry = queued(
      await t.session.handlers['opportunity.move'](dropAt(t.view, id, stage('Tour done'), 0).intent)
    )
    expect(entry.state).toBe('waiting')
    const reads = () => t.view.requests().filter((r) => r.method === 'GET' && r.path.endsWith(`/${id}`))
    expect(reads().map((r) => r.status)).toEqual([500, 500])
    expect((await t.session.outboxEmpty()).entries).toEqual([])
    expect(t.view.record(id)).toMatchObject({ CrmBoardColumnId: stage('Tour done') })
  })

  it('stops an entry for review when someone changed the opportunity meanwhile; the others still land', async () => {
    const a = t.view.openIds(stage('New enquiry'))[1]!
    const b = t.view.openIds(stage('New enquiry'))[2]!
    t.sandbox.control.setSwitches({ outage: true })
    const h = t.session.handlers
    const moveA = queued(await h['opportunity.move'](dropAt(t.view, a, stage('Negotiation'), 0).intent))
    const moveB = queued(await h['opportunity.move'](dropAt(t.view, b, stage('Negotiation'), 0).intent))
    // A colleague renames it in the web app while this computer is offline.
    t.sandbox.control.patchOpportunity(a, { Name: 'Renamed by a colleague' })
    t.sandbox.control.setSwitches({ outage: false })

    const state = await t.session.outboxEmpty()
    expect(state.entries).toMatchObject([
      { id: moveA.id, state: 'review', message: 'Someone else changed this opportunity meanwhile.' }
    ])
    expect(state.entries[0]!.fresh).toMatchObject({ Id: a, Name: 'Renamed by a colleague' })
    expect(t.view.record(a).CrmBoardColumnId).toBe(stage('New enquiry'))
    expect(t.view.record(b).CrmBoardColumnId).toBe(stage('Negotiation'))
    expect(settledOf(t.session).map((e) => e.entryId)).toEqual([moveB.id])

    // The user has seen it and sends theirs anyway: it lands, and the colleague's rename stays.
    await h['outbox.retry']({ id: moveA.id })
    expect((await t.session.outboxEmpty()).entries).toEqual([])
    expect(t.view.record(a)).toMatchObject({
      CrmBoardColumnId: stage('Negotiation'),
      Name: 'Renamed by a colleague'
    })
  })

  it('ends a move Nexudus refuses, with its words and the card as the server holds it; the card’s next move still lands', async () => {
    const id = t.view.openIds(stage('Tour done'))[0]!
    const before = t.view.record(id)
    t.sandbox.control.setSwitches({ outage: true })
    const refused = queued(
      await t.session.handlers['opportunity.move'](dropAt(t.view, id, stage('Tour booked'), 0).intent)
    )
    // Made while the first waits, against the server's card (the renderer's last confirmed copy).
    const next = queued(
      await t.session.handlers['opportunity.move'](dropAt(t.view, id, stage('Negotiation'), 0).intent)
    )
    t.sandbox.control.setSwitches({
      outage: false,
      refuseStages: { columnIds: [stage('Tour booked')], message: 'The stage is locked by an import.' }
    })
    const state = await t.session.outboxEmpty()
    expect(state.entries).toEqual([])
    const events = settledOf(t.session)
    expect(events.find((e) => e.entryId === refused.id)).toMatchObject({
      kind: 'refused',
      opportunityId: id,
      message: 'The stage is locked by an import.',
      fresh: { Id: id, CrmBoardColumnId: before.CrmBoardColumnId, UpdatedOn: before.UpdatedOn }
    })
    expect(events.find((e) => e.entryId === next.id)).toMatchObject({ kind: 'move' })
    expect(t.view.record(id)).toMatchObject({ CrmBoardColumnId: stage('Negotiation'), Status: 1 })
  })

  it('stops an edit Nexudus refuses as failed, with its words; Discard drops it unsent and answers the server card', async () => {
    const id = t.view.openIds(stage('Tour done'))[0]!
    const before = t.view.record(id)
    t.sandbox.control.setSwitches({ outage: true })
    const entry = queued(
      await t.session.handlers['opportunity.save']({
        id,
        expectedUpdatedOn: before.UpdatedOn as string,
        changes: { Name: 'Refused later' },
        overwrite: false
      })
    )
    t.sandbox.control.setSwitches({
      outage: false,
      rejectNext: { count: 1, method: 'PUT', message: 'The stage is locked by an import.' }
    })
    const state = await t.session.outboxEmpty()
    expect(state.entries).toMatchObject([
      { id: entry.id, state: 'failed', message: 'The stage is locked by an import.' }
    ])
    expect(t.view.record(id)).toEqual(before)

    const after = await t.session.handlers['outbox.discard']({ id: entry.id })
    expect(after.entries).toEqual([])
    expect(settledOf(t.session).at(-1)).toMatchObject({
      kind: 'discarded',
      entryId: entry.id,
      opportunityId: id,
      fresh: { Id: id, CrmBoardColumnId: before.CrmBoardColumnId, UpdatedOn: before.UpdatedOn }
    })
    expect(t.view.record(id)).toEqual(before)
    expect(await outboxFiles(t.session.dir)).toEqual([])
  })

  it('on a restart with 20 writes kept, sends all 20 once Nexudus is back, none twice', async () => {
    const open = ['New enquiry', 'Tour booked', 'Tour done', 'Proposal sent', 'Negotiation'].flatMap((name) =>
      t.view.openIds(stage(name))
    )
    expect(open.length).toBeGreaterThanOrEqual(20)
    const cards = open.slice(0, 20)
    const first = await signedIn(t.sandbox)
    t.sandbox.control.setSwitches({ outage: true })
    const expected = new Map<number, { column: number; status: number }>()
    for (const [i, id] of cards.entries()) {
      const record = t.view.record(id)
      if (i % 2 === 0) {
        // Marked won where it stands (the drawer's Won zone).
        const answer = await first.handlers['opportunity.move']({
          opportunityId: id,
          expected: t.view.expected(id),
          outcome: { status: 'won' }
        })
        queued(answer)
        expected.set(id, { column: record.CrmBoardColumnId as number, status: 2 })
      } else {
        const to =
          stage('Negotiation') === record.CrmBoardColumnId ? stage('Tour done') : stage('Negotiation')
        const others = t.view.openIds(to)
        queued(
          await first.handlers['opportunity.move']({
            opportunityId: id,
            expected: t.view.expected(id),
            to: { columnId: to, afterId: others.at(-1) ?? null, beforeId: null }
          })
        )
        expected.set(id, { column: to, status: 1 })
      }
    }
    expect((await first.handlers['outbox.list'](undefined)).entries).toHaveLength(20)
    await first.close({ keepDir: true })
    const [file] = await outboxFiles(first.dir)
    const onDisk = JSON.parse(await readFile(join(first.dir, 'outbox', file!), 'utf8')) as {
      entries: { input: { opportunityId: number } }[]
    }
    expect(onDisk.entries.map((e) => e.input.opportunityId)).toEqual(cards)

    // Nexudus is back; the app starts again on the same userData and the user signs in.
    t.sandbox.control.clearRequests()
    t.sandbox.control.setSwitches({ outage: false })
    const again = await signedIn(t.sandbox, undefined, undefined, first.dir)
    try {
      expect((await again.outboxEmpty(20_000)).entries).toEqual([])
      for (const [id, want] of expected)
        expect(t.view.record(id), `card ${id}`).toMatchObject({
          CrmBoardColumnId: want.column,
          Status: want.status
        })
      const landed = t.view.puts().filter((r) => r.status === 200 && cards.includes(r.recordId ?? -1))
      expect(landed.map((r) => r.recordId).sort()).toEqual([...cards].sort())
    } finally {
      await again.close({ keepDir: false })
    }
  })

  it('waits, signed out, and sends after the next sign-in of the same account', async () => {
    const id = t.view.openIds(stage('Tour booked'))[1]!
    t.sandbox.control.setSwitches({ outage: true })
    const entry = queued(
      await t.session.handlers['opportunity.move'](dropAt(t.view, id, stage('Negotiation'), 0).intent)
    )
    t.sandbox.control.setSwitches({ outage: false })
    await t.session.handlers['auth.signOut'](undefined)
    expect((await t.session.handlers['outbox.list'](undefined)).entries).toEqual([])
    await t.session.handlers['auth.signIn']({
      email: 'admin@harbour-works.example',
      password: 'pipeline-demo'
    })
    await until(async () => settledOf(t.session).some((e) => e.entryId === entry.id))
    expect(t.view.record(id).CrmBoardColumnId).toBe(stage('Negotiation'))
  })

  it('ignores, and keeps aside, a saved outbox that cannot be read', async () => {
    const dir = t.session.dir
    await t.session.handlers['auth.signOut'](undefined)
    await mkdir(join(dir, 'outbox'), { recursive: true })
    const { accountKey } = await import('../board/cache')
    const name = `${accountKey({ server: t.sandbox.url, email: 'admin@harbour-works.example' })}.json`
    await writeFile(join(dir, 'outbox', name), '{"version":1,"entries":[{"kind":"move"')
    await t.session.handlers['auth.signIn']({
      email: 'admin@harbour-works.example',
      password: 'pipeline-demo'
    })
    await until(async () => (await outboxFiles(dir)).some((f) => f.includes('.unreadable-')))
    expect((await t.session.handlers['outbox.list'](undefined)).entries).toEqual([])
    expect(t.session.logs.some((l) => l.includes('outbox: the saved outbox could not be used'))).toBe(true)
  })
})
