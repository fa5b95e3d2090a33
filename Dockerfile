# The study web app, served by gunicorn on port 8000 (see docs/deploy.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STUDY_CONTENT_DIR=/app/content \
    STUDY_QUESTIONS_DIR=/app/questions

WORKDIR /app

# The locked dependencies first (exact versions, hashes checked), then the package without resolving
# again, so that a change to the code, notes or banks reuses the dependency layer.
COPY deploy/requirements.lock ./deploy/requirements.lock
RUN pip install --no-cache-dir --require-hashes -r deploy/requirements.lock
COPY pyproject.toml README.md ./
COPY study ./study
RUN pip install --no-cache-dir --no-deps .

COPY content ./content
COPY questions ./questions
COPY wsgi.py ./
COPY deploy/gunicorn.conf.py ./deploy/gunicorn.conf.py

# Files stay owned by root: the app runs unprivileged and cannot change its own code or banks.
RUN useradd --system --uid 10001 --user-group --no-create-home study
USER study

EXPOSE 8000
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]
