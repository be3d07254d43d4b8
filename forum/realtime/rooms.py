"""Room names, in one place."""

MODERATORS = "moderators"


def thread(thread_id: int) -> str:
    return f"thread:{thread_id}"


def category(slug: str) -> str:
    return f"category:{slug}"


def member(user_id: int) -> str:
    return f"member:{user_id}"
