/*
 * The visitor's session inside the iframe. Upstream keeps nothing here: the token comes in the
 * page (window.authToken), lives in the X-Auth-Token default header, and the SDK keeps it in the
 * host page's cw_conversation cookie. localStorage holds only caches of agents and campaigns.
 * The fork's soft exit (clearCurrentUser) wipes whatever session the iframe could hold.
 */
import { authToken, removeHeader, setHeader } from './app-api.js';
import { defect } from './app-config.js';
import { postToHost } from './app-host.js';
import { update } from './app-state.js';

const TOKEN_KEY = 'cw_conversation';   // only with the token-in-localstorage defect
export const SAVED_DETAILS_KEY = 'chatwoot_user_data'; // only with prechat-not-reset-on-exit
const SESSION_PARTS = ['chatwoot', 'cw_', 'cwc', 'widget_auth'];

/** The token this page starts with, set as the default header. */
export function startSession() {
  let token = window.authToken;
  if (defect('token-in-localstorage')) {
    token = window.localStorage.getItem(TOKEN_KEY) || token;
    window.localStorage.setItem(TOKEN_KEY, token);
  }
  setHeader(token);
  return token;
}

/** A widget_auth_token from set_user: the widget uses it and asks the SDK to keep it. */
export function switchToken(token) {
  if (!token || defect('set-user-token-dropped')) return;
  setHeader(token);
  if (defect('token-in-localstorage')) window.localStorage.setItem(TOKEN_KEY, token);
  postToHost({ event: 'setAuthCookie', data: { widgetAuthToken: token } });
}

// -- caches (shared/helpers/cache.js upstream: the value plus a `${key}:ts` companion) -------------
export function readCache(key, maxAgeMs) {
  try {
    const cached = JSON.parse(window.localStorage.getItem(key));
    if (!cached) return null;
    if (Date.now() - cached.timestamp > maxAgeMs) {
      window.localStorage.removeItem(key);
      return null;
    }
    return cached.data;
  } catch (_) {
    return null;
  }
}

export function writeCache(key, data) {
  window.localStorage.setItem(key, JSON.stringify({ data, timestamp: Date.now() }));
  window.localStorage.setItem(`${key}:ts`, String(Date.now()));
}

// -- the fork's soft exit ------------------------------------------------------------------------
function isSessionName(name) {
  return SESSION_PARTS.some(part => name.includes(part));
}

function wipeStorage() {
  [window.localStorage, window.sessionStorage].forEach(storage => {
    Object.keys(storage).filter(key => isSessionName(key) && key !== SAVED_DETAILS_KEY)
      .forEach(key => storage.removeItem(key));
  });
  document.cookie.split(';').map(cookie => cookie.split('=')[0].trim()).filter(isSessionName)
    .forEach(name => {
      document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
    });
}

/**
 * Strip the session from the iframe URL, keeping website_token. The reference also drops the
 * route (#/messages): the deployed fork keeps it, and its reloaded iframe then opens on an empty
 * messages view instead of Home (see docs/contract-decisions.md).
 */
function stripSessionFromUrl(oldToken) {
  const url = new URL(window.location.href);
  [...url.searchParams.keys()].filter(key => key.startsWith('cw_') || key.startsWith('cwc'))
    .forEach(key => url.searchParams.delete(key));
  if (defect('website-token-from-location')) url.searchParams.delete('website_token');
  if (defect('token-kept-on-exit') && oldToken) url.searchParams.set('cw_conversation', oldToken);
  url.hash = '';
  window.history.replaceState({}, '', url.toString());
}

export function clearCurrentUser() {
  const oldToken = authToken();
  update({ contact: { has_email: false, has_phone_number: false, identifier: null } });
  removeHeader('X-Auth-Token');
  removeHeader('api_access_token');
  removeHeader('user_access_token');
  if (!defect('token-kept-on-exit')) wipeStorage();
  stripSessionFromUrl(oldToken);
  postToHost({ event: 'exitChat' });
}
