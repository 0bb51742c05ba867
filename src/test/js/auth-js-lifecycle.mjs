// Drives the real @supabase/auth-js client through the mailed flows of a running Lead Ignite service
// with SMTP and email confirmation on: signUp → confirmation code → verifyOtp({type:'signup'}), then
// resetPasswordForEmail → recovery code → verifyOtp({type:'recovery'}) → updateUser({password}) →
// signInWithPassword with the new password.
// Usage: node auth-js-lifecycle.mjs <baseUrl>
// The harness answers a {"need_code": email, "type": t} line with the latest code mailed to that address
// (it reads the SMTP server). Prints one JSON line per step and a final {"summary"} line; exits 0 only if
// every step succeeded. Never prints tokens or passwords.
import { GoTrueClient } from '@supabase/auth-js'
import { randomUUID } from 'node:crypto'
import { createInterface } from 'node:readline'

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()
async function mailedCode(address, type, count) {
  console.log(JSON.stringify({ need_code: address, type, count }))
  const { value } = await stdinLines.next()
  return (value ?? '').trim()
}

const base = process.argv[2]
if (!base) {
  console.error('usage: node auth-js-lifecycle.mjs <baseUrl>')
  process.exit(2)
}

const memory = new Map()
const client = new GoTrueClient({
  url: `${base}/auth/v1`,
  headers: { apikey: 'public-anon-key' },
  storage: {
    getItem: (k) => (memory.has(k) ? memory.get(k) : null),
    setItem: (k, v) => { memory.set(k, v) },
    removeItem: (k) => { memory.delete(k) },
  },
  persistSession: true,
  autoRefreshToken: false,
  detectSessionInUrl: false,
})

const results = []
function record(step, ok, detail) {
  results.push({ step, ok })
  console.log(JSON.stringify({ step, ok, detail: detail ?? null }))
}
function errInfo(error) {
  return error ? { name: error.name, status: error.status, code: error.code } : null
}

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

const failed = results.filter((r) => !r.ok).map((r) => r.step)
console.log(JSON.stringify({ summary: { passed: results.length - failed.length, failed, org_id: orgId } }))
stdinLines.return?.()
process.exit(failed.length === 0 && results.length > 0 ? 0 : 1)
