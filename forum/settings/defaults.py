"""What a new community starts with; staff change these from their settings."""

JOIN_QUESTIONS = [
    "What brings you to this community?",
    "Are you a patient, a caregiver or loved one, or clinic staff?",
]

# Rows of forum/settings/crisis_resources.py; fields left out are empty.
CRISIS_RESOURCES = [
    {"name": "988 Suicide & Crisis Lifeline", "call": "988", "text": "988",
     "chat_url": "https://988lifeline.org/chat/", "hours": "24/7", "region": "US"},
    {"name": "Crisis Text Line", "text": "741741", "text_keyword": "HOME", "hours": "24/7", "region": "US"},
    {"name": "Emergency services", "call": "911", "hours": "24/7", "region": "US"},
    {"name": "International helplines", "chat_url": "https://findahelpline.com/", "region": "Outside the US"},
]

DESCRIPTION = (
    "A private, moderated community for people living with treatment-resistant depression, "
    "including patients of ketamine-assisted psychotherapy, and the people who care for them."
)

RULES = """\
### Be kind
Everyone here is carrying something heavy. Disagree gently, never mock, never pile on.

### Peer support, not medical advice
Share your experience of treatment: what a session felt like, the days after, what helped.
Do not give dosing instructions, and talk to your care team before changing any treatment.

### No sourcing
No offers, requests or prices for drugs, and no "DM me". Such posts are removed.

### Keep each other safe
If you are thinking about suicide or self-harm, please reach out to a crisis line now (see
*Need help now?* on every page). You are welcome to talk about how you feel here, but do not
share methods. If a post worries you, flag it so a moderator can check in.

### Privacy
Use a pseudonym. Don't share anyone's real name, photos or contact details, including your own.
What is said here stays here.
"""

CATEGORIES = [
    ("announcements", "Announcements", "News and updates from the clinic team.", "staff"),
    ("introductions", "Introductions", "Say hello and tell us as much or as little as you like.", "members"),
    ("treatment-journeys", "Treatment journeys",
     "Experiences of ketamine-assisted psychotherapy and other treatments: sessions, integration, setbacks.",
     "members"),
    ("coping", "Coping day to day", "What gets you through the hard days, and asking for support.", "members"),
    ("wins", "Wins and gratitude", "Small wins count. Share what went well.", "members"),
    ("caregivers", "Caregivers and loved ones", "For the people who support someone living with depression.",
     "members"),
    ("off-topic", "Off topic", "Books, music, pets, gardens: anything that isn't about depression.", "members"),
]
