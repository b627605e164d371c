/**
 * The sandbox in a process of its own, for the UI benchmark: Nexudus is a remote server, and a
 * sandbox sharing the event loop of the app's main process would bill its own work (building and
 * serialising 5,000 records) to the app. It still shares the machine's two cores, as a busy
 * laptop would. Tells its parent the URL, the board and its open-card count, then waits.
 */
import { startSandbox } from '../src/sandbox'

export interface SandboxReady {
  url: string
  boardId: number
  openCards: number
}

const size = Number(process.argv[2] ?? 5000)
const boardName = process.argv[3] ?? 'Enterprise pipeline'
const sandbox = await startSandbox({ port: 0, quiet: true, preset: 'large', largeSize: size })
const { data } = sandbox.control.state
const board = [...data.boards.values()].find((b) => b.Name === boardName)
if (!board) throw new Error(`no board named ${boardName}`)
const openCards = [...data.opportunities.values()].filter(
  (o) => data.columns.get(o.CrmBoardColumnId)?.CrmBoardId === board.Id && o.Status === 1
).length
const ready: SandboxReady = { url: sandbox.url, boardId: board.Id, openCards }
process.send?.(ready)
process.on('disconnect', () => void sandbox.close().finally(() => process.exit(0)))
