/**
 * The renderer is untrusted, so every bridge method is fuzzed through the real dispatcher (the one
 * IPC and browser mode share) with whatever a compromised page could send. The oracle is each
 * method's own input schema: whatever it refuses must come back as a Validation Result without
 * reaching a handler, whatever it accepts must reach the handler exactly once, parsed. Inputs are
 * built from the schemas themselves, so a method added to the bridge is fuzzed without a change here.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { methodNames, methods, type Handlers, type MethodName } from '../../shared/bridge'
import type { Result } from '../../shared/result'
import type { RunningSandbox } from '../../sandbox'
import {
  DEMO_USERS,
  resetSandbox,
  sandboxView,
  signedIn,
  startQuietSandbox,
  type Session
} from '../board/harness'
import { createDispatcher } from './dispatch'
import { AppError } from './errors'

// Built once: fast-check would spend the whole time budget making megabytes per run.
const HUGE = 'x'.repeat(1_000_000)
const HUGE_DIGITS = '7'.repeat(100_000)
const HUGE_PADDED_EMAIL = `${' '.repeat(200_000)}ada@example.com`

function nested(depth: number, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = wrap(value)
  return value
}
const DEEP_ARRAY = nested(2_000, (inner) => [inner])
const DEEP_OBJECT = nested(2_000, (inner) => ({ boardId: inner, id: inner }))

/** An own enumerable `key` even when it is `__proto__`, as JSON.parse (browser mode) makes it. */
function withOwn(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true })
  return target
}

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf']

const pollution = fc.constantFrom<unknown>(
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  { constructor: { prototype: { polluted: true } } },
  Object.create(null),
  // Inherited, not own: what a schema sees through the prototype chain.
  Object.create({ boardId: 7, id: 11, polluted: true })
)

const WEIRD_NUMBERS = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 1,
  Number.MIN_SAFE_INTEGER - 1,
  Number.MIN_VALUE,
  Number.EPSILON,
  0.5,
  -1,
  2 ** 31,
  2 ** 53
]

/** Values no field expects, alone or in any field. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true
  }),
  fc.constantFrom<unknown>(...WEIRD_NUMBERS),
  fc.constantFrom<unknown>(HUGE, HUGE_DIGITS, HUGE_PADDED_EMAIL, '', '   ', '\u0000', '\uFEFF', '\uD800'),
  fc.constantFrom<unknown>(DEEP_ARRAY, DEEP_OBJECT, null, undefined, true, false, [], {}),
  pollution
)

const extraKey = fc.oneof(fc.constantFrom(...POLLUTING_KEYS, HUGE, ''), fc.string({ maxLength: 12 }))

/** Near misses and hits: valid inputs must be generated too, and a file: URL or 30 February must not pass. */
const PLAUSIBLE_STRINGS = [
  'ada@example.com',
  '  ada@example.com ',
  'pw',
  '123456',
  'https://spaces.nexudus.com',
  'http://127.0.0.1:9',
  'file:///etc/passwd',
  'javascript:alert(1)',
  '2025-01-15T10:30:00.1234567Z',
  '2025-02-01',
  '2025-02-30',
  'e-1',
  'ada',
  'Desk by the window'
]

function patternsOf(schema: z.ZodType): RegExp[] {
  const def = schema._zod.def as { pattern?: unknown; checks?: { _zod: { def: { pattern?: unknown } } }[] }
  const own = [def.pattern, ...(def.checks ?? []).map((check) => check._zod.def.pattern)]
  return own.filter((p): p is RegExp => p instanceof RegExp)
}

/**
 * Values shaped by the schema: the right keys and plausible leaves. Clean ones are often valid (so
 * the oracle's other side is exercised too); noisy ones have any node replaced by a nasty value
 * now and then, and objects missing keys or carrying extra ones.
 */
function shapedBy(schema: z.ZodType, noisy: boolean, depth = 0): fc.Arbitrary<unknown> {
  if (!noisy) return plausible(schema, noisy, depth)
  return fc.oneof({ arbitrary: plausible(schema, noisy, depth), weight: 5 }, { arbitrary: nasty, weight: 1 })
}

