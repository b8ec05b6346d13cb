# Leergang app server: slim Python, a non-root user, gunicorn. Build: docker build -t leergang .
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 10001 leergang

COPY pyproject.toml README.md babel.cfg ./
COPY leergang ./leergang
COPY templates ./templates
COPY static ./static
COPY lessons ./lessons
RUN pip install . \
    && pybabel compile -d leergang/translations \
    && mkdir -p /app/instance && chown leergang:leergang /app/instance

USER leergang
EXPOSE 8000
# Two sync workers per core suits this app (see README, "Performance"); tune with WEB_CONCURRENCY.
CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-4} --access-logfile - 'leergang:create_app()'"]
