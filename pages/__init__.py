"""Page objects for the Chatwoot web widget: host page, widget iframe, network and storage."""
