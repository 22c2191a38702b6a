"""The reference widget: a local, faithful stand-in for a Chatwoot deployment.

It serves the widget contact API (SQLite-backed, JWT contact tokens), the SDK at
``/packs/js/sdk.js``, the widget iframe app at ``/widget`` and, from a second
origin, a host page that embeds the widget with the standard snippet.
"""
