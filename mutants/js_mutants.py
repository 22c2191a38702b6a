"""First-order mutants of a JavaScript file, found on tokens: a small lexer skips comments, strings,
template literals (their ${...} parts are lexed as code) and regex literals, so no mutant ever
touches text inside them. No parser and no Node needed."""
from __future__ import annotations

import re
from dataclasses import dataclass

from mutants.model import (BOOLEAN, CALL, COMPARISON, NEGATION, NUMBER, RAISE, RETURN, STRING, Mutant, make,
                           number_replacements, numbered)

PUNCTUATORS = sorted(""">>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ?. ++ -- += -= *= /= %=
&= |= ^= ** << >> { } ( ) [ ] ; , < > + - * / % & | ^ ! ~ ? : = . @ #""".split(), key=len, reverse=True)
KEYWORDS = {"var", "let", "const", "if", "else", "for", "while", "do", "return", "throw", "function", "class",
            "import", "export", "new", "delete", "typeof", "instanceof", "in", "of", "switch", "case", "default",
            "break", "continue", "try", "catch", "finally", "async", "await", "yield", "void", "this", "super"}
REGEX_AFTER_WORDS = {"return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case",
                     "do", "else", "yield", "await"}
ASSIGNMENTS = {"=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=",
               "??=", "++", "--"}
# the negation, and for an ordering also its boundary shift (> to >=), as Stryker does
COMPARE_FLIP = {"===": ["!=="], "!==": ["==="], "==": ["!="], "!=": ["=="], "<": [">=", "<="], ">=": ["<", ">"],
                ">": ["<=", ">="], "<=": [">", "<"]}
QUIET_CALLS = {"console"}
WORD = re.compile(r"[A-Za-z_$][\w$]*")
NUMBER_TOKEN = re.compile(r"0[xXoObB][\da-fA-F_]+n?|(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+-]?\d+)?n?")


@dataclass(frozen=True)
class Token:
    kind: str   # word, number, string, template, regex, punct
    text: str
    start: int
    end: int


class LexError(ValueError):
    pass


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    braces: list[str] = []  # "{" for a block or object, "${" for a template substitution
    i, n = 0, len(source)

    def regex_allowed() -> bool:
        if not tokens:
            return True
        last = tokens[-1]
        if last.kind == "word":
            return last.text in REGEX_AFTER_WORDS
        return last.kind == "punct" and last.text not in (")", "]", "}")

    def template_from(i: int) -> int:
        """Scan template text from i (just after ` or }); return the offset after its end or its ${."""
        start = i
        while i < n:
            if source[i] == "\\":
                i += 2
            elif source[i] == "`":
                tokens.append(Token("template", source[start:i + 1], start, i + 1))
                return i + 1
            elif source.startswith("${", i):
                tokens.append(Token("template", source[start:i + 2], start, i + 2))
                braces.append("${")
                return i + 2
            else:
                i += 1
        raise LexError("unterminated template literal")

    while i < n:
        char = source[i]
        if char.isspace():
            i += 1
        elif source.startswith("//", i):
            i = source.find("\n", i) if "\n" in source[i:] else n
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            if end < 0:
                raise LexError("unterminated comment")
            i = end + 2
        elif char in "'\"":
            j = i + 1
            while j < n and source[j] != char:
                if source[j] == "\n":
                    raise LexError("newline in a string")
                j += 2 if source[j] == "\\" else 1
            tokens.append(Token("string", source[i:j + 1], i, j + 1))
            i = j + 1
        elif char == "`":
            i = template_from(i + 1)
        elif char == "}" and braces and braces[-1] == "${":
            braces.pop()
            i = template_from(i + 1)
        elif char == "/" and regex_allowed():
            j, in_class = i + 1, False
            while j < n and (in_class or source[j] != "/"):
                if source[j] == "\n":
                    raise LexError("newline in a regex literal")
                in_class = (in_class or source[j] == "[") and source[j] != "]" if source[j] in "[]" else in_class
                j += 2 if source[j] == "\\" else 1
            j += 1
            while j < n and (source[j].isalnum()):
                j += 1
            tokens.append(Token("regex", source[i:j], i, j))
            i = j
        elif WORD.match(source, i):
            match = WORD.match(source, i)
            tokens.append(Token("word", match.group(), i, match.end()))
            i = match.end()
        elif char.isdigit() or (char == "." and i + 1 < n and source[i + 1].isdigit()):
            match = NUMBER_TOKEN.match(source, i)
            tokens.append(Token("number", match.group(), i, match.end()))
            i = match.end()
        else:
            punct = next((p for p in PUNCTUATORS if source.startswith(p, i)), None)
            if punct is None:
                raise LexError(f"unexpected character {char!r} at offset {i}")
            if punct == "{":
                braces.append("{")
            elif punct == "}" and braces:
                braces.pop()
            tokens.append(Token("punct", punct, i, i + len(punct)))
            i += len(punct)
    return tokens


