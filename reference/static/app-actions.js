/*
 * What the widget does, call by call, as upstream's store actions do it (errors are swallowed
 * where upstream swallows them). Views call these; none of them touches the DOM.
 */
import { api } from './app-api.js';
import { defect } from './app-config.js';
import { postToHost } from './app-host.js';
import { EMPTY_CONVERSATION, state, update } from './app-state.js';
import { readCache, SAVED_DETAILS_KEY, switchToken, writeCache } from './app-session.js';

const AGENTS_CACHE_MS = 24 * 60 * 60 * 1000;
const CAMPAIGNS_CACHE_MS = 60 * 60 * 1000;
const TYPING_IDLE_MS = 4000;
const SET_USER_ERROR = 'SET_USER_ERROR';

const ignore = () => {};

// -- conversation attributes, messages, agents, campaigns -----------------------------------------
export async function fetchConversation() {
  try {
    const data = await api.getConversation();
    update({ conversation: { id: data.id || '', status: data.status || '' } });
  } catch (_) { /* ignored, as upstream does */ }
}

export async function fetchMessages() {
  update({ isFetchingList: true });
  try {
    const { payload } = await api.getMessages();
    update({ messages: payload.filter(message => !(message.content_attributes || {}).deleted) });
  } catch (_) { /* ignored */ }
  update({ isFetchingList: false });
}

export function clearConversation() {
  update({ messages: [], conversation: { ...EMPTY_CONVERSATION } });
}

export async function fetchAgents(websiteToken) {
  const key = `chatwoot_available_agents_${websiteToken}`;
  const cached = readCache(key, AGENTS_CACHE_MS);
  if (cached) {
    update({ agents: cached });
    return;
  }
  try {
    const { payload = [] } = await api.getAgents();
    writeCache(key, payload);
    update({ agents: payload });
  } catch (_) { /* ignored */ }
}

export async function fetchCampaigns(websiteToken) {
  const key = `chatwoot_campaigns_${websiteToken}`;
  if (readCache(key, CAMPAIGNS_CACHE_MS)) return;
  try {
    writeCache(key, await api.getCampaigns());
  } catch (_) { /* ignored */ }
}

export function createEvent(name) {
  api.createEvent({
    name,
    event_info: { initiated_at: { timestamp: new Date().toString() }, referer: window.referrerURL || '' },
  }).catch(ignore);
}

// -- contact --------------------------------------------------------------------------------------
export async function fetchContact() {
  try {
    update({ contact: { ...state.contact, ...(await api.getContact()) } });
  } catch (_) { /* ignored */ }
}

// A set-user without its user (upstream's SDK replaying window.$chatwoot.user after reset()) fails
// on `user.email`, and is refused with an `error` whose data is {}, as upstream's store refuses it.
export async function setUser(identifier, user) {
  try {
    const body = {
      identifier,
      email: user.email,
      name: user.name,
      avatar_url: user.avatar_url,
      identifier_hash: user.identifier_hash,
      phone_number: user.phone_number,
      additional_attributes: {
        company_name: user.company_name,
        city: user.city,
        description: user.description,
        country_code: user.country_code,
        social_profiles: user.social_profiles,
      },
      custom_attributes: user.custom_attributes,
    };
    const data = await api.setUser(body);
    switchToken(data.widget_auth_token);
    fetchContact();
    if (user.identifier_hash || data.widget_auth_token) {
      clearConversation();
      fetchMessages();
      fetchConversation();
    }
  } catch (error) {
    if (!defect('set-user-error-swallowed')) {
      postToHost({ event: 'error', errorType: SET_USER_ERROR, data: error.data || {} });
    }
  }
}

export function setCustomAttributes(customAttributes) {
  api.updateContact({ custom_attributes: customAttributes }).catch(ignore);
}

export function deleteCustomAttribute(key) {
  api.deleteCustomAttribute(key).catch(ignore);
}

