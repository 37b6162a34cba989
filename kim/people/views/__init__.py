from kim.people.views.person import detail, duplicate_check, edit, register, search

__all__ = ["detail", "duplicate_check", "edit", "register", "search"]
