/*
 * The header above every view. On Home it is expanded (welcome title and tagline); elsewhere it
 * is collapsed: back arrow, inbox name, availability, and the profile's control for leaving:
 * upstream's "End Conversation" icon button, or the fork's "Exit & Close Chat" with its confirm
 * popover. Upstream also has a close button, shown only in the mobile layout.
 */
import { resolveConversation } from './app-actions.js';
import { behaviour, channel, defect, END_CONVERSATION, OPEN_STATUSES, SOFT_EXIT, TEXT } from './app-config.js';
import { el, icon, spinner } from './app-dom.js';
import { postToHost } from './app-host.js';
import { replaceRoute } from './app-router.js';
import { state } from './app-state.js';
import { exitChat } from './app-exit.js';

export function availability() {
  const online = state.agents.some(agent => agent.availability_status === 'online');
  return { online, title: online ? TEXT.online : TEXT.offline, text: online ? TEXT.repliesInMinutes : TEXT.backSoon };
}

function closeButton() {
  return el('button', { class: 'button transparent compact close-button',
    onclick: () => postToHost({ event: 'closeWindow' }) }, [icon('dismiss', 24)]);
}

function endConversationButton() {
  const enabled = (channel.enabledFeatures || []).includes('end_conversation') &&
    state.appConfig.enableEndConversation !== false;
  if (!enabled || !OPEN_STATUSES.includes(state.conversation.status)) return null;
  const button = el('button', { class: 'button transparent compact', title: TEXT.endConversation,
    onclick: () => resolveConversation() }, [icon('sign-out', 22)]);
  if (defect('exit-posts-twice')) button.addEventListener('click', () => resolveConversation());
  return button;
}

// The fork's exit control keeps its popover open across header updates.
const exitUi = { confirming: false, exiting: false };

function exitControl(refresh) {
  if (!OPEN_STATUSES.includes(state.conversation.status) && !exitUi.exiting) return null;
  const toggle = () => { exitUi.confirming = !exitUi.confirming; refresh(); };
  const cancel = () => { exitUi.confirming = false; refresh(); };
  const confirm = () => {
    exitUi.confirming = false;
    exitUi.exiting = true;
    refresh();
    exitChat();
  };
  const ok = el('button', { class: 'confirm-btn confirm-ok confirm-ok--exit', disabled: exitUi.exiting, onclick: confirm },
    [exitUi.exiting ? spinner() : el('span', { text: TEXT.exitChat })]);
  if (defect('exit-posts-twice')) ok.addEventListener('click', () => exitChat());
  const popover = exitUi.confirming ? el('div', { class: 'confirm-popover' }, [
    el('p', { class: 'confirm-text' }, [
      TEXT.exitQuestion,
      el('span', { class: 'confirm-sub' }, [TEXT.exitResolved, el('br'), TEXT.exitFresh]),
    ]),
    el('div', { class: 'confirm-actions' }, [
      el('button', { class: 'confirm-btn confirm-cancel', onclick: cancel, text: TEXT.cancel }),
      ok,
    ]),
  ]) : null;
  return el('div', { class: 'relative' }, [
    el('button', { class: `header-action-btn exit-chat-btn${exitUi.confirming ? ' active' : ''}`,
      title: TEXT.exitTitle, disabled: exitUi.exiting, onclick: toggle }, [icon('exit', 18)]),
    popover,
  ]);
}

function actions(refresh, { onHome }) {
  if (behaviour.leave_control === SOFT_EXIT) {
    return el('div', { class: 'actions flex items-center gap-1' }, [
      el('div', { class: 'elevenlabs-container header-call-btn' },
        [el('div', { class: 'elevenlabs-hidden-widget', 'aria-hidden': 'true' })]),
      onHome ? null : exitControl(refresh),
    ]);
  }
  return el('div', { class: 'actions flex items-center gap-3' }, [
    onHome || behaviour.leave_control !== END_CONVERSATION ? null : endConversationButton(),
    closeButton(),
  ]);
}

function expanded(refresh) {
  return el('header', { class: 'header-expanded pt-6 pb-4 px-5 relative w-full' }, [
    el('div', { class: 'flex items-start justify-end' }, [actions(refresh, { onHome: true })]),
    el('h2', { class: 'intro-heading', text: state.appConfig.welcomeTitle || channel.welcomeTitle }),
    el('p', { class: 'intro-body', text: state.appConfig.welcomeDescription || channel.welcomeTagline }),
  ]);
}

function collapsed(refresh, { showBack }) {
  const { online, text } = availability();
  return el('header', { class: 'header-collapsed flex justify-between w-full p-5 gap-2' }, [
    el('div', { class: 'flex items-center' }, [
      showBack ? el('button', { class: 'back-button px-2', onclick: () => replaceRoute('home') },
        [icon('chevron-left', 24)]) : null,
      el('div', { class: 'flex flex-col gap-1' }, [
        el('div', { class: 'header-title flex items-center' }, [
          el('span', { class: 'mr-1', text: channel.websiteName }),
          el('div', { class: `online-dot${online ? '' : ' hidden'}` }),
        ]),
        el('span', { class: 'availability-text', text }),
      ]),
    ]),
    actions(refresh, { onHome: false }),
  ]);
}

/** The header for `route`; `refresh` re-renders it (state changes, popover toggles). */
export function header(route, refresh) {
  const hasIntro = channel.welcomeTitle || channel.welcomeTagline;
  if (route === 'home' && hasIntro) return expanded(refresh);
  return collapsed(refresh, { showBack: route !== 'home' });
}
