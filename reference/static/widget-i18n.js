/*
 * The documented widget's texts (window.chatwootI18n), loaded before widget.js. The table comes
 * from the widget page (window.chatwootReference.locales, reference/locales.py). A locale is used
 * only when the inbox allows it (enabledLanguages), as upstream's widget does: 'de_AT' falls back
 * to 'de'; anything else keeps the current language. A key a locale lacks is shown in English.
 */
(function () {
  'use strict';

  var reference = window.chatwootReference || {};
  var DEFECTS = reference.defects || [];
  var defect = function (name) { return DEFECTS.indexOf(name) !== -1; };
  var tables = reference.locales || {};
  var enabled = (reference.enabledLanguages || []).map(function (language) { return language.iso_639_1_code; });
  var current = 'en';

  function allowed(locale) {
    if (!locale) return null;
    var code = String(locale);
    if (enabled.indexOf(code) !== -1) return code;
    var base = code.split(/[_-]/)[0];
    return enabled.indexOf(base) !== -1 ? base : null;
  }

  window.chatwootI18n = {
    t: function (key) {
      var table = tables[current] || {};
      return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : (tables.en || {})[key] || key;
    },
    // Switch to `locale` if the inbox allows it; true when the language changed.
    use: function (locale) {
      var code = allowed(locale);
      if (!code || code === current || defect('locale-ignored')) return false;
      current = code;
      document.documentElement.lang = code;
      return true;
    },
    get locale() { return current; }
  };
})();
