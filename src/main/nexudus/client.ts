/**
 * The Nexudus REST client the services use: typed reads validated with zod, writes checked for
 * WasSuccessful, and every failure an AppError (never a crash). Transport details (token, retries,
 * deadlines, size cap) live in transport.ts.
 */
import { z } from 'zod'
import { listEnvelope } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import {
  describeIssue,
  errorForStatus,
  parseJson,
  readWriteAnswer,
  serverMessage,
  type WriteResult
} from './http-errors'
import type { HttpMethod } from './retry-policy'
import { createTransport, unreadableAnswer, type TokenSource, type TransportOptions } from './transport'

export type { WriteResult } from './http-errors'

export const DEFAULT_SERVER = 'https://spaces.nexudus.com'
/** The documented maximum page size (API doc §3.2, O16). */
export const MAX_PAGE_SIZE = 1000
/** Guards against a server whose TotalPages never ends (pitfall §11.5). */
const MAX_PAGES = 1000

export type Query = Record<string, string | number | boolean | null | undefined>

export interface ListPage<T> {
  Records: T[]
  CurrentPage: number
  TotalItems: number
  TotalPages: number
  HasNextPage?: boolean | null
}

export interface ListAllOptions {
  /** Records per page, 1–1000; default 500. */
  size?: number
  /** Pages fetched at once; default 4. */
  concurrency?: number
  onProgress?: (progress: { loaded: number; total: number }) => void
}

export type NexudusClientOptions = Omit<TransportOptions, 'auth'> & { session: TokenSource }

export interface NexudusClient {
  list<S extends z.ZodType>(path: string, schema: S, query?: Query): Promise<ListPage<z.output<S>>>
  listAll<S extends z.ZodType>(
    path: string,
    schema: S,
    query?: Query,
    options?: ListAllOptions
  ): Promise<z.output<S>[]>
  get<S extends z.ZodType>(path: string, id: number, schema: S): Promise<z.output<S>>
  post(path: string, body: object): Promise<WriteResult>
  put(path: string, body: object): Promise<WriteResult>
  /** Resolves `{ gone: true }` when a retried DELETE finds the record already deleted. */
  del(path: string, id: number): Promise<WriteResult & { gone: boolean }>
  close(): void
}

export function createNexudusClient(options: NexudusClientOptions): NexudusClient {
  const { session, ...transportOptions } = options
  const transport = createTransport({ ...transportOptions, auth: session })

  function urlFor(path: string, query?: Query): string {
    const server = session.server()
    if (!server) throw new AppError('Unauthorized', 'Please sign in first.')
    const url = new URL(path, server)
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(key, String(value))
    }
    return url.toString()
  }

  async function call(method: HttpMethod, path: string, query?: Query, json?: object) {
    const response = await transport.send({ method, url: urlFor(path, query), json })
    if (response.status >= 200 && response.status < 300) return response
    if (method === 'DELETE' && response.status === 404 && response.attempts > 1) return response
    throw errorForStatus({ method, path, status: response.status, body: response.body })
  }

  async function read<S extends z.ZodType>(path: string, schema: S, query?: Query): Promise<z.output<S>> {
    const { body } = await call('GET', path, query)
    const json = parseJson(body)
    if (!json.ok) throw unreadableAnswer(body.trim() === '' ? 'empty answer' : 'not JSON')
    const parsed = schema.safeParse(json.value)
    if (parsed.success) return parsed.data
    // Some business failures arrive as 200 + an envelope (API doc §3.4): show their Message.
    // Checked on the parsed value first: serverMessage parses again, and the body may be megabytes.
    if ((json.value as { WasSuccessful?: unknown } | null)?.WasSuccessful === false) {
      const refused = serverMessage(body)
      if (refused) throw new AppError('Server', refused)
    }
    throw unreadableAnswer(describeIssue(parsed.error))
  }

  function assertId(id: number): void {
    if (!Number.isSafeInteger(id) || id < 0) throw new AppError('Validation', 'Invalid record id.')
  }

  const client: NexudusClient = {
    list(path, schema, query) {
      return read(path, listEnvelope(schema), query) as Promise<ListPage<z.output<typeof schema>>>
    },

    async listAll(path, schema, query = {}, { size = 500, concurrency = 4, onProgress } = {}) {
      const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)))
      const fetchPage = (page: number) => client.list(path, schema, { ...query, page, size: pageSize })
      const first = await fetchPage(1)
      const totalPages = Math.max(1, first.TotalPages)
      if (totalPages > MAX_PAGES) throw unreadableAnswer(`${totalPages} pages is more than the app can load`)
      const pages: (typeof first.Records)[] = [first.Records]
      let loaded = first.Records.length
      const total = Math.max(first.TotalItems, loaded)
      onProgress?.({ loaded, total })

      let next = 2
      const worker = async () => {
        while (next <= totalPages) {
          const page = next++
          const { Records } = await fetchPage(page)
          pages[page - 1] = Records
          loaded += Records.length
          onProgress?.({ loaded, total })
        }
      }
      const workers = Math.max(1, Math.min(concurrency, totalPages - 1))
      await Promise.all(Array.from({ length: workers }, worker))
      return dedupeById(pages.flat())
    },

    async get(path, id, schema) {
      assertId(id)
      const record = await read(`${path.replace(/\/$/, '')}/${id}`, schema)
      // A GET is what a whole-record PUT is built from: another record's answer (a confused proxy
      // or cache) would write this one's fields over that one.
      const answered = (record as { Id?: unknown } | null)?.Id
      if (answered !== undefined && answered !== id) throw unreadableAnswer('it is for another record')
      return record
    },

    async post(path, body) {
      return readWriteAnswer((await call('POST', path, undefined, body)).body, 'POST')
    },

    async put(path, body) {
      return readWriteAnswer((await call('PUT', path, undefined, body)).body, 'PUT')
    },

    async del(path, id) {
      assertId(id)
      const response = await call('DELETE', `${path.replace(/\/$/, '')}/${id}`)
      if (response.status === 404) return { id, message: null, gone: true }
      return { ...readWriteAnswer(response.body, 'DELETE'), gone: false }
    },

    close: () => transport.close()
  }
  return client
}

/** Records can shift between pages while someone edits; the same Id twice would be one card twice. */
function dedupeById<T>(records: T[]): T[] {
  const seen = new Set<unknown>()
  return records.filter((record) => {
    const id = (record as { Id?: unknown } | null)?.Id
    if (typeof id !== 'number') return true
    if (seen.has(id)) return false
    seen.add(id)
    return true
  })
}