def _matching(tokens: list[Token], index: int) -> int:
    """Index of the bracket closing the one at `index`."""
    opening, closing = tokens[index].text, {"(": ")", "[": "]", "{": "}"}[tokens[index].text]
    depth = 0
    for j in range(index, len(tokens)):
        if tokens[j].kind == "punct" and tokens[j].text in (opening, closing):
            depth += 1 if tokens[j].text == opening else -1
            if depth == 0:
                return j
    return len(tokens) - 1


def _statement_end(tokens: list[Token], index: int) -> int | None:
    """Index of the ';' ending the statement that starts at `index` (None without one: ASI)."""
    depth = 0
    for j in range(index, len(tokens)):
        text = tokens[j].text if tokens[j].kind in ("punct", "template") else ""
        if text in ("(", "[", "{") or text.endswith("${"):
            depth += 1
        elif text in (")", "]", "}") or (tokens[j].kind == "template" and text.startswith("}")):
            depth -= 1
            if depth < 0:
                return None
        elif text == ";" and depth == 0:
            return j
    return None


def _is_defect_call(tokens: list[Token], index: int) -> bool:
    return (tokens[index].text == "defect" and index + 1 < len(tokens) and tokens[index + 1].text == "("
            and (index == 0 or tokens[index - 1].text not in (".", "function")))


