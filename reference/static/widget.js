/*
 * Reference widget iframe app (/widget?website_token=...). Plain JS, no build step.
 * The documented fork behaviour: the contact auth token lives in this iframe's sessionStorage,
 * is sent as X-Auth-Token on every call, and the soft exit clears it with clearCurrentUser().
 */
(function () {
  'use strict';

  var DEFECTS = (window.chatwootReference && window.chatwootReference.defects) || [];
  var defect = function (name) { return DEFECTS.indexOf(name) !== -1; };

  // Captured once at load, before any history.replaceState can touch the URL.
  var WEBSITE_TOKEN = new URLSearchParams(window.location.search).get('website_token');
  var TOKEN_KEY = 'cw_auth_token';
  var SAVED_USER_KEY = 'chatwoot_user_data';
  var SESSION_KEY = /^(cw_|cwc|chatwoot|widget_auth)/;
  var SESSION_PARAM = /^(cw_|cwc)/;
  var PREFIX = 'chatwoot-widget:';
  var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
  var PHONE_E164 = /^\+[1-9]\d{1,14}$/;
  var SET_USER_ERROR = 'SET_USER_ERROR';
  var i18n = window.chatwootI18n;
  var t = i18n.t;
  i18n.use(new URLSearchParams(window.location.search).get('locale')); // the SDK's chatwootSettings.locale

  var tokenStorage = defect('token-in-localstorage') ? window.localStorage : window.sessionStorage;
  var defaultHeaders = {};
  var state = { channel: null, contact: null, conversation: null, view: 'loading', exiting: false };
  var queue = Promise.resolve();
  var recoveriesLeft = 3; // a server that keeps answering 404 must not make the widget loop

  // -- host bridge -------------------------------------------------------------------------
  function postToHost(message) {
    window.parent.postMessage(PREFIX + JSON.stringify(message), '*');
  }

  // Defect switches of issue 18: a widget that errs in a normal flow (the chat opens).
  function onOpened() {
    if (defect('error-event-on-open')) {
      postToHost({ event: 'error', errorType: 'WIDGET_ERROR', data: { message: 'Could not load the conversation' } });
    }
    if (defect('widget-throws-on-open')) {
      setTimeout(function () { throw new TypeError("Cannot read properties of undefined (reading 'status')"); }, 0);
    }
  }

  // -- HTTP --------------------------------------------------------------------------------
  function ApiError(status, data) {
    this.status = status;
    this.data = data;
    this.message = 'HTTP ' + status;
  }

  function websiteToken(path) {
    if (defect('website-token-from-location') ||
        (defect('website-token-reread') && /^(conversations|messages)/.test(path))) {
      return new URLSearchParams(window.location.search).get('website_token');
    }
    return WEBSITE_TOKEN;
  }

  function apiUrl(path) {
    var token = websiteToken(path);
    var base = '/api/v1/widget/' + path;
    return token ? base + '?website_token=' + encodeURIComponent(token) : base;
  }

  function api(method, path, body) {
    var headers = Object.assign({ Accept: 'application/json' }, defaultHeaders);
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (defect('token-not-sent') && method === 'PATCH' && path === 'contact') delete headers['X-Auth-Token'];
    return fetch(apiUrl(path), {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try { data = text ? JSON.parse(text) : null; } catch (_) { data = text; }
        if (!response.ok) throw new ApiError(response.status, data);
        return data;
      });
    });
  }

  // A contact call whose 404 means the contact is gone: clear the session and start afresh.
  function contactCall(method, path, body) {
    return api(method, path, body).catch(function (error) {
      if (error.status === 404 && defaultHeaders['X-Auth-Token'] && recoveriesLeft > 0 &&
          !defect('stale-token-not-recovered')) {
        recoveriesLeft -= 1;
        return recoverStaleSession().then(function () { throw error; });
      }
      throw error;
    });
  }

  // -- session -----------------------------------------------------------------------------
  function setHeader(token) { defaultHeaders['X-Auth-Token'] = token; }
  function removeHeader(name) { delete defaultHeaders[name]; }

  function storeToken(token) {
    tokenStorage.setItem(TOKEN_KEY, token);
    setHeader(token);
  }

  function wipeSessionKeys() {
    [window.sessionStorage, window.localStorage].forEach(function (storage) {
      Object.keys(storage).filter(function (key) { return SESSION_KEY.test(key); })
        .forEach(function (key) { storage.removeItem(key); });
    });
  }

  function stripSessionParams() {
    var url = new URL(window.location.href);
    Array.from(url.searchParams.keys()).filter(function (key) { return SESSION_PARAM.test(key); })
      .forEach(function (key) { url.searchParams.delete(key); });
    if (defect('website-token-from-location')) url.searchParams.delete('website_token');
    window.history.replaceState({}, '', url.toString());
  }

  function clearSession(options) {
    options = options || {};
    state.contact = null;
    state.conversation = null;
    if (!options.keepHeader) removeHeader('X-Auth-Token');
    if (!options.keepStorage) wipeSessionKeys();
    stripSessionParams();
  }

  // Soft exit: empty contact state, drop the header, wipe session keys, strip URL params, tell the host.
  function clearCurrentUser(previousContact) {
    clearSession({ keepHeader: defect('header-kept-on-exit'), keepStorage: defect('token-kept-on-exit') });
    if (defect('prechat-not-reset-on-exit') && previousContact) {
      window.localStorage.setItem(SAVED_USER_KEY, JSON.stringify({
        name: previousContact.name || '', email: previousContact.email || '',
        phone_number: previousContact.phone_number || ''
      }));
    }
    postToHost({ event: 'exitChat' });
  }

  function recoverStaleSession() {
    clearSession();
    return startSession();
  }

  // First visit: no token, so the bootstrap call creates the contact and issues one.
  function startSession() {
    var stored = defect('token-lost-on-reload') ? null : tokenStorage.getItem(TOKEN_KEY);
    if (stored) setHeader(stored);
    return api('POST', 'config').catch(function (error) {
      var stale = stored && (error.status === 404 || error.status === 401);
      if (stale && !defect('stale-token-not-recovered')) {
        clearSession();
        return api('POST', 'config');
      }
      throw error;
    }).then(function (config) {
      var channel = config.website_channel_config;
      state.channel = channel;
      if (channel.auth_token !== defaultHeaders['X-Auth-Token'] || !tokenStorage.getItem(TOKEN_KEY)) {
        storeToken(channel.auth_token);
      }
      return refreshContact();
    }).then(function () {
      if (stored && defect('conversation-lost-on-reload')) return; // the session's conversation goes unread
      return refreshConversation();
    }).then(render);
  }

  function refreshContact() {
    return contactCall('GET', 'contact').then(function (contact) { state.contact = contact; });
  }

  function refreshConversation() {
    return api('GET', 'conversations').then(function (conversation) {
      state.conversation = conversation && conversation.id ? conversation : null;
    });
  }

  // -- host commands -----------------------------------------------------------------------
  function setUser(identifier, user) {
    user = user || {};
    var body = {
      identifier: identifier,
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
        social_profiles: user.social_profiles
      },
      custom_attributes: user.custom_attributes
    };
    return contactCall('PATCH', 'contact/set_user', body).then(function (data) {
      if (data && data.widget_auth_token && !defect('set-user-token-dropped')) storeToken(data.widget_auth_token);
      return refreshContact();
    }).then(refreshConversation).then(render).catch(function (error) {
      if (!defect('set-user-error-swallowed')) {
        postToHost({ event: 'error', errorType: SET_USER_ERROR, data: error.data || { message: String(error) } });
      }
    });
  }

  function setCustomAttributes(customAttributes) {
    return contactCall('PATCH', 'contact', { custom_attributes: customAttributes || {} })
      .then(function (contact) { state.contact = contact; }).catch(function () {});
  }

  function deleteCustomAttribute(key) {
    return contactCall('POST', 'contact/destroy_custom_attributes', { custom_attributes: [key] })
      .then(function (contact) { state.contact = contact; }).catch(function () {});
  }

  function resetSession() {
    if (!defect('reset-keeps-session')) clearSession();
    window.location.reload();
  }

  var commands = {
    'set-user': function (m) { return setUser(m.identifier, m.user); },
    'set-custom-attributes': function (m) { return setCustomAttributes(m.customAttributes); },
    'delete-custom-attribute': function (m) { return deleteCustomAttribute(m.customAttribute); },
    'reset': function () { return resetSession(); },
    'config-set': function (m) { if (i18n.use(m.locale) && state.channel) render(); },
    'set-locale': function (m) { if (i18n.use(m.locale) && state.channel) render(); },
    'toggle-open': function (message) { if (message.isOpen) onOpened(); }
  };

  window.addEventListener('message', function (e) {
    if (e.source !== window.parent) return;
    if (typeof e.data !== 'string' || e.data.indexOf(PREFIX) !== 0) return;
    var message;
    try { message = JSON.parse(e.data.slice(PREFIX.length)); } catch (_) { return; }
    var command = commands[message.event];
    if (command) queue = queue.then(function () { return command(message); }).catch(function () {});
  });

  // -- pre-chat form and conversation ------------------------------------------------------
  function validatePreChat(values) {
    var errors = {};
    if (values.emailAddress && !EMAIL.test(values.emailAddress)) errors.emailAddress = t('invalidEmail');
    if (values.phoneNumber && !PHONE_E164.test(values.phoneNumber)) errors.phoneNumber = t('invalidPhone');
    if (!values.message.trim()) errors.message = t('messageRequired');
    return errors;
  }

  function submitPreChat(values) {
    var errors = validatePreChat(values);
    if (Object.keys(errors).length) {
      renderPreChat(values, errors);
      return Promise.resolve();
    }
    var update = {};
    if (values.fullName) update.name = values.fullName;
    if (values.emailAddress) update.email = values.emailAddress;
    if (values.phoneNumber && !defect('prechat-drops-field')) update.phone_number = values.phoneNumber;
    return contactCall('PATCH', 'contact', update).then(function (contact) {
      state.contact = contact;
      if (defect('leak-under-other-key')) window.localStorage.setItem('visitor_profile', JSON.stringify(update));
      return api('POST', 'conversations', { message: { content: values.message } });
    }).then(function (conversation) {
      state.conversation = conversation;
      render();
    }).catch(function (error) {
      renderPreChat(values, { form: 'Could not start the conversation (HTTP ' + error.status + ')' });
    });
  }

  function sendMessage(content) {
    return api('POST', 'messages', { message: { content: content } }).then(refreshConversation).then(render);
  }

  function exitChat() {
    if (state.exiting && !defect('exit-posts-twice')) return Promise.resolve();
    state.exiting = true;
    var previous = state.contact;
    var resolve = state.conversation && state.conversation.status === 'open' && !defect('exit-skips-resolve')
      ? api('GET', 'conversations/toggle_status').catch(function () {})
      : Promise.resolve();
    return resolve.then(function () {
      clearCurrentUser(previous);
      state.view = 'prechat';
      render();
      // The next visitor's session starts here; the reload then gives them a fresh document.
      return startSession().catch(function () {});
    }).then(function () {
      window.location.reload();
    });
  }

  // -- rendering ---------------------------------------------------------------------------
  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === undefined || value === null || value === false) return;
      if (name.indexOf('on') === 0) node.addEventListener(name.slice(2), value);
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : value);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function savedUserData() {
    if (!defect('prechat-not-reset-on-exit')) return {};
    try { return JSON.parse(window.localStorage.getItem(SAVED_USER_KEY) || '{}'); } catch (_) { return {}; }
  }

  function needsPreChat() {
    var contact = state.contact || {};
    return state.channel && state.channel.pre_chat_form_enabled && !state.conversation &&
      !contact.email && !contact.identifier;
  }

  function header() {
    var actions = el('div', { class: 'actions flex items-center gap-1' });
    var conversationOpen = state.conversation && state.conversation.status === 'open';
    if (conversationOpen) {
      var exitOk = el('button', { class: 'confirm-btn confirm-ok confirm-ok--exit', type: 'button', text: t('exitChat'),
        onclick: function () { popover.hidden = true; exitChat(); } });
      if (defect('exit-posts-twice')) exitOk.addEventListener('click', function () { exitChat(); });
      var popover = el('div', { class: 'confirm-popover', hidden: true }, [
        el('p', { class: 'confirm-text', text: t('exitQuestion') }, [
          el('span', { class: 'confirm-sub', text: t('exitSub') })
        ]),
        el('div', { class: 'confirm-actions' }, [
          el('button', { class: 'confirm-btn confirm-cancel', type: 'button', text: t('cancel'),
            onclick: function () { popover.hidden = true; exitButton.classList.remove('active'); } }),
          exitOk
        ])
      ]);
      var exitButton = el('button', {
        class: 'header-action-btn exit-chat-btn', type: 'button', title: t('exitTitle'),
        'aria-label': t('exitTitle'),
        onclick: function () { popover.hidden = !popover.hidden; exitButton.classList.toggle('active', !popover.hidden); }
      }, [el('span', { class: 'exit-icon', text: '\u21e5' })]);
      actions.appendChild(el('div', { class: 'relative' }, [exitButton, popover]));
    }
    actions.appendChild(el('button', {
      class: 'header-action-btn close-button', type: 'button', title: t('close'), 'aria-label': t('close'),
      onclick: function () { postToHost({ event: 'closeWindow' }); }
    }, [el('span', { text: '\u00d7' })]));
    var name = (state.channel && state.channel.website_name) || 'Chat';
    return el('header', { class: 'header-wrap' }, [
      el('div', { class: 'header-branding' }, [el('h2', { class: 'header-title', text: name })]),
      actions
    ]);
  }

  function field(name, label, type, value, error, placeholder) {
    var id = 'input_' + name;
    var input = type === 'textarea'
      ? el('textarea', { class: 'formkit-input', name: name, id: id, placeholder: placeholder, rows: '3' })
      : el('input', { class: 'formkit-input', type: type, name: name, id: id, placeholder: placeholder });
    input.value = value || '';
    var messages = error
      ? el('ul', { class: 'formkit-messages' }, [el('li', { class: 'formkit-message', id: id + '-error', text: error })])
      : null;
    if (error) input.setAttribute('aria-invalid', 'true');
    return el('div', { class: 'formkit-outer', 'data-type': type, 'data-invalid': error ? 'true' : null }, [
      el('div', { class: 'formkit-wrapper' }, [
        el('label', { class: 'formkit-label', for: id, text: label }),
        el('div', { class: 'formkit-inner' }, [input])
      ]),
      messages
    ]);
  }

  function renderPreChat(values, errors) {
    var saved = savedUserData();
    var contact = state.contact || {};
    values = values || {
      fullName: contact.name || saved.name || '',
      emailAddress: contact.email || saved.email || '',
      phoneNumber: contact.phone_number || saved.phone_number || '',
      message: ''
    };
    errors = errors || {};
    var form = el('form', { class: 'pre-chat-form', novalidate: true }, [
      el('p', { class: 'pre-chat-message', text: (state.channel && state.channel.pre_chat_form_options &&
        state.channel.pre_chat_form_options.pre_chat_message) || '' }),
      field('fullName', t('fullNameLabel'), 'text', values.fullName, errors.fullName, t('fullNamePlaceholder')),
      field('emailAddress', t('emailLabel'), 'email', values.emailAddress, errors.emailAddress, t('emailPlaceholder')),
      field('phoneNumber', t('phoneLabel'), 'tel', values.phoneNumber, errors.phoneNumber, t('phonePlaceholder')),
      field('message', t('messageLabel'), 'textarea', values.message, errors.message, t('messagePlaceholder')),
      errors.form ? el('p', { class: 'form-error', role: 'alert', text: errors.form }) : null,
      el('button', { class: 'button block', type: 'submit', text: t('startConversation') })
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var data = new FormData(form);
      submitPreChat({
        fullName: String(data.get('fullName') || '').trim(),
        emailAddress: String(data.get('emailAddress') || '').trim(),
        phoneNumber: String(data.get('phoneNumber') || '').trim(),
        message: String(data.get('message') || '')
      });
    });
    mount(form);
  }

  function renderConversation() {
    var messages = (state.conversation && state.conversation.messages) || [];
    var list = el('div', { class: 'conversation-wrap', role: 'log' }, messages.map(function (message) {
      return el('div', { class: 'chat-bubble user', text: message.content });
    }));
    var input = el('textarea', { class: 'chat-input', placeholder: t('composerPlaceholder'), 'aria-label': t('composerPlaceholder'),
      rows: '1' });
    var composer = el('form', { class: 'chat-input-wrap' }, [
      input, el('button', { class: 'send-button', type: 'submit', title: t('sendTitle'), text: t('send') })
    ]);
    composer.addEventListener('submit', function (e) {
      e.preventDefault();
      if (input.value.trim()) sendMessage(input.value);
    });
    input.addEventListener('keydown', function (e) { // Enter sends, Shift+Enter is a new line
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); composer.requestSubmit(); }
    });
    mount(el('div', { class: 'conversation-view' }, [list, composer]));
  }

  function mount(body) {
    var app = document.getElementById('app');
    app.replaceChildren(header(), el('main', { class: 'widget-body' }, [body]));
  }

  function render() {
    state.view = needsPreChat() ? 'prechat' : 'conversation';
    if (state.view === 'prechat') renderPreChat();
    else renderConversation();
  }

  function renderFailure(error) {
    var app = document.getElementById('app');
    app.replaceChildren(el('p', { class: 'widget-error', role: 'alert',
      text: 'The chat could not be loaded (HTTP ' + (error && error.status) + ').' }));
  }

  // -- boot --------------------------------------------------------------------------------
  startSession().then(function () {
    postToHost({ event: 'loaded', config: { channelConfig: { widgetColor: state.channel.widget_color } } });
  }).catch(renderFailure);
})();
