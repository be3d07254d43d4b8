"""Memorials: how the community remembers a member who died, following the
#chatsafe guidance (moderated, time-limited, help at the top, no method,
no glorification, the person named only where the context is given)."""
