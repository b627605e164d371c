import { createHmac } from 'node:crypto'

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

function base32Decode(input: string): Buffer {
  const clean = input.replace(/[\s=-]/g, '').toUpperCase()
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const ch of clean) {
    const index = BASE32.indexOf(ch)
    if (index === -1) throw new Error(`not a base32 character: ${ch}`)
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** RFC 6238 TOTP: HMAC-SHA1, 6 digits, 30 s step. */
export function totpCode(secretBase32: string, atMs: number = Date.now()): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)))
  const hmac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest()
  const offset = (hmac[hmac.length - 1] ?? 0) & 0x0f
  const binary = hmac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

/** One step either side is accepted, as authenticator apps and servers usually allow for clock drift. */
export function verifyTotp(secretBase32: string, code: string, atMs: number = Date.now()): boolean {
  const trimmed = code.trim()
  return [-1, 0, 1].some((step) => totpCode(secretBase32, atMs + step * 30_000) === trimmed)
}
