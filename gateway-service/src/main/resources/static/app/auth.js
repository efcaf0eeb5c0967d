// OpenID Connect sign-in (authorization code + PKCE) through oidc-client-ts, configured by the gateway's /config.json.

/** Loads the gateway's client configuration. */
export async function loadConfig() {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return response.json();
}

/** A UserManager for the configured issuer; the user (tokens) lives in this tab's sessionStorage. */
export function createUserManager(config) {
  const origin = window.location.origin;
  return new window.oidc.UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}/callback.html`,
    silent_redirect_uri: `${origin}/silent-renew.html`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: config.scope || 'openid profile email',
    // NOTE: Auth0 needs the API audience on the authorize request; the dev issuer adds `parley` by itself.
    extraQueryParams: config.audience ? { audience: config.audience } : {},
    // NOTE: a public client gets no refresh token, so renewal is a hidden-iframe authorize with prompt=none.
    automaticSilentRenew: true,
    monitorSession: false,
    loadUserInfo: false,
  });
}

/** The path to come back to after signing in: only a local path, so a crafted state cannot redirect elsewhere. */
export function safeReturnPath(state) {
  return typeof state === 'string' && state.startsWith('/') && !state.startsWith('//') ? state : '/';
}
