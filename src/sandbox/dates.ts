/**
 * Nexudus emits UTC with seven fractional digits (…T08:29:03.5830361Z, API doc §9.3). Every date
 * is stored in that one format, so comparing two dates is comparing two strings.
 */

const INPUT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

const pad = (n: number, width: number) => String(n).padStart(width, '0')

/** Hand-rolled (civil-from-days) because toISOString dominated generating the large preset. */
export function formatNx(ms: number, subMs = 0): string {
  const days = Math.floor(ms / 86_400_000)
  const inDay = ms - days * 86_400_000
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0)
  const h = Math.floor(inDay / 3_600_000)
  const mi = Math.floor(inDay / 60_000) % 60
  const sec = Math.floor(inDay / 1000) % 60
  const frac = (inDay % 1000) * 10_000 + subMs
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(sec, 2)}.${pad(frac, 7)}Z`
}

/** Any ISO 8601 form a client may send (date only, minutes, any fraction, Z, offset or none = UTC). */
export function normalizeDate(input: string): string | null {
  const m = INPUT.exec(input.trim())
  if (!m) return null
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s))
  const check = new Date(ms)
  if (Number.isNaN(ms) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1)
    return null
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null
  let offsetMin = 0
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)))
  }
  const fraction = frac.padEnd(7, '0').slice(0, 7)
  const wholeMs = ms - offsetMin * 60_000 + Number(fraction.slice(0, 3))
  return formatNx(wholeMs, Number(fraction.slice(3)))
}

export function dateMs(nxDate: string): number {
  return Date.parse(nxDate.slice(0, 23) + 'Z')
}

/** A monotonic clock: two writes never share an UpdatedOn, so stale checks are exact. */
export interface Clock {
  nowMs(): number
  now(): string
}

export function createClock(offsetMs: () => number): Clock {
  let lastMs = 0
  let lastSub = 0
  return {
    nowMs: () => Date.now() + offsetMs(),
    now() {
      let ms = Date.now() + offsetMs()
      let sub = Number(process.hrtime.bigint() % 10_000n)
      if (ms < lastMs || (ms === lastMs && sub <= lastSub)) {
        ms = lastMs
        sub = lastSub + 1
        if (sub > 9999) {
          ms += 1
          sub = 0
        }
      }
      lastMs = ms
      lastSub = sub
      return formatNx(ms, sub)
    }
  }
}
