import { DEMO_USERS, expect, test } from './fixtures'
import { ShellPage, SignInPage } from './pages/sign-in'

test('the access and refresh tokens never reach the renderer nor any log', async ({ app, sandbox }) => {
  const signIn = new SignInPage(app.page)
  await signIn.signIn(DEMO_USERS.admin.email, DEMO_USERS.admin.password)
  await new ShellPage(app.page).expectSignedIn(DEMO_USERS.admin.email)

  const tokens = sandbox.issuedTokens()
  // A password grant hands out one access and one refresh token; both must be hunted for.
  expect(tokens.length).toBeGreaterThanOrEqual(2)

  const seenByRenderer = await app.page.evaluate(async () => {
    const storage = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`)
    const globals = Object.keys(window)
      .filter((k) => !/^(webkit|on)/.test(k))
      .map((k) => {
        try {
          return `${k}=${JSON.stringify((window as unknown as Record<string, unknown>)[k])}`
        } catch {
          return k
        }
      })
    const status = await window.nexudus.auth.status()
    return [
      document.documentElement.outerHTML,
      document.cookie,
      ...storage(localStorage),
      ...storage(sessionStorage),
      ...globals,
      JSON.stringify(status),
      ...performance.getEntries().map((e) => e.name)
    ].join('\n')
  })
  const cookies = JSON.stringify(await app.page.context().cookies())

  for (const token of tokens) {
    expect(seenByRenderer).not.toContain(token)
    expect(cookies).not.toContain(token)
    for (const line of app.logs) expect(line).not.toContain(token)
  }
})
