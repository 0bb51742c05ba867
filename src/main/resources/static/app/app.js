'use strict';
// Lead Ignite's sample browser app. The session lives in HttpOnly cookies this script cannot read; it only
// reads the XSRF-TOKEN cookie and echoes it in X-XSRF-TOKEN on every state-changing request (API.md §7).

const $ = (id) => document.getElementById(id);

function xsrfToken() {
  const entry = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return entry ? decodeURIComponent(entry.substring('XSRF-TOKEN='.length)) : '';
}

function status(text) {
  $('status').textContent = text || '';
}

async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (method !== 'GET') {
    headers['X-XSRF-TOKEN'] = xsrfToken();
  }
  return fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

// The access cookie lives as long as its token (15 minutes by default); the refresh cookie renews both.
async function refresh() {
  if (!xsrfToken()) {
    return false; // never signed in here (or signed out): no session to renew
  }
  const r = await call('POST', '/auth/v1/token?grant_type=refresh_token&session=cookie', {});
  return r.ok;
}

async function api(method, path, body) {
  let r = await call(method, path, body);
  if (r.status === 401 && await refresh()) {
    r = await call(method, path, body);
  }
  return r;
}

function show(signedIn, email) {
  $('signed-in').hidden = !signedIn;
  $('signed-out').hidden = signedIn;
  $('user-email').textContent = email || '';
}

async function loadLeads() {
  const r = await api('GET', '/api/v1/leads?size=100');
  if (!r.ok) {
    status('Could not load leads (' + r.status + ')');
    return;
  }
  const page = await r.json();
  const list = $('leads');
  list.replaceChildren();
  for (const lead of page.items) {
    const li = document.createElement('li');
    li.className = 'lead';
    li.textContent = [lead.first_name, lead.last_name].filter(Boolean).join(' ')
      + (lead.email ? ' <' + lead.email + '>' : '');
    list.appendChild(li);
  }
}

// Social login (API.md §2): the page is the PKCE client. The verifier stays in this tab's sessionStorage;
// only its S256 hash goes out with the redirect, so a code that leaks from the URL is useless elsewhere.
const VERIFIER_KEY = 'leadignite.pkce_verifier';

function base64url(bytes) {
  let text = '';
  for (const b of bytes) {
    text += String.fromCharCode(b);
  }
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function socialSignIn(provider) {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const query = new URLSearchParams({
    provider,
    redirect_to: location.origin + '/app/',
    code_challenge: base64url(new Uint8Array(digest)),
    code_challenge_method: 's256',
  });
  location.assign('/auth/v1/authorize?' + query.toString());
}

async function loadProviders() {
  const r = await call('GET', '/auth/v1/providers');
  if (!r.ok) {
    return;
  }
  const list = $('providers');
  list.replaceChildren();
  for (const name of (await r.json()).providers) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'provider';
    button.dataset.provider = name;
    button.textContent = 'Sign in with ' + name;
    button.addEventListener('click', () => socialSignIn(name));
    list.appendChild(button);
  }
}

// Back from the provider: ?code= (or ?error=) is taken off the URL first, so a reload or a bookmark never
// replays it; the code and this tab's verifier become a cookie session.
async function finishSocialSignIn() {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  const error = params.get('error');
  if (!code && !error) {
    return;
  }
  history.replaceState(null, '', location.pathname);
  const verifier = sessionStorage.getItem(VERIFIER_KEY);
  sessionStorage.removeItem(VERIFIER_KEY);
  if (!code || !verifier) {
    status('Sign-in failed'); // the URL's text is anyone's to write: it is not shown
    return;
  }
  const r = await call('POST', '/auth/v1/token?grant_type=pkce&session=cookie', {
    auth_code: code,
    code_verifier: verifier,
  });
  if (!r.ok) {
    status('Sign-in failed');
  }
}

async function start() {
  await finishSocialSignIn();
  const r = await api('GET', '/auth/v1/user');
  if (r.ok) {
    const user = await r.json();
    show(true, user.email);
    await loadLeads();
  } else {
    show(false);
    await loadProviders();
  }
}

async function signIn(event) {
  event.preventDefault();
  status('');
  const r = await call('POST', '/auth/v1/token?grant_type=password&session=cookie', {
    email: $('email').value,
    password: $('password').value,
  });
  $('password').value = '';
  if (!r.ok) {
    status('Sign-in failed');
    return;
  }
  const session = await r.json();
  show(true, session.user.email);
  await loadLeads();
}

async function createLead(event) {
  event.preventDefault();
  status('');
  const lead = { first_name: $('lead-first-name').value };
  if ($('lead-last-name').value) {
    lead.last_name = $('lead-last-name').value;
  }
  if ($('lead-email').value) {
    lead.email = $('lead-email').value;
  }
  const r = await api('POST', '/api/v1/leads', lead);
  if (r.status !== 201) {
    status('Could not create the lead (' + r.status + ')');
    return;
  }
  $('lead-form').reset();
  status('Lead created');
  await loadLeads();
}

async function signOut() {
  const r = await api('POST', '/auth/v1/logout?scope=local');
  if (!r.ok) {
    status('Sign-out failed (' + r.status + ')');
    return;
  }
  $('leads').replaceChildren();
  show(false);
  status('Signed out');
  await loadProviders();
}

document.addEventListener('DOMContentLoaded', () => {
  $('signin-form').addEventListener('submit', signIn);
  $('lead-form').addEventListener('submit', createLead);
  $('signout-button').addEventListener('click', signOut);
  start();
});
