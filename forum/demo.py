"""A small demo community for trying Hearth out, written through the services."""
from __future__ import annotations

import secrets

from forum.accounts import services as accounts
from forum.community import queries, services

MEMBERS = [
    ("clinic_team", "staff", "Clinic team"),
    ("maple_mod", "moderator", "Maple (moderator)"),
    ("sam_r", "member", "Sam"),
    ("river_k", "member", "River"),
    ("quiet_fern", "member", "Fern"),
    ("north_star", "member", "North"),
]

THREADS = [
    ("announcements", "clinic_team", "Welcome to our community",
     "This is a private space for patients of the clinic and the people who support them.\n\n"
     "Please read the **rules** before posting. If you are in crisis, use *Need help now?* at the top of "
     "every page: it lists people you can reach right away.", "",
     []),
    ("introductions", "sam_r", "Hi, I'm Sam",
     "Two years of trying medications that didn't stick. Starting ketamine-assisted therapy next month "
     "and a bit nervous. Glad this place exists.", "",
     [("river_k", "Welcome, Sam. I was nervous too before my first session. Happy to answer questions."),
      ("quiet_fern", "Welcome! You're not alone here.")]),
    ("treatment-journeys", "river_k", "What my first KAP session felt like",
     "The dissociation was stranger than I expected: like watching my thoughts from across a room. "
     "The therapist played soft music and I wore an eye mask. The next two days felt lighter than "
     "anything in years.\n\nIntegration sessions afterwards mattered as much as the session itself.", "",
     [("sam_r", "Thank you for writing this. Did you feel nauseous?"),
      ("river_k", "A little dizzy at first, it passed within the hour. Tell your team how you feel."),
      ("north_star", "Same here about integration. Journaling the evening after helped me.")]),
    ("coping", "quiet_fern", "Hard week, small routines",
     "This week has been heavy. What are the smallest routines that keep you going on days like this?",
     "low mood",
     [("north_star", "Making the bed, even badly. Then one glass of water. It counts."),
      ("sam_r", "A ten minute walk, headphones in. Some days only to the corner and back.")]),
    ("wins", "north_star", "I called a friend today",
     "First time in months. We talked for an hour. Small win, but it felt big.", "",
     [("quiet_fern", "That's not small at all. 💛")]),
]


def seed_demo(password: str | None = None) -> str:
    """Create the demo members and threads once; later runs change nothing."""
    if accounts.find_by_username("sam_r") is not None:
        return "The demo community is already there."
    password = password or secrets.token_urlsafe(12)
    people = {}
    for username, role, display_name in MEMBERS:
        user = accounts.create_account(username, password, role=role)
        accounts.update_profile(user, display_name, "")
        people[username] = user
    for slug, author, title, body, warning, replies in THREADS:
        written = services.create_thread(people[author], queries.category(slug), title, body, warning)
        for replier, text in replies:
            reply = services.reply(people[replier], written.thread, text)
            if replier != author:
                services.set_reaction(people[author], reply.post, "support", True)
        for username in ("sam_r", "quiet_fern"):
            if username != author:
                services.set_reaction(people[username], written.post, "hope", True)
    names = ", ".join(name for name, _, _ in MEMBERS)
    return f"Demo community ready. Accounts: {names}; password for all of them: {password}"
