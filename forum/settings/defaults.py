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

# Shown once at the top of the home page to a newly approved member, above
# links to the rules, Introductions, reading preferences and crisis help.
WELCOME = """\
We're glad you're here. This is a place to be honest about how things are, at your own pace:
reading along for a while before you write is completely fine.

Everyone here uses a pseudonym, and moderators from the clinic team look after the community.
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

# Where a moderator's message to a member can start: staff edit these. Warm,
# brief, in plain words; a moderator makes each one their own before sending.
CARE_MESSAGE_TEMPLATES = [
    {"title": "Checking in after a hard post",
     "body": "Hi, I'm one of the moderators here. I read what you wrote and wanted to check in: how are you doing "
             "right now? There's no pressure to reply, but if you'd like to talk, you can answer here. Only the "
             "moderation team sees this conversation."},
    {"title": "Pointing to the clinic or a crisis line",
     "body": "Thank you for telling us how things are. You deserve more support than a forum can give, and you "
             "don't have to wait until it gets worse to ask for it. Please think about calling the clinic and "
             "talking to your care team. If you might act on thoughts of ending your life, please call or text "
             "988 now, or use one of the lines under \"Need help now?\" on every page. We're here too."},
    {"title": "Explaining a removal, kindly",
     "body": "Hi, we took your post down because it included something our rules don't allow here, to keep "
             "everyone safe, you included. It isn't a judgement of you, and you're very welcome to post again "
             "without that part. If anything about this feels unfair or upsetting, you can answer here."},
    {"title": "Thanking someone who is worried about another member",
     "body": "Thank you for letting us know. Looking out for someone like this matters. A moderator is taking "
             "care of it now. It's a lot to carry, so please look after yourself too."},
]

# Topics a reader may filter out of what they see (forum/community/filters.py).
# Each is recognised by its words (watched-word patterns: `word*` for words
# starting so, `#` for a number), looked for in a post's content warning and
# text; the crisis detector's reading also counts as suicide and self-harm.
# Keys are what members' choices store: keep them when changing the rest.
FILTER_TOPICS = [
    {"key": "self-harm", "label": "self-harm",
     "words": ["self harm", "selfharm", "self injury", "self injur*", "cutting myself", "cut myself", "cutting",
               "hurt myself", "hurting myself", "burn myself", "burning myself"]},
    {"key": "suicide", "label": "suicide",
     "words": ["suicid*", "kill myself", "killing myself", "end my life", "ending my life", "want to die",
               "wanna die", "better off dead", "took their own life", "took his own life", "took her own life"]},
    {"key": "overdose", "label": "overdose and medication",
     "words": ["overdos*", "od", "ods", "too many pills", "took all my pills", "stockpil*", "lethal dose",
               "take # mg", "# mg per kg", "# mg", "dosage", "redose", "medication", "meds"]},
    {"key": "eating", "label": "eating and food",
     "words": ["eating disorder*", "anorexi*", "bulimi*", "binge*", "binging", "purging", "purge", "calorie*",
               "starving myself", "starve myself", "not eating"]},
    {"key": "trauma", "label": "trauma and abuse",
     "words": ["trauma*", "abuse*", "abusive", "assault*", "rape*", "ptsd", "flashback*", "molest*"]},
    {"key": "grief", "label": "grief and loss",
     "words": ["grief", "griev*", "bereave*", "passed away", "funeral", "mourning", "died", "death of"]},
]

# How staff open a memorial for a member who died (forum/memorials/service.py),
# written with the #chatsafe guidance: no cause or method, an invitation to
# share memories, where to find support. `{name}` becomes the member's name.
MEMORIAL_TITLE = "Remembering {name}"
MEMORIAL_BODY = (
    "We are very sad to share that {name}, a member of our community, has died.\n\n"
    "Many of you knew {name} from their posts and replies here. This thread is a place to share memories of them: "
    "something they wrote that stayed with you, a kindness, what you will remember. A moderator reads every reply "
    "before it appears, so yours may take a little while to show.\n\n"
    "Please don't guess or share how they died, and look after yourselves and each other. News like this can be "
    "very hard, especially if you are going through a difficult time yourself.\n\n"
    "**If this brings up difficult feelings**, you don't have to carry them alone: talk to someone you trust, write "
    "to the moderators with *Talk to a moderator*, or contact one of the crisis lines at the top of this page, at "
    "any time.\n\n"
    "The clinic team\n"
)
# How long a memorial stays pinned everywhere, and where it is opened.
MEMORIAL_PIN_DAYS = 30
MEMORIAL_CATEGORY = "announcements"
