/* The widget's state, and who wants to hear when it changes (the mounted views). */
export const EMPTY_CONVERSATION = { id: '', status: '' };

export const state = {
  contact: {},                          // GET contact: id, identifier, has_email, has_name, has_phone_number
  conversation: { ...EMPTY_CONVERSATION }, // GET conversations: id and status
  messages: [],
  isFetchingList: false,
  isCreating: false,
  agents: [],
  isOpen: false,
  isMobile: false,
  locale: 'en',
  appConfig: {},                        // config-set from the SDK
};

const listeners = new Set();

export function update(changes) {
  Object.assign(state, changes);
  listeners.forEach(listener => listener(state));
}

export function subscribe(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
