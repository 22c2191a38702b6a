/*
 * The widget's language. Like upstream's App.vue setLocale: a locale is used only when the inbox
 * allows it (chatwootWebChannel.enabledLanguages); 'de_AT' falls back to 'de'; anything else keeps
 * the current language. Switching rewrites TEXT in place (a key the locale lacks stays English).
 */
import { channel, defect, LOCALES, TEXT } from './app-config.js';

const enabled = () => (channel.enabledLanguages || []).map(language => language.iso_639_1_code);
let current = 'en';

function allowed(locale) {
  if (!locale) return null;
  const code = String(locale);
  if (enabled().includes(code)) return code;
  const base = code.split('_')[0];
  return enabled().includes(base) ? base : null;
}

/** Switch to `locale` if the inbox allows it; true when the language changed. */
export function useLocale(locale) {
  const code = allowed(locale);
  if (!code || code === current || defect('locale-ignored')) return false;
  current = code;
  Object.assign(TEXT, LOCALES.en, LOCALES[code] || {});
  document.documentElement.lang = code;
  return true;
}
