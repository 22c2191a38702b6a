"""Page objects for the Chatwoot web widget: the host page and window.$chatwoot (HostPage), the
widget iframe as a visitor sees it (WidgetFrame, PreChatForm), what the widget keeps in the
browser (WidgetSession), what it sends (WidgetTraffic), and one visitor's tab (Visit).

Page objects import only Playwright and testlib. They drive the page they are given; they never
build the site (the host page is a fixture's job, fixtures/host_site.py).

Locator convention: every locator is a read-only property of its page object (or a method when it
takes an argument), built from the page or frame when asked for, so it always reflects the
current DOM. Handles come from the real widget (../shared/upstream.md, ../shared/fork.md) and are
chosen in this order: role + accessible name, label, placeholder, title, form field `name`, and
only then the SDK's and the fork's own published class names (woot-*, confirm-popover). Nothing
is ever located by an id or class that only the reference has. Texts that differ between widgets
or languages (pre-chat labels, the composer's placeholder, button titles) come from the widget
profile's texts for the widget's current language (`WidgetFrame.locale`), never from a literal.
"""
