// Drives the real @supabase/auth-js MFA API against a running Lead Ignite service:
// signUp → mfa.enroll → mfa.challenge → mfa.verify (code computed here, RFC 6238) →
// getAuthenticatorAssuranceLevel (aal2) → mfa.listFactors → mfa.unenroll.
// Usage: node auth-js-mfa.mjs <baseUrl>
// Prints one JSON line per step ({"step","ok","detail"}) and a final {"summary"} line; exits 0 only if
// every step succeeded. Never prints tokens, passwords or secrets.
import { GoTrueClient } from '@supabase/auth-js'
import { createHmac, randomUUID } from 'node:crypto'

const base = process.argv[2]
if (!base) {
  console.error('usage: node auth-js-mfa.mjs <baseUrl>')
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

// RFC 6238: HMAC-SHA-1 over the 30-second step, dynamic truncation, 6 digits.
function totp(base32Secret) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of base32Secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30)))
  const h = createHmac('sha1', key).update(counter).digest()
  const o = h[h.length - 1] & 0xf
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]
  return String(bin % 1000000).padStart(6, '0')
}

const results = []
function record(step, ok, detail) {
  results.push({ step, ok })
  console.log(JSON.stringify({ step, ok, detail: detail ?? null }))
}
function errInfo(error) {
  return error ? { name: error.name, status: error.status, code: error.code } : null
}

const email = `authjs-mfa-${randomUUID().slice(0, 12)}@example.test`
const password = `Js-${randomUUID()}`
let orgId = null

try {
  {
    const { data, error } = await client.signUp({ email, password, options: { data: { org_name: 'auth-js mfa org' } } })
    orgId = data.user?.app_metadata?.org_id ?? null
    record('signUp', !error && !!data.session, { error: errInfo(error), org_id: orgId })
  }
  let factorId = null
  let secret = null
  {
    const { data, error } = await client.mfa.enroll({ factorType: 'totp', friendlyName: 'auth-js phone' })
    factorId = data?.id ?? null
    secret = data?.totp?.secret ?? null
    const ok = !error && data.type === 'totp' && data.friendly_name === 'auth-js phone' && /^[A-Z2-7]+$/.test(secret ?? '') &&
      (data.totp.uri ?? '').startsWith('otpauth://totp/')
    record('mfa.enroll', ok, { error: errInfo(error) })
  }
  {
    const { data, error } = await client.mfa.getAuthenticatorAssuranceLevel()
    record('aal before verify', !error && data.currentLevel === 'aal1' && data.nextLevel === 'aal1', { error: errInfo(error), data })
  }
  let challengeId = null
  let usedCode = null
  {
    const { data, error } = await client.mfa.challenge({ factorId })
    challengeId = data?.id ?? null
    record('mfa.challenge', !error && !!challengeId && data.expires_at > Date.now() / 1000, { error: errInfo(error) })
  }
  {
    usedCode = totp(secret)
    const { data, error } = await client.mfa.verify({ factorId, challengeId, code: usedCode })
    record('mfa.verify', !error && !!data?.access_token, { error: errInfo(error) })
  }
  {
    const { data, error } = await client.mfa.getAuthenticatorAssuranceLevel()
    const methods = (data?.currentAuthenticationMethods ?? []).map((m) => m.method)
    const ok = !error && data.currentLevel === 'aal2' && data.nextLevel === 'aal2' && methods.includes('totp') &&
      methods.includes('password')
    record('getAuthenticatorAssuranceLevel', ok, { error: errInfo(error), level: data?.currentLevel, methods })
  }
  {
    const { data, error } = await client.mfa.listFactors()
    const ok = !error && data.totp.length === 1 && data.totp[0].id === factorId && data.totp[0].status === 'verified' &&
      data.all.length === 1
    record('mfa.listFactors', ok, { error: errInfo(error) })
  }
  {
    // A replayed code: a fresh challenge, the same code.
    const { data: ch } = await client.mfa.challenge({ factorId })
    const { error } = await client.mfa.verify({ factorId, challengeId: ch?.id, code: usedCode })
    record('mfa.verify(replayed code)', error?.code === 'mfa_verification_failed', { error: errInfo(error) })
  }
  {
    const { data, error } = await client.mfa.unenroll({ factorId })
    record('mfa.unenroll', !error && data?.id === factorId, { error: errInfo(error) })
  }
  {
    const { data, error } = await client.mfa.listFactors()
    record('mfa.listFactors(after unenroll)', !error && data.all.length === 0, { error: errInfo(error) })
  }
} catch (e) {
  record('exception', false, { name: e?.name, message: String(e?.message ?? e).slice(0, 200) })
}

const failed = results.filter((r) => !r.ok).map((r) => r.step)
console.log(JSON.stringify({ summary: { passed: results.length - failed.length, failed, org_id: orgId } }))
process.exit(failed.length === 0 && results.length > 0 ? 0 : 1)
