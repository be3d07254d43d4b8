"""On-call alerts off the site: when an urgent crisis item waits and no
moderator is online, the moderators who asked for it are told by email or Web
Push, discreetly (no post text, no names), so nobody waits alone."""
