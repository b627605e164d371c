/**
 * The UI soak: a user works the real board at their own pace (an action every 300 ms, never
 * waiting for a save) while the sandbox Nexudus is flaky: 10% of /api requests answered with a
 * 500, 100–300 ms latency on each, some throttled, down once for about 10 s; and one stage,
 * "Tour done", refuses cards moved into it (a business rule: HTTP 200, WasSuccessful false).
 * Afterwards nothing may be lost or stuck: Nexudus holds what the user asked for, the board shows
 * what Nexudus holds, and no card is left "Needs review" or "Not saved".
 *
 * CI: three seeds of SOAK_UI_ACTIONS (60) actions, one test each. `npm run soak`: 300 actions.
 * SOAK_SEED=n runs only that seed; SOAK_FAULTS=0 runs with no faults (refusals stay: they are the
 * account's rule, not a fault), the check of the model itself.
 */
import { expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SandboxApi, type NxRecord } from './support/nexudus'
import {
  LOST,
  OPEN,
  SoakUser,
  readBoard,
  readColumns,
  readDrawer,
  readWatch,
  startWatch
} from './support/soak'
import { byPosition } from '../src/shared/order'

const BOARD = 'Memberships & desks'
const REFUSING = 'Tour done'
const REFUSAL = 'Cards cannot be moved into Tour done by hand (soak rule).'
const ACTIONS = Number(process.env.SOAK_UI_ACTIONS ?? 60)
const FAULTS = process.env.SOAK_FAULTS !== '0'
const SEEDS = process.env.SOAK_SEED ? [Number(process.env.SOAK_SEED)] : [101, 202, 303]
const PACE_MS = 300
const SETTLE_MS = 60_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

