/*
 * The reference's upstream-style widget app (upstream and fork profiles), booted by the widget
 * page: the token is already in window.authToken. It posts `loaded` to the SDK, answers what
 * the SDK sends, and shows Home, the pre-chat form or the conversation under one header.
 */
import {
  clearConversation, createEvent, deleteCustomAttribute, fetchAgents, fetchCampaigns, fetchContact,
  fetchConversation, fetchMessages, setCustomAttributes, setUser,
} from './app-actions.js';
import { authToken } from './app-api.js';
import { connectCable } from './app-cable.js';
import { behaviour, channel, defect, TEXT } from './app-config.js';
import { el, spinner } from './app-dom.js';
import { onOpened } from './app-faults.js';
import { header } from './app-header.js';
import { useLocale } from './app-i18n.js';
import { homeView } from './app-home.js';
import { onHostMessage, postToHost } from './app-host.js';
import { messagesView } from './app-messages.js';
import { prechatView } from './app-prechat.js';
import { currentRoute, onRouteChange, replaceRoute } from './app-router.js';
import { startSession } from './app-session.js';
import { state, subscribe, update } from './app-state.js';

// Upstream reads its conversation, messages and contact on every load; the deployed fork does not.
const readsSessionOnLoad = behaviour.reads_session_on_load && !defect('conversation-lost-on-reload');
const VIEWS = { home: homeView, 'prechat-form': prechatView, messages: messagesView };
const shell = el('div', { class: 'widget-root flex flex-col justify-end h-full' });
document.getElementById('app').replaceChildren(shell);
let view = null;
let shown = {};

function branding() {
  return el('div', { class: 'branding' }, [el('a', { href: 'https://www.chatwoot.com', target: '_blank',
    rel: 'noopener noreferrer nofollow', text: behaviour.branding })]);
}

// Upstream shows only a spinner while the first messages load.
const isLoading = () => !state.messages.length && state.isFetchingList;

function mount() {
  if (view && view.unmount) view.unmount();
  const route = currentRoute();
  shown = { route, loading: isLoading(), agents: state.agents, hasMessages: state.messages.length > 0,
    conversation: state.conversation, appConfig: state.appConfig };
  if (shown.loading) {
    view = { root: el('div', { class: 'loading flex items-center justify-center flex-1 h-full' }, [spinner()]) };
    shell.replaceChildren(view.root);
    return;
  }
  const headerSlot = el('div', { class: 'header-slot' });
  const refreshHeader = () => headerSlot.replaceChildren(header(route, refreshHeader));
  refreshHeader();
  view = VIEWS[route]();
  view.refreshHeader = refreshHeader;
  const layout = el('div', { class: `view-with-header w-full h-full${route === 'home' ? ' overflow-auto' : ''}` }, [
    el('div', { class: 'relative flex flex-col h-full' }, [headerSlot, view.root, branding()]),
  ]);
  layout.addEventListener('keydown', event => {
    if (event.key === 'Escape') postToHost({ event: 'closeWindow' });
  });
  shell.replaceChildren(layout);
}

// What changes under a mounted view: the spinner, Home's card, the header's controls.
subscribe(() => {
  shell.classList.toggle('is-mobile', state.isMobile);
  const homeChanged = shown.route === 'home' &&
    (state.agents !== shown.agents || (state.messages.length > 0) !== shown.hasMessages);
  if (isLoading() !== shown.loading || homeChanged) {
    mount();
    return;
  }
  if (view.refreshHeader && (state.conversation !== shown.conversation || state.agents !== shown.agents ||
      state.appConfig !== shown.appConfig)) {
    Object.assign(shown, { conversation: state.conversation, agents: state.agents, appConfig: state.appConfig });
    view.refreshHeader();
  }
});
onRouteChange(mount);

const commands = {
  'config-set': message => {
    if (useLocale(message.locale)) mount();
    update({ locale: message.locale || state.locale, appConfig: message });
    postToHost({ event: 'setBubbleLabel', label: TEXT.bubbleLabel });
    if (readsSessionOnLoad) {
      fetchMessages();
      fetchAgents(channel.websiteToken);
      fetchContact();
    } else {
      clearConversation(); // the fork starts afresh on every load
      fetchAgents(channel.websiteToken);
    }
  },
  'change-url': message => {
    window.referrerURL = message.referrerURL;
    fetchCampaigns(channel.websiteToken);
  },
  'toggle-close-button': message => update({ isMobile: !!message.isMobile }),
  'toggle-open': message => {
    update({ isOpen: !!message.isOpen });
    if (message.isOpen) onOpened();
    if (message.isOpen && behaviour.home_resumes_conversation && currentRoute() === 'home' && state.messages.length) {
      replaceRoute('messages');
    } else if (message.isOpen && view && view.focus) {
      view.focus();
    }
  },
  'push-event': message => createEvent(message.eventName),
  'set-user': message => setUser(message.identifier, message.user), // no user: refused, as upstream's store
  'set-custom-attributes': message => setCustomAttributes(message.customAttributes),
  'delete-custom-attribute': message => deleteCustomAttribute(message.customAttribute),
  'set-locale': message => {
    if (useLocale(message.locale)) mount();
    update({ locale: message.locale || 'en' });
    postToHost({ event: 'setBubbleLabel', label: TEXT.bubbleLabel });
  },
};

onHostMessage(message => {
  const command = commands[message.event];
  if (command) command(message);
});

useLocale(channel.locale); // the account's language, until the SDK's config-set names the visitor's
startSession();
mount();
postToHost({ event: 'loaded', config: { authToken: authToken(), channelConfig: channel } });
if (readsSessionOnLoad) fetchConversation();
connectCable(); // upstream's entry point opens it on window load, beside mounting the app