function plausible(schema: z.ZodType, noisy: boolean, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return nasty
  const inner = (child: z.ZodType) => shapedBy(child, noisy, depth + 1)
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    const missing = schema instanceof z.ZodOptional ? undefined : null
    // Mostly absent: a record of thirty optional fields would otherwise almost never be valid.
    return fc.oneof(
      { arbitrary: fc.constant(missing), weight: 3 },
      { arbitrary: inner(schema.unwrap() as z.ZodType), weight: 1 }
    )
  }
  if (schema instanceof z.ZodDefault)
    return fc.oneof(fc.constant(undefined), inner(schema.unwrap() as z.ZodType))
  if (schema instanceof z.ZodPipe) {
    const patterns = [...patternsOf(schema.in as z.ZodType), ...patternsOf(schema.out as z.ZodType)]
    const from = plausible(schema.in as z.ZodType, noisy, depth)
    return patterns.length ? fc.oneof(from, ...patterns.map((p) => fc.stringMatching(p))) : from
  }
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>
    const keys = Object.keys(shape)
    const fields = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, inner(field)]))
    const record = fc.record(fields, { requiredKeys: keys })
    if (!noisy) return record
    const dropped = fc.subarray(keys, { maxLength: Math.min(2, keys.length) })
    const extras = fc.array(fc.tuple(extraKey, nasty), { minLength: 1, maxLength: 2 })
    const none = fc.constant<[string, unknown][]>([])
    const noKeys = fc.constant<string[]>([])
    return fc
      .tuple(
        record,
        fc.oneof({ arbitrary: noKeys, weight: 3 }, { arbitrary: dropped, weight: 1 }),
        fc.oneof({ arbitrary: none, weight: 3 }, { arbitrary: extras, weight: 1 })
      )
      .map(([base, drop, extra]) => {
        const value: Record<string, unknown> = {}
        for (const [key, field] of Object.entries(base)) if (!drop.includes(key)) value[key] = field
        for (const [key, field] of extra) withOwn(value, key, field)
        return value
      })
  }
  if (schema instanceof z.ZodUnion)
    return fc.oneof(...(schema.options as z.ZodType[]).map((o) => plausible(o, noisy, depth + 1)))
  if (schema instanceof z.ZodArray) return fc.array(inner(schema.element as z.ZodType), { maxLength: 4 })
  if (schema instanceof z.ZodLiteral) return fc.constantFrom(...(schema.values as Set<unknown>))
  if (schema instanceof z.ZodEnum) return fc.constantFrom(...(schema.options as unknown[]))
  if (schema instanceof z.ZodBoolean) return fc.boolean()
  if (schema instanceof z.ZodNumber) {
    const sane = fc.oneof(fc.integer({ min: -3, max: 20 }), fc.maxSafeInteger(), fc.double())
    return noisy ? fc.oneof(sane, fc.constantFrom(...WEIRD_NUMBERS)) : sane
  }
  if (schema instanceof z.ZodString) {
    const patterns = patternsOf(schema).map((p) => fc.stringMatching(p))
    return fc.oneof(
      fc.constantFrom(...PLAUSIBLE_STRINGS),
      fc.string({ maxLength: 40 }),
      // A field with a format is mostly given that format, or it would always be refused.
      ...patterns,
      ...patterns
    )
  }
  return nasty
}

function inputFor(name: MethodName): fc.Arbitrary<unknown> {
  const input = methods[name].input
  return fc.oneof(
    { arbitrary: shapedBy(input, false), weight: 2 },
    { arbitrary: shapedBy(input, true), weight: 3 },
    { arbitrary: nasty, weight: 1 }
  )
}

/** What the renderer must get for input its schema refuses: words, and nothing it could choke on. */
function expectValidationAnswer(result: Result<unknown>): void {
  expect(result.ok).toBe(false)
  if (result.ok) return
  expect(result.error.kind).toBe('Validation')
  expect(result.error.message.trim()).not.toBe('')
  // It ends up in a toast: an echoed megabyte key must not.
  expect(result.error.message.length).toBeLessThanOrEqual(300)
  for (const [field, message] of Object.entries(result.error.fields ?? {})) {
    expect(typeof message).toBe('string')
    expect(field.length + message.length).toBeLessThanOrEqual(600)
  }
  // Both transports copy the answer: Electron by structured clone, browser mode as JSON.
  expect(structuredClone(result)).toEqual(result)
  expect(JSON.parse(JSON.stringify(result))).toEqual(result)
}

function expectPrototypesClean(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(PROTOTYPE_KEYS)
}
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype)

const refused = (name: MethodName) => new AppError('NotFound', `recorded ${name}`)

/** Handlers that only record what reached them, so a valid random input writes nothing anywhere. */
function recordingHandlers() {
  const calls: { name: MethodName; input: unknown }[] = []
  const handlers = Object.fromEntries(
    methodNames.map((name) => [
      name,
      async (input: unknown) => {
        calls.push({ name, input })
        throw refused(name)
      }
    ])
  ) as unknown as Handlers
  return { calls, handlers }
}

