// Drives the real @supabase/auth-js client through the mailed flows of a running Lead Ignite service
// with SMTP and email confirmation on: signUp → confirmation code → verifyOtp({type:'signup'}), then
// resetPasswordForEmail → recovery code → verifyOtp({type:'recovery'}) → updateUser({password}) →
// signInWithPassword with the new password.
// Usage: node auth-js-lifecycle.mjs <baseUrl>
// The harness answers a {"need_code": email, "type": t} line with the latest code mailed to that address
// (it reads the SMTP server). Prints one JSON line per step and a final {"summary"} line; exits 0 only if
// every step succeeded. Never prints tokens or passwords.
import { randomUUID } from 'node:crypto'
import { ask, baseUrl, errInfo, finish, newClient, record } from './harness.mjs'

const mailedCode = (address, type, count) => ask({ need_code: address, type, count })
const base = baseUrl('auth-js-lifecycle.mjs')
const client = newClient(base)

const email = `authjs-life-${randomUUID().slice(0, 12)}@example.test`
const password = `Js-${randomUUID()}`
const newPassword = `Js2-${randomUUID()}`
let orgId = null

try {
  {
    const { data, error } = await client.signUp({ email, password, options: { data: { org_name: 'auth-js lifecycle' } } })
    orgId = data.user?.app_metadata?.org_id ?? null
    record('signUp(confirmation pending)', !error && data.session === null && data.user?.email === email &&
      data.user?.email_confirmed_at == null, { error: errInfo(error) })
  }
  {
    const { error } = await client.signInWithPassword({ email, password })
    record('signInWithPassword(unconfirmed)', error?.code === 'email_not_confirmed' && error?.status === 400,
      { error: errInfo(error) })
  }
  {
    const { error } = await client.resend({ type: 'signup', email })
    record('resend(signup)', !error, { error: errInfo(error) })
  }
  {
    const token = await mailedCode(email, 'signup', 2)
    const { data, error } = await client.verifyOtp({ email, token, type: 'signup' })
    record('verifyOtp(signup)', !error && !!data.session?.access_token && !!data.user?.email_confirmed_at,
      { error: errInfo(error) })
  }
  {
    const { error } = await client.signOut()
    record('signOut', !error, { error: errInfo(error) })
  }
  {
    const { data, error } = await client.resetPasswordForEmail(email)
    record('resetPasswordForEmail', !error && data !== undefined, { error: errInfo(error) })
  }
  {
    const { error } = await client.resetPasswordForEmail(`nobody-${randomUUID().slice(0, 8)}@example.test`)
    record('resetPasswordForEmail(unknown address)', !error, { error: errInfo(error) })
  }
  let code = null
  {
    code = await mailedCode(email, 'recovery', 3)
    const { data, error } = await client.verifyOtp({ email, token: code, type: 'recovery' })
    record('verifyOtp(recovery)', !error && !!data.session?.access_token && data.user?.email === email,
      { error: errInfo(error) })
  }
  {
    const { data, error } = await client.updateUser({ password: newPassword })
    record('updateUser(password)', !error && data.user?.email === email, { error: errInfo(error) })
  }
  {
    const { error } = await client.verifyOtp({ email, token: code, type: 'recovery' })
    record('verifyOtp(replayed)', error?.code === 'otp_expired' && error?.status === 403, { error: errInfo(error) })
  }
  {
    const { error } = await client.signInWithPassword({ email, password })
    record('signInWithPassword(old password)', error?.code === 'invalid_credentials', { error: errInfo(error) })
  }
  {
    const { data, error } = await client.signInWithPassword({ email, password: newPassword })
    record('signInWithPassword(new password)', !error && !!data.session?.access_token, { error: errInfo(error) })
  }
} catch (e) {
  record('exception', false, { name: e?.name, message: String(e?.message ?? e).slice(0, 200) })
}

finish({ org_id: orgId })
