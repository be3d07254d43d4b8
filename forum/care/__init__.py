"""Care conversations: a member and the moderation team, in private."""
