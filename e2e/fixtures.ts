/**
 * Each test gets a fresh app (its own userData, its own browser-mode server or Electron process)
 * against a per-worker sandbox that is reset before the test. Specs only use `app.page`, so the
 * same spec runs in Chromium (browser mode) and, where a binary exists, in Electron.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, _electron, type Page } from '@playwright/test'
import { DEMO_USERS, startSandbox, type RunningSandbox } from '../src/sandbox'
import { startWebServer } from '../src/web/server'
import { electronBinary } from './electron-binary'

export interface AppUnderTest {
  page: Page
  /** Every line main-process code logged during the test. */
  logs: string[]
}

interface Options {
  appKind: 'browser' | 'electron'
  /** The sandbox's data for this test; reset before it starts. */
  preset: 'demo' | 'large'
}

export const test = base.extend<
  { app: AppUnderTest; sandboxUrl: string } & Options,
  { sandbox: RunningSandbox }
>({
  appKind: ['browser', { option: true }],
  preset: ['demo', { option: true }],

  sandbox: [
    async ({}, use) => {
      const sandbox = await startSandbox({ port: 0, quiet: true })
      await use(sandbox)
      await sandbox.close()
    },
    { scope: 'worker' }
  ],

  sandboxUrl: async ({ sandbox, preset }, use) => {
    const reset = await fetch(`${sandbox.url}/__sandbox/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ preset })
    })
    if (!reset.ok) throw new Error(`sandbox reset failed: ${reset.status}`)
    await use(sandbox.url)
  },

  app: async ({ appKind, sandbox, sandboxUrl, browser }, use) => {
    const userDataDir = await mkdtemp(join(tmpdir(), 'pipeline-e2e-'))
    const logs: string[] = []
    if (appKind === 'electron') {
      const electronApp = await _electron.launch({
        executablePath: electronBinary()!,
        args: [resolve('out/main/index.js')],
        env: { ...process.env, NEXUDUS_API_URL: sandboxUrl, PIPELINE_USER_DATA: userDataDir } as Record<
          string,
          string
        >
      })
      electronApp.process().stdout?.on('data', (d: Buffer) => logs.push(d.toString()))
      const page = await electronApp.firstWindow()
      await use({ page, logs })
      await electronApp.close()
    } else {
      const web = await startWebServer({
        port: 0,
        staticDir: resolve('out/web'),
        userDataDir,
        apiUrl: sandboxUrl,
        log: (line) => logs.push(line),
        startDemo: async () => ({ url: sandbox.url, ...DEMO_USERS.admin, close: async () => {} })
      })
      const context = await browser.newContext()
      const page = await context.newPage()
      page.on('console', (m) => logs.push(`console: ${m.text()}`))
      await page.goto(web.url)
      await use({ page, logs })
      await context.close()
      await web.close()
    }
    await rm(userDataDir, { recursive: true, force: true })
  }
})

export { expect } from '@playwright/test'
export { DEMO_USERS }
