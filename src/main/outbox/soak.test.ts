/**
 * The fault soak, short enough for CI (SOAK_OPERATIONS=300 `npm run soak` runs the long one): after
 * 10% 500s, some 429s, 100–300 ms of latency and one 10-second outage, the sandbox holds exactly
 * what the user did and the board equals the sandbox.
 */
import { describe, expect, it } from 'vitest'
import { runSoak, summaryLine } from '../testing/soak'

const operations = Number(process.env.SOAK_OPERATIONS ?? 40)

describe('fault soak', () => {
  it(
    `${operations} operations through the bridge under faults end with the sandbox equal to the user's model`,
    async () => {
      const report = await runSoak({ operations })
      console.log(summaryLine(report))
      expect(report.differences).toEqual([])
      expect(report.operations).toBe(operations)
      // The faults really happened, and some writes really waited in the outbox.
      expect(report.faults.serverErrors).toBeGreaterThan(0)
      expect(report.faults.dropped).toBeGreaterThan(0)
      expect(report.answers.queued).toBeGreaterThan(0)
    },
    10 * 60_000
  )
})
