/* Hash routes, as upstream's vue-router (createWebHashHistory): #/, #/prechat-form, #/messages. */
const PATHS = { home: '/', 'prechat-form': '/prechat-form', messages: '/messages' };
const listeners = new Set();

export function currentRoute() {
  const path = window.location.hash.replace(/^#/, '') || '/';
  return Object.keys(PATHS).find(name => PATHS[name] === path) || 'home';
}

/** router.replace: change the route without a history entry. */
export function replaceRoute(name) {
  const url = new URL(window.location.href);
  url.hash = `#${PATHS[name]}`;
  window.history.replaceState(window.history.state, '', url.toString());
  listeners.forEach(listener => listener(name));
}

export function onRouteChange(listener) {
  listeners.add(listener);
}

// The router's first navigation writes the Home route into a URL that has none.
if (!window.location.hash) replaceRoute('home');
