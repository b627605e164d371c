/**
 * How every tool here starts Debian's Chromium (Playwright's own browsers cannot be downloaded
 * on these machines): the e2e suite, the benchmark and the screenshot script.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumLaunchOptions = {
  executablePath: CHROMIUM_PATH,
  // Without these Chromium keeps dialling Google services this machine cannot reach.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
}
