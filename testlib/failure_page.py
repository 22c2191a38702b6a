"""The HTML a failed browser test shows in the run's report (reports/report.html): the broken
guarantee, the widget calls as a table (who made each call and with whose token), what the widget
posted to the host page, and where the trace is. Everything passes through the run's redactor."""
from __future__ import annotations

import json
from html import escape
from typing import Any, Callable, Iterable

from testlib.call_log import CALL_COLUMNS, Cast, call_row
from testlib.guarantees import PREFIX

STYLE = ("<style>.widget-e2e table{border-collapse:collapse;font-size:12px;margin:4px 0 12px}"
         ".widget-e2e td,.widget-e2e th{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
         ".widget-e2e .guarantee{font-weight:bold;color:#b00020;font-size:14px}"
         ".widget-e2e td.body{font-family:monospace;max-width:480px;word-break:break-all}</style>")


def guarantee_line(error: BaseException | str) -> str:
    """'broken guarantee: <the promise>' from a failure, or what failed when it names no guarantee."""
    text = str(error).strip()
    for line in text.splitlines():
        if PREFIX.strip() in line:
            return line[line.index(PREFIX.strip()):].strip()
    first = text.splitlines()[0] if text else type(error).__name__
    return f"no guarantee named: {first}"


def calls_table(calls: Iterable[Any], cast: Cast, redact: Callable[[str], str]) -> str:
    rows = [call_row(call, cast, redact) for call in calls]
    if not rows:
        return "<p>(no widget calls)</p>"
    head = "".join(f"<th>{escape(column)}</th>" for column in CALL_COLUMNS)
    body = "".join("<tr>" + "".join(f'<td class="{column}">{escape(row[column])}</td>' for column in CALL_COLUMNS)
                   + "</tr>" for row in rows)
    return f'<table class="calls"><tr>{head}</tr>{body}</table>'


def host_messages(messages_by_tab: list[tuple[str, list[Any]]], redact: Callable[[str], str]) -> str:
    """The `chatwoot-widget:` messages each tab's host page received, oldest first."""
    parts = []
    for tab, messages in messages_by_tab:
        items = "".join(f"<li><code>{escape(redact(json.dumps(message)))}</code></li>" for message in messages)
        parts.append(f"<p>{escape(tab)}</p><ol>{items or '<li>(none)</li>'}</ol>")
    return "".join(parts) or "<p>(no host page)</p>"


def failure_html(guarantee: str, calls: Iterable[Any], cast: Cast, messages_by_tab: list[tuple[str, list[Any]]],
                 redact: Callable[[str], str]) -> str:
    return redact(
        f'{STYLE}<div class="widget-e2e"><p class="guarantee">{escape(guarantee)}</p>'
        f"<h4>widget API calls</h4>{calls_table(calls, cast, redact)}"
        f"<h4>chatwoot-widget: messages to the host page</h4>{host_messages(messages_by_tab, redact)}"
        "<h4>trace</h4><p>the <b>Trace</b> link(s) in this row's Links column, one per browser context "
        "(open with <code>playwright show-trace &lt;file&gt;</code>); screenshots below</p></div>")
