from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and satisfaction")

    def ready(self) -> None:
        from complaints import registration

        registration.register_all()
        from complaints.files import register_targets

        register_targets()
