/** `npm run sandbox`: the sandbox on PORT (default 4010) with PRESET demo|large, until Ctrl+C. */
import { DEMO_USERS, startSandbox } from './index'

const port = Number(process.env.PORT ?? 4010)
const preset = process.env.PRESET === 'large' ? 'large' : 'demo'
const sandbox = await startSandbox({ port, preset, quiet: true })
const { admin, twoFactor, readOnly } = DEMO_USERS
const code = sandbox.control.totp()

console.log(
  [
    `Nexudus sandbox (${preset} preset) on ${sandbox.url}`,
    '',
    `  admin       ${admin.email} / ${admin.password}`,
    `  two-factor  ${twoFactor.email} / ${twoFactor.password}`,
    `              TOTP secret ${twoFactor.totpSecret} (add it to any authenticator app),`,
    `              or get the current code: curl ${sandbox.url}/__sandbox/totp   (now: ${code.code})`,
    `  read-only   ${readOnly.email} / ${readOnly.password}`,
    '',
    `  switches    curl ${sandbox.url}/__sandbox/switches`,
    '',
    'Ctrl+C to stop.'
  ].join('\n')
)

const stop = () => {
  void sandbox.close().finally(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
