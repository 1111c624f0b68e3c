"""Gunicorn configuration for the flood tests: count every password hash a worker runs.

Loaded only by tests (``--config``); after a worker has loaded the app it
wraps the Argon2 hasher so that each verify or encode appends a line to the
file named by ``MELDWIJZER_HASH_LOG``. Nothing here is part of the product.
"""

import os
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Wrap the password hasher of this worker so its calls are counted."""
    from django.contrib.auth.hashers import Argon2PasswordHasher

    log = os.environ["MELDWIJZER_HASH_LOG"]

    def counted(method: Any) -> Any:
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            with open(log, "a", encoding="ascii") as handle:
                handle.write(f"{method.__name__}\n")
            return method(self, *args, **kwargs)

        return wrapper

    Argon2PasswordHasher.verify = counted(Argon2PasswordHasher.verify)  # type: ignore[method-assign]
    Argon2PasswordHasher.encode = counted(Argon2PasswordHasher.encode)  # type: ignore[method-assign]
