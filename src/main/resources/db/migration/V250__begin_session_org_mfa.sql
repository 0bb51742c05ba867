-- auth.begin_session (V105) also answers whether the caller's org requires MFA of its admins
-- (organizations.require_mfa, V150), so an admin's aal1 request is held to require_mfa by the statement
-- that checks its session anyway, instead of by a transaction of its own. Same checks, same claims; the
-- return type changes, hence drop and create (and the grant again).
drop function auth.begin_session(uuid, uuid, bigint);

create function auth.begin_session(p_session_id uuid, p_user_id uuid, p_inactivity_seconds bigint)
  returns table (org_id uuid, role text, email text, require_mfa boolean)
  language plpgsql volatile set search_path = ''
as $$
declare
  u record;
begin
  perform set_config('request.jwt.claims', '{"role":"service_auth"}', true);
  select us.org_id, us.role, us.email, o.require_mfa into u
    from auth.sessions s
    join auth.users us on us.id = s.user_id
    join public.organizations o on o.id = us.org_id
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
  require_mfa := u.require_mfa;
  return next;
end $$;
revoke all on function auth.begin_session(uuid, uuid, bigint) from public;
grant execute on function auth.begin_session(uuid, uuid, bigint) to ${app_role};
