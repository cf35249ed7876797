from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "safetynet.agencies"
    label = "agencies"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added
        from axes.signals import user_locked_out
        from django.contrib.auth import get_user_model
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from safetynet.agencies import authguard, capabilities, closed, policy, retention  # noqa: F401 - rule tables, capabilities
        from safetynet.agencies.models import ApiClient, Staff, Unit
        from safetynet.core import reference

        reference.watch(ApiClient, Unit, Staff)
        user_logged_in.connect(authguard.on_login, dispatch_uid="safetynet-login-times")
        authenticator_added.connect(authguard.on_enrolled, dispatch_uid="safetynet-enrolled")
        user_locked_out.connect(authguard.on_lockout, dispatch_uid="safetynet-lockout-audit")
        post_save.connect(authguard.on_user_saved, sender=get_user_model(),
                          dispatch_uid="safetynet-disabled-sessions")  # fmt: skip
