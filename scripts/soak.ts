/**
 * The long fault soak, by hand: `npm run soak` (300 operations) or `SOAK_OPERATIONS=1000 npm run soak`.
 * Prints the summary line and every difference; exits 1 if there is any.
 */
import { runSoak, summaryLine } from '../src/main/testing/soak'

const operations = Number(process.env.SOAK_OPERATIONS ?? 300)
const seed = Number(process.env.SOAK_SEED ?? 11)
const report = await runSoak({ operations, seed, log: (line) => console.log(line) })
for (const difference of report.differences) console.log(`difference: ${difference}`)
console.log(
  `answers: ${report.answers.landed} landed at once, ${report.answers.queued} kept in the outbox, ${report.answers.refused} refused; ${Math.round(report.durationMs / 1000)} s`
)
console.log(summaryLine(report))
process.exit(report.differences.length ? 1 : 0)