// -- starting and continuing a conversation ---------------------------------------------------------
/** The pre-chat submit: one POST conversations carrying the visitor's details. True when created. */
export async function createConversation({ fullName, emailAddress, phoneNumber, message }) {
  clearConversation();
  update({ isCreating: true });
  if (defect('prechat-not-reset-on-exit')) {
    window.localStorage.setItem(SAVED_DETAILS_KEY,
      JSON.stringify({ name: fullName, email: emailAddress, phone_number: phoneNumber }));
  }
  try {
    const data = await api.createConversation({
      contact: {
        name: fullName,
        email: emailAddress,
        phone_number: defect('prechat-drops-field') ? undefined : phoneNumber,
      },
      message: { content: message, timestamp: new Date().toString(), referer_url: window.referrerURL || '' },
      custom_attributes: {},
    });
    update({ messages: data.messages.slice(0, 1) });
    if (defect('leak-under-other-key')) {
      window.localStorage.setItem('wdgt_last_contact',
        JSON.stringify({ name: fullName, email: emailAddress, phone_number: phoneNumber }));
    }
    fetchConversation();
    return true;
  } catch (_) {
    return false;
  } finally {
    update({ isCreating: false });
  }
}

let temporaryId = 0;

export async function sendMessage(content) {
  temporaryId += 1;
  const pending = { id: `temp-${temporaryId}`, content, message_type: 0, status: 'in_progress',
    created_at: Math.floor(Date.now() / 1000) };
  update({ messages: [...state.messages, pending] });
  let settled;
  try {
    const data = await api.sendMessage({
      message: { content, reply_to: null, timestamp: new Date().toString(), referer_url: window.referrerURL || '' },
    });
    settled = { ...data, status: 'sent' };
  } catch (_) {
    settled = { ...pending, status: 'failed' };
  }
  // the websocket may have brought the message first (addOrUpdateMessage), in place of the pending one
  const arrived = state.messages.some(message => message.id === settled.id && message !== pending);
  update({ messages: arrived ? state.messages.filter(message => message !== pending)
    : state.messages.map(message => (message.id === pending.id ? settled : message)) });
}

export function setUserLastSeen() {
  if (!state.messages.length) return;
  api.updateLastSeen(Date.now() / 1000).catch(ignore);
}

let typingTimer = null;

/** keyup in the composer: "on" once, "off" after 4 s without keys (or on blur). */
export function typingStarted() {
  if (!typingTimer) api.toggleTyping('on').catch(ignore);
  clearTimeout(typingTimer);
  typingTimer = setTimeout(typingStopped, TYPING_IDLE_MS);
}

export function typingStopped() {
  if (!typingTimer) return;
  clearTimeout(typingTimer);
  typingTimer = null;
  api.toggleTyping('off').catch(ignore);
}

/** End Conversation (upstream): the call only. The widget learns the result as every status
 *  change, from the websocket's conversation.status_changed (app-cable.js). */
export async function resolveConversation() {
  try {
    if (!defect('exit-skips-resolve')) await api.toggleStatus();
  } catch (_) { /* ignored */ }
}

// -- what the websocket reports (app-cable.js) -----------------------------------------------------
/** conversationAttributes/update: a status change of the visitor's own conversation only. */
export function updateConversationAttributes(data) {
  if (data.id !== state.conversation.id) return;
  update({ conversation: { id: data.id, status: data.status } });
}

/** conversation/addOrUpdateMessage, for a message of the conversation on screen (or of any, while
 *  none is): it replaces the message with its id, or the visitor's own one still being sent with
 *  its content; else it is added. False when it belongs to another conversation. */
export function addOrUpdateMessage(message) {
  if (state.conversation.id && message.conversation_id !== state.conversation.id) return false;
  let index = state.messages.findIndex(shown => shown.id === message.id);
  if (index === -1 && message.message_type === 0) {
    index = state.messages.findIndex(shown => shown.status === 'in_progress' && shown.content === message.content);
  }
  const messages = [...state.messages];
  if (index === -1) messages.push(message);
  else messages[index] = message;
  update({ messages });
  return true;
}
