// What the auth-js scripts share: an in-memory storage, a client pointed at a service, and the step log
// ({"step","ok","detail"} lines, then {"summary"}) the Java tests read.
import { GoTrueClient } from '@supabase/auth-js'

export function newClient(base, options = {}) {
  const memory = new Map()
  const storage = {
    getItem: (k) => (memory.has(k) ? memory.get(k) : null),
    setItem: (k, v) => { memory.set(k, v) },
    removeItem: (k) => { memory.delete(k) },
  }
  return new GoTrueClient({
    url: `${base}/auth/v1`,
    headers: { apikey: 'public-anon-key' },
    storage,
    persistSession: true,
    autoRefreshToken: false,
    detectSessionInUrl: false,
    ...options,
  })
}

export function errInfo(error) {
  return error ? { name: error.name, status: error.status, code: error.code } : null
}

export function steps() {
  const results = []
  return {
    record(step, ok, detail) {
      results.push({ step, ok })
      console.log(JSON.stringify({ step, ok, detail: detail ?? null }))
    },
    finish(orgId) {
      const failed = results.filter((r) => !r.ok).map((r) => r.step)
      console.log(JSON.stringify({ summary: { passed: results.length - failed.length, failed, org_id: orgId } }))
      process.exit(failed.length === 0 && results.length > 0 ? 0 : 1)
    },
  }
}
