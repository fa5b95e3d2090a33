"""Account logic shared by the auth views and the CLI: create accounts, check passwords."""
from __future__ import annotations

import functools
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from study.db.models import Role, User

MIN_PASSWORD = 8


class AccountError(ValueError):
    """A registration or login problem to show to the user."""


def check_new_password(password: str) -> None:
    """Raise AccountError when the password is too short."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Use a password of at least {MIN_PASSWORD} characters.")


def check_new_account(db: Session, username: str, password: str) -> None:
    """Raise AccountError when the name is taken or malformed or the password too short."""
    if not username or len(username) > 80 or not username.replace("-", "").replace("_", "").isalnum():
        raise AccountError("Use a username of letters, digits, - or _ (at most 80).")
    check_new_password(password)
    if db.scalar(select(User.id).filter_by(username=username)) is not None:
        raise AccountError(f"The username {username!r} is taken.")


def create_account(
    db: Session, username: str, password: str, role: Role, now: datetime, visitor: User | None = None
) -> User:
    """Create an account, or turn the visitor's account into one so their work is kept."""
    check_new_account(db, username, password)
    user = visitor if visitor is not None and visitor.is_visitor else User(created_at=now)
    user.username, user.role = username, role
    user.password_hash = generate_password_hash(password)
    db.add(user)
    try:
        db.flush()
    except IntegrityError:  # registered by a concurrent request between the check and the insert
        db.rollback()
        raise AccountError(f"The username {username!r} is taken.") from None
    return user


@functools.cache
def unknown_user_hash() -> str:
    """A hash of a random password, checked for names that have no account (made once per process)."""
    return generate_password_hash(secrets.token_hex(16))


def authenticate(db: Session, username: str, password: str) -> User | None:
    """Return the account when the password matches, else None."""
    user = db.scalar(select(User).filter_by(username=username))
    stored = user.password_hash if user and user.password_hash else unknown_user_hash()
    # An unknown name costs the same hash check as a known one, so timing tells nobody which names exist.
    if check_password_hash(stored, password) and user is not None and user.password_hash:
        return user
    return None
