/*
 * Live updates, as upstream's widget gets them (widget/helpers/actionCable.js over
 * @rails/actioncable): on load the widget opens /cable (subprotocol actioncable-v1-json), and on
 * the server's welcome subscribes to RoomChannel with the page's window.chatwootPubsubToken (its
 * account_id and user_id are undefined, so the identifier carries neither). It performs
 * update_presence every 20 s and reconnects when the socket closes or pings stop. Of the events:
 * message.created adds or updates the message (and tells the host page, chatwoot:on-message),
 * conversation.status_changed updates the conversation's status, so a resolved conversation
 * loses its way to leave. contact.merged is upstream's handler for an event Chatwoot sends only to
 * the account's agents (docs/contract-decisions.md), so it never arrives here and has none.
 */
import { addOrUpdateMessage, updateConversationAttributes } from './app-actions.js';
import { defect } from './app-config.js';
import { postToHost } from './app-host.js';

const PROTOCOLS = ['actioncable-v1-json', 'actioncable-unsupported'];
const PRESENCE_INTERVAL_MS = 20000;
const STALE_AFTER_MS = 6000; // @rails/actioncable's ConnectionMonitor: two missed 3-second pings
const RECONNECT_AFTER_MS = 3000;
const ROOM_KEY = 'woot_room'; // only with the cable-token-survives-exit defect

const EVENTS = {
  'message.created': data => {
    if (addOrUpdateMessage(data)) {
      postToHost({ event: 'onEvent', eventIdentifier: 'chatwoot:on-message', data });
    }
  },
  'conversation.status_changed': data => updateConversationAttributes(data),
};

function roomToken() {
  if (!defect('cable-token-survives-exit')) return window.chatwootPubsubToken;
  const kept = window.localStorage.getItem(ROOM_KEY) || window.chatwootPubsubToken;
  window.localStorage.setItem(ROOM_KEY, kept);
  return kept;
}

export function connectCable() {
  const identifier = JSON.stringify({ channel: 'RoomChannel', pubsub_token: roomToken() });
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/cable`;
  let socket = null;
  let lastSeen = 0;

  const send = command => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ ...command, identifier }));
  };

  function open() {
    socket = new WebSocket(url, PROTOCOLS);
    socket.onmessage = event => {
      lastSeen = Date.now();
      const frame = JSON.parse(event.data);
      if (frame.type === 'welcome') send({ command: 'subscribe' });
      if (frame.identifier !== identifier || !frame.message) return;
      const handler = EVENTS[frame.message.event];
      if (handler) handler(frame.message.data);
    };
    socket.onclose = () => setTimeout(open, RECONNECT_AFTER_MS);
    lastSeen = Date.now();
  }

  open();
  setInterval(() => send({ command: 'message', data: JSON.stringify({ action: 'update_presence' }) }),
    PRESENCE_INTERVAL_MS);
  setInterval(() => {
    if (socket && socket.readyState === WebSocket.OPEN && Date.now() - lastSeen > STALE_AFTER_MS) socket.close();
  }, STALE_AFTER_MS);
}
