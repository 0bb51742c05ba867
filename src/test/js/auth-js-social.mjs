// Drives @supabase/auth-js social login (PKCE flow) against a running Lead Ignite service and an OpenID
// provider with a login form, as a browser would: signInWithOAuth → /authorize → provider login →
// /callback → exchangeCodeForSession, then getUser, refreshSession and signOut.
// Usage: node auth-js-social.mjs <baseUrl> <publicBaseUrl> <provider> <username> <password> <redirectTo> <email>
// The provider sends the browser to <publicBaseUrl>/auth/v1/callback; this script delivers that request
// to <baseUrl> (the reverse proxy's part). Prints one JSON line per step and a final {"summary"} line.
// Never prints tokens, codes or passwords.
import { errInfo, finish, newClient, record } from './harness.mjs'

const [base, publicBase, provider, username, password, redirectTo, email] = process.argv.slice(2)
if (!email) {
  console.error('usage: node auth-js-social.mjs <baseUrl> <publicBaseUrl> <provider> <username> <password> <redirectTo> <email>')
  process.exit(2)
}

const client = newClient(base, { flowType: 'pkce' })
let orgId = null

// The provider's cookies, as a browser keeps them for its origin.
const jar = new Map()
function keep(response) {
  for (const c of response.headers.getSetCookie()) {
    const [pair] = c.split(';')
    const eq = pair.indexOf('=')
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1))
  }
}
function cookieHeader() {
  return [...jar.entries()].map(([k, v]) => `${k}=${v}`).join('; ')
}

async function providerLogin(start) {
  let url = start
  for (let hop = 0; hop < 10; hop++) {
    let r = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(), accept: 'text/html' } })
    keep(r)
    if (r.status === 200) {
      const html = await r.text()
      const csrf = /name="_csrf"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? /value="([^"]+)"[^>]*name="_csrf"/.exec(html)?.[1]
      const form = new URLSearchParams({ username, password, _csrf: csrf ?? '' })
      r = await fetch(url, { method: 'POST', redirect: 'manual', body: form,
        headers: { cookie: cookieHeader(), accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' } })
      keep(r)
    }
    if (r.status !== 302 && r.status !== 303) {
      throw new Error(`provider answered ${r.status}`)
    }
    const next = new URL(r.headers.get('location'), url)
    if (next.pathname === '/auth/v1/callback') {
      return next
    }
    url = next.toString()
  }
  throw new Error('too many redirects at the provider')
}

try {
  let authorizeUrl = null
  {
    const { data, error } = await client.signInWithOAuth({ provider, options: { redirectTo, skipBrowserRedirect: true } })
    authorizeUrl = data?.url ?? null
    const ok = !error && !!authorizeUrl && authorizeUrl.startsWith(`${base}/auth/v1/authorize?`)
      && /code_challenge_method=s256/.test(authorizeUrl)
    record('signInWithOAuth', ok, { error: errInfo(error) })
  }

  let flowCookie = null
  let providerUrl = null
  {
    const r = await fetch(authorizeUrl, { redirect: 'manual' })
    flowCookie = (r.headers.getSetCookie()[0] ?? '').split(';')[0]
    providerUrl = r.headers.get('location')
    record('authorize', r.status === 302 && !!flowCookie && !!providerUrl, { status: r.status })
  }

  let callbackUrl = null
  {
    const back = await providerLogin(providerUrl)
    const ok = back.toString().startsWith(`${publicBase}/auth/v1/callback?`)
    callbackUrl = `${base}${back.pathname}${back.search}`
    record('providerLogin', ok, null)
  }

  let code = null
  {
    const r = await fetch(callbackUrl, { redirect: 'manual', headers: { cookie: flowCookie } })
    const location = r.headers.get('location') ?? ''
    code = new URL(location, base).searchParams.get('code')
    record('callback', r.status === 302 && location.startsWith(redirectTo) && !!code, { status: r.status })
  }

  {
    const { data, error } = await client.exchangeCodeForSession(code)
    orgId = data?.user?.app_metadata?.org_id ?? null
    const claims = data?.session ? JSON.parse(Buffer.from(data.session.access_token.split('.')[1], 'base64url')) : null
    const ok = !error && data?.user?.email === email && claims?.amr?.[0]?.method === 'oauth'
      && data?.user?.identities?.[0]?.provider === provider
    record('exchangeCodeForSession', ok, { error: errInfo(error), org_id: orgId })
  }

  {
    const { data, error } = await client.getUser()
    record('getUser', !error && data?.user?.email === email, { error: errInfo(error) })
  }

  {
    const before = (await client.getSession()).data.session?.refresh_token
    const { data, error } = await client.refreshSession()
    record('refreshSession', !error && !!data.session && data.session.refresh_token !== before, { error: errInfo(error) })
  }

  {
    const { error } = await client.signOut()
    record('signOut', !error, { error: errInfo(error) })
  }
} catch (e) {
  record('unexpected', false, { message: String(e?.message ?? e) })
}

finish({ org_id: orgId })
