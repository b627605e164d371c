/**
 * Pure security rules of the Electron glue: which URLs are the app, which links may leave the app,
 * and the Content-Security-Policy. No 'electron' import, so every rule is unit-tested as plain
 * functions and window.ts / ipc.ts only wire them to Electron's hooks.
 */
import { pathToFileURL } from 'node:url'
import type { Result } from '../shared/result'

/**
 * Where the renderer comes from: the built index.html on disk, or (unpackaged dev only) the
 * electron-vite dev server. Everything that trusts "our page" derives from this one value.
 */
export type AppLocation =
  { kind: 'file'; indexPath: string; indexUrl: string } | { kind: 'dev'; url: string; origin: string }

/**
 * `devUrl` is ELECTRON_RENDERER_URL, passed only when the app is not packaged: a packaged app must
 * never be talked into loading (and trusting) a page named by an environment variable.
 */
export function resolveAppLocation(rendererIndexPath: string, devUrl?: string): AppLocation {
  const dev = devUrl ? parseUrl(devUrl) : null
  if (dev && (dev.protocol === 'http:' || dev.protocol === 'https:')) {
    return { kind: 'dev', url: dev.href, origin: dev.origin }
  }
  return { kind: 'file', indexPath: rendererIndexPath, indexUrl: pathToFileURL(rendererIndexPath).href }
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * Is `url` a page of this app? In production only the one index.html counts (not any file: URL,
 * which would trust every file on disk); the hash and query are the router's business. In dev, the
 * dev server's origin.
 */
export function isAppUrl(url: string, app: AppLocation): boolean {
  const u = parseUrl(url)
  if (!u) return false
  if (app.kind === 'dev') return u.origin === app.origin
  const index = new URL(app.indexUrl)
  return u.protocol === 'file:' && u.host === index.host && u.pathname === index.pathname
}

/**
 * Links we hand to the OS: https web pages and mailto only. Everything else (http, file, smb,
 * custom schemes, javascript) can run or fetch things outside the app's control.
 */
export function isSafeExternalUrl(url: string): boolean {
  const u = parseUrl(url)
  if (!u) return false
  if (u.protocol === 'mailto:') return true
  // Credentials in a link are a classic phishing disguise (https://bank.com@evil.example).
  return u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === ''
}

/**
 * The renderer's CSP. No 'unsafe-eval' and scripts only from the app itself: an injected string
 * can never become code. Inline styles are allowed because Vue and the UI primitives set style
 * attributes. The renderer talks to main over IPC only, so connect-src needs nothing remote. In dev
 * the Vite server (another origin than file:) and its HMR websocket are added.
 */
export function buildCsp(app: AppLocation): string {
  const dev = app.kind === 'dev' ? app.origin : null
  const extra = (...sources: string[]): string => (dev ? ` ${sources.join(' ')}` : '')
  const ws = dev ? dev.replace(/^http/, 'ws') : ''
  return [
    `default-src 'self'${extra(dev ?? '')}`,
    `script-src 'self'${extra(dev ?? '')}`,
    `style-src 'self' 'unsafe-inline'${extra(dev ?? '')}`,
    `img-src 'self' data:${extra(dev ?? '')}`,
    `font-src 'self' data:${extra(dev ?? '')}`,
    `connect-src 'self'${extra(dev ?? '', ws)}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'"
  ].join('; ')
}

/**
 * Last line of defence for log lines: anything shaped like a bearer token or a token/password
 * field is masked. Callers must still never log secrets; this catches the accident.
 */
export function redactSecrets(line: string): string {
  return line
    .replace(/(bearer\s+)[^\s"',]+/gi, '$1[redacted]')
    .replace(
      /((?:access_token|refresh_token|token|password|totp)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
      '$1[redacted]'
    )
}

/**
 * A failed answer with its words passed through redactSecrets before they reach the renderer.
 * Error messages carry server text (a 500's Message), and a server that echoes the request, as
 * debug error pages do, would otherwise hand the page our own Authorization header. Answers that
 * succeeded are returned as they are: their output schemas have no field a token could hide in.
 */
export function redactResult<T>(result: Result<T>): Result<T> {
  if (result.ok) return result
  const { message, fields } = result.error
  return {
    ok: false,
    error: {
      ...result.error,
      message: redactSecrets(message),
      ...(fields && {
        fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, redactSecrets(v)]))
      })
    }
  }
}
