// Shared by the auth-js flows: the client against <baseUrl>/auth/v1 with an in-memory session store, the
// step recorder, and the stdin channel on which the Java test answers questions (mailed codes).
// A flow prints one JSON line per step ({"step","ok","detail"}) and a final {"summary"} line, and exits 0
// only if every step succeeded. Never prints tokens or passwords.
import { GoTrueClient } from '@supabase/auth-js'
import { createInterface } from 'node:readline'

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()

/** Prints the question as one JSON line and returns the harness's one-line answer. */
export async function ask(question) {
  console.log(JSON.stringify(question))
  const { value } = await stdinLines.next()
  return (value ?? '').trim()
}

export function baseUrl(script) {
  const base = process.argv[2]
  if (!base) {
    console.error(`usage: node ${script} <baseUrl>`)
    process.exit(2)
  }
  return base
}

/** {@code options}: more GoTrueClient options (flowType: 'pkce' for social login). */
export function newClient(base, options = {}) {
  const memory = new Map()
  return new GoTrueClient({
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
    ...options,
  })
}

const results = []

export function record(step, ok, detail) {
  results.push({ step, ok })
  console.log(JSON.stringify({ step, ok, detail: detail ?? null }))
}

export function errInfo(error) {
  return error ? { name: error.name, status: error.status, code: error.code } : null
}

/** Prints the summary and exits: 0 only if some step ran and none failed. */
export function finish(extra) {
  const failed = results.filter((r) => !r.ok).map((r) => r.step)
  console.log(JSON.stringify({ summary: { passed: results.length - failed.length, failed, ...extra } }))
  stdinLines.return?.()
  process.exit(failed.length === 0 && results.length > 0 ? 0 : 1)
}
