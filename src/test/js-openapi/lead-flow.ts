// The flow a client generated from /v3/api-docs goes through: sign up, create a lead, read it back,
// and get the documented problem for a bad one. Every type here comes from the document: were a name,
// a type, a status or a parameter wrong there, this file would not compile (or the checks below fail).
import createClient from 'openapi-fetch'
import type { components, paths } from './generated/api'

type Schemas = components['schemas']
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Created = Json<paths['/api/v1/leads']['post']['responses'][201]>
type Fetched = Json<paths['/api/v1/leads/{id}']['get']['responses'][200]>
type Record = (step: string, ok: boolean, detail?: unknown) => void

export async function run(base: string, record: Record): Promise<string | null> {
  const client = createClient<paths>({ baseUrl: base })
  const suffix = Math.random().toString(36).slice(2, 10)

  const signUp = await client.POST('/auth/v1/signup', {
    body: { email: `client-${suffix}@example.test`, password: `Generated-${suffix}-passphrase`,
      data: { org_name: `client${suffix} org`, full_name: 'Generated Client' } },
  })
  // A session, or the user alone while email confirmation is on (not in this test's service).
  const session = signUp.data && 'access_token' in signUp.data ? signUp.data : undefined
  const accessToken: string | undefined = session?.access_token
  const orgId = session?.user?.app_metadata?.org_id ?? null
  record('signUp', signUp.response.status === 200 && typeof accessToken === 'string' && orgId !== null,
    { status: signUp.response.status })
  if (!accessToken) {
    return orgId
  }
  const auth = { Authorization: `Bearer ${accessToken}` }

  const newLead: Schemas['NewLead'] = { first_name: 'Grace', last_name: 'Hopper', email: `grace-${suffix}@example.test`,
    status: 'contacted' }
  const created = await client.POST('/api/v1/leads', { body: newLead, headers: { ...auth, 'Idempotency-Key': `lead-${suffix}` } })
  const lead: Created | undefined = created.data
  record('createLead', created.response.status === 201 && lead?.first_name === 'Grace' && lead?.status === 'contacted'
    && typeof lead?.id === 'string', { status: created.response.status })
  if (!lead) {
    return orgId
  }

  const fetched = await client.GET('/api/v1/leads/{id}', { params: { path: { id: lead.id } }, headers: auth })
  const again: Fetched | undefined = fetched.data
  record('getLead', fetched.response.status === 200 && again?.id === lead.id && again?.email === newLead.email,
    { status: fetched.response.status })

  const listed = await client.GET('/api/v1/leads', { params: { query: { status: 'contacted' } }, headers: auth })
  const items = listed.data?.items ?? []
  record('listLeads', listed.response.status === 200 && items.some((l) => l.id === lead.id), { status: listed.response.status })

  // A bad request gets the documented problem, typed from the document's 400 answer.
  const refused = await client.POST('/api/v1/leads', { body: { last_name: 'No first name' } as Schemas['NewLead'], headers: auth })
  const problem: Schemas['Problem'] | undefined = refused.error
  record('problem', refused.response.status === 400 && problem?.status === 400 && typeof problem?.request_id === 'string',
    { status: refused.response.status })
  return orgId
}
