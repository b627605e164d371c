/**
 * Checks that keep the loopback bridge for this app only. Any web page the user opens can send
 * requests to 127.0.0.1, so every bridge call must prove it comes from our page: the Host header
 * names our loopback address (defeats DNS rebinding), the Origin is ours (defeats cross-site
 * requests) and the per-run secret matches (only our served page carries it).
 */
import { timingSafeEqual } from 'node:crypto'

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`]
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase())
}

export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return false
  return allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)
}

export function secretMatches(given: string | undefined | null, secret: string): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(given)
  const b = Buffer.from(secret)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Same CSP as the Electron window, so browser mode catches a violation the desktop app would hit. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'"
].join('; ')
