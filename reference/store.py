"""SQLite persistence for the reference widget: accounts, inboxes, contacts, contact inboxes,
conversations and messages. Every request opens its own connection, so nothing lives only in
process memory and a restart on the same file keeps every contact and token valid."""
from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from reference import seed

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, status TEXT NOT NULL,
    api_access_token TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS inboxes (
    id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT NOT NULL, website_token TEXT NOT NULL UNIQUE, hmac_token TEXT NOT NULL,
    hmac_mandatory INTEGER NOT NULL, pre_chat_form_enabled INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS contacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER NOT NULL REFERENCES accounts(id),
    name TEXT, email TEXT, phone_number TEXT, identifier TEXT, avatar_url TEXT,
    custom_attributes TEXT NOT NULL DEFAULT '{}', additional_attributes TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS contacts_identifier ON contacts(account_id, identifier);
CREATE TABLE IF NOT EXISTS contact_inboxes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    inbox_id INTEGER NOT NULL REFERENCES inboxes(id), source_id TEXT NOT NULL UNIQUE,
    hmac_verified INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
    attached INTEGER NOT NULL DEFAULT 0, pubsub_token TEXT);
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account_id INTEGER NOT NULL, inbox_id INTEGER NOT NULL,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    contact_inbox_id INTEGER NOT NULL REFERENCES contact_inboxes(id) ON DELETE CASCADE,
    status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    contact_last_seen_at TEXT, custom_attributes TEXT NOT NULL DEFAULT '{}');
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
    content TEXT NOT NULL, message_type TEXT NOT NULL, created_at TEXT NOT NULL);