def _defect_only(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges that run only with a defect switched on: the body of `if (defect('x') ...)`
    without `||`, the first branch of `defect('x') ? a : b`, and the name inside defect('x')."""
    spans = []
    for i, token in enumerate(tokens):
        if token.text == "if" and i + 1 < len(tokens) and tokens[i + 1].text == "(":
            close = _matching(tokens, i + 1)
            condition = tokens[i + 2:close]
            switched_on = any(_is_defect_call(tokens, k) and tokens[k - 1].text != "!" for k in range(i + 2, close))
            if switched_on and not any(t.text == "||" for t in condition):
                body_end = _matching(tokens, close + 1) if tokens[close + 1].text == "{" else \
                    (_statement_end(tokens, close + 1) or close + 1)
                spans.append((close + 1, body_end))
        elif _is_defect_call(tokens, i):
            close = _matching(tokens, i + 1)
            spans.append((i + 1, close))
            if close + 1 < len(tokens) and tokens[close + 1].text == "?" and tokens[i - 1].text != "!":
                depth, j = 0, close + 2
                while j < len(tokens) and not (depth == 0 and tokens[j].text == ":"):
                    depth += {"(": 1, "[": 1, "{": 1, "?": 1, ")": -1, "]": -1, "}": -1}.get(tokens[j].text, 0)
                    j += 1
                spans.append((close + 2, j))
    return spans


def _paren_owners(tokens: list[Token]) -> dict[int, str]:
    """For each ')' index: the word before its '(' (if, for, function, a callee name...)."""
    owners, stack = {}, []
    for i, token in enumerate(tokens):
        if token.text == "(" and token.kind == "punct":
            stack.append(tokens[i - 1].text if i else "")
        elif token.text == ")" and token.kind == "punct" and stack:
            owners[i] = stack.pop()
    return owners


def js_mutants(file: str, source: str) -> list[Mutant]:
    tokens = tokenize(source)
    excluded = _defect_only(tokens)
    owners = _paren_owners(tokens)
    found: list[Mutant] = []
    if_blocks: set[int] = set()  # indexes of '{' that open an if/else body

    def add(operator: str, first: int, last: int, replacement: str) -> None:
        if not any(low <= first <= high for low, high in excluded):
            found.append(make(file, source, operator, tokens[first].start, tokens[last].end, replacement))

    def after_if(index: int) -> bool:
        """Token `index` starts an if/else body."""
        before = tokens[index - 1] if index else None
        return before is not None and ((before.text == ")" and owners.get(index - 1) == "if") or before.text == "else")

    def statement_start(index: int) -> bool:
        before = tokens[index - 1].text if index else ";"
        return before in (";", "{", "}") or after_if(index)

    block_stack: list[bool] = []
    for i, token in enumerate(tokens):
        text = token.text
        if token.kind == "punct":
            if text == "{":
                block_stack.append(after_if(i))
            elif text == "}" and block_stack:
                block_stack.pop()
            if text in COMPARE_FLIP:
                for replacement in COMPARE_FLIP[text]:
                    add(COMPARISON, i, i, replacement)
            elif text in ("&&", "||"):
                add(BOOLEAN, i, i, "||" if text == "&&" else "&&")
            elif text == "!":
                add(NEGATION, i, i, "")
        elif token.kind == "word":
            previous = tokens[i - 1].text if i else ""
            if text in ("true", "false") and previous != ".":
                add(BOOLEAN, i, i, "false" if text == "true" else "true")
            elif statement_start(i) and text in ("throw", "return"):
                end = _statement_end(tokens, i)
                early = text == "throw" or after_if(i) or (block_stack and block_stack[-1])
                if end is not None and early:
                    add(RAISE if text == "throw" else RETURN, i, end, ";")
            elif statement_start(i) and (text == "await" or text not in KEYWORDS) and text not in QUIET_CALLS:
                end = _statement_end(tokens, i)
                if end is not None and tokens[end - 1].text == ")" and _is_call_statement(tokens[i:end]):
                    add(CALL, i, end, ";")
        elif token.kind == "number" and token.text.isdigit():
            for value in number_replacements(int(text)):
                add(NUMBER, i, i, str(value))
        elif token.kind == "string" and _worth_emptying(tokens, i):
            add(STRING, i, i, text[0] * 2)
    return numbered(found)


def _worth_emptying(tokens: list[Token], index: int) -> bool:
    """Strings whose emptying says something: not prose (spaces), style sheet text ({ } ;), import
    paths, placeholders the server fills in, 'use strict', or a quoted key of a data table."""
    text, value = tokens[index].text, tokens[index].text[1:-1]
    previous = tokens[index - 1].text if index else ""
    following = tokens[index + 1].text if index + 1 < len(tokens) else ""
    return (bool(value) and not any(c.isspace() or c in "{};" for c in value) and previous not in ("import", "from")
            and not re.fullmatch(r"__\w+__", value) and value != "use strict"
            and not (following == ":" and previous in ("{", ",")))


def _is_call_statement(statement: list[Token]) -> bool:
    """Only a call (chain): no assignment, ternary or arrow at the top level."""
    depth = 0
    for token in statement:
        if token.text in ("(", "[", "{"):
            depth += 1
        elif token.text in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and token.kind == "punct" and (token.text in ASSIGNMENTS or token.text in ("?", "=>", ",")):
            return False
    return True