describe('every bridge method under random and malformed input (recording handlers)', () => {
  const RUNS = 300
  let accepted = 0
  // Both sides of the oracle must be exercised, or "never reaches a handler" says little.
  afterAll(() => expect(accepted).toBeGreaterThan(0))

  it.each(methodNames)('%s: refused input is a Validation answer that reaches no handler', async (name) => {
    const { calls, handlers } = recordingHandlers()
    const logged: string[] = []
    const dispatch = createDispatcher(handlers, (line) => logged.push(line))
    const seen = { valid: 0, invalid: 0 }
    await fc.assert(
      fc.asyncProperty(inputFor(name), async (input) => {
        calls.length = 0
        const result = await dispatch(name, input)
        const parsed = methods[name].input.safeParse(input)
        if (!parsed.success) {
          seen.invalid++
          expectValidationAnswer(result)
          expect(calls).toEqual([])
        } else {
          seen.valid++
          expect(calls).toEqual([{ name, input: parsed.data }])
          expect(result).toEqual({ ok: false, error: refused(name).toBridge() })
        }
      }),
      { numRuns: RUNS }
    )
    expectPrototypesClean()
    expect(logged).toEqual([])
    expect(seen.valid + seen.invalid).toBe(RUNS)
    expect(seen.invalid).toBeGreaterThan(0)
    accepted += seen.valid
  })

  it('answers any method name outside the bridge with Validation, whatever the name is', async () => {
    const { calls, handlers } = recordingHandlers()
    const dispatch = createDispatcher(handlers)
    const name = fc.oneof(
      nasty,
      fc.constantFrom(
        ...POLLUTING_KEYS,
        'auth',
        'auth.',
        '.status',
        'AUTH.STATUS',
        'auth.status ',
        'fs.readFile'
      )
    )
    await fc.assert(
      fc.asyncProperty(name, nasty, async (method, input) => {
        fc.pre(!(methodNames as readonly unknown[]).includes(method))
        expectValidationAnswer(await dispatch(method, input))
      }),
      { numRuns: 300 }
    )
    expect(calls).toEqual([])
  })
})

/**
 * Reads go to the sandbox for real; anything that could write or change the session is a recorder,
 * because a random valid intent could otherwise move, edit or delete demo cards, or sign out.
 */
const REAL: ReadonlySet<string> = new Set([
  'auth.status',
  'boards.list',
  'board.cached',
  'board.load',
  'opportunity.get',
  'lookup.coworkers',
  'lookup.users',
  'lookup.opportunityTypes',
  'outbox.list'
])

describe('the real services after a fuzzing (signed in to the sandbox)', () => {
  let sandbox: RunningSandbox
  let session: Session

  beforeAll(async () => {
    sandbox = await startQuietSandbox()
    resetSandbox(sandbox)
    session = await signedIn(sandbox)
  })
  afterAll(async () => {
    await session?.close()
    await sandbox?.close()
  })

  it('never reaches a handler with refused input, never throws, and still answers valid calls', async () => {
    const reached: MethodName[] = []
    const guarded = Object.fromEntries(
      methodNames.map((name) => [
        name,
        async (input: unknown) => {
          reached.push(name)
          if (!REAL.has(name)) throw refused(name)
          return (session.handlers[name] as (input: unknown) => Promise<unknown>)(input)
        }
      ])
    ) as unknown as Handlers
    // The dispatcher logs what a handler threw that was not an AppError: a crash, here a bug.
    const crashes: string[] = []
    const dispatch = createDispatcher(guarded, (line) => crashes.push(line))

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methodNames).chain((name) => fc.tuple(fc.constant(name), inputFor(name))),
        async ([name, input]) => {
          reached.length = 0
          const result = await dispatch(name, input)
          if (methods[name].input.safeParse(input).success) {
            expect(reached).toEqual([name])
            // A real read may fail (a random id is not found), but only as a Result.
            expect(typeof result.ok).toBe('boolean')
          } else {
            expectValidationAnswer(result)
            expect(reached).toEqual([])
          }
        }
      ),
      { numRuns: 250 }
    )
    expectPrototypesClean()
    expect(crashes).toEqual([])

    expect(await dispatch('auth.status', undefined)).toEqual({
      ok: true,
      data: expect.objectContaining({ signedIn: true, email: DEMO_USERS.admin.email })
    })
    const boards = await dispatch('boards.list', {})
    const active = [...sandbox.control.state.data.boards.values()].filter((b) => !b.Archived)
    expect(boards.ok).toBe(true)
    if (boards.ok) {
      const listed = boards.data as { Id: number; Name: string }[]
      expect(listed.map((b) => b.Id).sort()).toEqual(active.map((b) => b.Id).sort())
    }
    // The fuzzing wrote nothing to the server.
    const writes = sandboxView(sandbox)
      .requests()
      .filter((r) => r.method !== 'GET')
    expect(writes).toEqual([])
  })
})
