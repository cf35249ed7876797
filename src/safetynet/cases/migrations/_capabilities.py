"""For data migrations that grant a new capability (the helpers live in rules.seeding, where
every context's migrations can reach them)."""

from safetynet.rules.seeding import Rows, add_to, grant

__all__ = ["Rows", "add_to", "grant"]
