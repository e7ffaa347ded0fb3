"""Settings for the test suite: the real settings, made fast and hermetic."""

from scientix.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True
# The harvester's tests serve OAI-PMH from 127.0.0.1; tests/test_harvest.py turns the check back on where it is tested.
HARVEST_ALLOW_PRIVATE_ADDRESSES = True
