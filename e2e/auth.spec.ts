import { totpCode } from '../src/sandbox'
import { DEMO_USERS, expect, test } from './fixtures'
import { ShellPage, SignInPage } from './pages/sign-in'

test.describe('sign-in', () => {
  test('signs in with email and password and lists the boards', async ({ app }) => {
    const signIn = new SignInPage(app.page)
    const shell = new ShellPage(app.page)
    await signIn.signIn(DEMO_USERS.admin.email, DEMO_USERS.admin.password)
    await shell.expectSignedIn(DEMO_USERS.admin.email)
    const options = await shell.boardPicker().locator('option').allTextContents()
    expect(options.length).toBeGreaterThanOrEqual(2)
  })

  test('says so plainly when the password is wrong, and stays on the form', async ({ app }) => {
    const signIn = new SignInPage(app.page)
    await signIn.signIn(DEMO_USERS.admin.email, 'not-the-password')
    await expect(signIn.alert()).toContainText('The email or password is incorrect.')
    await expect(signIn.email()).toHaveValue(DEMO_USERS.admin.email)
    await expect(signIn.code()).toHaveCount(0)
  })

  test('asks a two-factor user for the code, then gets in with it', async ({ app }) => {
    const signIn = new SignInPage(app.page)
    const shell = new ShellPage(app.page)
    await signIn.signIn(DEMO_USERS.twoFactor.email, DEMO_USERS.twoFactor.password)
    await expect(signIn.code()).toBeVisible()
    await expect(signIn.alert()).toContainText(/authenticator/i)
    await signIn.code().fill(totpCode(DEMO_USERS.twoFactor.totpSecret))
    await signIn.signInButton().click()
    await shell.expectSignedIn(DEMO_USERS.twoFactor.email)
  })

  test('signs out back to the sign-in screen', async ({ app }) => {
    const signIn = new SignInPage(app.page)
    const shell = new ShellPage(app.page)
    await signIn.signIn(DEMO_USERS.admin.email, DEMO_USERS.admin.password)
    await shell.expectSignedIn(DEMO_USERS.admin.email)
    await shell.signOutButton().click()
    await signIn.expectShown()
    // Signed out for real: a reload does not bring the session back.
    await app.page.reload()
    await signIn.expectShown()
  })

  test('"Open demo workspace" signs in to the built-in demo', async ({ app }) => {
    const signIn = new SignInPage(app.page)
    const shell = new ShellPage(app.page)
    await signIn.demoButton().click()
    await shell.expectSignedIn(DEMO_USERS.admin.email)
    await expect(app.page.getByText('Demo workspace')).toBeVisible()
  })

  test('an unreachable server is reported as such', async ({ app }) => {
    const signIn = new SignInPage(app.page)
    await app.page.getByText('Advanced').click()
    await app.page.getByLabel('Server').fill('http://127.0.0.1:9')
    await signIn.signIn(DEMO_USERS.admin.email, DEMO_USERS.admin.password)
    await expect(signIn.alert()).toContainText(/reach/i)
  })
})
