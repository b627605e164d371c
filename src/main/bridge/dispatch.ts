/**
 * One entry point for both transports (Electron IPC and the loopback bridge): checks the method
 * name, validates the input with the bridge schema, runs the handler, validates the output (so a
 * handler can never leak a field the contract does not name, such as a token) and wraps the
 * outcome in a Result.
 */
import type { z } from 'zod'
import { methods, type Handlers, type MethodName } from '../../shared/bridge'
import { fail, ok, type Result } from '../../shared/result'
import { alreadyChecked } from './checked'
import { AppError } from './errors'

export type Logger = (message: string) => void

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name)
}

/**
 * The renderer shows these words, and zod quotes an unknown key in its message: an untrusted page
 * could send a megabyte-long key and have it echoed back into a toast.
 */
const MAX_TEXT = 200
const clip = (text: string): string => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text)

/** zod issues → `{ 'path.to.field': message }`, first message per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? clip(issue.path.map(String).join('.')) : '_'
    fields[key] ??= clip(issue.message)
  }
  return fields
}

/** Only a string can name a method; anything else is described, since String() of it may throw. */
const describeName = (name: unknown): string =>
  typeof name === 'string' ? name.slice(0, 80) : `(${name === null ? 'null' : typeof name})`

export function createDispatcher(handlers: Handlers, log: Logger = () => {}) {
  return async function dispatch(name: unknown, rawInput: unknown): Promise<Result<unknown>> {
    if (!isMethodName(name)) {
      return fail({ kind: 'Validation', message: `Unknown bridge method: ${describeName(name)}` })
    }
    const def = methods[name]
    const parsed = def.input.safeParse(rawInput)
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error)
      return fail({ kind: 'Validation', message: Object.values(fields)[0] ?? 'Invalid input', fields })
    }
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>
      const value = await handler(parsed.data)
      if (alreadyChecked(value, def.output)) return ok(value)
      const output = def.output.safeParse(value)
      if (!output.success) {
        log(`bridge: ${name} produced output outside its contract: ${output.error.issues[0]?.message}`)
        return fail({ kind: 'Server', message: 'The app produced an unexpected answer. Please try again.' })
      }
      return ok(output.data)
    } catch (e) {
      if (e instanceof AppError) return fail(e.toBridge())
      log(`bridge: ${name} failed: ${e instanceof Error ? e.message : String(e)}`)
      return fail({ kind: 'Server', message: 'Something went wrong in the app. Please try again.' })
    }
  }
}

export type Dispatch = ReturnType<typeof createDispatcher>
