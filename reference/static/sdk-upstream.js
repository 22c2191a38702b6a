/*
 * Reference widget SDK as Chatwoot 4.10 ships it (/packs/js/sdk.js in the upstream and fork
 * profiles; the fork deploys upstream's SDK). Plain JS, no build step, written from the public
 * behaviour of app/javascript/sdk: window.$chatwoot, a bubble and a holder with the iframe
 * #chatwoot_live_chat_widget, messages "chatwoot-widget:" + JSON both ways, and the contact token
 * kept in the host page's cw_conversation cookie, which goes back into the iframe URL.
 *
 * One reference addition: an `exitChat` handler (the deployed fork posts exitChat and nothing
 * handles it). It closes the chat and forgets the identified user, which is what the fork's exit
 * promises; see docs/contract-decisions.md.
 *
 * As upstream, reset() keeps window.$chatwoot.user, and every later `loaded` posts it as set-user
 * on its own (without {identifier, user}); the widget refuses that with an `error` message, so the
 * host page gets chatwoot:error (profile point user_after_reset=replayed_bare).
 */
(function () {
  'use strict';
  if (window.chatwootSDK) return;

  var PREFIX = 'chatwoot-widget:';
  var COOKIE_DAYS = 365;
  var DEFECTS = __REFERENCE_DEFECTS__;
  var defect = function (name) { return DEFECTS.indexOf(name) !== -1; };
  var BUBBLE_PATH = 'M240.8 240.8H122.1C56.7 240.8 3.5 187.6 3.5 122.1 3.5 56.7 56.7 3.5 122.1 3.5' +
    'c65.4 0 118.7 53.2 118.7 118.6v118.7z';

  // On a phone (upstream's max-width 667px query) the chat fills the screen and the SDK hides its
  // close bubble: the widget's own close button (toggle-close-button) is what closes it.
  var PHONE_STYLE = '@media only screen and (max-width:667px){' +
    '.woot-widget-holder{top:0;right:0;left:0;width:100%;height:100%;max-height:none;border-radius:0}' +
    '.woot-widget-bubble.woot--close{bottom:60px;opacity:0;visibility:hidden!important;z-index:-1!important}}';

  var STYLE = [
    '.woot-widget-holder{position:fixed!important;z-index:2147483000!important;bottom:104px;width:400px;',
    'height:calc(85% - 84px);max-height:590px;min-height:250px;border-radius:16px;overflow:hidden!important;',
    'box-shadow:0 5px 40px rgba(0,0,0,.16);background:#fff}',
    '.woot-widget-holder iframe{width:100%;height:100%;border:0}',
    '.woot-elements--right{right:20px}.woot-elements--left{left:20px}',
    '.woot--bubble-holder{position:fixed;bottom:0;width:0;height:0}',
    '.woot--bubble-holder.woot-hidden{display:none}',
    '.woot-widget-bubble{position:fixed!important;bottom:20px;z-index:2147483000!important;width:64px;height:64px;',
    'border:0;border-radius:100px;cursor:pointer;display:flex;align-items:center;justify-content:center;',
    'box-shadow:0 8px 24px rgba(0,0,0,.16);background:#1f93ff}',
    '.woot-widget-bubble svg{width:24px;height:24px}',
    '.woot-widget-bubble.woot-widget--expanded{width:auto;height:48px;padding:0 20px;gap:8px;color:#fff;',
    'font:500 16px sans-serif;border-radius:999px}',
    '.woot-widget-bubble.woot--close::before,.woot-widget-bubble.woot--close::after{content:"";position:absolute;',
    'left:31px;top:20px;width:2px;height:24px;background:#fff;border-radius:1px}',
    '.woot-widget-bubble.woot--close::before{transform:rotate(45deg)}',
    '.woot-widget-bubble.woot--close::after{transform:rotate(-45deg)}',
    '.woot--hide{bottom:-100vh!important;top:unset!important;opacity:0;visibility:hidden!important;z-index:-1!important}'
  ].join('') + (defect('phone-layout-missing') ? '' : PHONE_STYLE);

  // -- the host page's cookies (js-cookie's defaults upstream: path /, SameSite Lax, 365 days) ----
  function readCookie(name) {
    var prefix = name + '=';
    var found = document.cookie.split('; ').filter(function (c) { return c.indexOf(prefix) === 0; })[0];
    return found === undefined ? undefined : decodeURIComponent(found.slice(prefix.length));
  }

  function writeCookie(name, value, baseDomain) {
    var expires = new Date(Date.now() + COOKIE_DAYS * 864e5).toUTCString();
    document.cookie = name + '=' + encodeURIComponent(value) + '; expires=' + expires + '; path=/; SameSite=Lax' +
      (baseDomain ? '; domain=' + baseDomain : '');
  }

  function removeCookie(name, baseDomain) {
    document.cookie = name + '=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/' + (baseDomain ? '; domain=' + baseDomain : '');
  }

  // A digest of the identity, so an identical repeat of setUser sends nothing (upstream: md5).
  function userDigest(identifier, user) {
    var text = ['avatar_url', 'email', 'name', 'identifier_hash'].map(function (key) {
      return key + (user[key] || '');
    }).join('') + 'identifier' + identifier;
    var hash = 0x811c9dc5;
    for (var i = 0; i < text.length; i += 1) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return ('0000000' + hash.toString(16)).slice(-8);
  }

  function dispatchWindowEvent(name, detail) {
    window.dispatchEvent(new CustomEvent(name, { detail: detail === undefined ? null : detail }));
  }

  function run(options) {
    if (window.$chatwoot) return;
    var websiteToken = options.websiteToken;
    var baseUrl = String(options.baseUrl || '').replace(/\/$/, '');
    var settings = window.chatwootSettings || {};
    var baseDomain = settings.baseDomain;
    var position = settings.position === 'left' && !defect('settings-ignored') ? 'left' : 'right';
    var userCookie = 'cw_user_' + websiteToken;
    var pendingUser = null; // a setUser made before the widget could receive it

    var holder = document.createElement('div');
    var bubbleHolder = document.createElement('div');
    var bubble = document.createElement('button');
    var closeBubble = document.createElement('button');
    var iframe = document.createElement('iframe');

    function widgetUrl(token) {
      var url = baseUrl + '/widget?website_token=' + websiteToken;
      return token ? url + '&cw_conversation=' + token : url;
    }

    function sendToWidget(event, payload) {
      if (!iframe.contentWindow) return;
      iframe.contentWindow.postMessage(PREFIX + JSON.stringify(Object.assign({ event: event }, payload || {})), '*');
    }

    function setOpen(isOpen) {
      if (window.$chatwoot.isOpen === isOpen) return;
      window.$chatwoot.isOpen = isOpen;
      bubble.classList.toggle('woot--hide', isOpen);
      closeBubble.classList.toggle('woot--hide', !isOpen);
      holder.classList.toggle('woot--hide', !isOpen);
      sendToWidget('toggle-open', { isOpen: isOpen });
      if (isOpen) sendToWidget('push-event', { eventName: 'webwidget.triggered' });
      dispatchWindowEvent(isOpen ? 'chatwoot:opened' : 'chatwoot:closed');
      if (!isOpen) bubble.focus();
    }

    function sendUser(identity) {
      if (window.$chatwoot.hasLoaded) sendToWidget('set-user', identity);
      else pendingUser = identity;
    }

    // The identified user is forgotten when the visitor goes through the fork's exit; reset() only
    // drops the user cookie (upstream keeps window.$chatwoot.user).
    function forgetUser(replayLater) {
      if (replayLater && window.$chatwoot.user) {
        pendingUser = { identifier: window.$chatwoot.identifier, user: window.$chatwoot.user };
        return;
      }
      window.$chatwoot.identifier = undefined;
      window.$chatwoot.user = undefined;
      pendingUser = null;
      removeCookie(userCookie, baseDomain);
    }

    window.$chatwoot = {
      baseUrl: baseUrl,
      baseDomain: baseDomain,
      hasLoaded: false,
      hideMessageBubble: !!settings.hideMessageBubble,
      isOpen: false,
      position: position,
      websiteToken: websiteToken,
      locale: settings.locale,
      type: settings.type === 'expanded_bubble' ? 'expanded_bubble' : 'standard',
      launcherTitle: settings.launcherTitle || '',
      showPopoutButton: !!settings.showPopoutButton,
      showUnreadMessagesDialog: settings.showUnreadMessagesDialog === undefined ? true : settings.showUnreadMessagesDialog,
      widgetStyle: settings.widgetStyle === 'flat' ? 'flat' : 'standard',
      resetTriggered: false,
      darkMode: settings.darkMode === 'auto' ? 'auto' : 'light',
      welcomeTitle: settings.welcomeTitle || '',
      welcomeDescription: settings.welcomeDescription || '',
      availableMessage: settings.availableMessage || '',
      unavailableMessage: settings.unavailableMessage || '',
      enableFileUpload: settings.enableFileUpload,
      enableEmojiPicker: settings.enableEmojiPicker === undefined ? true : settings.enableEmojiPicker,
      enableEndConversation: settings.enableEndConversation === undefined ? true : settings.enableEndConversation,

      toggle: function (state) {
        setOpen(state === 'open' ? true : state === 'close' ? false : !window.$chatwoot.isOpen);
      },
      setUser: function (identifier, user) {
        if (typeof identifier !== 'string' && typeof identifier !== 'number') {
          throw new Error('Identifier should be a string or a number');
        }
        if (!user || !(user.avatar_url || user.email || user.name)) {
          throw new Error('User object should have one of the keys [avatar_url, email, name]');
        }
        var digest = userDigest(identifier, user);
        if (readCookie(userCookie) === digest) return;
        window.$chatwoot.identifier = identifier;
        window.$chatwoot.user = user;
        sendUser({ identifier: identifier, user: user });
        writeCookie(userCookie, digest, baseDomain);
      },
      setCustomAttributes: function (customAttributes) {
        if (!customAttributes || !Object.keys(customAttributes).length) {
          throw new Error('Custom attributes should have atleast one key');
        }
        sendToWidget('set-custom-attributes', { customAttributes: customAttributes });
      },
      deleteCustomAttribute: function (customAttribute) {
        if (!customAttribute) throw new Error('Custom attribute is required');
        sendToWidget('delete-custom-attribute', { customAttribute: customAttribute });
      },
      setLocale: function (locale) { sendToWidget('set-locale', { locale: locale || 'en' }); },
      setLabel: function (label) { sendToWidget('set-label', { label: label || '' }); },
      removeLabel: function (label) { sendToWidget('remove-label', { label: label || '' }); },
      reset: function () {
        if (window.$chatwoot.isOpen && !defect('exit-leaves-chat-open')) setOpen(false);
        var kept = defect('reset-keeps-session') ? readCookie('cw_conversation') : undefined;
        if (!kept) removeCookie('cw_conversation', baseDomain);
        if (defect('user-replayed-after-exit')) forgetUser(true);
        else removeCookie(userCookie, baseDomain);
        iframe.src = widgetUrl(kept);
        window.$chatwoot.resetTriggered = true;
      }
    };

    function configSet() {
      var keys = ['locale', 'position', 'hideMessageBubble', 'showPopoutButton', 'widgetStyle', 'darkMode',
        'showUnreadMessagesDialog', 'welcomeTitle', 'welcomeDescription', 'availableMessage', 'unavailableMessage',
        'enableFileUpload', 'enableEmojiPicker', 'enableEndConversation'];
      var config = {};
      keys.forEach(function (key) {
        if (window.$chatwoot[key] !== undefined) config[key] = window.$chatwoot[key];
      });
      var snoozedTill = readCookie('cw_snooze_campaigns_till');
      if (snoozedTill) config.campaignsSnoozedTill = snoozedTill;
      return config;
    }

    function isMobile() {
      return !defect('phone-layout-missing') && window.matchMedia('(max-width: 668px)').matches;
    }

    function createBubbles(widgetColor) {
      bubbleHolder.className = 'woot--bubble-holder' + (window.$chatwoot.hideMessageBubble ? ' woot-hidden' : '');
      bubbleHolder.id = 'cw-bubble-holder';
      var svgNS = 'http://www.w3.org/2000/svg';
      var icon = document.createElementNS(svgNS, 'svg');
      icon.setAttribute('id', 'woot-widget-bubble-icon');
      icon.setAttribute('viewBox', '0 0 240 240');
      icon.setAttribute('fill', 'none');
      var path = document.createElementNS(svgNS, 'path');
      path.setAttribute('d', BUBBLE_PATH);
      path.setAttribute('fill', '#FFFFFF');
      icon.appendChild(path);
      bubble.appendChild(icon);
      bubble.className = 'woot-widget-bubble woot-elements--' + position;
      if (window.$chatwoot.type === 'expanded_bubble') {
        // the expanded bubble shows a text beside the icon: the site's launcherTitle, else the widget's label
        var text = document.createElement('div');
        text.id = 'woot-widget--expanded__text';
        text.textContent = window.$chatwoot.launcherTitle || 'Chat with us';
        bubble.classList.add('woot-widget--expanded');
        bubble.appendChild(text);
      }
      bubble.title = 'Open chat window';
      closeBubble.className = 'woot-elements--' + position + ' woot-widget-bubble woot--close woot--hide';
      bubble.style.background = closeBubble.style.background = widgetColor || '#1f93ff';
      bubbleHolder.appendChild(bubble);
      bubbleHolder.appendChild(closeBubble);
      bubbleHolder.addEventListener('click', function () { window.$chatwoot.toggle(); });
      document.body.appendChild(bubbleHolder);
      sendToWidget('change-url', { referrerURL: window.location.href, referrerHost: window.location.host });
    }

    var events = {
      loaded: function (message) {
        var config = message.config || {};
        if (!defect('token-lost-on-reload')) writeCookie('cw_conversation', config.authToken, baseDomain);
        window.$chatwoot.hasLoaded = true;
        sendToWidget('config-set', configSet());
        iframe.style.visibility = '';
        if (!bubbleHolder.parentNode) createBubbles((config.channelConfig || {}).widgetColor);
        sendToWidget('toggle-close-button', { isMobile: isMobile() });
        if (pendingUser) {
          sendToWidget('set-user', pendingUser);
          pendingUser = null;
        } else if (window.$chatwoot.user) {
          sendToWidget('set-user', window.$chatwoot.user); // upstream's replay: the user alone
        }
        if (!window.$chatwoot.resetTriggered) dispatchWindowEvent('chatwoot:ready');
      },
      error: function (message) {
        dispatchWindowEvent('chatwoot:error', message.data);
        if (message.errorType === 'SET_USER_ERROR') removeCookie(userCookie, baseDomain);
      },
      onEvent: function (message) { dispatchWindowEvent(message.eventIdentifier, message.data); },
      setAuthCookie: function (message) {
        if (!defect('token-lost-on-reload')) writeCookie('cw_conversation', message.data.widgetAuthToken, baseDomain);
      },
      closeWindow: function () { setOpen(false); },
      closeChat: function () { setOpen(false); },
      setBubbleLabel: function (message) {
        var text = document.getElementById('woot-widget--expanded__text');
        if (text) text.textContent = window.$chatwoot.launcherTitle || message.label;
      },
      toggleBubble: function (message) { window.$chatwoot.toggle(message.state); },
      exitChat: function () {
        forgetUser(defect('user-replayed-after-exit'));
        if (!defect('exit-leaves-chat-open')) setOpen(false);
      }
    };

    var style = document.createElement('style');
    style.textContent = STYLE;
    document.head.appendChild(style);

    iframe.src = widgetUrl(readCookie('cw_conversation'));
    iframe.allow = 'camera;microphone;fullscreen;display-capture;picture-in-picture;clipboard-write;';
    iframe.id = 'chatwoot_live_chat_widget';
    iframe.style.visibility = 'hidden';
    holder.className = 'woot-widget-holder woot--hide woot-elements--' + position +
      (window.$chatwoot.hideMessageBubble ? ' woot-widget--without-bubble' : '');
    holder.id = 'cw-widget-holder';
    holder.appendChild(iframe);
    document.body.appendChild(holder);
    if (defect('has-loaded-early')) window.$chatwoot.hasLoaded = true;

    window.addEventListener('message', function (e) {
      if (e.source !== iframe.contentWindow) return;
      if (typeof e.data !== 'string' || e.data.indexOf(PREFIX) !== 0) return;
      var message;
      try { message = JSON.parse(e.data.slice(PREFIX.length)); } catch (_) { return; }
      var handler = events[message.event];
      if (typeof handler === 'function') handler(message);
    });
    window.addEventListener('resize', function () { sendToWidget('toggle-close-button', { isMobile: isMobile() }); });
  }

  window.chatwootSDK = { run: run };
})();