"""

CONTACT_FIELDS = ("name", "email", "phone_number", "identifier", "avatar_url")
# Columns added after the first release: a database made by an older reference gets them on start.
ADDED_COLUMNS = {
    "contact_inboxes": (("attached", "INTEGER NOT NULL DEFAULT 0"), ("pubsub_token", "TEXT")),
    "conversations": (("contact_last_seen_at", "TEXT"), ("custom_attributes", "TEXT NOT NULL DEFAULT '{}'")),
}


def new_pubsub_token() -> str:
    """A contact inbox's own secret for the live-updates room (Chatwoot: has_secure_token, 24
    base58 characters), distinct from its source_id, which the auth token carries readably."""
    return "".join(secrets.choice(BASE58) for _ in range(24))


BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


class Store:
    """All reads and writes of the reference's data."""

    def __init__(self, path: str | Path, secret_key: str | None = None):
        self.path = str(path)
        self._write_lock = threading.Lock()
        # who hears of what was written, after it is committed (reference/push_events.py), as
        # Chatwoot's models dispatch message.created, conversation.status_changed, contact.merged
        self.listeners: list[Callable[[str, dict[str, Any]], None]] = []
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
            self._add_missing_columns(conn)
            self._seed(conn)
            self.secret_key = self._secret_key(conn, secret_key)

    def _dispatch(self, event: str, record: dict[str, Any]) -> None:
        for listener in self.listeners:
            listener(event, record)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # One writer at a time inside this process; SQLite's own lock covers other processes.
        with self._write_lock, self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _add_missing_columns(conn: sqlite3.Connection) -> None:
        for table, columns in ADDED_COLUMNS.items():
            present = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
            for name, declaration in columns:
                if name not in present:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")
        for row in conn.execute("SELECT id FROM contact_inboxes WHERE pubsub_token IS NULL").fetchall():
            conn.execute("UPDATE contact_inboxes SET pubsub_token = ? WHERE id = ?", (new_pubsub_token(), row["id"]))

    @staticmethod
    def _seed(conn: sqlite3.Connection) -> None:
        for account in seed.ACCOUNTS:
            conn.execute(
                "INSERT OR IGNORE INTO accounts (id, name, status, api_access_token) VALUES (?, ?, ?, ?)",
                (account.id, account.name, account.status, account.api_access_token),
            )
        for inbox in seed.INBOXES:
            conn.execute(
                "INSERT OR IGNORE INTO inboxes (id, account_id, name, website_token, hmac_token, hmac_mandatory,"
                " pre_chat_form_enabled) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (inbox.id, inbox.account_id, inbox.name, inbox.website_token, inbox.hmac_token,
                 int(inbox.hmac_mandatory), int(inbox.pre_chat_form_enabled)),
            )

    @staticmethod
    def _secret_key(conn: sqlite3.Connection, requested: str | None) -> str:
        """The token signing key lives in the database, like a deployment's secret_key_base."""
        row = conn.execute("SELECT value FROM meta WHERE key = 'secret_key'").fetchone()
        if row and (requested is None or requested == row["value"]):
            return row["value"]
        key = requested or secrets.token_hex(32)
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('secret_key', ?)", (key,))
        return key

    # -- inboxes and accounts -------------------------------------------------------------
    def inbox_by_website_token(self, website_token: str) -> sqlite3.Row | None:
        with self._connect() as conn:
            return conn.execute(
                "SELECT inboxes.*, accounts.status AS account_status FROM inboxes"
                " JOIN accounts ON accounts.id = inboxes.account_id WHERE website_token = ?",
                (website_token,),
            ).fetchone()

    def inbox(self, inbox_id: int) -> sqlite3.Row | None:
        with self._connect() as conn:
            return conn.execute("SELECT * FROM inboxes WHERE id = ?", (inbox_id,)).fetchone()

    def account_by_access_token(self, access_token: str) -> sqlite3.Row | None:
        with self._connect() as conn:
            return conn.execute("SELECT * FROM accounts WHERE api_access_token = ?", (access_token,)).fetchone()

    # -- contacts ---------------------------------------------------------------------------
    def create_contact_with_inbox(self, account_id: int, inbox_id: int) -> sqlite3.Row:
        """A new anonymous contact and its contact inbox; returns the contact inbox."""
        now = _now()
        with self._transaction() as conn:
            contact_id = conn.execute(
                "INSERT INTO contacts (account_id, created_at, updated_at) VALUES (?, ?, ?)",
                (account_id, now, now),
            ).lastrowid
            return self._insert_contact_inbox(conn, contact_id, inbox_id, verified=False)

    def add_contact_inbox(self, contact_id: int, inbox_id: int, verified: bool) -> sqlite3.Row:
        with self._transaction() as conn:
            return self._insert_contact_inbox(conn, contact_id, inbox_id, verified)

    @staticmethod
    def _insert_contact_inbox(conn: sqlite3.Connection, contact_id: int, inbox_id: int, verified: bool) -> sqlite3.Row:
        source_id = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO contact_inboxes (contact_id, inbox_id, source_id, hmac_verified, created_at, pubsub_token)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (contact_id, inbox_id, source_id, int(verified), _now(), new_pubsub_token()),
        )
        return conn.execute("SELECT * FROM contact_inboxes WHERE source_id = ?", (source_id,)).fetchone()

    def contact_inbox_by_source_id(self, source_id: str) -> sqlite3.Row | None:
        with self._connect() as conn:
            return conn.execute("SELECT * FROM contact_inboxes WHERE source_id = ?", (source_id,)).fetchone()

    def contact_inbox_by_pubsub_token(self, pubsub_token: str) -> sqlite3.Row | None:
        with self._connect() as conn:
            return conn.execute("SELECT * FROM contact_inboxes WHERE pubsub_token = ?", (pubsub_token,)).fetchone()

    def contact_inbox(self, contact_inbox_id: int) -> sqlite3.Row | None:
        with self._connect() as conn:
            return conn.execute("SELECT * FROM contact_inboxes WHERE id = ?", (contact_inbox_id,)).fetchone()

    def pubsub_tokens(self, where: str, value: int) -> list[str]:
        """The pubsub tokens of the contact inboxes matching `where` (a fixed condition, one value)."""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT pubsub_token FROM contact_inboxes WHERE {where} ORDER BY id", (value,))
            return [row["pubsub_token"] for row in rows]

    def mark_hmac_verified(self, contact_inbox_id: int) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE contact_inboxes SET hmac_verified = 1 WHERE id = ?", (contact_inbox_id,))

    def mark_attached(self, contact_inbox_id: int) -> None:
        """The contact inbox of a visitor who joined a known contact without proving who they are."""
        with self._transaction() as conn:
            conn.execute("UPDATE contact_inboxes SET attached = 1 WHERE id = ?", (contact_inbox_id,))

    def merge_contact(self, base_id: int, mergee_id: int) -> None:
        """Chatwoot's ContactMergeAction, reduced to what the widget meets: the mergee's contact
        inboxes (so its tokens) and conversations move to the base contact, the mergee's details
        fill the base's blanks (the base's own values win), and the mergee goes."""
        with self._transaction() as conn:
            base, mergee = self._contact(conn, base_id), self._contact(conn, mergee_id)
            blanks = {key: mergee[key] for key in CONTACT_FIELDS if mergee[key] and not base[key]}
            conn.execute("UPDATE contact_inboxes SET contact_id = ? WHERE contact_id = ?", (base_id, mergee_id))
            conn.execute("UPDATE conversations SET contact_id = ? WHERE contact_id = ?", (base_id, mergee_id))
            conn.execute("DELETE FROM contacts WHERE id = ?", (mergee_id,))
            values = {**{key: value for key, value in blanks.items() if key != "identifier"},
                      "custom_attributes": json.dumps({**mergee["custom_attributes"], **base["custom_attributes"]}),
                      "additional_attributes": json.dumps({**mergee["additional_attributes"],
                                                           **base["additional_attributes"]})}
            assignments = ", ".join(f"{column} = ?" for column in values)
            conn.execute(f"UPDATE contacts SET {assignments} WHERE id = ?", (*values.values(), base_id))
        self._dispatch("contact.merged", self.contact(base_id))

    def latest_contact_inbox(self, inbox_id: int) -> sqlite3.Row | None:
        with self._connect() as conn:
            return conn.execute(
                "SELECT * FROM contact_inboxes WHERE inbox_id = ? ORDER BY id DESC LIMIT 1", (inbox_id,)
            ).fetchone()

    def contact(self, contact_id: int) -> dict[str, Any] | None:
        with self._connect() as conn:
            return self._contact(conn, contact_id)

    @staticmethod
    def _contact(conn: sqlite3.Connection, contact_id: int) -> dict[str, Any] | None:
        row = conn.execute("SELECT * FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        if row is None:
            return None
        contact = dict(row)
        contact["custom_attributes"] = json.loads(contact["custom_attributes"])
        contact["additional_attributes"] = json.loads(contact["additional_attributes"])
        return contact

    def contact_by_identifier(self, account_id: int, identifier: str) -> dict[str, Any] | None:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT id FROM contacts WHERE account_id = ? AND identifier = ?", (account_id, identifier)
            ).fetchone()
            return self._contact(conn, row["id"]) if row else None

    def contact_by_email(self, account_id: int, email: str) -> dict[str, Any] | None:
        return self._contact_where(account_id, "lower(email) = lower(?)", email)

    def contact_by_phone_number(self, account_id: int, phone_number: str) -> dict[str, Any] | None:
        return self._contact_where(account_id, "phone_number = ?", phone_number)

    def _contact_where(self, account_id: int, condition: str, value: str) -> dict[str, Any] | None:
        """The oldest contact of the account matching `condition`."""
        with self._connect() as conn:
            row = conn.execute(f"SELECT id FROM contacts WHERE account_id = ? AND {condition} ORDER BY id LIMIT 1",
                               (account_id, value)).fetchone()
            return self._contact(conn, row["id"]) if row else None

    def contact_is_hmac_verified(self, contact_id: int) -> bool:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT 1 FROM contact_inboxes WHERE contact_id = ? AND hmac_verified = 1", (contact_id,)
            ).fetchone()
            return row is not None

    def update_contact(
        self,
        contact_id: int,
        fields: dict[str, Any],
        custom_attributes: dict[str, Any] | None = None,
        additional_attributes: dict[str, Any] | None = None,
        replace_custom_attributes: bool = False,
    ) -> dict[str, Any]:
        """Set the given fields; custom and additional attributes are merged into the stored ones."""
        with self._transaction() as conn:
            contact = self._contact(conn, contact_id)
            assert contact is not None
            values = {key: fields[key] for key in CONTACT_FIELDS if key in fields}
            if custom_attributes is not None:
                base = {} if replace_custom_attributes else contact["custom_attributes"]
                values["custom_attributes"] = json.dumps({**base, **custom_attributes})
            if additional_attributes is not None:
                values["additional_attributes"] = json.dumps({**contact["additional_attributes"], **additional_attributes})
            values["updated_at"] = _now()
            assignments = ", ".join(f"{column} = ?" for column in values)
            conn.execute(f"UPDATE contacts SET {assignments} WHERE id = ?", (*values.values(), contact_id))
            return self._contact(conn, contact_id)

    def remove_custom_attributes(self, contact_id: int, keys: list[str]) -> dict[str, Any]:
        with self._transaction() as conn:
            contact = self._contact(conn, contact_id)
            assert contact is not None
            kept = {key: value for key, value in contact["custom_attributes"].items() if key not in keys}
            conn.execute(
                "UPDATE contacts SET custom_attributes = ?, updated_at = ? WHERE id = ?",
                (json.dumps(kept), _now(), contact_id),
            )
            return self._contact(conn, contact_id)

    def delete_contact(self, contact_id: int) -> bool:
        with self._transaction() as conn:
            return conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,)).rowcount > 0

    def contacts_count(self) -> int:
        with self._connect() as conn:
            return conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0]

    # -- conversations ----------------------------------------------------------------------
    @staticmethod
    def _conversation(row: sqlite3.Row | None) -> dict[str, Any] | None:
        if row is None:
            return None
        conversation = dict(row)
        conversation["custom_attributes"] = json.loads(conversation["custom_attributes"] or "{}")
        return conversation

    def latest_conversation(self, contact_inbox_id: int) -> dict[str, Any] | None:
        with self._connect() as conn:
            return self._conversation(conn.execute(
                "SELECT * FROM conversations WHERE contact_inbox_id = ? ORDER BY id DESC LIMIT 1",
                (contact_inbox_id,),
            ).fetchone())

    def create_conversation(self, contact_inbox: sqlite3.Row, account_id: int, first_message: str | None,
                            custom_attributes: dict[str, Any] | None = None) -> dict[str, Any]:
        now = _now()
        with self._transaction() as conn:
            conversation_id = conn.execute(
                "INSERT INTO conversations (account_id, inbox_id, contact_id, contact_inbox_id, status,"
                " created_at, updated_at, custom_attributes) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
                (account_id, contact_inbox["inbox_id"], contact_inbox["contact_id"], contact_inbox["id"], now, now,
                 json.dumps(custom_attributes or {})),
            ).lastrowid
            if first_message:
                conn.execute(
                    "INSERT INTO messages (conversation_id, content, message_type, created_at) VALUES (?, ?, 'incoming', ?)",
                    (conversation_id, first_message, now),
                )
            conversation = self._conversation(conn.execute("SELECT * FROM conversations WHERE id = ?",
                                                           (conversation_id,)).fetchone())
        for message in self.messages(conversation_id):
            self._dispatch("message.created", message)
        return conversation

    def conversation(self, conversation_id: int) -> dict[str, Any] | None:
        with self._connect() as conn:
            return self._conversation(conn.execute("SELECT * FROM conversations WHERE id = ?",
                                                   (conversation_id,)).fetchone())

    def add_message(self, conversation_id: int, content: str, message_type: str = "incoming") -> dict[str, Any]:
        with self._transaction() as conn:
            message_id = conn.execute(
                "INSERT INTO messages (conversation_id, content, message_type, created_at) VALUES (?, ?, ?, ?)",
                (conversation_id, content, message_type, _now()),
            ).lastrowid
            message = dict(conn.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone())
        self._dispatch("message.created", message)
        return message

    def messages(self, conversation_id: int) -> list[dict[str, Any]]:
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,))
            return [dict(row) for row in rows]

    def resolve_conversation(self, conversation_id: int) -> None:
        self._set_status(conversation_id, "resolved")

    def reopen_conversation(self, conversation_id: int) -> None:
        self._set_status(conversation_id, "open")

    def _set_status(self, conversation_id: int, status: str) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE conversations SET status = ?, updated_at = ? WHERE id = ?",
                         (status, _now(), conversation_id))
        self._dispatch("conversation.status_changed", self.conversation(conversation_id))

    def mark_seen_by_contact(self, conversation_id: int) -> None:
        with self._transaction() as conn:
            conn.execute("UPDATE conversations SET contact_last_seen_at = ? WHERE id = ?", (_now(), conversation_id))

    def conversations_of_contact(self, contact_id: int) -> list[dict[str, Any]]:
        with self._connect() as conn:
            rows = conn.execute("SELECT * FROM conversations WHERE contact_id = ? ORDER BY id", (contact_id,))
            return [self._conversation(row) for row in rows]
