/**
 * Nexudus dates as instants (API doc §9.3): servers differ in fraction digits, Z or offset, and a
 * list may carry a coarser UpdatedOn than a get-by-id of the same record. Pure and zod-free: main
 * compares with it before writing (board/stale.ts), the renderer when merging changed cards.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

export interface Instant {
  /** Epoch milliseconds, the fraction truncated to the millisecond. */
  ms: number
  /** The precision the string was written with: a day, a minute, a second … down to 1 ms. */
  unitMs: number
}

export function parseInstant(value: string): Instant | null {
  const m = ISO.exec(value.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, s, fraction, zone] = m
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0))
  if (Number.isNaN(ms)) return null
  if (fraction) ms += Number(fraction.slice(0, 3).padEnd(3, '0'))
  // No zone: UTC, as Nexudus writes it (§9.3); both sides come from the same server anyway.
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '')
    const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))
    ms -= (zone.startsWith('-') ? -1 : 1) * offsetMinutes * 60_000
  }
  const unitMs =
    h === undefined
      ? 86_400_000
      : s === undefined
        ? 60_000
        : fraction
          ? 10 ** (3 - Math.min(3, fraction.length))
          : 1000
  return { ms, unitMs }
}

/**
 * Same instant to the millisecond, or to the coarser precision of the two strings. If either is
 * null or not a date, the raw strings must match.
 */
export function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  const left = a ?? null
  const right = b ?? null
  if (left === null || right === null) return left === right
  const x = parseInstant(left)
  const y = parseInstant(right)
  if (!x || !y) return left.trim() === right.trim()
  const unit = Math.max(x.unitMs, y.unitMs)
  return Math.floor(x.ms / unit) === Math.floor(y.ms / unit)
}
