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

// The texts in the widget's language of the moment: English until app-i18n.js switches them
// (the tables are reference/locales.py's, handed over by the widget page).
export const LOCALES = reference.locales || { en: {} };
export const TEXT = { ...LOCALES.en };
