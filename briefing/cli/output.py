"""Text from documents and users, made safe to print on a terminal.

A document may carry control characters (an ESC starts a terminal command: it can retitle the
window, recolour or hide what follows), and a name or note may carry lone surrogates, which the
terminal's encoding refuses. Both are shown as escapes; newlines and tabs stay as they are.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, the C1 controls, and lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def terminal_text(text: str) -> str:
    """`text` with each control character and lone surrogate as a \\x.. or \\u.... escape."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
