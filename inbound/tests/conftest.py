import pytest


@pytest.fixture(autouse=True)
def _private_folders(settings, tmp_path):
    """Files a mail brings are stored as ticket attachments: in a scratch folder here."""
    settings.ATTACHMENTS_ROOT = tmp_path / "attachments"
    return tmp_path
