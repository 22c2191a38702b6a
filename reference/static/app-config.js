/*
 * What the widget page hands the iframe app: the inbox settings (window.chatwootWebChannel), the
 * token (window.authToken) and, from the reference, the profile's behaviour and the defects that
 * are switched on (window.chatwootReference; the differences live in reference/profiles.py).
 */
const reference = window.chatwootReference || {};

export const channel = window.chatwootWebChannel || {};
export const behaviour = reference.app || {};
export const DEFECTS = reference.defects || [];
export const defect = name => DEFECTS.includes(name);

export const SOFT_EXIT = 'soft_exit';
export const END_CONVERSATION = 'end_conversation';
export const OPEN_STATUSES = ['open', 'snoozed', 'pending'];

// Texts of the English locale (app/javascript/widget/i18n/locale/en.json upstream).
export const TEXT = {
  startConversation: 'Start Conversation',
  continueConversation: 'Continue conversation',
  endConversation: 'End Conversation',
  online: 'We are online',
  offline: 'We are away at the moment',
  backSoon: 'We will be back as soon as possible',
  repliesInMinutes: 'Typically replies in a few minutes',
  bubbleLabel: 'Chat with us',
  today: 'Today',
  required: 'Required',
  invalidEmail: 'Please enter a valid email address',
  selectCountryCode: 'Please select a country code',
  invalidPhone: 'Please enter a valid phone number',
  messageTooShort: 'Message too short',
  messageLabel: 'Message',
  messagePlaceholder: 'Please enter your message',
  searchCountry: 'Search country',
  noCountry: 'No results found',
  emojiPicker: 'Emoji picker',
  exitTitle: 'Exit & Close Chat',
  exitQuestion: 'End and close this chat?',
  exitResolved: 'Conversation will be resolved.',
  exitFresh: 'Next open will start fresh.',
  cancel: 'Cancel',
  exitChat: 'Exit Chat',
};
