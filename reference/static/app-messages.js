/*
 * The conversation view: the messages grouped under a date separator, and the composer (a
 * textarea #chat-input named by its placeholder; Enter sends; the send button, an icon without
 * a name, exists only while there is text).
 */
import { sendMessage, setUserLastSeen, typingStarted, typingStopped } from './app-actions.js';
import { channel, TEXT } from './app-config.js';
import { el, icon } from './app-dom.js';
import { state, subscribe } from './app-state.js';

function bubble(message) {
  const fromVisitor = message.message_type === 0;
  const text = el('div', { class: `chat-bubble ${fromVisitor ? 'user' : 'agent'}`,
    status: fromVisitor && message.status ? message.status : null,
    style: fromVisitor ? { background: channel.widgetColor, color: '#fff' } : null },
  [el('p', { text: message.content || '' })]);
  if (!fromVisitor) return el('div', { class: 'agent-message-wrap' }, [text]);
  return el('div', { class: 'user-message-wrap group' }, [
    el('div', { class: 'flex gap-1 user-message' }, [
      el('div', { class: `message-wrap${message.status === 'in_progress' ? ' in-progress' : ''}` +
        `${message.status === 'failed' ? ' is-failed' : ''}` }, [
        el('div', { class: 'flex justify-end gap-1' }, [text]),
      ]),
    ]),
  ]);
}

function conversation(list) {
  const messages = state.messages;
  list.replaceChildren(...(messages.length ? [el('div', { class: 'messages-wrap' }, [
    el('div', { class: 'date--separator' }, [el('span', { text: TEXT.today })]),
    ...messages.map(message => el('div', { class: 'chat-message' }, [bubble(message)])),
  ])] : []));
  list.scrollTop = list.scrollHeight;
}

function composer() {
  const input = el('textarea', { id: 'chat-input', rows: '1', class: 'user-message-input reset-base',
    placeholder: TEXT.composerPlaceholder, 'aria-label': TEXT.composerPlaceholder });
  const buttons = el('div', { class: 'flex items-center pl-2' });
  const attach = el('button', { class: 'attachment-button', type: 'button' }, [icon('attach', 20)]);
  const emoji = el('button', { class: 'flex items-center justify-center min-h-8 min-w-8',
    'aria-label': TEXT.emojiPicker }, [icon('emoji', 20)]);
  const send = el('button', { type: 'submit', class: 'min-h-8 min-w-8 flex items-center justify-center ml-1',
    style: { color: channel.widgetColor } }, [icon('send', 20)]);

  function renderButtons() {
    const hasText = input.value.length > 0;
    buttons.replaceChildren(...[hasText ? null : attach, emoji, hasText ? send : null].filter(Boolean));
  }

  function submit() {
    if (input.value.trim()) sendMessage(input.value);
    input.value = '';
    renderButtons();
    input.focus();
  }

  // Upstream listens on the whole document, so Enter sends from anywhere in the view.
  const onKeypress = event => {
    if (event.keyCode === 13 && !event.shiftKey) {
      event.preventDefault();
      submit();
    }
  };
  input.addEventListener('input', renderButtons);
  input.addEventListener('keyup', typingStarted);
  input.addEventListener('blur', typingStopped);
  send.addEventListener('click', submit);
  document.addEventListener('keypress', onKeypress);
  renderButtons();
  const root = el('footer', { class: 'chat-footer relative z-50 mb-1 rounded-lg px-5' }, [
    el('div', { class: 'chat-input-wrap items-center flex pl-3 pr-2' }, [input, buttons]),
  ]);
  return { root, input, unmount: () => document.removeEventListener('keypress', onKeypress) };
}

export function messagesView() {
  const list = el('div', { class: 'conversation-wrap' });
  const footer = composer();
  const root = el('div', { class: 'messages-view flex flex-col flex-1 overflow-hidden' }, [
    el('div', { class: 'flex flex-1 overflow-auto conversation--container' }, [list]),
    footer.root,
  ]);
  conversation(list);
  let shown = state.messages;
  const unsubscribe = subscribe(() => {
    if (state.messages !== shown) {
      shown = state.messages;
      conversation(list);
    }
  });
  setUserLastSeen();
  if (state.isOpen) setTimeout(() => footer.input.focus(), 0);
  return { root, focus: () => footer.input.focus(), unmount: () => { unsubscribe(); footer.unmount(); } };
}
