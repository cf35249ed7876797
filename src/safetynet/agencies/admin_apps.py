from django.contrib.admin.apps import AdminConfig


class SafetyNetAdminConfig(AdminConfig):
    """Django's admin, with the site opened by capability (`agencies.admin_site`)."""

    default_site = "safetynet.agencies.admin_site.SafetyNetAdminSite"
