/*
 * The pre-chat form, in the markup of upstream's FormKit form: fields in the inbox's order, by
 * name (fullName, emailAddress, phoneNumber, then the fixed message), labels as the inbox
 * configures them (bound with for=, except the phone's, which points at no input), validation
 * messages after blur or a submit attempt, and the form's own "Start Conversation" button.
 * Fields the contact already has (after setUser) are left out.
 */
import { createConversation } from './app-actions.js';
import { channel, defect, TEXT } from './app-config.js';
import { el, spinner } from './app-dom.js';
import { phoneInput } from './app-phone-input.js';
import { replaceRoute } from './app-router.js';
import { SAVED_DETAILS_KEY } from './app-session.js';
import { state, subscribe } from './app-state.js';

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// FormKit numbers ids (input_0, input_1, ...) and names (form_1, submit_2, ...) for the life of the page.
let formkitIds = 0;
let formkitNames = 0;
const nextId = () => `input_${formkitIds++}`;
const nextName = prefix => `${prefix}_${++formkitNames}`;

function rulesOf(field) {
  const rules = [];
  const requiredText = field.name === 'message' ? TEXT.messageTooShort : TEXT.required;
  if (field.required) rules.push(['required', value => !!value, requiredText]);
  if (field.name === 'emailAddress') rules.push(['email', value => EMAIL.test(value), TEXT.invalidEmail]);
  if (field.name === 'phoneNumber') {
    rules.push(['startsWithPlus', value => value.startsWith('+'), TEXT.selectCountryCode]);
    rules.push(['isValidPhoneNumber', value => /^[1-9]\d{4,}$/.test(value.replace(/^\+/, '')), TEXT.invalidPhone]);
  }
  return rules;
}

/** The first rule a value breaks, FormKit style: an empty optional field breaks none. */
function brokenRule(rules, value, required) {
  if (!value && !required) return null;
  return rules.find(([, holds]) => !holds(value)) || null;
}

function visibleFields() {
  const { has_email: hasEmail, has_phone_number: hasPhone, identifier } = state.contact;
  const knowsName = !!(identifier || hasEmail || hasPhone);
  const fields = channel.preChatFormEnabled ? (channel.preChatFormOptions || {}).pre_chat_fields || [] : [];
  return fields.filter(field => field.enabled).filter(field => !(
    (hasEmail && field.name === 'emailAddress') || (hasPhone && field.name === 'phoneNumber') ||
    (knowsName && field.name === 'fullName')));
}

function savedDetails() {
  if (!defect('prechat-not-reset-on-exit')) return {};
  try {
    const saved = JSON.parse(window.localStorage.getItem(SAVED_DETAILS_KEY) || '{}');
    return { fullName: saved.name, emailAddress: saved.email, phoneNumber: saved.phone_number };
  } catch (_) {
    return {};
  }
}

/** One FormKit-like field: its outer element, and how to read and validate it. */
function formField(field, form, initial) {
  const id = nextId();
  const isPhone = field.name === 'phoneNumber';
  const isTextarea = field.name === 'message';
  const rules = rulesOf(field);
  let touched = false;
  let phone = null;
  let control;
  if (isPhone) {
    phone = phoneInput({ placeholder: field.placeholder, onChange: () => refresh(), onBlur: () => { touched = true; refresh(); } });
    control = phone.root;
  } else {
    control = el(isTextarea ? 'textarea' : 'input', {
      placeholder: field.placeholder, class: 'formkit-input mt-1 rounded w-full py-2 px-3',
      type: isTextarea ? null : field.type, name: field.name, id, 'aria-required': field.required ? 'true' : null,
    });
    control.value = initial || '';
    control.addEventListener('input', () => refresh());
    control.addEventListener('blur', () => { touched = true; refresh(); });
  }
  const label = el('label', { class: 'formkit-label text-sm font-medium', for: id, text: field.label });
  const outer = el('div', isPhone ? { class: 'formkit-outer' }
    : { class: 'formkit-outer', 'data-family': isTextarea ? null : 'text', 'data-type': isTextarea ? 'textarea' : field.type },
  [el('div', { class: 'formkit-wrapper' }, [label, el('div', { class: 'formkit-inner' }, [control])])]);
  let messages = null;

  const value = () => (isPhone ? phone.value() : control.value);

  function refresh() {
    const broken = brokenRule(rules, value(), field.required);
    const shown = broken && (touched || form.submitted);
    if (shown) outer.setAttribute('data-invalid', 'true');
    else outer.removeAttribute('data-invalid');
    if (form.submitted) outer.setAttribute('data-submitted', 'true');
    label.classList.toggle('invalid', !!shown);
    const messageId = shown ? `${id}-rule_${broken[0]}` : null;
    if (isPhone) {
      phone.setInvalid(!!shown);
    } else {
      control.classList.toggle('error', !!shown);
      if (messageId) control.setAttribute('aria-describedby', messageId);
      else control.removeAttribute('aria-describedby');
    }
    if (messages) messages.remove();
    messages = shown ? el('ul', { class: 'formkit-messages' }, [el('li', { class: 'formkit-message', id: messageId,
      'data-message-type': 'validation', text: broken[2] })]) : null;
    if (messages) outer.appendChild(messages);
    return !broken;
  }

  refresh();
  return { name: field.name, outer, value, refresh };
}

