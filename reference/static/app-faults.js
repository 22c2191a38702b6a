/*
 * Defect switches of issue 18 (host-page errors): a widget that errs in a normal flow, here when
 * the chat opens. Off by default; the clean widget does nothing here.
 */
import { defect } from './app-config.js';
import { postToHost } from './app-host.js';

export function onOpened() {
  if (defect('error-event-on-open')) {
    postToHost({ event: 'error', errorType: 'WIDGET_ERROR', data: { message: 'Could not load the conversation' } });
  }
  if (defect('widget-throws-on-open')) {
    setTimeout(() => { throw new TypeError("Cannot read properties of undefined (reading 'status')"); }, 0);
  }
}
