# The app server image: gunicorn + the survey package. Same image for the RQ worker.
FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango; fonts for the PDF report.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 survey
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY survey survey
COPY migrations migrations
COPY templates templates
COPY static static
COPY deploy deploy
COPY wsgi.py .

USER survey
ENV PYTHONUNBUFFERED=1 WEB_CONCURRENCY=2 GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "wsgi:app"]
