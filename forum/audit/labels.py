"""How the moderation log names an action to people; an action without a
label of its own reads as its name in words ("post_removed": "post removed")."""
from __future__ import annotations

LABELS = {
    "memorial_opened": "Memorial opened",
    "memorial_check_done": "Memorial checklist: item done",
    "memorial_check_undone": "Memorial checklist: item undone",
    "account_closed": "Account closed",
}


def label(action: str) -> str:
    return LABELS.get(action, action.replace("_", " "))
