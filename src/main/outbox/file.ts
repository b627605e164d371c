/**
 * The outbox on disk: one file per account in userData, replaced atomically after every change, so
 * a crash or a power cut leaves the last complete list. What is read back is checked like any other
 * untrusted input; a file that is unreadable, of another version or another account is kept aside
 * (never deleted: it may hold the only copy of someone's changes) and the outbox starts empty.
 */
import { readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { MoveIntent } from '../../shared/bridge'
import { SaveInput } from '../../shared/details'
import { BoardCard } from '../../shared/card'
import { accountKey, type CacheAccount } from '../board/cache'
import { removeFile, writeFileAtomic } from '../fs-atomic'

export const OUTBOX_VERSION = 1

const common = {
  id: z.string().min(1).max(100),
  state: z.enum(['waiting', 'sending', 'failed', 'review']),
  message: z.string().nullable(),
  attempts: z.number().int().min(0),
  createdAt: z.string(),
  /** Its expectation will be replaced by what the entry before it (same card) lands. */
  chained: z.boolean(),
  fresh: BoardCard.optional()
}

export const StoredEntry = z.discriminatedUnion('kind', [
  z.object({ ...common, kind: z.literal('move'), input: MoveIntent }),
  z.object({ ...common, kind: z.literal('save'), input: SaveInput })
])
export type StoredEntry = z.infer<typeof StoredEntry>

const OutboxFile = z.object({
  version: z.literal(OUTBOX_VERSION),
  account: z.object({ server: z.string(), email: z.string() }),
  entries: z.array(StoredEntry)
})

export interface OutboxFiles {
  read(account: CacheAccount): Promise<StoredEntry[]>
  /** Resolves once this list (or a later one) is on disk. */
  write(account: CacheAccount, entries: readonly StoredEntry[]): Promise<void>
}

export function outboxFiles(userDataDir: string, log: (line: string) => void): OutboxFiles {
  const fileOf = (account: CacheAccount) => join(userDataDir, 'outbox', `${accountKey(account)}.json`)
  // Writes of one file go in order: an older list must never land after a newer one.
  let chain: Promise<void> = Promise.resolve()

  return {
    async read(account) {
      const file = fileOf(account)
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        log(`outbox: could not read the saved outbox (${(error as Error).message})`)
        return []
      }
      let parsed: z.ZodSafeParseResult<z.infer<typeof OutboxFile>> | null = null
      try {
        parsed = OutboxFile.safeParse(JSON.parse(text))
      } catch {
        parsed = null
      }
      const same =
        parsed?.success &&
        parsed.data.account.server === account.server &&
        parsed.data.account.email.toLowerCase() === account.email.toLowerCase()
      if (parsed?.success && same) return parsed.data.entries
      const aside = `${file}.unreadable-${Date.now()}`
      log(`outbox: the saved outbox could not be used; kept aside as ${aside}`)
      await rename(file, aside).catch(() => undefined)
      return []
    },

    write(account, entries) {
      const file = fileOf(account)
      const body =
        entries.length === 0
          ? null
          : JSON.stringify({ version: OUTBOX_VERSION, account, entries: [...entries] })
      const next = chain.then(async () => {
        try {
          if (body === null) await removeFile(file)
          else await writeFileAtomic(file, body)
        } catch (error) {
          log(`outbox: could not save the outbox (${(error as Error).message})`)
        }
      })
      chain = next
      return next
    }
  }
}
