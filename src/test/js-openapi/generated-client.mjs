// Generates a typed client from the live OpenAPI document and creates a lead with it.
// Usage: node generated-client.mjs <baseUrl>
// 1. GET <baseUrl>/v3/api-docs, 2. openapi-typescript turns it into generated/api.d.ts, 3. TypeScript
// type-checks lead-flow.ts against it in strict mode (a wrong name, type, status or parameter in the
// document is a compile error there), 4. the compiled flow runs with openapi-fetch against the service.
// Prints one JSON line per step and a final {"summary"} line; exits 0 only if every step succeeded.
// Never prints tokens or passwords.
import openapiTS, { astToString } from 'openapi-typescript'
import ts from 'typescript'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const out = join(here, 'generated')
const base = process.argv[2]
if (!base) {
  console.error('usage: node generated-client.mjs <baseUrl>')
  process.exit(2)
}

const passed = []
const failed = []
function record(step, ok, detail) {
  ;(ok ? passed : failed).push(step)
  console.log(JSON.stringify({ step, ok, detail: detail ?? null }))
}
function finish(orgId) {
  console.log(JSON.stringify({ summary: { passed: passed.length, failed, org_id: orgId ?? null } }))
  process.exit(failed.length === 0 ? 0 : 1)
}

mkdirSync(out, { recursive: true })
try {
  const res = await fetch(`${base}/v3/api-docs`)
  const doc = await res.json()
  writeFileSync(join(out, 'openapi.json'), JSON.stringify(doc, null, 2))
  writeFileSync(join(out, 'api.d.ts'), astToString(await openapiTS(doc)))
  record('generate', res.status === 200, { status: res.status, paths: Object.keys(doc.paths ?? {}).length })
} catch (e) {
  record('generate', false, { error: String(e) })
  finish()
}

const program = ts.createProgram([join(here, 'lead-flow.ts')], {
  strict: true,
  noEmitOnError: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
  outDir: out,
})
const emitted = program.emit()
const diagnostics = ts.getPreEmitDiagnostics(program).concat(emitted.diagnostics)
record('typecheck', diagnostics.length === 0 && !emitted.emitSkipped, diagnostics.slice(0, 20).map((d) =>
  ts.flattenDiagnosticMessageText(d.messageText, ' ') + (d.file ? ` (${d.file.fileName.split('/').pop()}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : '')))
if (failed.length > 0) {
  finish()
}

const { run } = await import(pathToFileURL(join(out, 'lead-flow.js')).href)
let orgId = null
try {
  orgId = await run(base, record)
} catch (e) {
  record('run', false, { error: String(e?.message ?? e) })
}
finish(orgId)
