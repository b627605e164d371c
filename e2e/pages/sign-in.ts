import { expect, type Page } from '@playwright/test'

/** The sign-in screen, by the names of the accessibility contract (design brief). */
export class SignInPage {
  constructor(readonly page: Page) {}

  email = () => this.page.getByLabel('Email', { exact: true })
  password = () => this.page.getByLabel('Password', { exact: true })
  code = () => this.page.getByLabel('Authenticator code')
  signInButton = () => this.page.getByRole('button', { name: 'Sign in' })
  demoButton = () => this.page.getByRole('button', { name: 'Open demo workspace' })
  alert = () => this.page.getByRole('alert')

  async signIn(email: string, password: string): Promise<void> {
    await this.email().fill(email)
    await this.password().fill(password)
    await this.signInButton().click()
  }

  async expectShown(): Promise<void> {
    await expect(this.signInButton()).toBeVisible()
  }
}

export class ShellPage {
  constructor(readonly page: Page) {}

  ready = () => this.page.locator('[data-state="ready"]')
  signOutButton = () => this.page.getByRole('button', { name: 'Sign out' })
  boardPicker = () => this.page.getByRole('combobox', { name: 'Board' })

  async expectSignedIn(email: string): Promise<void> {
    await expect(this.ready()).toBeVisible()
    await expect(this.page.getByText(email)).toBeVisible()
  }
}
