// Drives the real @supabase/auth-js client against a running Lead Ignite service.
// Usage: node auth-js-flow.mjs <baseUrl>
// Prints one JSON line per step ({"step","ok","detail"}) and a final {"summary"} line; exits 0 only if
// every step succeeded. Never prints tokens or passwords.
import { randomUUID } from 'node:crypto'
import { ask, baseUrl, errInfo, finish, newClient, record } from './harness.mjs'

// The test harness answers a {"need_nonce": email} line with the code "mailed" to that address.
const nonceFor = (address) => ask({ need_nonce: address })
const base = baseUrl('auth-js-flow.mjs')
const client = newClient(base)

const email = `authjs-${randomUUID().slice(0, 12)}@example.test`
const password = `Js-${randomUUID()}`
const newPassword = `Js2-${randomUUID()}`
const thirdPassword = `Js3-${randomUUID()}`
let orgId = null

try {
  // signUp: a new org with its first admin
  {
    const { data, error } = await client.signUp({ email, password, options: { data: { org_name: 'auth-js org', full_name: 'Js User' } } })
    const ok = !error && !!data.session?.access_token && data.user?.email === email && data.user?.app_metadata?.role === 'admin'
    orgId = data.user?.app_metadata?.org_id ?? null
    record('signUp', ok, { error: errInfo(error), org_id: orgId })
  }
  // an error comes back typed, with its code (2024-01-01 shape)
  {
    const { error } = await client.signInWithPassword({ email, password: 'Not-The-Password-123' })
    record('signInWithPassword(wrong)', error?.code === 'invalid_credentials' && error?.status === 400, { error: errInfo(error) })
  }
  // signInWithPassword
  let firstRefresh = null
  {
    const { data, error } = await client.signInWithPassword({ email, password })
    firstRefresh = data.session?.refresh_token ?? null
    record('signInWithPassword', !error && !!data.session?.access_token && data.user?.id === data.session?.user?.id, { error: errInfo(error) })
  }
  // getUser (bearer from the stored session)
  {
    const { data, error } = await client.getUser()
    record('getUser', !error && data.user?.email === email && data.user?.user_metadata?.full_name === 'Js User', { error: errInfo(error) })
  }
  // refreshSession rotates the refresh token
  {
    const { data, error } = await client.refreshSession()
    const ok = !error && !!data.session?.access_token && data.session.refresh_token !== firstRefresh
    record('refreshSession', ok, { error: errInfo(error) })
  }
  // updateUser: user_metadata
  {
    const { data, error } = await client.updateUser({ data: { full_name: 'Renamed' } })
    record('updateUser(data)', !error && data.user?.user_metadata?.full_name === 'Renamed', { error: errInfo(error) })
  }
  // updateUser: password change right after sign-in (recent password amr)
  {
    const { data, error } = await client.updateUser({ password: newPassword })
    record('updateUser(password)', !error && data.user?.id != null, { error: errInfo(error) })
  }
  // the new password signs in
  {
    const { data, error } = await client.signInWithPassword({ email, password: newPassword })
    record('signInWithPassword(new password)', !error && !!data.session, { error: errInfo(error) })
  }
  // updateUser: any profile key, as in Supabase
  {
    const { data, error } = await client.updateUser({ data: { display_name: 'Ada L.', prefs: { theme: 'dark' } } })
    const ok = !error && data.user?.user_metadata?.display_name === 'Ada L.' && data.user?.user_metadata?.prefs?.theme === 'dark'
    record('updateUser(display_name)', ok, { error: errInfo(error) })
  }
  // reauthenticate(): GET /reauthenticate sends a code (here: to the harness)
  let nonce = null
  {
    const { error } = await client.reauthenticate()
    if (!error) nonce = await nonceFor(email)
    record('reauthenticate', !error && /^\d{6}$/.test(nonce ?? ''), { error: errInfo(error) })
  }
  // a wrong code is refused with GoTrue's error code
  {
    const wrong = String((Number(nonce) + 1) % 1000000).padStart(6, '0')
    const { error } = await client.updateUser({ password: thirdPassword, nonce: wrong })
    record('updateUser(password, wrong nonce)', error?.code === 'reauthentication_not_valid' && error?.status === 400, { error: errInfo(error) })
  }
  // updateUser({password, nonce})
  {
    const { data, error } = await client.updateUser({ password: thirdPassword, nonce })
    record('updateUser(password, nonce)', !error && data.user?.email === email, { error: errInfo(error) })
  }
  {
    const { data, error } = await client.signInWithPassword({ email, password: thirdPassword })
    record('signInWithPassword(nonce-changed password)', !error && !!data.session, { error: errInfo(error) })
  }
  // the code was used up (and belonged to the previous session anyway)
  {
    const { error } = await client.updateUser({ password: `Js4-${randomUUID()}`, nonce })
    record('updateUser(replayed nonce)', error?.code === 'reauthentication_not_valid', { error: errInfo(error) })
  }
  // getClaims verifies the token locally against the JWKS
  {
    const { data, error } = await client.getClaims()
    record('getClaims', !error && data?.claims?.email === email, { error: errInfo(error) })
  }
  // signOut, then the old session is gone
  {
    const { data: before } = await client.getSession()
    const token = before.session?.access_token
    const { error } = await client.signOut()
    const { data: after } = await client.getSession()
    // auth-js reports a server-side session_not_found as AuthSessionMissingError; check the wire too
    const check = await client.getUser(token)
    const raw = await fetch(`${base}/auth/v1/user`, { headers: { Authorization: `Bearer ${token}` } })
    const ok = !error && after.session === null && check.error?.name === 'AuthSessionMissingError' &&
      raw.status === 403 && raw.headers.get('x-sb-error-code') === 'session_not_found'
    record('signOut', ok, { error: errInfo(error), after: errInfo(check.error), raw_status: raw.status })
  }
} catch (e) {
  record('exception', false, { name: e?.name, message: String(e?.message ?? e).slice(0, 200) })
}

finish({ org_id: orgId })
