-- The first statement of every transaction an end user's request opens, in the spirit of PostgREST's
-- pre-request hook: checks that the session is live (not revoked, within its absolute lifetime and its
-- inactivity window) and the user not locked, then sets the transaction's claims from the database's
-- rows and returns them. A dead session leaves the claims empty (the policies let nothing through) and
-- returns no row; the service then answers 401. One round trip does what took a transaction of its own.
--
-- SECURITY INVOKER on purpose: the runtime role reads these rows under the service_auth claims the
-- function sets for its own lookup, exactly as the auth component does, so no owner policy on
-- auth.users or auth.sessions is needed. The claims it leaves behind are transaction-local.
-- The claims' shape is the one db.Database#json writes for a confirmed user; a test compares them.
create or replace function auth.begin_session(p_session_id uuid, p_user_id uuid, p_inactivity_seconds bigint)
  returns table (org_id uuid, role text, email text)
  language plpgsql volatile set search_path = ''
as $$
declare
  u record;
begin
  perform set_config('request.jwt.claims', '{"role":"service_auth"}', true);
  select us.org_id, us.role, us.email into u
    from auth.sessions s join auth.users us on us.id = s.user_id
   where s.id = p_session_id and us.id = p_user_id
     and s.revoked_at is null and s.not_after > now()
     and s.refreshed_at > now() - make_interval(secs => p_inactivity_seconds)
     and us.locked_at is null;
  if not found then
    perform set_config('request.jwt.claims', '', true);
    return;
  end if;
  perform set_config('request.jwt.claims', json_build_object(
      'sub', p_user_id,
      'role', 'authenticated',
      'email', u.email,
      'session_id', p_session_id,
      'app_metadata', json_build_object('org_id', u.org_id, 'role', u.role))::text, true);
  org_id := u.org_id;
  role := u.role;
  email := u.email;
  return next;
end $$;
revoke all on function auth.begin_session(uuid, uuid, bigint) from public;
grant execute on function auth.begin_session(uuid, uuid, bigint) to ${app_role};
