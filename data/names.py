"""When two program names are the same name: one rule, used wherever programs are matched
by name (upload duplicates, merges, ids derived from names, pickers, contacts and
applications by name).

Two names are the same when they read the same: Unicode NFKC (a precomposed é and e plus a
combining accent, full-width letters, a non-breaking space), case folded, and spaces folded
(leading, trailing and repeated spaces of any kind, non-breaking ones included). The key is
for comparing only: what the user typed is kept and shown as typed.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def name_key(text: object) -> str | None:
    """The form a name is compared in; None for a blank."""
    if text is None or text is pd.NA or (isinstance(text, float) and text != text):
        return None
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", str(text)).casefold())
    return " ".join(folded.split())


def name_keys(names: pd.Series) -> pd.Series:
    """name_key for a column (a blank stays blank). Vectorised in Arrow: plain ASCII names
    (nearly all) need only lower case and spaces folded, about 60 ms for 100,000; the few
    others go through name_key one by one."""
    text = pa.array(names.astype("string").array)
    if not pa.types.is_string(text.type) and not pa.types.is_large_string(text.type):
        text = text.cast(pa.large_string())
    folded = pc.binary_join(pc.ascii_split_whitespace(pc.ascii_trim_whitespace(pc.ascii_lower(text))), pa.scalar(" ", text.type))
    out = pd.Series(pd.array(folded, dtype="string"), index=names.index)
    other = ~pc.fill_null(pc.string_is_ascii(text), True).to_numpy(zero_copy_only=False)
    if other.any():
        out[other] = [name_key(v) for v in names[other]]
    return out
