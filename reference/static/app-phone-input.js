/*
 * The pre-chat phone field: a country picker (a clickable div, no role) beside a text input
 * named phoneNumber. Its value is the picked dial code followed by what the visitor typed. The
 * dial code is preselected from the browser's time zone, as upstream does; a zone it does not
 * know (UTC among them) preselects none, and then "+<number>" can be typed in full.
 * The country list is a short one of our own (upstream lists every country).
 */
import { TEXT } from './app-config.js';
import { el, icon } from './app-dom.js';

const COUNTRIES = [
  'AR Argentina +54', 'AU Australia +61', 'AT Austria +43', 'BD Bangladesh +880', 'BE Belgium +32',
  'BR Brazil +55', 'CA Canada +1', 'CL Chile +56', 'CN China +86', 'CO Colombia +57', 'CZ Czechia +420',
  'DK Denmark +45', 'EG Egypt +20', 'FI Finland +358', 'FR France +33', 'DE Germany +49', 'GR Greece +30',
  'HK Hong Kong +852', 'HU Hungary +36', 'IN India +91', 'ID Indonesia +62', 'IE Ireland +353', 'IL Israel +972',
  'IT Italy +39', 'JP Japan +81', 'KE Kenya +254', 'MY Malaysia +60', 'MX Mexico +52', 'NL Netherlands +31',
  'NZ New Zealand +64', 'NG Nigeria +234', 'NO Norway +47', 'PK Pakistan +92', 'PE Peru +51',
  'PH Philippines +63', 'PL Poland +48', 'PT Portugal +351', 'RO Romania +40', 'SA Saudi Arabia +966',
  'SG Singapore +65', 'ZA South Africa +27', 'KR South Korea +82', 'ES Spain +34', 'SE Sweden +46',
  'CH Switzerland +41', 'TW Taiwan +886', 'TH Thailand +66', 'TR Turkey +90', 'UA Ukraine +380',
  'AE United Arab Emirates +971', 'GB United Kingdom +44', 'US United States +1', 'VN Vietnam +84',
].map(entry => {
  const [id, ...rest] = entry.split(' ');
  const dialCode = rest.pop();
  const emoji = String.fromCodePoint(...[...id].map(letter => 0x1f1e6 + letter.charCodeAt(0) - 65));
  return { id, name: rest.join(' '), dial_code: dialCode, emoji };
});

const TIME_ZONE_COUNTRY = {
  'America/New_York': 'US', 'America/Chicago': 'US', 'America/Denver': 'US', 'America/Los_Angeles': 'US',
  'America/Toronto': 'CA', 'America/Vancouver': 'CA', 'America/Mexico_City': 'MX', 'America/Sao_Paulo': 'BR',
  'America/Argentina/Buenos_Aires': 'AR', 'Europe/London': 'GB', 'Europe/Dublin': 'IE', 'Europe/Paris': 'FR',
  'Europe/Berlin': 'DE', 'Europe/Madrid': 'ES', 'Europe/Rome': 'IT', 'Europe/Amsterdam': 'NL',
  'Europe/Brussels': 'BE', 'Europe/Vienna': 'AT', 'Europe/Zurich': 'CH', 'Europe/Stockholm': 'SE',
  'Europe/Oslo': 'NO', 'Europe/Copenhagen': 'DK', 'Europe/Helsinki': 'FI', 'Europe/Warsaw': 'PL',
  'Europe/Lisbon': 'PT', 'Europe/Athens': 'GR', 'Europe/Istanbul': 'TR', 'Europe/Kyiv': 'UA',
  'Asia/Kolkata': 'IN', 'Asia/Calcutta': 'IN', 'Asia/Dubai': 'AE', 'Asia/Singapore': 'SG', 'Asia/Tokyo': 'JP',
  'Asia/Shanghai': 'CN', 'Asia/Hong_Kong': 'HK', 'Asia/Seoul': 'KR', 'Asia/Jakarta': 'ID', 'Asia/Manila': 'PH',
  'Asia/Karachi': 'PK', 'Asia/Dhaka': 'BD', 'Australia/Sydney': 'AU', 'Pacific/Auckland': 'NZ',
  'Africa/Lagos': 'NG', 'Africa/Johannesburg': 'ZA', 'Africa/Nairobi': 'KE', 'Africa/Cairo': 'EG',
};

function countryOfTimeZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return COUNTRIES.find(country => country.id === TIME_ZONE_COUNTRY[zone]) || null;
}

/** The phone field; `onChange()` fires with the field's value, `onBlur()` when it loses focus. */
export function phoneInput({ placeholder, onChange, onBlur }) {
  let active = countryOfTimeZone();
  let typed = '';
  let open = false;
  let search = '';
  const value = () => `${active ? active.dial_code : ''}${typed}`;

  const input = el('input', { type: 'phoneInput', name: 'phoneNumber', placeholder,
    class: 'phone-number w-full h-full pl-2 pr-3' });
  input.addEventListener('input', () => { typed = input.value; onChange(value()); });
  input.addEventListener('blur', () => onBlur());

  const picker = el('div', { class: 'flex items-center justify-between px-2 py-2 cursor-pointer country-picker' });
  const dialCode = el('span', { class: 'dial-code py-2 pl-2' });
  const dropdown = el('div', { class: 'country-dropdown' });
  const box = el('div', { class: 'flex items-center justify-start phone-input' }, [picker, dialCode, input]);
  const root = el('div', { class: 'relative mt-2 phone-input--wrap' }, [box, dropdown]);

  function select(country) {
    active = country.id ? country : null;
    open = false;
    search = '';
    render();
    onChange(value());
  }

  function matchingCountries() {
    const query = search.toLowerCase();
    return [{ id: '', name: active ? 'Clear selection' : 'Select Country', dial_code: '', emoji: '' }, ...COUNTRIES]
      .filter(country => [country.name, country.dial_code, country.id].some(text => text.toLowerCase().includes(query)));
  }

  function renderItems(list) {
    const items = matchingCountries();
    list.replaceChildren(...items.map(country => el('div', {
      class: `flex items-center country-dropdown--item${active && country.id === active.id ? ' active' : ''}`,
      onclick: () => select(country),
    }, [
      country.emoji ? el('span', { class: 'mr-2', text: country.emoji }) : null,
      el('span', { class: 'country-name', text: country.name }),
      el('span', { class: 'ml-2 dial', text: country.dial_code }),
    ])), ...(items.length ? [] : [el('span', { class: 'country-empty', text: TEXT.noCountry })]));
    return items;
  }

  function renderDropdown() {
    const list = el('div', { class: 'country-list' });
    const searchBox = el('input', { type: 'text', placeholder: TEXT.searchCountry, class: 'country-search' });
    searchBox.addEventListener('input', () => { search = searchBox.value; renderItems(list); });
    searchBox.addEventListener('keydown', event => {
      if (event.key === 'Enter') {
        event.preventDefault();
        const first = matchingCountries().find(country => country.id);
        if (first) select(first);
      }
      if (event.key === 'Escape') { open = false; render(); }
    });
    renderItems(list);
    dropdown.replaceChildren(el('div', { class: 'country-search-wrap' }, [searchBox]), list);
    searchBox.focus();
  }

  function render() {
    picker.replaceChildren(active ? el('h5', { class: 'mb-0 text-xl', text: active.emoji }) : icon('globe', 20),
      icon('chevron-down', 12));
    dialCode.textContent = active ? active.dial_code : '';
    dialCode.hidden = !active;
    dropdown.hidden = !open;
    if (open) renderDropdown();
    else dropdown.replaceChildren();
  }

  picker.addEventListener('click', () => { open = !open; search = ''; render(); });
  render();
  return { root, input, value, setInvalid: invalid => box.classList.toggle('invalid', invalid) };
}
