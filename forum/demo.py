"""A small demo community for trying Hearth out, written through the services."""
from __future__ import annotations

import secrets

from forum.accounts import services as accounts
from forum.community import queries, services
from forum.community.models import Thread
from forum.extensions import db

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
    """Create the demo members and threads; a second run adds only what is
    missing (so an interrupted run can simply be repeated)."""
    from forum.progress import tracked

    password = password or secrets.token_urlsafe(12)
    people, created = {}, []
    for username, role, display_name in MEMBERS:
        user = accounts.find_by_username(username)
        if user is None:
            user = accounts.create_account(username, password, role=role)
            accounts.update_profile(user, display_name, "")
            created.append(username)
        people[username] = user
    existing = set(db.session.scalars(db.select(Thread.title).where(Thread.title.in_([t[2] for t in THREADS]))))
    missing = [thread for thread in THREADS if thread[2] not in existing]
    with tracked("seed-demo", len(missing), "threads") as bar:
        for thread in missing:
            _write_thread(people, *thread)
            bar.update(1)
    if not created and not missing:
        return "The demo community is already there."
    accounts_note = (f"New accounts: {', '.join(created)}; their password: {password}" if created
                     else "The demo accounts were already there and keep their passwords.")
    return f"Demo community ready ({len(missing)} thread(s) added). {accounts_note}"


def _write_thread(people: dict, slug: str, author: str, title: str, body: str, warning: str, replies) -> None:
    written = services.create_thread(people[author], queries.category(slug), title, body, warning)
    for replier, text in replies:
        reply = services.reply(people[replier], written.thread, text)
        if replier != author:
            services.set_reaction(people[author], reply.post, "support", True)
    for username in ("sam_r", "quiet_fern"):
        if username != author:
            services.set_reaction(people[username], written.post, "hope", True)
