/*
 * Reference widget SDK (/packs/js/sdk.js). Plain JS, no build step.
 * Follows the public behaviour of Chatwoot's SDK: a bubble, a holder with the widget iframe
 * #chatwoot_live_chat_widget, window.$chatwoot, and a postMessage bridge whose messages are
 * strings "chatwoot-widget:" + JSON {event, ...payload}.
 */
(function () {
  'use strict';
  if (window.chatwootSDK) return;

  var PREFIX = 'chatwoot-widget:';
  var DEFECTS = __REFERENCE_DEFECTS__;
  var defect = function (name) { return DEFECTS.indexOf(name) !== -1; };

  // On a phone the chat fills the screen, as upstream's SDK does (its max-width 667px query); the
  // widget's own Close button closes it (the close bubble would sit on top of the chat: hidden).
  var PHONE_STYLE = '@media only screen and (max-width:667px){' +
    '.woot-widget-holder{top:0;right:0;left:0;bottom:0;width:100%;height:100%;max-height:none;border-radius:0}' +
    '.woot-widget-bubble.woot--close{display:none!important}}';

  var STYLE = [
    '.woot-widget-holder{position:fixed;bottom:96px;z-index:2147483000;width:400px;height:600px;',
    'max-height:calc(100% - 120px);border-radius:16px;overflow:hidden;box-shadow:0 8px 24px rgba(0,0,0,.18);background:#fff}',
    '.woot-widget-holder iframe{width:100%;height:100%;border:0}',
    '.woot-elements--right{right:20px}.woot-elements--left{left:20px}',
    '.woot--bubble-holder .woot-widget-bubble{position:fixed;bottom:20px;z-index:2147483000;width:64px;height:64px;',
    'border-radius:32px;border:0;cursor:pointer;color:#fff;background:#1f93ff;font:600 14px sans-serif}',
    '.woot-widget-bubble.woot-widget--expanded{width:auto;padding:0 20px}',
    '.woot--hide{display:none !important}'
  ].join('') + (defect('phone-layout-missing') ? '' : PHONE_STYLE);

  function sendToWidget(event, payload) {
    var iframe = document.getElementById('chatwoot_live_chat_widget');
    if (!iframe || !iframe.contentWindow) return;
    var message = Object.assign({ event: event }, payload || {});
    iframe.contentWindow.postMessage(PREFIX + JSON.stringify(message), '*');
  }

  function dispatchWindowEvent(name, detail) {
    window.dispatchEvent(new CustomEvent(name, { detail: detail }));
  }

  function run(options) {
    if (window.$chatwoot && window.$chatwoot.websiteToken) return;
    var websiteToken = options.websiteToken;
    var baseUrl = String(options.baseUrl || '').replace(/\/$/, '');
    var settings = window.chatwootSettings || {};
    var position = settings.position === 'left' && !defect('settings-ignored') ? 'left' : 'right';

    var holder = document.createElement('div');
    var bubbleHolder = document.createElement('div');
    var bubble = document.createElement('button');
    var closeBubble = document.createElement('button');

    var widgetUrl = baseUrl + '/widget?website_token=' + encodeURIComponent(websiteToken) +
      (settings.locale ? '&locale=' + encodeURIComponent(settings.locale) : '');

    function setOpen(isOpen) {
      window.$chatwoot.isOpen = isOpen;
      holder.classList.toggle('woot--hide', !isOpen);
      bubble.classList.toggle('woot--hide', isOpen || !!settings.hideMessageBubble);
      closeBubble.classList.toggle('woot--hide', !isOpen || !!settings.hideMessageBubble);
      sendToWidget('toggle-open', { isOpen: isOpen });
    }

    window.$chatwoot = {
      baseUrl: baseUrl,
      websiteToken: websiteToken,
      hasLoaded: false,
      isOpen: false,
      position: position,
      locale: settings.locale || 'en',
      type: settings.type === 'expanded_bubble' ? 'expanded_bubble' : 'standard',
      launcherTitle: settings.launcherTitle || '',
      hideMessageBubble: !!settings.hideMessageBubble,
      user: undefined,
      resetTriggered: false,

      toggle: function (state) {
        var next = state === 'open' ? true : state === 'close' ? false : !window.$chatwoot.isOpen;
        setOpen(next);
      },
      setUser: function (identifier, user) {
        if (typeof identifier !== 'string' && typeof identifier !== 'number') {
          throw new Error('Identifier should be a string or a number');
        }
        if (!user || typeof user !== 'object') throw new Error('User should be an object');
        window.$chatwoot.user = { identifier: identifier, user: user };
        if (window.$chatwoot.hasLoaded) sendToWidget('set-user', window.$chatwoot.user);
      },
      setCustomAttributes: function (customAttributes) {
        if (!customAttributes || typeof customAttributes !== 'object' || Array.isArray(customAttributes)) {
          throw new Error('Custom attributes should be an object');
        }
        sendToWidget('set-custom-attributes', { customAttributes: customAttributes });
      },
      deleteCustomAttribute: function (customAttribute) {
        if (typeof customAttribute !== 'string' || !customAttribute) {
          throw new Error('Custom attribute should be a non-empty string');
        }
        sendToWidget('delete-custom-attribute', { customAttribute: customAttribute });
      },
      setLocale: function (locale) { sendToWidget('set-locale', { locale: locale || 'en' }); },
      reset: function () {
        if (window.$chatwoot.isOpen) setOpen(false);
        window.$chatwoot.user = undefined;
        window.$chatwoot.resetTriggered = true;
        sendToWidget('reset');
      }
    };

    var style = document.createElement('style');
    style.textContent = STYLE;
    document.head.appendChild(style);

    var iframe = document.createElement('iframe');
    iframe.src = widgetUrl;
    iframe.id = 'chatwoot_live_chat_widget';
    iframe.title = 'Chat widget';
    iframe.style.visibility = 'hidden';
    holder.className = 'woot-widget-holder woot--hide woot-elements--' + position;
    holder.id = 'cw-widget-holder';
    holder.appendChild(iframe);
    document.body.appendChild(holder);
    if (defect('has-loaded-early')) window.$chatwoot.hasLoaded = true;

    var events = {
      loaded: function (message) {
        window.$chatwoot.hasLoaded = true;
        iframe.style.visibility = '';
        if (!bubbleHolder.parentNode) createBubbles(message.config || {});
        sendToWidget('config-set', {
          locale: window.$chatwoot.locale,
          position: position,
          hideMessageBubble: window.$chatwoot.hideMessageBubble
        });
        if (window.$chatwoot.user) sendToWidget('set-user', window.$chatwoot.user);
        if (!window.$chatwoot.resetTriggered) dispatchWindowEvent('chatwoot:ready');
      },
      error: function (message) {
        dispatchWindowEvent('chatwoot:error', message.data);
      },
      exitChat: function () {
        if (!defect('user-replayed-after-exit')) window.$chatwoot.user = undefined;
        if (!defect('exit-leaves-chat-open')) setOpen(false);
      },
      closeWindow: function () { setOpen(false); },
      toggleBubble: function (message) { window.$chatwoot.toggle(message.state); }
    };

    function createBubbles() {
      bubbleHolder.className = 'woot--bubble-holder';
      bubble.className = 'woot-widget-bubble woot-elements--' + position;
      bubble.title = 'Open chat window';
      bubble.setAttribute('aria-label', 'Open chat window');
      bubble.textContent = 'Chat';
      if (window.$chatwoot.type === 'expanded_bubble') {
        // the expanded bubble shows the site's launcher title (upstream's #woot-widget--expanded__text)
        var text = document.createElement('div');
        text.id = 'woot-widget--expanded__text';
        text.textContent = window.$chatwoot.launcherTitle || 'Chat with us';
        bubble.classList.add('woot-widget--expanded');
        bubble.removeAttribute('aria-label'); // named by its text, as upstream's expanded bubble is
        bubble.replaceChildren(text);
      }
      closeBubble.className = 'woot-widget-bubble woot--close woot--hide woot-elements--' + position;
      closeBubble.title = 'Close chat';
      closeBubble.setAttribute('aria-label', 'Close chat');
      closeBubble.textContent = '\u00d7';
      if (settings.hideMessageBubble) bubble.classList.add('woot--hide');
      bubble.addEventListener('click', function () { window.$chatwoot.toggle('open'); });
      closeBubble.addEventListener('click', function () { window.$chatwoot.toggle('close'); });
      bubbleHolder.appendChild(bubble);
      bubbleHolder.appendChild(closeBubble);
      document.body.appendChild(bubbleHolder);
    }

    window.addEventListener('message', function (e) {
      if (e.source !== iframe.contentWindow) return;
      if (typeof e.data !== 'string' || e.data.indexOf(PREFIX) !== 0) return;
      var message;
      try { message = JSON.parse(e.data.slice(PREFIX.length)); } catch (_) { return; }
      var handler = events[message.event];
      if (typeof handler === 'function') handler(message);
    });
  }

  window.chatwootSDK = { run: run };
})();
