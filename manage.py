#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "standards_tracker.settings")
    # manage.py is the developer's entry point (migrations, the checks, runserver): DEBUG on
    # unless set. A server runs through gunicorn (wsgi.py), where DEBUG stays off unless set;
    # the image and compose set DEBUG=off for their manage.py commands too.
    os.environ.setdefault("DEBUG", "on")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
