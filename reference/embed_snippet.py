"""The host page: Chatwoot's standard embed snippet on an otherwise plain, phone-ready page (its
viewport meta lets a phone lay it out at the device width, where the SDK's phone layout applies).

The reference serves it from its host origin; the suite also serves it (by routing) when a
live target has no host page of its own."""
from __future__ import annotations

import html
import json
from typing import Any


def host_page_html(base_url: str, website_token: str, settings: dict[str, Any] | None = None) -> str:
    settings_json = json.dumps(settings or {})
    return f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Widget host page</title>
</head>
<body>
  <main>
    <h1>Widget host page</h1>
    <p>This page embeds the chat widget of <code>{html.escape(base_url)}</code>
       for website token <code>{html.escape(website_token)}</code>.</p>
  </main>
  <script>
    window.chatwootSettings = {settings_json};
    (function (d, t) {{
      var BASE_URL = {json.dumps(base_url)};
      var g = d.createElement(t), s = d.getElementsByTagName(t)[0];
      g.src = BASE_URL + "/packs/js/sdk.js";
      g.defer = true;
      g.async = true;
      s.parentNode.insertBefore(g, s);
      g.onload = function () {{
        window.chatwootSDK.run({{ websiteToken: {json.dumps(website_token)}, baseUrl: BASE_URL }});
      }};
    }})(document, "script");
  </script>
</body>
</html>
"""