for (const seed of SEEDS) {
  test(`UI soak, seed ${seed}: ${ACTIONS} actions${FAULTS ? ' on a flaky Nexudus' : ', no faults'}`, async ({
    app,
    sandboxUrl
  }) => {
    // About 1.5 s an action (a drag is a person's speed), the settling, the reading back.
    test.setTimeout(120_000 + ACTIONS * 3_000)
    const page = app.page
    const api = new SandboxApi(sandboxUrl)
    const board = await BoardPage.signedInOn(page, BOARD)
    const boardId = await api.boardId(BOARD)
    const columns = await readColumns(api, boardId)
    const refusing = columns.find((c) => c.Name === REFUSING)!.Id
    const ids: number[] = []
    for (const column of columns) {
      const inColumn = await api.list<NxRecord>('/api/crm/crmopportunities', {
        CrmOpportunity_CrmBoardColumn: column.Id
      })
      ids.push(...inColumn.map((r) => r.Id))
    }
    const original = new Map<number, NxRecord>()
    for (const id of ids) original.set(id, await api.record(id))
    expect(original.size).toBeGreaterThan(30)

    await startWatch(page)
    await api.clearRequests()
    await api.switches({
      refuseStages: { columnIds: [refusing], message: REFUSAL },
      ...(FAULTS ? { failRate: 0.1, throttleRate: 0.05, latencyMs: { min: 100, max: 300 } } : {})
    })

    const user = new SoakUser({ page, board, seed, columns, refusing, original })
    // The outage: once, about 10 s, somewhere in the first half.
    const outageAt = FAULTS ? user.rng.int(Math.floor(ACTIONS * 0.2), Math.floor(ACTIONS * 0.5)) : -1
    let outage: Promise<void> = Promise.resolve()
    const started = Date.now()
    for (let i = 0; i < ACTIONS; i++) {
      if (i === outageAt) {
        await api.switches({ outage: true })
        user.log.lines.push(`#${i} outage starts`)
        outage = sleep(10_000).then(() => api.switches({ outage: false }))
      }
      await user.act()
      await page.waitForTimeout(PACE_MS)
    }
    const actingMs = Date.now() - started
    await outage
    await api.switches({ failRate: 0, throttleRate: 0, latencyMs: 0, outage: false })
    const requests = await api.requests()
    const faults = {
      500: requests.filter((r) => r.status === 500).length,
      throttled: requests.filter((r) => r.status === 429 || r.status === 409).length,
      dropped: requests.filter((r) => r.status === 0).length
    }

    // Every stage drawn whole: a tall window, each stage scrolled to its top.
    await page.setViewportSize({ width: 1920, height: 4_000 })
    await page.evaluate(() => document.querySelectorAll('.stage__scroller').forEach((s) => (s.scrollTop = 0)))

    // Settle: nothing saving, nothing waiting to save, the outbox empty (bounded).
    const outboxButton = page.getByRole('button', { name: /waiting to save|not saved|^Saving:/ })
    const settleStart = Date.now()
    let settled = false
    while (Date.now() - settleStart < SETTLE_MS) {
      const drawn = await readBoard(page)
      const waiting = Object.values(drawn.sync).filter((s) => s === 'waiting').length
      const outboxText = (await outboxButton.count()) ? await outboxButton.first().textContent() : ''
      if (!drawn.saving.length && !waiting && !/waiting|Saving/.test(outboxText ?? '')) {
        settled = true
        break
      }
      await page.waitForTimeout(500)
    }
    const settleMs = Date.now() - settleStart
    // A moment for the last answers to be drawn.
    await page.waitForTimeout(1_000)

    const watch = await readWatch(page)
    const failures: string[] = []
    if (!settled) failures.push(`not settled after ${SETTLE_MS / 1000} s`)

    // 1. Nexudus holds what the user asked for; untouched cards are as they were.
    const now = new Map<number, NxRecord>()
    for (const id of ids) now.set(id, await api.record(id))
    const colName = (id: number) => columns.find((c) => c.Id === id)?.Name ?? String(id)
    const modelDiffs: string[] = []
    for (const id of ids) {
      const r = now.get(id)!
      const want = user.model.get(id)
      if (!want) {
        const was = original.get(id)!
        if (JSON.stringify(r) !== JSON.stringify(was))
          modelDiffs.push(`${id} untouched but changed: ${diffFields(was, r).join(', ')}`)
        continue
      }
      const got = `${colName(r.CrmBoardColumnId)}/${statusName(r.Status as number)}${r.Status === LOST ? `/${String(r.LossReason)}` : ''}`
      const exp = `${colName(want.columnId)}/${statusName(want.status)}${want.status === LOST ? `/${String(want.lossReason)}` : ''}`
      if (
        got !== exp ||
        (want.status === OPEN &&
          r.Status === OPEN &&
          r.LossReason != null &&
          original.get(id)!.Status !== OPEN)
      )
        modelDiffs.push(`${id} asked ${exp}, Nexudus has ${got}`)
    }
    if (modelDiffs.length) failures.push(`sandbox ≠ model: ${modelDiffs.join('; ')}`)

    // 2. The board shows what Nexudus holds: each stage in (Position, Id) order, closed ones in the drawer.
    const drawn = await readBoard(page)
    const boardDiffs: string[] = []
    for (const column of columns) {
      const server = [...now.values()]
        .filter((r) => r.CrmBoardColumnId === column.Id && r.Status === OPEN)
        .sort(byPosition)
        .map((r) => r.Id)
      const shown = drawn.stages[column.Id] ?? []
      if (drawn.counts[column.Id] !== shown.length)
        boardDiffs.push(
          `${column.Name}: ${shown.length} drawn of ${drawn.counts[column.Id]} (test could not see all)`
        )
      if (JSON.stringify(server) !== JSON.stringify(shown))
        boardDiffs.push(`${column.Name}: board [${shown.join(',')}], Nexudus [${server.join(',')}]`)
    }
    await page.getByRole('button', { name: 'Won / Lost' }).click()
    await expect(page.getByRole('dialog', { name: 'Closed opportunities' })).toBeVisible()
    const closed = await readDrawer(page)
    for (const [zone, status, shown] of [
      ['Won', 2, closed.won],
      ['Lost', 3, closed.lost]
    ] as const) {
      const server = [...now.values()]
        .filter((r) => r.Status === status)
        .map((r) => r.Id)
        .sort((a, b) => a - b)
      const mine = [...shown].sort((a, b) => a - b)
      if (JSON.stringify(server) !== JSON.stringify(mine))
        boardDiffs.push(`drawer ${zone}: [${mine.join(',')}], Nexudus [${server.join(',')}]`)
    }
    if (closed.saving.length) boardDiffs.push(`drawer still saving: ${closed.saving.join(',')}`)
    if (boardDiffs.length) failures.push(`board ≠ sandbox: ${boardDiffs.join('; ')}`)

    // 3. No card left "Needs review", "Not saved", waiting or saving; the outbox empty.
    const stuck = Object.entries(drawn.sync).map(([id, s]) => `${id} ${s}`)
    for (const id of drawn.saving) stuck.push(`${id} saving`)
    if (stuck.length) failures.push(`cards not saved: ${stuck.join(', ')}`)
    if (await outboxButton.count())
      failures.push(`outbox: "${(await outboxButton.first().textContent())?.trim()}"`)

    // 4. Every refused move said so, and the card is where Nexudus holds it (2. above).
    const unsaid = user.refusals.filter(
      (r) => !watch.toasts.some((t) => t.includes(REFUSAL.replace(/\.$/, '')) && t.includes(r.name))
    )
    if (unsaid.length)
      failures.push(
        `refusals without their message: ${unsaid.map((r) => `${r.id} (#${r.action})`).join(', ')}`
      )
    const otherToasts = watch.toasts.filter((t) => !t.includes(REFUSAL.replace(/\.$/, '')))
    const complaints = otherToasts.filter((t) => /couldn.t|someone else|not saved|failed/i.test(t))

    const done = user.log.done
    console.log(
      [
        `soak seed=${seed}${FAULTS ? '' : ' (no faults)'}`,
        `actions=${ACTIONS} (drag ${done.drag}, reorder ${done.reorder}, keyboard ${done.keyboard}, won ${done.won}, lost ${done.lost}, reopen ${done.reopen}, refused ${done.refused}, skipped ${user.log.skipped})`,
        `faults: 500 ${faults[500]}, throttled ${faults.throttled}, dropped ${faults.dropped} of ${requests.length} requests`,
        `longest unsaved ${(watch.longestMs / 1000).toFixed(1)} s (card ${watch.longestId})`,
        `acting ${Math.round(actingMs / 1000)} s, settling ${Math.round(settleMs / 1000)} s`,
        `failures: ${failures.length}`
      ].join(' | ')
    )
    test.info().annotations.push({ type: 'soak log', description: user.log.lines.join('\n') })
    if (failures.length || process.env.SOAK_VERBOSE) {
      console.log(`seed ${seed} actions:\n  ${user.log.lines.join('\n  ')}`)
      if (complaints.length) console.log(`seed ${seed} other messages shown:\n  ${complaints.join('\n  ')}`)
    }
    expect(failures, failures.join('\n')).toEqual([])
  })
}

function statusName(status: number): string {
  return status === 1 ? 'open' : status === 2 ? 'won' : status === 3 ? 'lost' : String(status)
}

function diffFields(a: NxRecord, b: NxRecord): string[] {
  return Object.keys({ ...a, ...b }).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
}
