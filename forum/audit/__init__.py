"""The audit trail: the append-only log every package writes to (moderation,
staff, membership, settings, the safety rules), the reason each action
carries, and reading the log back."""
