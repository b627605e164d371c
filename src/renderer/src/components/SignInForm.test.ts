// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import type { BridgeError } from '../../../shared/result'
import SignInForm from './SignInForm.vue'

type Props = InstanceType<typeof SignInForm>['$props']

const mounted: VueWrapper[] = []
afterEach(() => {
  while (mounted.length) mounted.pop()!.unmount()
})

function mountForm(props: Partial<Props> = {}) {
  const wrapper = mount(SignInForm, {
    props: {
      defaultServer: 'https://spaces.nexudus.com',
      needsCode: false,
      pending: null,
      error: null,
      ...props
    },
    attachTo: document.body
  })
  mounted.push(wrapper)
  return wrapper
}

/** The control labelled `name`, found the way a screen reader would: label → for → id. */
function byLabel(wrapper: VueWrapper, name: string) {
  const label = wrapper.findAll('label').find((l) => l.text() === name)
  if (!label) return null
  return wrapper.find<HTMLInputElement>(`#${label.attributes('for')}`)
}

function button(wrapper: VueWrapper, name: string) {
  return wrapper.findAll('button').find((b) => b.text() === name)
}

describe('SignInForm', () => {
  it('has the labelled fields and buttons of the accessibility contract', () => {
    const wrapper = mountForm()
    expect(byLabel(wrapper, 'Email')?.exists()).toBe(true)
    expect(byLabel(wrapper, 'Password')?.attributes('type')).toBe('password')
    expect(byLabel(wrapper, 'Authenticator code')).toBeNull()
    const server = byLabel(wrapper, 'Server')
    expect(server?.element.value).toBe('https://spaces.nexudus.com')
    expect(server?.element.closest('details')?.querySelector('summary')?.textContent).toBe('Advanced')
    expect(button(wrapper, 'Sign in')?.attributes('type')).toBe('submit')
    expect(button(wrapper, 'Open demo workspace')).toBeDefined()
    expect(wrapper.find('[role="alert"]').text()).toBe('')
    expect(document.activeElement).toBe(byLabel(wrapper, 'Email')?.element)
  })

  it('emits what was typed; the code and server only when given', async () => {
    const wrapper = mountForm()
    await byLabel(wrapper, 'Email')!.setValue('ada@example.com')
    await byLabel(wrapper, 'Password')!.setValue('secret')
    await byLabel(wrapper, 'Server')!.setValue('  ')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('signIn')?.[0]).toEqual([{ email: 'ada@example.com', password: 'secret' }])
    await button(wrapper, 'Open demo workspace')!.trigger('click')
    expect(wrapper.emitted('openDemo')).toHaveLength(1)
  })

  it('shows the authenticator field after TwoFactorRequired and sends the code', async () => {
    const wrapper = mountForm()
    await byLabel(wrapper, 'Email')!.setValue('ada@example.com')
    await byLabel(wrapper, 'Password')!.setValue('secret')
    const error: BridgeError = { kind: 'TwoFactorRequired', message: 'two_factor_auth_check' }
    await wrapper.setProps({ needsCode: true, error })
    await new Promise((r) => setTimeout(r))
    const code = byLabel(wrapper, 'Authenticator code')
    expect(code?.exists()).toBe(true)
    expect(code?.attributes('autocomplete')).toBe('one-time-code')
    expect(wrapper.find('[role="alert"]').text()).toMatch(/authenticator app/)
    expect(document.activeElement).toBe(code?.element)
    await code!.setValue(' 123456 ')
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('signIn')?.[0]).toEqual([
      { email: 'ada@example.com', password: 'secret', totp: '123456', server: 'https://spaces.nexudus.com' }
    ])
    // The same answer again now means the code was refused.
    await wrapper.setProps({ error: { ...error } })
    expect(wrapper.find('[role="alert"]').text()).toMatch(/not accepted/)
  })

  it("shows main's message for a wrong password in the alert", async () => {
    const wrapper = mountForm()
    await wrapper.setProps({
      error: { kind: 'Unauthorized', message: 'The email or password is incorrect.' }
    })
    expect(wrapper.find('[role="alert"]').text()).toBe('The email or password is incorrect.')
    expect(byLabel(wrapper, 'Authenticator code')).toBeNull()
  })

  it('puts field errors under the matching field, tied with aria-invalid and aria-describedby', async () => {
    const wrapper = mountForm()
    await wrapper.setProps({
      error: { kind: 'Validation', message: 'x', fields: { email: 'Enter a valid email address' } }
    })
    await new Promise((r) => setTimeout(r))
    const email = byLabel(wrapper, 'Email')!
    expect(email.attributes('aria-invalid')).toBe('true')
    const described = wrapper.find(`#${email.attributes('aria-describedby')}`)
    expect(described.text()).toBe('Enter a valid email address')
    expect(byLabel(wrapper, 'Password')!.attributes('aria-invalid')).toBeUndefined()
    expect(wrapper.find('[role="alert"]').text()).toBe('Check the marked field.')
    expect(document.activeElement).toBe(email.element)
    // Typing in the field retires its message.
    await email.setValue('ada@example.com')
    expect(email.attributes('aria-invalid')).toBeUndefined()
    expect(wrapper.text()).not.toContain('Enter a valid email address')
  })

  it('opens "Advanced" when the server address is the problem', async () => {
    const wrapper = mountForm()
    await wrapper.setProps({
      error: {
        kind: 'Validation',
        message: 'x',
        fields: { server: 'Enter a server address starting with https://' }
      }
    })
    expect(wrapper.find('details').attributes('open')).toBeDefined()
    expect(wrapper.text()).toContain('Enter a server address starting with https://')
  })

  it('disables the buttons while signing in, and leaves the fields usable', async () => {
    const wrapper = mountForm({ pending: 'signIn' })
    const submit = wrapper.find('button[type="submit"]')
    expect(submit.text()).toBe('Signing in…')
    expect(submit.attributes('disabled')).toBeDefined()
    expect(button(wrapper, 'Open demo workspace')!.attributes('disabled')).toBeDefined()
    expect(byLabel(wrapper, 'Email')!.attributes('disabled')).toBeUndefined()
    expect(byLabel(wrapper, 'Password')!.attributes('disabled')).toBeUndefined()
    await wrapper.find('form').trigger('submit')
    expect(wrapper.emitted('signIn')).toBeUndefined()
    await wrapper.setProps({ pending: null })
    expect(button(wrapper, 'Sign in')!.attributes('disabled')).toBeUndefined()
  })
})
