"""Who holds a value that only one record may have (an email, a name in a country) while a file is read.

A file's rows are written together at its end, so a row cannot ask the database about the rows
before it. `KeyHolders` answers instead: the records that hold the file's values are read once,
then each row's record takes its value as the row is saved, giving up the one it held before, so
every row is checked as if each row before it had been saved in turn.
"""

from collections.abc import Hashable


class KeyHolders:
    def __init__(self) -> None:
        self.holders: dict[Hashable, dict[Hashable, object]] = {}
        self.key_of: dict[Hashable, Hashable] = {}

    def claim(self, identity: Hashable, key: Hashable | None, record: object) -> None:
        """`record` (a saved record's primary key, or a new row's own identity) now holds `key`
        (None: no value) and no longer the key it held before."""
        if identity in self.key_of:
            self.holders[self.key_of.pop(identity)].pop(identity, None)
        if key is not None:
            self.key_of[identity] = key
            self.holders.setdefault(key, {})[identity] = record

    def holder(self, key: Hashable, *, besides: Hashable) -> object | None:
        """The first record that holds `key`, other than `besides`."""
        return next((record for identity, record in self.holders.get(key, {}).items() if identity != besides), None)
