/* The postMessage bridge to the host page's SDK: strings "chatwoot-widget:" + JSON, both ways. */
const PREFIX = 'chatwoot-widget:';

export function postToHost(message) {
  window.parent.postMessage(PREFIX + JSON.stringify(message), '*');
}

export function onHostMessage(handler) {
  window.addEventListener('message', event => {
    if (typeof event.data !== 'string' || !event.data.startsWith(PREFIX)) return;
    let message;
    try {
      message = JSON.parse(event.data.slice(PREFIX.length));
    } catch (_) {
      return;
    }
    handler(message);
  });
}
