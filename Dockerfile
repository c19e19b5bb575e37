FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    PATH="/opt/venv/bin:$PATH"

RUN pip install --no-cache-dir uv \
    && useradd --create-home --uid 1000 tracker

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
# The translations: locale/*/LC_MESSAGES/django.po compiled to .mo by Babel's pure-Python
# compiler (no gettext in the image). Nothing compiled is committed.
RUN if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
        pybabel -q compile --domain django --directory locale; \
    fi
# collectstatic needs settings that import cleanly; the real secret comes at run time.
RUN DEBUG=off SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown -R tracker /app/media

USER tracker
EXPOSE 8000
# Workers, threads, timeouts from the environment (WEB_CONCURRENCY, GUNICORN_THREADS, ...).
CMD ["gunicorn", "standards_tracker.wsgi:application", "--config", "gunicorn.conf.py"]
