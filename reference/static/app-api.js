/*
 * The widget's HTTP calls. Every call carries the default headers (X-Auth-Token once set).
 * Contact, conversation and message calls repeat the iframe's query string: upstream reads it
 * from window.location at call time (so cw_conversation travels too on return visits); the fork
 * promises that website_token is captured once at load, so a later history.replaceState cannot
 * take it away. Agents and campaigns name only the inbox.
 */
import { behaviour, channel, defect } from './app-config.js';
import { state } from './app-state.js';

const WEBSITE_TOKEN_AT_LOAD = new URLSearchParams(window.location.search).get('website_token');
const defaultHeaders = {};

export class ApiError extends Error {
  constructor(status, data) {
    super(`HTTP ${status}`);
    this.status = status;
    this.data = data;
  }
}

export function setHeader(value, key = 'X-Auth-Token') {
  defaultHeaders[key] = value;
}

export function removeHeader(key) {
  delete defaultHeaders[key];
}

export function authToken() {
  return defaultHeaders['X-Auth-Token'];
}

function sessionParams({ withLocale = false, readUrlNow = false } = {}) {
  const params = new URLSearchParams(window.location.search);
  if (behaviour.website_token_captured_at_load && !defect('website-token-from-location') && !readUrlNow) {
    params.set('website_token', WEBSITE_TOKEN_AT_LOAD);
  }
  if (withLocale) params.append('locale', state.locale);
  const query = params.toString();
  return query ? `?${query}` : '';
}

function inboxParams() {
  return `?${new URLSearchParams({ website_token: channel.websiteToken })}`;
}

async function call(method, url, body, { omitToken = false } = {}) {
  const headers = { Accept: 'application/json, text/plain, */*', ...defaultHeaders };
  if (omitToken) delete headers['X-Auth-Token'];
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (_) {
    data = text;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

const widget = path => `/api/v1/widget/${path}`;
// the conversation calls' own query (defect website-token-reread: read from the URL at call time)
const conversationParams = (options = {}) => sessionParams({ ...options, readUrlNow: defect('website-token-reread') });

export const api = {
  // contact
  getContact: () => call('GET', widget('contact') + sessionParams()),
  updateContact: body => call('PATCH', widget('contact') + sessionParams(), body,
    { omitToken: defect('token-not-sent') }),
  setUser: body => call('PATCH', widget('contact/set_user') + sessionParams(), body),
  deleteCustomAttribute: key => call('POST', widget('contact/destroy_custom_attributes') + sessionParams(),
    { custom_attributes: [key] }),
  // conversation and messages
  getConversation: () => call('GET', widget('conversations') + conversationParams()),
  createConversation: body => call('POST', widget('conversations') + conversationParams({ withLocale: true }), body),
  toggleStatus: () => call('GET', widget('conversations/toggle_status') + conversationParams()),
  updateLastSeen: lastSeen => call('POST', widget('conversations/update_last_seen') + conversationParams(),
    { contact_last_seen_at: lastSeen }),
  toggleTyping: typingStatus => call('POST', widget('conversations/toggle_typing') + conversationParams(),
    { typing_status: typingStatus }),
  getMessages: () => call('GET', widget('messages') + conversationParams()),
  sendMessage: body => call('POST', widget('messages') + conversationParams({ withLocale: true }), body),
  createEvent: body => call('POST', widget('events') + sessionParams({ withLocale: true }), body),
  // the inbox
  getAgents: () => call('GET', widget('inbox_members') + inboxParams()),
  getCampaigns: () => call('GET', widget('campaigns') + inboxParams()),
};
