/*
 * Home: the availability card and its "Start Conversation" button (upstream says "Continue
 * conversation" when messages exist, and then opens them; the fork always starts afresh with the
 * pre-chat form).
 */
import { availability } from './app-header.js';
import { behaviour, channel, TEXT } from './app-config.js';
import { el } from './app-dom.js';
import { postToHost } from './app-host.js';
import { replaceRoute } from './app-router.js';
import { state } from './app-state.js';

function startConversation(hasConversation) {
  if (channel.preChatFormEnabled && !hasConversation) replaceRoute('prechat-form');
  else replaceRoute('messages');
  if (!hasConversation) {
    postToHost({ event: 'onEvent', eventIdentifier: 'chatwoot:on-start-conversation',
      data: { hasConversation: false } });
  }
}

export function homeView() {
  const hasConversation = behaviour.home_resumes_conversation && state.messages.length > 0;
  const { title, text } = availability();
  const root = el('div', { class: 'home flex flex-col justify-end flex-1 w-full p-4 gap-4' }, [
    el('div', { class: 'availability-card flex flex-col gap-3 w-full rounded-xl px-5 py-4' }, [
      el('div', { class: 'flex items-center justify-between gap-2' }, [
        el('div', { class: 'flex flex-col gap-1' }, [
          el('div', { class: 'font-medium availability-title', text: title }),
          el('span', { class: 'availability-text', text }),
        ]),
      ]),
      el('button', { class: 'inline-flex items-center gap-1 font-medium start-conversation',
        style: { color: channel.widgetColor }, onclick: () => startConversation(hasConversation) }, [
        el('span', { text: hasConversation ? TEXT.continueConversation : TEXT.startConversation }),
        el('i', { class: 'i-lucide-chevron-right size-5 mt-px' }),
      ]),
    ]),
  ]);
  return { root };
}
