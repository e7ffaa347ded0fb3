"""Admin permissions for tools whose power equals publishing (harvesting, newsletters)."""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy


class PublishersPolicy(ModelPermissionPolicy):
    """Whoever may publish pages may use the model's admin, besides anyone given its own permissions.

    An unmoderated harvest source publishes pages and a newsletter reaches every
    subscriber: the same power as publishing. Editors have it; translators, other
    staff roles, teachers and anonymous visitors do not. ``actions`` narrows what
    anyone may do (e.g. records of what happened are view-only).
    """

    def __init__(self, model, *, actions: set[str] | None = None):
        super().__init__(model)
        self.actions = actions

    def user_has_permission(self, user, action):
        if self.actions is not None and action not in self.actions:
            return False
        if not (user.is_active and user.is_authenticated):
            return False
        return super().user_has_permission(user, action) or PagePermissionPolicy().user_has_permission(user, "publish")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        actions = set(actions) & self.actions if self.actions is not None else set(actions)
        if not actions:
            return super().users_with_any_permission(set()).none()
        return (super().users_with_any_permission(actions)
                | PagePermissionPolicy().users_with_any_permission({"publish"})).distinct()