// Built when the form is, so it speaks the widget's language of the moment.
const messageField = () => ({ name: 'message', label: TEXT.messageLabel, placeholder: TEXT.messagePlaceholder,
  required: true, type: 'textarea' });

export function prechatView() {
  const form = el('form', { class: 'formkit-form flex flex-col flex-1 w-full p-6 overflow-y-auto', id: nextId(),
    name: nextName('form') });
  form.submitted = false;
  const preChatMessage = (channel.preChatFormOptions || {}).pre_chat_message;
  const intro = preChatMessage ? el('div', { class: 'mb-4 text-base leading-5 pre-chat-message' },
    [el('p', { text: preChatMessage })]) : null;
  const fieldsBox = el('div', { class: 'contents' });
  const submitButton = el('button', { class: 'prechat-submit w-full mt-3 mb-5 font-medium flex items-center justify-center gap-2',
    style: { backgroundColor: channel.widgetColor, color: '#fff' } });
  let fields = [];
  let shownNames = '';
  const saved = savedDetails();

  function renderFields() {
    const wanted = [...visibleFields(), messageField()];
    const names = wanted.map(field => field.name).join(',');
    if (names === shownNames) return;
    const values = Object.fromEntries(fields.map(field => [field.name, field.value()]));
    fields = wanted.map(field => formField(field, form, values[field.name] ?? saved[field.name]));
    fieldsBox.replaceChildren(...fields.map(field => field.outer));
    shownNames = names;
  }

  function renderButton() {
    submitButton.disabled = state.isCreating;
    submitButton.replaceChildren(...(state.isCreating ? [spinner()] : []), ` ${TEXT.startConversation}`);
  }

  async function submit() {
    if (state.isCreating) return;
    form.submitted = true;
    const valid = fields.map(field => field.refresh()).every(Boolean);
    if (!valid) return;
    const values = Object.fromEntries(fields.map(field => [field.name, field.value() || undefined]));
    if (await createConversation(values)) replaceRoute('messages');
  }

  form.addEventListener('click', event => {
    const button = event.target.closest('button');
    if (button && (button === submitButton || button.type === 'submit')) {
      event.preventDefault();
      submit();
    }
  });
  form.addEventListener('submit', event => { event.preventDefault(); submit(); });

  renderFields();
  const hiddenSubmit = el('div', { class: 'formkit-actions' }, [
    el('div', { class: 'formkit-outer', 'data-family': 'button', 'data-type': 'submit' }, [
      el('div', { class: 'formkit-wrapper hidden' }, [
        el('button', { class: 'formkit-input hidden', type: 'submit', name: nextName('submit'), id: nextId(),
          text: 'Submit' }),
      ]),
    ]),
  ]);
  form.append(...[intro, fieldsBox, submitButton, hiddenSubmit].filter(Boolean));
  renderButton();
  const unsubscribe = subscribe(() => { renderFields(); renderButton(); });
  return { root: form, unmount: unsubscribe };
}
