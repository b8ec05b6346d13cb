# Leergang app server: slim Python, a non-root user, gunicorn. Build: docker build -t leergang .
# PYTHON_IMAGE names another base with Python >= 3.11 and pip on PATH, for a host that cannot
# reach Docker Hub (deploy/check_compose.py --stand-ins builds one from Debian's packages).
ARG PYTHON_IMAGE=python:3.12-slim
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    LEERGANG_BIND=0.0.0.0:8000 \
    WEB_CONCURRENCY=4

WORKDIR /app
RUN useradd --create-home --uid 10001 leergang

COPY pyproject.toml README.md babel.cfg gunicorn.conf.py ./
COPY leergang ./leergang
COPY templates ./templates
COPY static ./static
COPY lessons ./lessons
RUN pip install . \
    && pybabel compile -d leergang/translations \
    && mkdir -p /app/instance && chown leergang:leergang /app/instance

USER leergang
EXPOSE 8000
# gunicorn.conf.py as everywhere in production: its logger keeps login-card and invitation tokens
# out of the access log (stdout here). Two sync workers per core suits this app (README,
# "Performance"); tune with WEB_CONCURRENCY.
CMD ["gunicorn", "-c", "gunicorn.conf.py", "leergang:create_app()"]
