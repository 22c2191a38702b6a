/*
 * The fork's soft exit ("Exit & Close Chat" -> "Exit Chat"): resolve the conversation with the
 * old token first, then clearCurrentUser() (session wiped, header dropped, cw_* stripped from the
 * URL, exitChat posted; the SDK closes the chat), then reload the iframe only: GET /widget
 * without a token makes the next visitor a new contact.
 */
import { api } from './app-api.js';
import { defect, OPEN_STATUSES } from './app-config.js';
import { state } from './app-state.js';
import { clearCurrentUser } from './app-session.js';

const RELOAD_DELAY_MS = 50; // lets the postMessage and storage writes flush first

export async function exitChat() {
  if (OPEN_STATUSES.includes(state.conversation.status) && !defect('exit-skips-resolve')) {
    try {
      await api.toggleStatus();
    } catch (_) { /* the exit goes on */ }
  }
  clearCurrentUser();
  setTimeout(() => window.location.reload(), RELOAD_DELAY_MS);
}
